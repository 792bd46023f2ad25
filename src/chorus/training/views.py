"""Staff pages of training: sessions, courses, registering by hand, results and outcomes.

Views stay thin: reads through selectors, writes through services and registrations.
Attendee names are shown only to roles that may see them (`selectors.shown_name`), and
every page that shows them writes one audit row naming the registrations it showed.
The check-in list and the exports are in `attendance_views`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.media.models import Placement
from chorus.privacy.services import audit_list_view
from chorus.training import registrations, selectors, services
from chorus.training.forms import (
    CourseForm,
    HeadCountForm,
    OutcomeForm,
    RegistrationAddForm,
    SessionFilterForm,
    SessionForm,
)
from chorus.training.models import AttendeeKind, Course, CourseKind, Registration, Session

PER_PAGE = 50


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Sessions -------------------------------------------------------------------------------


@requires("training", "view")
@require_http_methods(["GET"])
def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionFilterForm(request.GET)
    sessions = selectors.sessions_filter(**form.filters())
    page = paginate(request, sessions, PER_PAGE)
    page.object_list = selectors.attach_counts(page.object_list)
    return render(
        request,
        "training/session_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "training", "change"),
            "can_import": can(request.user, "training_export", "change"),
        },
    )


def _session(pk: int) -> Session:
    return get_object_or_404(
        selectors.with_counts(Session.objects.select_related("course", "region", "client", "host")),
        pk=pk,
    )


def _url_maker(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many pks at the cost of one reverse."""
    head, tail = reverse(name, args=[987654321]).split("987654321")
    return lambda pk: f"{head}{pk}{tail}"


CANCELLABLE = ("pending", "offered", "registered", "waiting")


def _with_actions(rows: list[selectors.Shown], user: Any) -> list[dict[str, Any]]:
    """Each registration of a session page with what this viewer may do to it."""
    attend = _url_maker("training:registration_attendance")
    cancel = _url_maker("training:registration_cancel")
    certificate = _url_maker("training:registration_certificate")
    storyteller = _url_maker("training:registration_storyteller")
    takes_attendance = can(user, "training_attendees", "change")
    changes = can(user, "training", "change")
    exports = can(user, "training_export", "view")
    links_storytellers = can(user, "storytellers", "change")
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    kinds = {value: str(label) for value, label in AttendeeKind.choices}
    found = []
    for row in rows:
        r = row.registration
        links = []
        if changes and r.status in CANCELLABLE:
            links.append(("Cancel", cancel(r.pk)))
        if exports and r.status == "attended" and not row.hidden:
            links.append(("Certificate", certificate(r.pk)))
        if links_storytellers and r.lived_experience:
            links.append(("Storyteller", storyteller(r.pk)))
        attended = r.status == "attended"
        found.append(
            {
                "row": row,
                "r": r,
                "attend_url": attend(r.pk)
                if takes_attendance and r.status not in ("cancelled", "expired")
                else "",
                "attend_value": "no" if attended else "yes",
                "attend_label": "Mark no-show" if attended else "Mark attended",
                "links": links,
                "status": statuses.get(r.status, r.status),
                "kind": kinds.get(r.attendee_kind, r.attendee_kind),
            }
        )
    return found


@requires("training", "view")
@require_http_methods(["GET"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    user = request.user
    sees_names = selectors.may_see_attendees(user)
    page = None
    rows: list[dict[str, Any]] = []
    if sees_names:
        page = paginate(request, selectors.registrations_for(session), PER_PAGE)
        shown = selectors.shown(page.object_list, user)
        audit_list_view(
            actor=user,
            model=Registration,
            ids=[row.registration.pk for row in shown if not row.hidden],
            title=f"Registrations of {session.reference}",
            note="session page",
        )
        rows = _with_actions(shown, user)
    counts = selectors.counts_of(session)
    sessions = Session.objects.filter(pk=session.pk)
    results = selectors.feedback_results(sessions)
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "rows": rows,
            "page_obj": page,
            "sees_names": sees_names,
            "places_left": registrations.places_left(session),
            "counts": counts,
            "attended_total": counts.total_attended,
            "attendance_rate": selectors.attendance_rate(counts.attended, counts.no_show),
            "results": results,
            "head_counts": session.head_counts.select_related("outlet"),
            "outcomes": session.outcomes.select_related("placement", "placement__outlet"),
            "feedback_url": request.build_absolute_uri(
                reverse("training:feedback", args=[session.feedback_token])
            ),
            "book_url": request.build_absolute_uri(reverse("training:book", args=[session.pk])),
            "can_change": can(user, "training", "change"),
            "can_take_attendance": can(user, "training_attendees", "change"),
            "can_export": can(user, "training_export", "view"),
            "can_link_storytellers": can(user, "storytellers", "change"),
        },
    )


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("course", "").isdigit():
        initial["course"] = request.GET["course"]
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, **form.session_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Added {session.name} ({session.reference}).")
            return redirect("training:session_detail", pk=session.pk)
    return render(request, "training/form.html", {"form": form, "title": "Add a session"})


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = SessionForm(request.POST or None, instance=Session.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, **form.session_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("training:session_detail", pk=pk)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": f"Edit {session.name}", "back": session},
    )


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    if request.method == "POST":
        services.session_cancel(actor=request.user, session=session)
        messages.success(request, f"{session.name} is cancelled. Tell the people registered.")
        return redirect("training:session_detail", pk=pk)
    return render(
        request,
        "training/confirm.html",
        {
            "title": f"Cancel {session.name}?",
            "text": "The session stays on record as cancelled and is no longer counted. "
            "Chorus does not email the people registered: tell them yourself.",
            "button": "Cancel the session",
            "back": reverse("training:session_detail", args=[pk]),
        },
    )


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = RegistrationAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registrations.registration_add(
                actor=request.user,
                session=session,
                status=data["status"],
                name=data["name"],
                email=data["email"],
                organisation_name=data["organisation_name"],
                attendee_kind=data["attendee_kind"],
                outlet=data["outlet"],
                by_pseudonym=data["by_pseudonym"],
                send_mail=data["send_mail"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, f"Registered {registration.reference}.")
            return redirect("training:session_detail", pk=pk)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": f"Register someone for {session.name}", "back": session},
    )


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def session_head_count(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = HeadCountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.head_count_record(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "Head count added.")
            return redirect("training:session_detail", pk=pk)
    return render(
        request,
        "training/form.html",
        {
            "form": form,
            "title": f"Count people at {session.name} without naming them",
            "back": session,
        },
    )


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def session_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a placement or an article the event led to."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url = form.cleaned_data["url"]
        placement = Placement.objects.filter(url=url).order_by("pk").first()
        try:
            services.outcome_add(
                actor=request.user,
                session=session,
                placement=placement,
                url="" if placement else url,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request, "Linked the placement." if placement else "Recorded the article."
            )
            return redirect("training:session_detail", pk=pk)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": f"What {session.name} led to", "back": session},
    )


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("session"), pk=pk)
    back = reverse("training:session_detail", args=[registration.session_id])
    if request.method == "POST":
        registrations.registration_cancel(actor=request.user, registration=registration)
        messages.success(request, f"Cancelled {registration.reference}; the waiting list moved on.")
        return redirect(back)
    return render(
        request,
        "training/confirm.html",
        {
            "title": f"Cancel {registration.reference}?",
            "text": "Their place goes to the first person on the waiting list, who is "
            "emailed and holds it for 48 hours.",
            "button": "Cancel this place",
            "back": back,
        },
    )


# --- Courses ----------------------------------------------------------------------------------


@requires("training", "view")
@require_http_methods(["GET"])
def course_list(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.annotate(n_sessions=Count("sessions")).order_by("kind", "title")
    return render(
        request,
        "training/course_list.html",
        {
            "courses": courses,
            "kinds": CourseKind,
            "can_change": can(request.user, "training", "change"),
        },
    )


@requires("training", "view")
@require_http_methods(["GET"])
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    sessions = selectors.sessions_filter(course=course)
    held = Session.objects.filter(course=course, status=Session.Status.SCHEDULED)
    page = paginate(request, sessions, PER_PAGE)
    page.object_list = selectors.attach_counts(page.object_list)
    totals = [selectors.counts_of(s) for s in selectors.with_counts(held)]
    attended = sum(c.attended for c in totals)
    no_show = sum(c.no_show for c in totals)
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "results": selectors.feedback_results(held),
            "attendance_rate": selectors.attendance_rate(attended, no_show),
            "can_change": can(request.user, "training", "change"),
        },
    )


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = services.course_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added {course.title}.")
        return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/form.html", {"form": form, "title": "Add a course"})


@requires("training", "change")
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, pk=pk)
    form = CourseForm(request.POST or None, instance=Course.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.course_update(actor=request.user, course=course, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("training:course_detail", pk=pk)
    return render(request, "training/form.html", {"form": form, "title": f"Edit {course.title}"})
