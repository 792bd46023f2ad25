from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from chorus.accounts.access import requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.people.models import Person
from chorus.privacy.erasure import erasure_confirmation_text, person_erase
from chorus.privacy.forms import (
    AuditFilterForm,
    ErasureForm,
    RetentionDecisionForm,
    SubjectAccessForm,
)
from chorus.privacy.models import ErasureReason
from chorus.privacy.retention import (
    ERASURE_GRACE_DAYS,
    erasure_due_on,
    flagged_storytellers,
    retention_confirm_erasure,
    retention_cutoff,
    retention_keep,
    retention_months,
)
from chorus.privacy.selectors import audit_entries, audited_object_types
from chorus.privacy.subject_access import records_summary, subject_access_export
from chorus.voices.models import StorytellerProfile


@requires("audit", "view")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, object_types=audited_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(**{k: v for k, v in filters.items() if v})
    page = paginate(request, entries, 50)
    return render(
        request,
        "privacy/audit_log.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
        },
    )


# --- Data protection: subject access, erasure, retention review ----------------------


@requires("data_protection", "view")
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    # Bound on every POST, even an empty one, so a missing confirmation shows its error.
    form = SubjectAccessForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        archive = subject_access_export(actor=request.user, person=person)
        response = HttpResponse(archive.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{archive.filename}"'
        return response
    return render(
        request,
        "privacy/subject_access.html",
        {
            "person": person,
            "storyteller": StorytellerProfile.objects.filter(person=person).first(),
            "summary": records_summary(person),
            "form": form,
        },
    )


@requires("data_protection", "change")
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    expected = erasure_confirmation_text(person)
    form = ErasureForm(
        request.POST if request.method == "POST" else None,
        expected=expected,
        initial={"reason": request.GET.get("reason", ErasureReason.REQUEST)},
    )
    if form.is_valid():
        person_erase(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        messages.success(request, f"Erased. Only {expected} and the audit record remain.")
        return redirect("people:person_detail", pk=person.pk)
    return render(
        request,
        "privacy/erase.html",
        {
            "person": person,
            "storyteller": StorytellerProfile.objects.filter(person=person).first(),
            "summary": [(kind, n) for kind, n in records_summary(person) if n],
            "form": form,
            "expected": expected,
        },
    )


@requires("data_protection", "view")
def retention(request: HttpRequest) -> HttpResponse:
    flagged = list(flagged_storytellers())
    for storyteller in flagged:
        storyteller.erasure_due_on = erasure_due_on(storyteller.flagged_for_erasure_on)  # type: ignore[attr-defined,arg-type]
    return render(
        request,
        "privacy/retention.html",
        {
            "flagged": flagged,
            "months": retention_months(),
            "cutoff": retention_cutoff(),
            "grace_days": ERASURE_GRACE_DAYS,
        },
    )


@requires("data_protection", "change")
@require_POST
def retention_decide(request: HttpRequest) -> HttpResponse:
    form = RetentionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That decision could not be read; nothing was changed.")
        return redirect("privacy:retention")
    storyteller = get_object_or_404(flagged_storytellers(), pk=form.cleaned_data["storyteller"])
    if form.cleaned_data["decision"] == "keep":
        retention_keep(actor=request.user, storyteller=storyteller)
        messages.success(request, f"Kept {storyteller.reference}; the flag is lifted.")
    else:
        retention_confirm_erasure(actor=request.user, storyteller=storyteller)
        due = erasure_due_on(storyteller.flagged_for_erasure_on)  # type: ignore[arg-type]
        messages.success(
            request,
            f"Erasure of {storyteller.reference} confirmed: it will be carried out "
            f"on or after {due:%-d %B %Y}.",
        )
    return redirect("privacy:retention")
