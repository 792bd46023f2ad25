"""The lived-experience figures, and the programmes themselves (ImpactConfig.ready).

They live here, not in voices, because voices imports no other domain app (apps
that use stories import voices, never the other way) while impact may read voices.
Each figure counts people in a programme (ambassador cohorts, the steering group, the
storytellers network); none reads anything sensitive: only memberships and dates.
The programmes run in a period are offered through the report-content registry, so a
funder's grant can name the programme it paid for (funders reads the registry, never
voices); an item names the programme, its kind and dates, never its members.
"""

from __future__ import annotations

import datetime

from django.db.models import Min, Q, QuerySet
from django.urls import reverse

from chorus.impact import content
from chorus.impact.indicators import Indicator, Period, Result, indicator, register_area
from chorus.voices.models import Membership, Programme


def _first_membership_on() -> datetime.date | None:
    return Membership.objects.aggregate(first=Min("joined_on"))["first"]


register_area(code="voices", title="Lived experience", first_record_on=_first_membership_on)


def _active_on(kind: str, day: datetime.date) -> QuerySet[Membership]:
    """Memberships of programmes of `kind` held on `day` (joined by then, not yet left)."""
    return Membership.objects.filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day),
        programme__kind=kind,
        joined_on__lte=day,
    )


def _members_result(ind: Indicator, period: Period, memberships: QuerySet[Membership]) -> Result:
    people = memberships.values("storyteller_id").distinct()
    return Result(
        ind,
        period,
        value=people.count(),
        records_url=reverse("voices:programme_list"),
        records=lambda: Membership.objects.filter(pk__in=memberships.values("pk")),
    )


@indicator(
    code="voices.ambassadors",
    title="Ambassadors",
    definition="""People who were members of an ambassador cohort that ran during the
        period (a cohort that started on or before the period's last day and had not
        ended before its first day). Each person counts once, however many cohorts.""",
    version=1,
    counts_people=True,
    unit="people",
    kind="count",
)
def _ambassadors(ind: Indicator, period: Period) -> Result:
    cohorts = Programme.objects.filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=period.end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start),
        kind=Programme.Kind.AMBASSADORS,
    )
    memberships = Membership.objects.filter(programme__in=cohorts, joined_on__lte=period.end)
    return _members_result(ind, period, memberships)


@indicator(
    code="voices.steering_group",
    title="Steering group members",
    definition="""Members of the lived-experience steering group on the period's last
        day (joined by then and not yet left).""",
    version=1,
    counts_people=True,
    unit="people",
    kind="count",
)
def _steering_group(ind: Indicator, period: Period) -> Result:
    return _members_result(ind, period, _active_on(Programme.Kind.STEERING_GROUP, period.end))


@indicator(
    code="voices.network_members",
    title="Storytellers network members",
    definition="""Members of the Lived Experience Storytellers Network on the period's
        last day (joined by then and not yet left).""",
    version=1,
    counts_people=True,
    unit="people",
    kind="count",
)
def _network_members(ind: Indicator, period: Period) -> Result:
    return _members_result(ind, period, _active_on(Programme.Kind.NETWORK, period.end))


def _dates(programme: Programme) -> str:
    start = programme.starts_on.strftime("%B %Y") if programme.starts_on else ""
    end = programme.ends_on.strftime("%B %Y") if programme.ends_on else ""
    if start and end and start != end:
        return f"{start} to {end}"
    if start and not end:
        return f"from {start}"
    return start or (f"until {end}" if end else "")


def programmes_run(period: Period) -> list[content.Item]:
    """Programmes that ran during the period (started by its end, not ended before it)."""
    running = Programme.objects.filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=period.end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start),
    ).order_by("starts_on", "name")
    return [
        content.Item(
            title=programme.name,
            detail=", ".join(
                part for part in (programme.get_kind_display(), _dates(programme)) if part
            ),
            record_id=programme.pk,
        )
        for programme in running
    ]


content.register(
    key="voices.programmes",
    title="Programmes run",
    description="""The lived-experience programmes that ran during the period (ambassador
        cohorts, the storytellers network, the steering group, media volunteers): a
        programme that started on or before the period's last day and had not ended
        before its first. Only the programme's name, kind and dates are shown.""",
    items=programmes_run,
    order=55,
)
