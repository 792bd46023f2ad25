"""The impact report: every indicator over one period, with its charts and tables.

The figures come from the indicator registry and the highlighted records from the
report-content registry (chorus.impact.indicators, chorus.impact.content); this module
imports no app. The media figures are laid out by their codes; any other registered
indicator is listed under "More figures", so an app's new indicators appear without
a change here.

One `ImpactReport` feeds the dashboard, the printable report page, and
`chorus report` (JSON or a standalone HTML file), so all of them show the same
figures. Nothing here writes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from chorus.accounts.access import can
from chorus.impact import content as report_content
from chorus.impact.indicators import Period, Result, area_of, compute_all
from chorus.lib.charts import Bar, bar_chart, column_chart

PLACEMENTS = ("placement", "placements")
# The indicators the report lays out as cards, charts and tables.
LAID_OUT = frozenset(
    {
        "media.placements",
        "media.days_per_placement",
        "media.lived_experience_share",
        "media.mixed_middle_share",
        "media.placements_by_month",
        "media.placements_by_segment",
        "media.placements_by_format",
    }
)


@dataclass(frozen=True)
class TableRow:
    label: str
    value: int
    percent: int | None
    records_url: str
    highlight: bool = False


def _percent(part: int, whole: int) -> int | None:
    if not whole:
        return None
    return int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class ImpactReport:
    period: Period
    results: dict[str, Result]
    generated_on: datetime.date
    content: list[report_content.Filled] = field(default_factory=list)

    # --- Headline figures ------------------------------------------------------------

    @property
    def placements(self) -> Result:
        return self.results["media.placements"]

    @property
    def days_per_placement(self) -> Result:
        return self.results["media.days_per_placement"]

    @property
    def lived_experience(self) -> Result:
        return self.results["media.lived_experience_share"]

    @property
    def mixed_middle(self) -> Result:
        return self.results["media.mixed_middle_share"]

    @property
    def is_empty(self) -> bool:
        return not self.placements.value

    @property
    def headline(self) -> list[Result]:
        return [self.placements, self.days_per_placement, self.lived_experience, self.mixed_middle]

    # --- Breakdowns -------------------------------------------------------------------

    @property
    def more_results(self) -> list[Result]:
        """Registered indicators the layout above does not place, in registry order."""
        return [result for code, result in self.results.items() if code not in LAID_OUT]

    def _rows(self, code: str) -> list[TableRow]:
        total = self.placements.value or 0
        return [
            TableRow(
                label=row.label,
                value=row.value,
                percent=_percent(row.value, total),
                records_url=row.records_url,
                highlight=row.highlight,
            )
            for row in self.results[code].rows
        ]

    @cached_property
    def month_rows(self) -> list[TableRow]:
        return self._rows("media.placements_by_month")

    @cached_property
    def segment_rows(self) -> list[TableRow]:
        return self._rows("media.placements_by_segment")

    @cached_property
    def format_rows(self) -> list[TableRow]:
        return self._rows("media.placements_by_format")

    @cached_property
    def month_chart(self) -> SafeString:
        rows = self.results["media.placements_by_month"].rows
        bars = []
        for index, row in enumerate(rows):
            month = datetime.date.fromisoformat(f"{row.key}-01")
            short = f"{month:%b}\n{month:%Y}" if index == 0 or month.month == 1 else f"{month:%b}"
            bars.append(Bar(label=row.label, value=row.value, short_label=short))
        busiest = max(rows, key=lambda row: row.value, default=None)
        description = (
            f"Bar chart of the stories placed in each month of {self.period.label}, "
            f"{self.placements.value:,} in all."
        )
        if busiest and busiest.value:
            description += f" The busiest month was {busiest.label}, with {busiest.value:,}."
        return column_chart(
            bars,
            chart_id="chart-months",
            title=f"Stories placed each month, {self.period.label}",
            description=description,
            unit=PLACEMENTS,
        )

    @cached_property
    def segment_chart(self) -> SafeString:
        rows = self.segment_rows
        bars = [Bar(label=row.label, value=row.value, highlight=row.highlight) for row in rows]
        parts = [
            f"{row.label} {row.value:,}" + (f" ({row.percent}%)" if row.percent is not None else "")
            for row in rows
        ]
        return bar_chart(
            bars,
            chart_id="chart-segments",
            title=f"Stories by outlet audience, {self.period.label}",
            description="Bar chart of the stories placed, by the audience of the outlet: "
            + "; ".join(parts)
            + ".",
            unit=PLACEMENTS,
        )

    # --- Output ---------------------------------------------------------------------

    def as_json(self) -> dict[str, Any]:
        return {
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()},
            "indicators": {code: result.as_json() for code, result in self.results.items()},
        }

    def as_standalone_html(self) -> str:
        """A complete page with its own CSS, for saving to a file or sending by email."""
        return render_to_string("impact/report_standalone.html", {"report": self, "links": False})


def build_report(period: Period, *, with_content: bool = False, viewer: Any = None) -> ImpactReport:
    """The figures for `period`; with `with_content`, also the registered report content.

    Given a `viewer`, only the figures of areas they may see (an area registered with an
    access area, such as income, shows to the roles that may view it).
    """
    results = compute_all(period)
    if viewer is not None:
        results = {code: result for code, result in results.items() if _may_see(viewer, code)}
    return ImpactReport(
        period=period,
        results=results,
        generated_on=timezone.localdate(),
        content=report_content.collect(period) if with_content else [],
    )


def _may_see(viewer: Any, code: str) -> bool:
    area = area_of(code)
    return area is None or not area.access or can(viewer, area.access, "view")
