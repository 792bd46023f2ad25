"""Small numbers of people, hidden when a report is published.

The rule: counts of people from 1 to threshold − 1 in a breakdown (a region, a
training day, an event's attendee kinds) are shown as "fewer than <threshold>", and
percentages made from them are withheld. Where exactly one cell of a breakdown is
hidden, the sum of the others and the total would reveal it, so the next smallest
cell is hidden too (secondary suppression). A share of people whose numerator or
denominator is that small is withheld. Headline counts are not breakdowns and stay.

The threshold is the setting CHORUS_REPORT_SMALL_NUMBERS (default 5). Bump
RULE_VERSION when what the rule does changes; a published snapshot records both.
Staff views of a draft show the true numbers; only publishing applies the rule.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

RULE_VERSION = 1


def rule() -> dict[str, Any]:
    threshold = int(settings.CHORUS_REPORT_SMALL_NUMBERS)
    return {
        "name": "small numbers of people",
        "version": RULE_VERSION,
        "threshold": threshold,
        "description": (
            f"Counts of people from 1 to {threshold - 1} in a breakdown are shown as "
            f"“fewer than {threshold}” and percentages made from them are withheld; where "
            "a total would reveal a hidden count, the next smallest count is hidden too."
        ),
    }


def _small(value: Any, threshold: int) -> bool:
    return isinstance(value, int) and 0 < value < threshold


def _hide(row: dict[str, Any], threshold: int, *, secondary: bool) -> None:
    row["value"] = None
    row["percent"] = None
    row["display"] = f"fewer than {threshold}" if not secondary else "withheld"
    row["suppressed"] = "secondary" if secondary else "small"


def apply(figure: dict[str, Any], threshold: int) -> None:
    """Hide the small numbers of one figure of a document, in place."""
    if not figure.get("counts_people"):
        return
    if figure["kind"] == "breakdown":
        rows = figure["rows"]
        small = [row for row in rows if _small(row["value"], threshold)]
        shown = sorted(
            (row for row in rows if row not in small and row["value"]),
            key=lambda row: row["value"],
        )
        for row in small:
            _hide(row, threshold, secondary=False)
        if len(small) == 1 and shown:
            _hide(shown[0], threshold, secondary=True)
        if small:
            figure["value"] = [
                {"label": row["label"], "value": row["value"], "display": row["display"]}
                for row in rows
            ]
            figure["display"] = ", ".join(f"{row['label']}: {row['display']}" for row in rows)
        return
    if figure["kind"] == "share" and (
        _small(figure.get("numerator"), threshold) or _small(figure.get("denominator"), threshold)
    ):
        figure.update(
            value=None,
            percent=None,
            numerator=None,
            denominator=None,
            fraction="",
            display=f"withheld (fewer than {threshold} people)",
            phrase="",
            suppressed="small",
        )
