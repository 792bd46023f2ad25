"""Screens of the journalist directory: list and search, a journalist's page, add, edit,
and the CSV download. Reads go through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.media.journalists import exports, selectors, services
from chorus.media.journalists.forms import (
    JournalistFilterForm,
    JournalistForm,
    journalist_initial,
)
from chorus.people.models import Person

PER_PAGE = 50


def _journalist_or_404(request: HttpRequest, pk: int) -> Person:
    person = selectors.journalists_visible_to(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404("No journalist here.")
    return person


@requires("journalists", "view")
@require_http_methods(["GET"])
def journalist_list(request: HttpRequest) -> HttpResponse:
    form = JournalistFilterForm(request.GET)
    people = selectors.journalists_search(viewer=request.user, **form.filters())
    page = paginate(request, people, PER_PAGE)
    export_query = querystring_without(request).rstrip("&")
    return render(
        request,
        "media/journalists/journalist_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "export_url": reverse("media:journalist_export")
            + (f"?{export_query}" if export_query else ""),
        },
    )


@requires("journalists", "view")
@require_http_methods(["GET"])
def journalist_export(request: HttpRequest) -> HttpResponse:
    form = JournalistFilterForm(request.GET)
    filters = form.filters()
    people = list(selectors.journalists_search(viewer=request.user, **filters))
    described = "; ".join(f"{name}: {value}" for name, value in filters.items() if value)
    services.journalist_export_record(actor=request.user, filters=described, row_count=len(people))
    response = HttpResponse(
        "".join(exports.journalists_csv_lines(people)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="journalists.csv"'
    return response


@requires("journalists", "view")
@require_http_methods(["GET"])
def journalist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _journalist_or_404(request, pk)
    may_see_requests = can(request.user, "requests", "view")
    return render(
        request,
        "media/journalists/journalist_detail.html",
        {
            "person": person,
            "profile": getattr(person, "journalist_profile", None),
            "roles": list(person.journalist_roles.all()),
            "may_see_requests": may_see_requests,
            "requests": list(selectors.journalist_requests(person)) if may_see_requests else [],
            "placements": list(selectors.journalist_placements(person)),
            "may_edit": can(request.user, "journalists", "change"),
        },
    )


@requires("journalists", "change")
@require_http_methods(["GET", "POST"])
def journalist_create(request: HttpRequest) -> HttpResponse:
    form = JournalistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile = services.journalist_create(actor=request.user, **form.journalist_fields())
        messages.success(request, f"Added {profile.person.full_name} to the journalists.")
        return redirect("media:journalist_detail", pk=profile.person_id)
    return render(
        request,
        "media/form.html",
        {
            "form": form,
            "title": "Add a journalist",
            "cancel": reverse("media:journalist_list"),
        },
    )


@requires("journalists", "change")
@require_http_methods(["GET", "POST"])
def journalist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _journalist_or_404(request, pk)
    form = JournalistForm(request.POST or None, initial=journalist_initial(person))
    if request.method == "POST" and form.is_valid():
        services.journalist_update(actor=request.user, person=person, **form.journalist_fields())
        messages.success(request, f"Saved {form.cleaned_data['full_name']}.")
        return redirect("media:journalist_detail", pk=person.pk)
    return render(
        request,
        "media/form.html",
        {
            "form": form,
            "title": f"Edit {person.full_name}",
            "cancel": reverse("media:journalist_detail", args=[person.pk]),
        },
    )
