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
    return sessions


def attach_counts(sessions: Any) -> list[Session]:
    """Set the counts `with_counts` annotates on each session of a page, in two queries.

    For a page of a long list: the counts of 50 sessions cost less than annotating
    every session before the page is cut.
    """
    found = list(sessions)
    ids = [session.pk for session in found]
    by_status: dict[tuple[int, str], int] = {}
    for session_id, status, n in (
        Registration.objects.filter(session_id__in=ids)
        .values_list("session_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_status[(session_id, status)] = n
    counted = dict(
        HeadCount.objects.filter(session_id__in=ids)
        .values("session_id")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("session_id", "n")
    )
    for session in found:
        pk = session.pk
        values = session.__dict__
        values["n_attended"] = by_status.get((pk, S.ATTENDED), 0)
        values["n_no_show"] = by_status.get((pk, S.NO_SHOW), 0)
        values["n_places"] = sum(by_status.get((pk, s), 0) for s in Registration.HOLDS_PLACE)
        values["n_waiting"] = by_status.get((pk, S.WAITING), 0)
        values["n_counted"] = counted.get(pk, 0)
    return found


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


@dataclass(frozen=True)
class Totals:
    """What the figures of one period need, read in five grouped queries.

    Sessions held in the period are read once (a few hundred over years); the other
    queries group by session, and the sums by course kind and region are made here.
    """

    sessions: dict[str, int]  # course kind → sessions held
    clients: int  # distinct client organisations of bespoke sessions
    # (course kind, attendee kind) → people attended, named and counted
    named: dict[tuple[str, str], int]
    counted: dict[tuple[str, str], int]
    by_region: dict[int, int]  # region id → people attended regional days there
    masterclass_people: int  # distinct named people at masterclasses
    # Feedback on training sessions (masterclass, bespoke, regional): forms, and rose.
    responses: int
    rose: int

    def attended(self, kind: str, attendee_kind: str = "") -> int:
        return sum(
            n
            for source in (self.named, self.counted)
            for (course_kind, who), n in source.items()
            if course_kind == kind and (not attendee_kind or who == attendee_kind)
        )


TRAINING = ("masterclass", "bespoke", "regional")


def period_totals(start: datetime.date, end: datetime.date) -> Totals:
    held = list(
        sessions_between(start, end).values_list("pk", "course__kind", "client_id", "region_id")
    )
    kind_of = {pk: kind for pk, kind, _, _ in held}
    region_of = {pk: region for pk, kind, _, region in held if kind == "regional" and region}
    sessions: dict[str, int] = {}
    for _, kind, _, _ in held:
        sessions[kind] = sessions.get(kind, 0) + 1
    clients = {client for _, kind, client, _ in held if kind == "bespoke" and client}
    ids = list(kind_of)
    named: dict[tuple[str, str], int] = {}
    counted: dict[tuple[str, str], int] = {}
    by_region: dict[int, int] = {}
    attended = Registration.objects.filter(session_id__in=ids, status=S.ATTENDED)
    rows = [
        (named, attended.values_list("session_id", "attendee_kind").annotate(n=Count("pk"))),
        (
            counted,
            HeadCount.objects.filter(session_id__in=ids)
            .values_list("session_id", "attendee_kind")
            .annotate(n=Sum("count")),
        ),
    ]
    for target, query in rows:
        for session_id, who, n in query.order_by():
            key = (kind_of[session_id], who)
            target[key] = target.get(key, 0) + (n or 0)
            if session_id in region_of:
                region = region_of[session_id]
                by_region[region] = by_region.get(region, 0) + (n or 0)
    masterclasses = [pk for pk, kind in kind_of.items() if kind == "masterclass"]
    people = attended.filter(session_id__in=masterclasses).aggregate(
        n=Count("identity_key", distinct=True)
    )["n"]
    trained = [pk for pk, kind in kind_of.items() if kind in TRAINING]
    forms = Feedback.objects.filter(session_id__in=trained).aggregate(
        responses=Count("pk"),
        rose=Count("pk", filter=Q(confidence_after__gt=F("confidence_before"))),
    )
    return Totals(
        sessions=sessions,
        clients=len(clients),
        named=named,
        counted=counted,
        by_region=by_region,
        masterclass_people=people or 0,
        responses=forms["responses"],
        rose=forms["rose"],
    )


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
    # Only the name is decrypted for each row; the address is read when there is no name.
    return (
        session.registrations.select_related("outlet", "storyteller")
        .defer("email", "organisation_name", "consent_wording")
        .order_by("status", "requested_at", "pk")
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
