"""Placements as a CSV file that opens safely in Excel (through `chorus.lib.csv_export`).

Nothing here writes to the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from chorus.lib.csv_export import BOM, csv_lines, neutralise
from chorus.media.models import Placement

__all__ = ["BOM", "HEADER", "export_filename", "neutralise", "placements_csv_lines"]
HEADER = (
    "date",
    "outlet",
    "segment",
    "headline",
    "url",
    "format",
    "lived experience",
    "lived experience note",
    "humanising",
    "campaign",
    "region",
    "notes",
)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""  # not known
    return "yes" if value else "no"


def placement_row(placement: Placement) -> list[str]:
    """One placement as the export's cells (before neutralising).

    Takes a placement from `selectors.placements_base` (it carries `lived_experience`).
    """
    return [
        placement.published_on.isoformat(),
        placement.outlet.name,
        placement.outlet.segment.name,
        placement.headline,
        placement.url,
        str(placement.get_format_display()),
        # Annotated by `selectors.placements_base`: a storyteller spoke, or someone
        # outside the network is quoted (whose note follows).
        _yes_no(placement.lived_experience),  # type: ignore[attr-defined]
        placement.outside_voice_note,
        _yes_no(placement.is_humanising),
        placement.campaign.name if placement.campaign else "",
        str(placement.region) if placement.region else "",
        placement.notes,
    ]


def placements_csv_lines(placements: Iterable[Placement]) -> Iterator[str]:
    """The CSV file, line by line: byte-order mark and header first, every cell neutralised.

    Pass a queryset with select_related("outlet__segment", "campaign", "region"), or
    each row costs queries.
    """
    return csv_lines(HEADER, (placement_row(placement) for placement in placements))


def export_filename(date_from: datetime.date | None, date_to: datetime.date | None) -> str:
    """placements-2022-07-01-to-2023-06-30.csv, or the open-ended versions of it."""
    if date_from and date_to:
        return f"placements-{date_from.isoformat()}-to-{date_to.isoformat()}.csv"
    if date_from:
        return f"placements-from-{date_from.isoformat()}.csv"
    if date_to:
        return f"placements-to-{date_to.isoformat()}.csv"
    return "placements-all.csv"
