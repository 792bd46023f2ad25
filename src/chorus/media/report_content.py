"""What media offers the impact report besides its figures: highlighted placements, campaigns.

Loaded from MediaConfig.ready(); registers with impact's report-content registry.
"""

from __future__ import annotations

import datetime

from chorus.impact import content
from chorus.impact.periods import Period
from chorus.media import selectors

HIGHLIGHTED = 5
# The annual report's highlights are chosen by staff from the widest-reaching stories.
CANDIDATES = 40


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"  # "5 January 2023"


def highlighted_placements(period: Period) -> list[content.Item]:
    return [
        content.Item(
            title=placement.headline,
            detail=f"{placement.outlet.name}, {_day(placement.published_on)}",
            record_id=placement.pk,
            link=placement.url,
        )
        for placement in selectors.placements_with_widest_reach(
            period.start, period.end, limit=HIGHLIGHTED
        )
    ]


def placements_to_choose(period: Period) -> list[content.Item]:
    return [
        content.Item(
            title=placement.headline,
            detail=f"{placement.outlet.name}, {_day(placement.published_on)}",
            record_id=placement.pk,
            link=placement.url,
        )
        for placement in selectors.placements_with_widest_reach(
            period.start, period.end, limit=CANDIDATES
        )
    ]


content.register(
    key="media.highlighted_placements",
    title="Highlighted stories",
    description="""The stories placed in the period at the outlets with the largest
        estimated audiences (outlets without an estimate last), newest first among equals.""",
    items=highlighted_placements,
    candidates=placements_to_choose,
    order=10,
)


def campaigns_running(period: Period) -> list[content.Item]:
    """Campaigns running at some time in the period (a funder's grant may have paid for one)."""
    return [
        content.Item(
            title=campaign.name,
            detail=" ".join(
                part
                for part in (
                    campaign.hashtag if campaign.hashtag != campaign.name else "",
                    f"from {_day(campaign.starts_on)}" if campaign.starts_on else "",
                )
                if part
            ),
            record_id=campaign.pk,
        )
        for campaign in selectors.campaigns_between(period.start, period.end)
    ]


content.register(
    key="media.campaigns",
    title="Campaigns",
    description="""The media campaigns running at some time in the period: started on or
        before its last day and not ended before its first (undated ends run on).""",
    items=campaigns_running,
    order=60,
)
