"""Reads of training: sessions with their counts, who may see whose name, results.

Attendance is counted in one place (`attendance_total`): registrations marked attended
plus head counts (people who came and are not named). The attendance rate is attended
÷ (attended + no-show), over registrations only (a head count has no no-shows).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from chorus.accounts.access import can
from chorus.training.models import (
    Course,
    Feedback,
    HeadCount,
    Registration,
    Session,
)

S = Registration.Status


def day_bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The local midnight starting `start` and the one ending `end`."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return first, after


def sessions_between(start: datetime.date, end: datetime.date) -> QuerySet[Session]:
    """Sessions held (not cancelled) that start within the days from `start` to `end`."""
    first, after = day_bounds(start, end)
    return Session.objects.filter(
        status=Session.Status.SCHEDULED, starts_at__gte=first, starts_at__lt=after
    )


def _head_counts(**filters: Any) -> Subquery:
    return Subquery(
        HeadCount.objects.filter(session=OuterRef("pk"), **filters)
        .values("session")
        .annotate(total=Sum("count"))
        .values("total"),
        output_field=IntegerField(),
    )


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Each session with n_attended, n_no_show, n_places (held), n_waiting and n_counted."""
    return sessions.annotate(
        n_attended=Count("registrations", filter=Q(registrations__status=S.ATTENDED)),
        n_no_show=Count("registrations", filter=Q(registrations__status=S.NO_SHOW)),
        n_places=Count(
            "registrations", filter=Q(registrations__status__in=Registration.HOLDS_PLACE)
        ),
        n_waiting=Count("registrations", filter=Q(registrations__status=S.WAITING)),
        n_counted=Coalesce(_head_counts(), 0),
    )


@dataclass(frozen=True)
class Counts:
    """The counts `with_counts` annotates a session with."""

    attended: int
    no_show: int
    places: int
    waiting: int
    counted: int

    @property
    def total_attended(self) -> int:
        return self.attended + self.counted


def counts_of(session: Session) -> Counts:
    """The annotated counts of a session read through `with_counts`."""
    values = session.__dict__
    return Counts(
        attended=values["n_attended"],
        no_show=values["n_no_show"],
        places=values["n_places"],
        waiting=values["n_waiting"],
        counted=values["n_counted"],
    )


def sessions_filter(
    *,
    q: str = "",
    kind: str = "",
    course: Course | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    region_ids: list[int] | None = None,
    upcoming: bool = False,
) -> QuerySet[Session]:
    sessions = Session.objects.select_related("course", "region", "client")
    if q:
        sessions = sessions.filter(
            Q(title__icontains=q) | Q(course__title__icontains=q) | Q(speakers__icontains=q)
        )
    if kind:
        sessions = sessions.filter(course__kind=kind)
    if course is not None:
        sessions = sessions.filter(course=course)
    if date_from or date_to:
        first, after = day_bounds(
            date_from or datetime.date(1900, 1, 1), date_to or datetime.date(9999, 12, 30)
        )
        sessions = sessions.filter(starts_at__gte=first, starts_at__lt=after)
    if region_ids:
        sessions = sessions.filter(region_id__in=region_ids)
    if upcoming:
        sessions = sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at", "pk")
    else:
        sessions = sessions.order_by("-starts_at", "-pk")
    return with_counts(sessions)


def upcoming_public_sessions() -> QuerySet[Session]:
    return (
        Session.objects.filter(
            is_public=True, status=Session.Status.SCHEDULED, starts_at__gte=timezone.now()
        )
        .select_related("course")
        .order_by("starts_at")
    )


def attendance_total(sessions: QuerySet[Session], **kind: Any) -> int:
    """People who attended these sessions: registrations attended plus head counts.

    `kind` narrows both to an attendee kind (`attendee_kind="journalist"`).
    """
    named = Registration.objects.filter(session__in=sessions, status=S.ATTENDED, **kind).count()
    counted = HeadCount.objects.filter(session__in=sessions, **kind).aggregate(n=Sum("count"))["n"]
    return named + (counted or 0)


def distinct_participants(sessions: QuerySet[Session]) -> int:
    """Distinct people who attended at least one of the sessions, plus head counts."""
    named = Registration.objects.filter(session__in=sessions, status=S.ATTENDED).aggregate(
        n=Count("identity_key", distinct=True)
    )["n"]
    counted = HeadCount.objects.filter(session__in=sessions).aggregate(n=Sum("count"))["n"]
    return (named or 0) + (counted or 0)


def attended_registrations(sessions: QuerySet[Session]) -> QuerySet[Registration]:
    return Registration.objects.filter(session__in=sessions, status=S.ATTENDED)


def attendance_rate(attended: int, no_show: int) -> float | None:
    return attended / (attended + no_show) if attended + no_show else None


@dataclass(frozen=True)
class Results:
    """What feedback says for a session or a course."""

    responses: int
    attended: int
    rose: int
    mean_change: float | None

    @property
    def response_rate(self) -> float | None:
        return self.responses / self.attended if self.attended else None

    @property
    def rose_share(self) -> float | None:
        return self.rose / self.responses if self.responses else None


def feedback_results(sessions: QuerySet[Session]) -> Results:
    found = Feedback.objects.filter(session__in=sessions).aggregate(
        responses=Count("pk"),
        rose=Count("pk", filter=Q(confidence_after__gt=F("confidence_before"))),
        mean=Avg(F("confidence_after") - F("confidence_before")),
    )
    return Results(
        responses=found["responses"],
        attended=attendance_total(sessions),
        rose=found["rose"],
        mean_change=float(found["mean"]) if found["mean"] is not None else None,
    )


# --- Who sees whose name --------------------------------------------------------------------


def may_see_attendees(viewer: Any) -> bool:
    return can(viewer, "training_attendees", "view")


def may_see_lived_experience(viewer: Any) -> bool:
    """Names on lived-experience courses: only for roles that sign in with two factors."""
    return can(viewer, "training_lived_experience", "view")


def shown_name(registration: Registration, viewer: Any) -> str:
    """The registration as this viewer may see it: a name, or only its reference."""
    hidden = registration.lived_experience and not may_see_lived_experience(viewer)
    if hidden or not may_see_attendees(viewer):
        return f"Participant {registration.reference}"
    label = registration.name or registration.email or registration.reference
    return f"{label} (pseudonym)" if registration.by_pseudonym else label


@dataclass(frozen=True)
class Shown:
    """A registration as one viewer sees it; `hidden` when only its reference shows."""

    registration: Registration
    name: str

    @property
    def hidden(self) -> bool:
        return self.name.startswith("Participant ")


def shown(registrations: Any, viewer: Any) -> list[Shown]:
    return [Shown(registration, shown_name(registration, viewer)) for registration in registrations]


def registrations_for(session: Session) -> QuerySet[Registration]:
    return session.registrations.select_related("outlet", "storyteller").order_by(
        "status", "requested_at", "pk"
    )


def registration_by_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return (
        Registration.objects.select_related("session", "session__course")
        .filter(token=token)
        .first()
    )


def session_by_feedback_token(token: str) -> Session | None:
    if not token or len(token) > 64:
        return None
    return Session.objects.select_related("course").filter(feedback_token=token).first()


def earliest_session_date(kinds: tuple[str, ...]) -> datetime.date | None:
    first = (
        Session.objects.filter(course__kind__in=kinds, status=Session.Status.SCHEDULED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return timezone.localtime(first).date() if first else None
