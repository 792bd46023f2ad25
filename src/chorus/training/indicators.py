"""The figures of training and events, registered with impact's indicator registry.

Loaded from TrainingConfig.ready(). Each reads sessions held (not cancelled) that
start in the period; attendance is registrations marked attended plus head counts
(`selectors.period_totals`, read once for all of them). Each links to the sessions
list filtered to the same sessions; the ids behind a value are the registrations (or
sessions, or feedback forms) it counts. The codes are stable: reports, targets and
saved JSON refer to them.
"""

from __future__ import annotations

import datetime
from functools import partial
from urllib.parse import urlencode

from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from chorus.impact.indicators import (
    Indicator,
    Period,
    Result,
    Row,
    indicator,
    register_area,
    share,
    shared_read,
)
from chorus.people.models import Region
from chorus.training import selectors
from chorus.training.models import (
    EVENT_KINDS,
    TRAINING_KINDS,
    AttendeeKind,
    CourseKind,
    Feedback,
    Registration,
    Session,
)
from chorus.voices.models import StoryUse

register_area(
    code="training",
    title="Training",
    first_record_on=lambda: selectors.earliest_session_date(tuple(TRAINING_KINDS)),
)
register_area(
    code="events",
    title="Events",
    first_record_on=lambda: selectors.earliest_session_date(tuple(EVENT_KINDS)),
)


def sessions_url(period: Period, **filters: str) -> str:
    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    params.update({key: value for key, value in filters.items() if value})
    return f"{reverse('training:session_list')}?{urlencode(params)}"


def _held(period: Period, *kinds: str) -> QuerySet[Session]:
    return selectors.sessions_between(period.start, period.end).filter(course__kind__in=kinds)


def _totals(period: Period) -> selectors.Totals:
    return shared_read(selectors.period_totals, period.start, period.end)


def _attended(period: Period, *kinds: str) -> QuerySet[Registration]:
    return selectors.attended_registrations(_held(period, *kinds))


@indicator(
    code="training.masterclass_participants",
    title="Masterclass participants",
    definition="""People who attended at least one free masterclass held in the period, each
        counted once however many they attended (by email address, or the person in the
        directory), plus people counted at a masterclass without being named.""",
    version=1,
    counts_people=True,
    unit="people",
    kind="count",
)
def _masterclass_participants(ind: Indicator, period: Period) -> Result:
    totals = _totals(period)
    counted = sum(n for (kind, _), n in totals.counted.items() if kind == CourseKind.MASTERCLASS)
    return Result(
        ind,
        period,
        value=totals.masterclass_people + counted,
        records_url=sessions_url(period, kind=CourseKind.MASTERCLASS),
        records=lambda: _attended(period, CourseKind.MASTERCLASS),
    )


@indicator(
    code="training.bespoke_sessions",
    title="Bespoke training sessions",
    definition="""Bespoke training sessions for client organisations held in the period
        (cancelled sessions are not counted).""",
    version=1,
    counts_people=False,
    unit="sessions",
    kind="count",
)
def _bespoke_sessions(ind: Indicator, period: Period) -> Result:
    return Result(
        ind,
        period,
        value=_totals(period).sessions.get(CourseKind.BESPOKE, 0),
        records_url=sessions_url(period, kind=CourseKind.BESPOKE),
        records=lambda: _held(period, CourseKind.BESPOKE),
    )


@indicator(
    code="training.bespoke_participants",
    title="People reached by bespoke training",
    definition="""Attendances at bespoke training sessions held in the period: people
        checked in plus people counted without being named. Someone at two sessions
        counts twice.""",
    version=1,
    counts_people=True,
    unit="people",
    kind="count",
)
def _bespoke_participants(ind: Indicator, period: Period) -> Result:
    return Result(
        ind,
        period,
        value=_totals(period).attended(CourseKind.BESPOKE),
        records_url=sessions_url(period, kind=CourseKind.BESPOKE),
        records=lambda: _attended(period, CourseKind.BESPOKE),
    )


@indicator(
    code="training.organisations_trained",
    title="Organisations trained",
    definition="""Distinct client organisations of the bespoke training sessions held in
        the period.""",
    version=1,
    counts_people=False,
    unit="organisations",
    kind="count",
)
def _organisations_trained(ind: Indicator, period: Period) -> Result:
    held = _held(period, CourseKind.BESPOKE).filter(client__isnull=False)
    return Result(
        ind,
        period,
        value=_totals(period).clients,
        records_url=sessions_url(period, kind=CourseKind.BESPOKE),
        records=lambda: held,
    )


@indicator(
    code="training.confidence_rose_share",
    title="Confidence rose",
    definition="""Of the feedback forms for training sessions (masterclasses, bespoke
        sessions, regional days) held in the period, the share whose 'now I feel'
        confidence is higher than their 'before today I felt' (on a 1-5 scale).""",
    version=1,
    counts_people=False,
    unit="share",
    kind="share",
)
def _confidence_rose_share(ind: Indicator, period: Period) -> Result:
    def forms() -> QuerySet[Feedback]:
        return Feedback.objects.filter(session__in=_held(period, *TRAINING_KINDS))

    totals = _totals(period)
    return Result(
        ind,
        period,
        value=share(totals.rose, totals.responses),
        records_url=sessions_url(period),
        numerator=totals.rose,
        denominator=totals.responses,
        denominator_url=sessions_url(period),
        records=lambda: forms().filter(confidence_after__gt=F("confidence_before")),
        denominator_records=forms,
    )


@indicator(
    code="training.participants_by_region",
    title="Regional training days: participants by region",
    definition="""People who attended regional training days held in the period (checked
        in plus counted without names), by the region each day was held in.""",
    version=1,
    counts_people=True,
    unit="by region",
    kind="breakdown",
    row_key="region",
)
def _participants_by_region(ind: Indicator, period: Period) -> Result:
    totals = _totals(period).by_region
    held = _held(period, CourseKind.REGIONAL).filter(region__isnull=False)
    regions = {
        region.pk: region
        for region in Region.objects.filter(pk__in=held.values("region")).select_related("parent")
    }
    rows = tuple(
        Row(
            key=regions[region_id].name,
            label=str(regions[region_id]),
            value=totals.get(region_id, 0),
            records_url=sessions_url(period, kind=CourseKind.REGIONAL, region=str(region_id)),
            records=partial(_regional_attended, period, region_id),
        )
        for region_id in sorted(regions, key=lambda pk: regions[pk].name)
    )
    return Result(
        ind,
        period,
        value=[{ind.row_key: row.key, "value": row.value} for row in rows],
        records_url=sessions_url(period, kind=CourseKind.REGIONAL),
        rows=rows,
        records=lambda: selectors.attended_registrations(held),
    )


def _regional_attended(period: Period, region_id: int) -> QuerySet[Registration]:
    return selectors.attended_registrations(
        _held(period, CourseKind.REGIONAL).filter(region_id=region_id)
    )


def _spoke_to_media(period: Period) -> set[int]:
    """Storytellers trained in the period whose story was used in a placement within 12
    months after their session (a recorded use: consent and safeguarding allowed it)."""
    trained = (
        _attended(period, *TRAINING_KINDS)
        .filter(lived_experience=True, storyteller__isnull=False)
        .values_list("storyteller_id", "session__starts_at")
    )
    first_session: dict[int, datetime.date] = {}
    for storyteller_id, starts_at in trained:
        day = timezone.localtime(starts_at).date()
        first_session.setdefault(storyteller_id, day)
        first_session[storyteller_id] = min(first_session[storyteller_id], day)
    spoke: set[int] = set()
    uses = StoryUse.objects.filter(
        storyteller_id__in=list(first_session), kind=StoryUse.Kind.PLACEMENT, used_on__isnull=False
    ).values_list("storyteller_id", "used_on")
    for storyteller_id, used_on in uses:
        if used_on is None:
            continue
        trained_on = first_session[storyteller_id]
        try:
            year_after = trained_on.replace(year=trained_on.year + 1)
        except ValueError:  # 29 February
            year_after = trained_on.replace(year=trained_on.year + 1, day=28)
        if trained_on < used_on <= year_after:
            spoke.add(storyteller_id)
    return spoke


@indicator(
    code="training.trainees_in_media",
    title="Trainees with lived experience who later spoke to the media",
    definition="""People with lived experience who attended training held in the period,
        are linked to their storyteller profile, and whose story was used in a placement
        within 12 months after the session (a recorded use of their story, which consent
        and safeguarding allowed).""",
    version=1,
    counts_people=True,
    unit="people",
    kind="count",
)
def _trainees_in_media(ind: Indicator, period: Period) -> Result:
    spoke = _spoke_to_media(period)
    return Result(
        ind,
        period,
        value=len(spoke),
        records_url=sessions_url(period),
        records=lambda: _attended(period, *TRAINING_KINDS).filter(storyteller_id__in=spoke),
    )


@indicator(
    code="events.panel_attendees",
    title="Panel and briefing attendees",
    definition="""People who attended panel events and briefings held in the period:
        checked in plus counted without names.""",
    version=1,
    counts_people=True,
    unit="people",
    kind="count",
)
def _panel_attendees(ind: Indicator, period: Period) -> Result:
    return Result(
        ind,
        period,
        value=_totals(period).attended(CourseKind.PANEL),
        records_url=sessions_url(period, kind=CourseKind.PANEL),
        records=lambda: _attended(period, CourseKind.PANEL),
    )


@indicator(
    code="events.panel_journalist_share",
    title="Journalists among panel attendees",
    definition="""Of the people who attended panel events and briefings held in the
        period, the share who came as journalists.""",
    version=1,
    counts_people=False,
    unit="share",
    kind="share",
)
def _panel_journalist_share(ind: Indicator, period: Period) -> Result:
    totals = _totals(period)
    journalists = totals.attended(CourseKind.PANEL, AttendeeKind.JOURNALIST)
    everyone = totals.attended(CourseKind.PANEL)
    return Result(
        ind,
        period,
        value=share(journalists, everyone),
        records_url=sessions_url(period, kind=CourseKind.PANEL),
        numerator=journalists,
        denominator=everyone,
        denominator_url=sessions_url(period, kind=CourseKind.PANEL),
        records=lambda: _attended(period, CourseKind.PANEL).filter(
            Q(attendee_kind=AttendeeKind.JOURNALIST)
        ),
        denominator_records=lambda: _attended(period, CourseKind.PANEL),
    )


@indicator(
    code="events.comms_meetings",
    title="Comms meetings held",
    definition="""Comms meetings for the sector held in the period (cancelled ones are not
        counted).""",
    version=1,
    counts_people=False,
    unit="meetings",
    kind="count",
)
def _comms_meetings(ind: Indicator, period: Period) -> Result:
    return Result(
        ind,
        period,
        value=_totals(period).sessions.get(CourseKind.COMMS_MEETING, 0),
        records_url=sessions_url(period, kind=CourseKind.COMMS_MEETING),
        records=lambda: _held(period, CourseKind.COMMS_MEETING),
    )
