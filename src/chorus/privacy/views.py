from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from chorus.accounts.access import requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.privacy import breaches, registry, ropa
from chorus.privacy.erasure import erased_name, erasure_confirmation_text, person_erase
from chorus.privacy.forms import (
    AuditFilterForm,
    BreachForm,
    BreachNoticeForm,
    ErasureForm,
    RetentionDecisionForm,
    SubjectAccessForm,
)
from chorus.privacy.kept_files import import_file_retention_days, kept_files_naming
from chorus.privacy.models import Breach, ErasureReason
from chorus.privacy.retention import (
    ERASURE_GRACE_DAYS,
    find_flagged,
    flagged_records,
    retention_confirm_erasure,
    retention_cutoff,
    retention_keep,
)
from chorus.privacy.selectors import audit_entries, audited_object_types, object_type_label
from chorus.privacy.subject_access import records_summary, subject_access_export


def _reference(person: Any) -> str | None:
    """The person's non-identifying reference (a storyteller's code), if they have one."""
    reference = registry.subject_reference(person)
    return None if reference == f"person-{person.pk}" else reference


@requires("audit", "view")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, object_types=audited_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(**{k: v for k, v in filters.items() if v})
    page = paginate(request, entries, 50)
    for entry in page.object_list:
        entry.type_label = object_type_label(entry.object_type)  # type: ignore[attr-defined]
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
    person = get_object_or_404(registry.subject_model(), pk=pk)
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
            "reference": _reference(person),
            "summary": records_summary(person),
            "kept_files": kept_files_naming(person),
            "file_retention_days": import_file_retention_days(),
            "form": form,
        },
    )


@requires("data_protection", "change")
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(registry.subject_model(), pk=pk)
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
            "reference": _reference(person),
            "already_erased": getattr(person, "full_name", None) == erased_name(person.pk),
            "summary": [(kind, n) for kind, n in records_summary(person) if n],
            "kept_files": kept_files_naming(person),
            "form": form,
            "expected": expected,
        },
    )


@requires("data_protection", "view")
def retention(request: HttpRequest) -> HttpResponse:
    sections = []
    flagged = []
    for entry in registry.retention_rules():
        rule = entry.retention
        records = flagged_records(entry)
        flagged += records
        sections.append(
            {"rule": rule, "cutoff": retention_cutoff(rule), "flagged": records}  # type: ignore[arg-type]
        )
    return render(
        request,
        "privacy/retention.html",
        {
            "sections": sections,
            "flagged": flagged,
            "grace_days": ERASURE_GRACE_DAYS,
            "file_retention_days": import_file_retention_days(),
        },
    )


@requires("data_protection", "change")
@require_POST
def retention_decide(request: HttpRequest) -> HttpResponse:
    form = RetentionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That decision could not be read; nothing was changed.")
        return redirect("privacy:retention")
    flagged = find_flagged(form.cleaned_data["kind"], form.cleaned_data["record"])
    if flagged is None:
        raise Http404("Nothing of that kind and number is waiting for a retention review.")
    if form.cleaned_data["decision"] == "keep":
        retention_keep(actor=request.user, flagged=flagged)
        messages.success(request, f"Kept {flagged.reference}; the flag is lifted.")
    else:
        retention_confirm_erasure(actor=request.user, flagged=flagged)
        messages.success(
            request,
            f"Erasure of {flagged.reference} confirmed: it will be carried out "
            f"on or after {flagged.erasure_due_on:%-d %B %Y}.",
        )
    return redirect("privacy:retention")


# --- The breach log ----------------------------------------------------------------------


@requires("breaches", "view")
def breach_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = paginate(request, breaches.breach_list(status=status), 50)
    now = timezone.now()
    rows = [(b, breaches.countdown(b, now=now) if b.awaits_ico else None) for b in page]
    return render(
        request,
        "privacy/breach_list.html",
        {"page_obj": page, "rows": rows, "status": status},
    )


@requires("breaches", "change")
@require_http_methods(["GET", "POST"])
def breach_new(request: HttpRequest) -> HttpResponse:
    form = BreachForm(request.POST or None, initial={"found_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        breach = breaches.breach_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "Breach recorded. The ICO deadline is running.")
        return redirect("privacy:breach_detail", breach.pk)
    return render(request, "privacy/breach_form.html", {"form": form, "title": "Record a breach"})


@requires("breaches", "view")
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach, pk=pk)
    return render(
        request,
        "privacy/breach_detail.html",
        {
            "breach": breach,
            "countdown": breaches.countdown(breach) if breach.awaits_ico else None,
            "notices": breach.notices.all(),
            "notice_form": BreachNoticeForm(initial={"told_at": timezone.localtime()}),
        },
    )


@requires("breaches", "change")
@require_http_methods(["GET", "POST"])
def breach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach, pk=pk)
    form = BreachForm(request.POST or None, instance=breach)
    if request.method == "POST" and form.is_valid():
        # The form only checks the input; the service writes it, with its audit row.
        breach.refresh_from_db()
        breaches.breach_update(actor=request.user, breach=breach, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("privacy:breach_detail", breach.pk)
    return render(
        request,
        "privacy/breach_form.html",
        {"form": form, "breach": breach, "title": f"Edit: {breach.title}"},
    )


@requires("breaches", "change")
@require_POST
def breach_notice(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach, pk=pk)
    form = BreachNoticeForm(request.POST)
    if form.is_valid():
        breaches.breach_notice_add(actor=request.user, breach=breach, **form.cleaned_data)
        messages.success(request, "Recorded who was told.")
    else:
        messages.error(request, "Say who was told and when; nothing was recorded.")
    return redirect("privacy:breach_detail", breach.pk)


@requires("breaches", "change")
@require_POST
def breach_close(request: HttpRequest, pk: int) -> HttpResponse:
    breach = get_object_or_404(Breach, pk=pk)
    breaches.breach_close(actor=request.user, breach=breach)
    messages.success(request, "Breach closed.")
    return redirect("privacy:breach_detail", breach.pk)


# --- The record of processing activities --------------------------------------------------


@requires("data_protection", "view")
def processing_record(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/processing_record.html",
        {"activities": ropa.activities(), "not_stated": ropa.NOT_STATED},
    )


@requires("data_protection", "view")
def processing_record_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        "".join(ropa.activities_csv_lines()), content_type="text/csv; charset=utf-8"
    )
    filename = f"chorus-record-of-processing-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
