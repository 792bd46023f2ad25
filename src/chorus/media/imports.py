"""The "placements" import kind: the placements spreadsheet the media desk keeps.

Registered with lib's import framework (`chorus.lib.imports`) from MediaConfig.ready().
This module says what the columns mean and how to read one row (dates, formats,
yes/no, links, links repeated within the file), what the database adds (which outlets
and campaigns exist, which links are already recorded), and how a checked file is
saved (`apply`, through media's services, in the framework's transaction).

Every message is in plain words for the person who will fix the spreadsheet.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse

from chorus.lib.imports.reading import (
    ImportCheck,
    ImportRow,
    check_file,
    folded,
    parse_date,
    parse_yes_no,
    read_file,
)
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.lib.weburl import host_of
from chorus.media.models import Campaign, Outlet, Placement, PlacementFormat
from chorus.media.selectors import (
    campaigns_by_folded_name,
    outlets_by_folded_name,
    outlets_for_hosts,
    placements_with_urls,
)
from chorus.media.services import outlet_find_or_create_for_placement, placement_create_many

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024

_HEADLINE_MAX = Placement._meta.get_field("headline").max_length or 300
_NOTE_MAX = Placement._meta.get_field("outside_voice_note").max_length or 300
_URL_MAX = Placement._meta.get_field("url").max_length or 1000
_OUTLET_MAX = Outlet._meta.get_field("name").max_length or 200
IMPORTED_OUTSIDE_NOTE = "Marked “yes” in an imported spreadsheet"
_is_web_link = URLValidator(schemes=["http", "https"])

# "first_person", "First-person piece", "first person" and "FIRST PERSON PIECE" all match.
_FORMATS: dict[str, str] = {}
for _value, _label in PlacementFormat.choices:
    _FORMATS[folded(_value)] = _value
    _FORMATS[folded(str(_label))] = _value
_FORMAT_LABELS = ", ".join(str(label) for _, label in PlacementFormat.choices)

FIELDS = (
    ImportField("date", "When it was published: 2023-06-19 or 19/06/2023.", required=True),
    ImportField(
        "outlet",
        "The outlet's name, e.g. ITV News. A name Chorus does not know adds a new outlet, "
        "flagged for segment review. Left empty, Chorus uses the outlet it knows for the "
        "link's website.",
        required=True,
    ),
    ImportField("headline", "The story's headline.", required=True),
    ImportField(
        "url",
        "The link to the story (may be empty for a broadcast). A link already recorded is refused.",
        required=True,
        aliases=("link",),
    ),
    ImportField("format", f"One of: {_FORMAT_LABELS}.", required=True),
    ImportField(
        "lived experience",
        "yes or no: is a person with lived experience who is not one of our storytellers "
        "quoted, or writing in their own words? Storytellers who spoke are recorded "
        "afterwards, under “Who spoke” on the placement.",
        required=True,
    ),
    ImportField(
        "lived experience note",
        "Who was quoted, in a few words (no full names). Left empty, the note says the "
        "“yes” came from the spreadsheet.",
    ),
    ImportField("campaign", "The name or hashtag of a campaign already in Chorus."),
    ImportField(
        "humanising",
        "yes or no: does it present migrants as people with names, voices and lives? "
        "Without this column Chorus records it as not known.",
    ),
)


@dataclass
class PlacementRow(ImportRow):
    """One spreadsheet row of placements: what it said and what it means."""

    published_on: datetime.date | None = None
    outlet_name: str = ""
    headline: str = ""
    url: str = ""
    format: str = ""
    # An imported placement has no storyteller recorded as speaking in it: "yes" means it
    # quotes someone with lived experience outside the network (until "Who spoke" says
    # otherwise). The note says who; left empty, it says where the "yes" came from.
    quotes_outside_network: bool | None = None
    outside_voice_note: str = ""
    # None when the file has no humanising column (or the cell is empty): not known.
    is_humanising: bool | None = None
    campaign_name: str = ""
    # Filled in by the database check.
    outlet: Outlet | None = None
    outlet_is_new: bool = False
    outlet_from_url: bool = False
    campaign: Campaign | None = None

    @property
    def format_label(self) -> str:
        return PlacementFormat(self.format).label if self.format else self.cell("format")

    @property
    def lived_experience_label(self) -> str:
        if self.quotes_outside_network is None:
            return self.cell("lived experience")
        if not self.quotes_outside_network:
            return "No"
        return f"Yes: {self.outside_voice_note}"

    @property
    def humanising_label(self) -> str:
        if self.is_humanising is None:
            return self.cell("humanising") or "Not known"
        return "Yes" if self.is_humanising else "No"

    @property
    def outlet_label(self) -> str:
        return self.outlet.name if self.outlet else self.outlet_name


def parse_row(row: PlacementRow, state: dict[str, Any]) -> None:
    value = row.cell("date")
    if not value:
        row.problem("date", "empty. Write the day it was published, as YYYY-MM-DD or DD/MM/YYYY.")
    else:
        row.published_on = parse_date(value)
        if row.published_on is None:
            row.problem("date", f"‘{value}’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")

    row.outlet_name = row.cell("outlet")
    if len(row.outlet_name) > _OUTLET_MAX:
        row.problem("outlet", f"longer than {_OUTLET_MAX} characters. Shorten the outlet’s name.")

    row.headline = row.cell("headline")
    if not row.headline:
        row.problem("headline", "empty. Write the story’s headline.")
    elif len(row.headline) > _HEADLINE_MAX:
        row.problem(
            "headline",
            f"{len(row.headline)} characters long; the most Chorus keeps is {_HEADLINE_MAX}. "
            "Shorten it.",
        )

    # A broadcast may have no link, so an empty url is allowed; a wrong one is not.
    row.url = row.cell("url")
    if row.url:
        try:
            _is_web_link(row.url)
        except ValidationError:
            row.problem(
                "url",
                f"‘{row.url}’ is not a web link. Copy the whole link from the browser, "
                "starting with https://.",
            )
        else:
            if len(row.url) > _URL_MAX:
                row.problem("url", f"longer than {_URL_MAX} characters.")

    value = row.cell("format")
    if not value:
        row.problem("format", f"empty. Use one of: {_FORMAT_LABELS}.")
    else:
        row.format = _FORMATS.get(folded(value), "")
        if not row.format:
            row.problem(
                "format", f"‘{value}’ is not a format Chorus knows. Use one of: {_FORMAT_LABELS}."
            )

    # Required rather than defaulting to "no": it feeds a headline figure of the impact report.
    value = row.cell("lived experience")
    if not value:
        row.problem("lived experience", "empty. Write yes or no.")
    else:
        row.quotes_outside_network = parse_yes_no(value)
        if row.quotes_outside_network is None:
            row.problem("lived experience", f"‘{value}’ is not yes or no. Use yes or no.")
        elif row.quotes_outside_network:
            note = row.cell("lived experience note")
            if len(note) > _NOTE_MAX:
                row.problem("lived experience note", f"longer than {_NOTE_MAX} characters.")
            row.outside_voice_note = note or IMPORTED_OUTSIDE_NOTE

    # Optional: a file without the column (or an empty cell) leaves it not known.
    value = row.cell("humanising")
    if value:
        row.is_humanising = parse_yes_no(value)
        if row.is_humanising is None:
            row.problem(
                "humanising", f"‘{value}’ is not yes or no. Use yes or no, or leave it empty."
            )

    row.campaign_name = row.cell("campaign")

    first_by_url: dict[str, int] = state.setdefault("first_by_url", {})
    if row.url:
        if row.url in first_by_url:
            row.problem(
                "url",
                f"the same link as row {first_by_url[row.url]}. Each placement should appear once.",
            )
        else:
            first_by_url[row.url] = row.row


def _date_label(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def unknown_campaign_error(name: str, campaigns: dict[str, Campaign]) -> str:
    """The message for a campaign Chorus does not know: the closest match and every one."""
    known = sorted({c.name for c in campaigns.values()}, key=str.casefold)
    message = (
        f"‘{name}’ is not a campaign in Chorus. Check the spelling, "
        "or add the campaign on the Campaigns page first."
    )
    if not known:
        return message + " There are no campaigns in Chorus yet."
    close = difflib.get_close_matches(name.casefold(), list(campaigns), n=1, cutoff=0.6)
    if close:
        message += f" Did you mean ‘{campaigns[close[0]].name}’?"
    return message + f" Campaigns in Chorus: {', '.join(known)}."


def check(check: ImportCheck) -> None:
    """Find each row's outlet and campaign, and flag links already recorded. Reads only."""
    outlets = outlets_by_folded_name()
    campaigns = campaigns_by_folded_name()
    rows: list[PlacementRow] = check.rows
    known_links = placements_with_urls(row.url for row in rows)
    hosts = {host_of(row.url) for row in rows if row.url and not row.outlet_name}
    outlets_by_host = outlets_for_hosts(hosts)

    warned_new: set[str] = set()
    for row in rows:
        if row.outlet_name:
            row.outlet = outlets.get(row.outlet_name.casefold())
            if row.outlet is None:
                # Created on import, flagged for someone to choose its audience segment.
                row.outlet_is_new = True
                row.notes.append("New outlet, needs segment review")
                key = row.outlet_name.casefold()
                if key not in warned_new:
                    warned_new.add(key)
                    check.warn(
                        row.row,
                        "outlet",
                        f"‘{row.outlet_name}’ is a new outlet, needs segment review. "
                        "It will be added when you import.",
                    )
        else:
            row.outlet = outlets_by_host.get(host_of(row.url)) if row.url else None
            if row.outlet is None:
                row.problem(
                    "outlet",
                    "empty, and Chorus does not know the website of the link. "
                    "Write the outlet’s name.",
                )
            else:
                row.outlet_from_url = True
                row.notes.append("Outlet from the link")

        # Campaigns must already exist: a typo would otherwise start a new campaign and
        # split its figures.
        if row.campaign_name:
            row.campaign = campaigns.get(row.campaign_name.casefold())
            if row.campaign is None:
                row.problem("campaign", unknown_campaign_error(row.campaign_name, campaigns))

        existing = known_links.get(row.url) if row.url else None
        if existing is not None:
            row.problem(
                "url",
                f"already recorded as a placement: ‘{existing.headline}’ "
                f"({existing.outlet.name}, {_date_label(existing.published_on)}). "
                "Remove the row, or delete the old placement first.",
            )


def new_outlet_names(check: ImportCheck) -> list[str]:
    seen: dict[str, str] = {}
    for row in check.rows:
        if row.outlet_is_new:
            seen.setdefault(row.outlet_name.casefold(), row.outlet_name)
    return list(seen.values())


def apply(*, actor: Any, check: ImportCheck, label: str) -> ApplyResult:
    """Save every row (the framework holds the transaction). Unknown outlets are created,
    flagged for segment review; a column the file lacks sets nothing."""
    new_outlets: dict[str, Outlet] = {}
    fields_of_rows: list[dict[str, Any]] = []
    for row in check.to_import:
        outlet = row.outlet
        if outlet is None:
            key = row.outlet_name.casefold()
            if key not in new_outlets:
                new_outlets[key], _ = outlet_find_or_create_for_placement(
                    actor=actor, name=row.outlet_name, url=row.url
                )
            outlet = new_outlets[key]
        fields_of_rows.append(
            {
                "published_on": row.published_on,
                "outlet": outlet,
                "headline": row.headline,
                "url": row.url,
                "format": row.format,
                "quotes_outside_network": bool(row.quotes_outside_network),
                "outside_voice_note": row.outside_voice_note,
                "is_humanising": row.is_humanising,
                "campaign": row.campaign,
            }
        )
    placement_create_many(actor=actor, rows=fields_of_rows)
    return ApplyResult(
        created=len(fields_of_rows),
        note=f"{len(new_outlets)} new outlets flagged for segment review",
    )


def _done_links() -> list[tuple[str, str]]:
    links = [("See the placements", reverse("media:placement_list"))]
    review = Outlet.objects.filter(needs_segment_review=True).count()
    if review:
        links.append(
            (
                f"{review} outlet{'s' if review != 1 else ''} need{'' if review != 1 else 's'} "
                "an audience segment: choose them",
                reverse("media:outlet_list") + "?review=1",
            )
        )
    return links


def _date_cell(row: PlacementRow) -> str:
    return f"{row.published_on:%-d %b %Y}" if row.published_on else row.cell("date")


KIND = ImportKind(
    name="placements",
    singular="placement",
    plural="placements",
    title="Import placements from a spreadsheet",
    fields=FIELDS,
    row_class=PlacementRow,
    parse_row=parse_row,
    check=check,
    apply=apply,
    area="placements",
    url_name="media:placement_import",
    back_url_name="media:placement_list",
    preview=(
        ("Date", _date_cell),
        ("Outlet", lambda row: row.outlet_label),
        ("Headline", lambda row: row.headline),
        ("Link", lambda row: row.url),
        ("Format", lambda row: row.format_label),
        ("Lived experience", lambda row: row.lived_experience_label),
        ("Humanising", lambda row: row.humanising_label),
        ("Campaign", lambda row: row.campaign.name if row.campaign else row.campaign_name),
    ),
    done_links=_done_links,
    max_rows=MAX_ROWS,
    max_bytes=MAX_BYTES,
)


def parse_placements_csv(data: bytes) -> ImportCheck:
    """Read a placements CSV into rows and problems. Touches no database."""
    return read_file(KIND, data)


def check_placements_csv(data: bytes) -> ImportCheck:
    """Everything `parse_placements_csv` checks, and then what the database knows."""
    return check_file(KIND, data)
