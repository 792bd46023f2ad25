"""The network's figures, registered with impact's indicator registry (NetworkConfig.ready)."""

from __future__ import annotations

from django.urls import reverse

from chorus.impact.indicators import Indicator, Period, Result, indicator, register_area
from chorus.network import selectors
from chorus.network.models import MemberSnapshot

register_area(code="network", title="The network", first_record_on=selectors.earliest_snapshot_date)


@indicator(
    code="network.members",
    title="Members of the sector's Google group",
    definition="""The group's member count in the latest snapshot taken on or before the
        last day of the period (members, managers and owners, each address once). Blank
        when no count had been taken by then. Google keeps no join dates, so a count
        exists only for the days someone recorded one.""",
    version=1,
    counts_people=True,
    unit="members",
    kind="count",
)
def _members(ind: Indicator, period: Period) -> Result:
    latest = selectors.snapshot_on_or_before(period.end)
    return Result(
        ind,
        period,
        value=latest.members if latest else None,
        records_url=reverse("network:group"),
        records=lambda: MemberSnapshot.objects.filter(pk__in=[latest.pk] if latest else []),
    )
