"""Load the demo's draft annual report for 2022/23 through impact's services.

A draft only: the figures are computed from the demo's records, and publishing is left
to whoever tries the demo (a published version would freeze them).
"""

from __future__ import annotations

from typing import Any

from chorus.demo.impact import data
from chorus.demo.summary import Summary
from chorus.impact import content, services
from chorus.impact.models import AnnualReport
from chorus.impact.periods import Period


def load_impact(*, users: dict[str, Any], summary: Summary) -> None:
    period = Period(*data.PERIOD)
    exists = AnnualReport.objects.filter(starts_on=period.start, ends_on=period.end).exists()
    summary.add("Annual report drafts", not exists)
    if exists:
        return
    admin = users["admin"]
    report = services.annual_report_create(actor=admin, period=period, title=data.TITLE)
    services.annual_report_update(
        actor=admin,
        report=report,
        title=data.TITLE,
        welcome=data.WELCOME,
        objectives=data.OBJECTIVES,
        introductions=data.INTRODUCTIONS,
    )
    placements = content.get_section("media.highlighted_placements")
    if placements is not None:
        services.annual_highlights_set(
            actor=admin,
            report=report,
            content_key=placements.key,
            record_ids=[item.record_id for item in placements.choices(period)[: data.HIGHLIGHTS]],
        )
