"""Attendance pages: the check-in list (made for a phone), the attendee list as CSV,
certificates, and linking a lived-experience trainee to their storyteller profile.

Volunteers take attendance; lists that leave Chorus (CSV, certificates in bulk) are for
those who answer for them (`training_export`). Each is audited.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import requires
from chorus.lib.csv_export import csv_lines
from chorus.privacy.services import audit_list_view
from chorus.training import registrations, selectors, services
from chorus.training.certificates import certificate_filename, certificate_pdf
from chorus.training.forms import StorytellerLinkForm
from chorus.training.models import Registration, Session
from chorus.voices.access import get_storyteller_for, storytellers_for

S = Registration.Status
CHECK_IN_STATUSES = (S.REGISTERED, S.ATTENDED, S.NO_SHOW, S.OFFERED)


@requires("training_attendees", "view")
@require_http_methods(["GET"])
def session_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    found = session.registrations.filter(status__in=CHECK_IN_STATUSES)
    rows = sorted(selectors.shown(found, request.user), key=lambda row: row.name.casefold())
    audit_list_view(
        actor=request.user,
        model=Registration,
        ids=[row.registration.pk for row in rows if not row.hidden],
        title=f"Check-in list of {session.reference}",
        note="check-in",
    )
    return render(
        request,
        "training/checkin.html",
        {
            "session": session,
            "rows": rows,
            "arrived": sum(1 for row in rows if row.registration.status == S.ATTENDED),
        },
    )


@requires("training_attendees", "change")
@require_http_methods(["POST"])
def registration_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("session"), pk=pk)
    attended = request.POST.get("attended") == "yes"
    try:
        registrations.registration_attendance(
            actor=request.user, registration=registration, attended=attended
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    back = request.POST.get("next") == "detail"
    target = "training:session_detail" if back else "training:session_checkin"
    return redirect(reverse(target, args=[registration.session_id]) + f"#r{registration.pk}")


@requires("training_export", "view")
@require_http_methods(["GET"])
def session_export(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    found = list(
        session.registrations.select_related("outlet").order_by("status", "requested_at", "pk")
    )
    services.session_export_record(
        actor=request.user, session=session, what=f"attendee list as CSV, {len(found)} rows"
    )

    def rows() -> Iterator[list[str]]:
        for r in found:
            named = selectors.shown_name(r, request.user)
            hidden = named.startswith("Participant ")
            yield [
                r.reference,
                named,
                "" if hidden else r.email,
                "" if hidden else r.organisation_name,
                r.get_attendee_kind_display(),
                r.outlet.name if r.outlet else "",
                r.get_status_display(),
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if r.checked_in_at
                else "",
            ]

    header = [
        "Reference",
        "Name",
        "Email",
        "Organisation",
        "Comes as",
        "Outlet",
        "Status",
        "Checked in",
    ]
    response = HttpResponse(
        "".join(csv_lines(header, rows())), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="attendees-{session.reference}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@requires("training_export", "view")
@require_http_methods(["GET"])
def session_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """Every attendee's certificate in one PDF, a page each."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    attended = list(session.registrations.filter(status=S.ATTENDED).select_related("session"))
    if not selectors.may_see_lived_experience(request.user):
        attended = [r for r in attended if not r.lived_experience]
    if not attended:
        messages.error(request, "No one you may print a certificate for was checked in.")
        return redirect("training:session_detail", pk=pk)
    services.session_export_record(
        actor=request.user,
        session=session,
        what=f"certificates of attendance, {len(attended)} pages",
    )
    return _pdf(certificate_pdf(attended), certificate_filename(session_ref=session.reference))


@requires("training_export", "view")
@require_http_methods(["GET"])
def registration_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("session", "session__course"), pk=pk
    )
    if registration.lived_experience and not selectors.may_see_lived_experience(request.user):
        raise Http404
    if registration.status != S.ATTENDED:
        messages.error(request, "Certificates are for people who were checked in.")
        return redirect("training:session_detail", pk=registration.session_id)
    registrations.registration_read(
        actor=request.user, registration=registration, purpose="certificate printed"
    )
    return _pdf(certificate_pdf([registration]), certificate_filename(registration))


@requires("storytellers", "change")
@require_http_methods(["GET", "POST"])
def registration_storyteller(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a lived-experience trainee to their storyteller profile (voices' access rules)."""
    registration = get_object_or_404(
        Registration.objects.select_related("session", "storyteller"), pk=pk
    )
    if not registration.lived_experience:
        return render(
            request,
            "training/confirm.html",
            {
                "title": f"{registration.reference} is not on a lived-experience course",
                "text": "Only people registered for a course for people with lived experience "
                "(or as lived experience) are linked to a storyteller profile.",
                "back": reverse("training:session_detail", args=[registration.session_id]),
            },
        )
    form = StorytellerLinkForm(
        request.POST or None,
        initial={
            "reference": registration.storyteller.reference if registration.storyteller else ""
        },
    )
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        storyteller = None
        if reference:
            found = storytellers_for(request.user).filter(reference__iexact=reference).first()
            if found is None:
                form.add_error("reference", "No storyteller has this reference.")
            else:
                storyteller = get_storyteller_for(
                    request.user, found.pk, purpose="linked to a training registration"
                )
        if not form.errors:
            registrations.registration_storyteller_link(
                actor=request.user, registration=registration, storyteller=storyteller
            )
            messages.success(
                request,
                f"Linked {registration.reference} to {storyteller.reference}."
                if storyteller
                else f"{registration.reference} is linked to no storyteller.",
            )
            return redirect("training:session_detail", pk=registration.session_id)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": f"Link {registration.reference} to a storyteller",
            "back": registration.session,
        },
    )
