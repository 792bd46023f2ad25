from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chorus.accounts.access import requires
from chorus.privacy.forms import AuditFilterForm
from chorus.privacy.selectors import audit_entries, audited_object_types


@requires("audit", "view")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, object_types=audited_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(**{k: v for k, v in filters.items() if v})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": query.urlencode() + "&" if query else "",
        },
    )
