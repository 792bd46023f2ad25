"""Reading the placements spreadsheet the media desk keeps, saved as CSV.

Two plain functions, testable without HTTP:

- `parse_placements_csv(data)` reads the bytes of an upload into rows and problems
  without touching the database (encoding, columns, dates, formats, yes/no, links,
  links repeated within the file);
- `check_placements_csv(data)` adds what only the database knows: which outlets
  and campaigns exist, and which links are already recorded.

Nothing here writes. Saving is `services.placement_import_confirm`, which saves only
a file without a single problem. Every message is in plain words for the person who
will fix the spreadsheet, and row numbers are the spreadsheet's (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from chorus.lib.weburl import host_of
from chorus.media.models import Campaign, Outlet, Placement, PlacementFormat
from chorus.media.selectors import (
    campaigns_by_folded_name,
    outlets_by_folded_name,
    outlets_for_hosts,
    placements_with_urls,
)

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = (
    "date",
    "outlet",
    "headline",
    "url",
    "format",
    "lived experience",
    "lived experience note",
    "campaign",
)
REQUIRED_COLUMNS = ("date", "outlet", "headline", "url", "format", "lived experience")
# An imported placement has no storyteller recorded as speaking in it: "yes" means it
# quotes someone with lived experience outside the network (until "Who spoke" says
# otherwise). The note says who; left empty, it says where the "yes" came from.
IMPORTED_OUTSIDE_NOTE = "Marked “yes” in an imported spreadsheet"

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_HEADLINE_MAX = Placement._meta.get_field("headline").max_length or 300
_NOTE_MAX = Placement._meta.get_field("outside_voice_note").max_length or 300
_URL_MAX = Placement._meta.get_field("url").max_length or 1000
_OUTLET_MAX = Outlet._meta.get_field("name").max_length or 200
_is_web_link = URLValidator(schemes=["http", "https"])

SAVE_AS_CSV_UTF8 = (
    'In Excel choose File › Save As (or Save a Copy) and pick "CSV UTF-8 (Comma delimited)"; '
    'in Google Sheets choose File › Download › "Comma-separated values". Then upload that file.'
)


def _folded(text: str) -> str:
    """Lower case, with '_' and '-' as spaces and runs of spaces as one: for loose matching."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


# "first_person", "First-person piece", "first person" and "FIRST PERSON PIECE" all match.
_FORMATS: dict[str, str] = {}
for _value, _label in PlacementFormat.choices:
    _FORMATS[_folded(_value)] = _value
    _FORMATS[_folded(str(_label))] = _value
_FORMAT_LABELS = ", ".join(str(label) for _, label in PlacementFormat.choices)


@dataclass
class Problem:
    """One thing wrong with the file (row None) or with one cell of a row."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportRow:
    """One spreadsheet row: what it said, what it means, and what is wrong with it."""

    row: int
    cells: dict[str, str]
    published_on: datetime.date | None = None
    outlet_name: str = ""
    headline: str = ""
    url: str = ""
    format: str = ""
    quotes_outside_network: bool | None = None
    outside_voice_note: str = ""
    campaign_name: str = ""
    # Filled in by the database check.
    outlet: Outlet | None = None
    outlet_is_new: bool = False
    outlet_from_url: bool = False
    campaign: Campaign | None = None
    errors: list[Problem] = field(default_factory=list)

    def problem(self, column: str, message: str) -> None:
        self.errors.append(Problem(self.row, column, f"Row {self.row}, {column}: {message}"))

    @property
    def format_label(self) -> str:
        return PlacementFormat(self.format).label if self.format else ""

    @property
    def lived_experience_label(self) -> str:
        if self.quotes_outside_network is None:
            return self.cells.get("lived experience", "")
        if not self.quotes_outside_network:
            return "No"
        return f"Yes: {self.outside_voice_note}"

    @property
    def outlet_label(self) -> str:
        return self.outlet.name if self.outlet else self.outlet_name


@dataclass
class ImportCheck:
    """The outcome of reading a file: its rows, and every problem found."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [*self.file_errors, *(p for row in self.rows for p in row.errors)]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def new_outlet_names(self) -> list[str]:
        seen: dict[str, str] = {}
        for row in self.rows:
            if row.outlet_is_new:
                seen.setdefault(row.outlet_name.casefold(), row.outlet_name)
        return list(seen.values())

    def file_error(self, message: str) -> ImportCheck:
        self.file_errors.append(Problem(None, "", message))
        return self


# --- Reading the file -----------------------------------------------------------------


def _decode(data: bytes, check: ImportCheck) -> str | None:
    if not data.strip():
        check.file_error(
            "The file is empty. Save the spreadsheet as CSV UTF-8 and upload it again."
        )
        return None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        check.file_error(f"This is an Excel workbook, not a CSV file. {SAVE_AS_CSV_UTF8}")
        return None
    try:
        # "utf-8-sig" also takes the byte-order mark Excel puts at the start of "CSV UTF-8".
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        check.file_error(
            "This file is not saved as UTF-8, so letters such as é or ü would come out "
            f"garbled. {SAVE_AS_CSV_UTF8}"
        )
        return None


def _delimiter(text: str) -> str:
    # Excel in some European settings separates cells with ';' instead of ','.
    first_line = text.split("\n", 1)[0]
    return ";" if ";" in first_line and "," not in first_line else ","


def _read_header(header: list[str], check: ImportCheck) -> dict[int, str] | None:
    """Column position → column name, or None when the header is not one we can read."""
    positions: dict[int, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, cell in enumerate(header):
        name = _folded(cell)
        if not name:
            continue  # an empty heading: allowed while its cells are empty too
        if name not in COLUMNS:
            unknown.append(cell.strip())
        elif name in positions.values():
            repeated.append(name)
        else:
            positions[index] = name
    missing = [c for c in REQUIRED_COLUMNS if c not in positions.values()]
    expected = ", ".join(REQUIRED_COLUMNS) + " and (if you like) lived experience note, campaign"
    if unknown:
        names = ", ".join(f"‘{u}’" for u in unknown)
        check.file_error(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {names}. "
            f"The columns Chorus reads are {expected}. Rename or delete the others."
        )
    if missing:
        names = ", ".join(f"‘{m}’" for m in missing)
        check.file_error(
            f"Missing column{'s' if len(missing) > 1 else ''}: {names}. "
            f"The first row must name the columns: {expected}."
        )
    for name in repeated:
        check.file_error(f"The column ‘{name}’ appears more than once. Keep one of them.")
    return None if check.file_errors else positions


def _parse_date(value: str) -> datetime.date | None:
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_UK_DATE, (2, 1, 0))):
        match = pattern.match(value)
        if match:
            parts = match.groups()
            try:
                return datetime.date(
                    int(parts[order[0]]), int(parts[order[1]]), int(parts[order[2]])
                )
            except ValueError:
                return None
    return None


def _parse_row(row: ImportRow) -> None:
    cells = row.cells

    value = cells.get("date", "")
    if not value:
        row.problem("date", "empty. Write the day it was published, as YYYY-MM-DD or DD/MM/YYYY.")
    else:
        row.published_on = _parse_date(value)
        if row.published_on is None:
            row.problem("date", f"‘{value}’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")

    row.outlet_name = cells.get("outlet", "")
    if len(row.outlet_name) > _OUTLET_MAX:
        row.problem("outlet", f"longer than {_OUTLET_MAX} characters. Shorten the outlet’s name.")

    row.headline = cells.get("headline", "")
    if not row.headline:
        row.problem("headline", "empty. Write the story’s headline.")
    elif len(row.headline) > _HEADLINE_MAX:
        row.problem(
            "headline",
            f"{len(row.headline)} characters long; the most Chorus keeps is {_HEADLINE_MAX}. "
            "Shorten it.",
        )

    # A broadcast may have no link, so an empty url is allowed; a wrong one is not.
    row.url = cells.get("url", "")
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

    value = cells.get("format", "")
    if not value:
        row.problem("format", f"empty. Use one of: {_FORMAT_LABELS}.")
    else:
        row.format = _FORMATS.get(_folded(value), "")
        if not row.format:
            row.problem(
                "format", f"‘{value}’ is not a format Chorus knows. Use one of: {_FORMAT_LABELS}."
            )

    # Required rather than defaulting to "no": it feeds a headline figure of the impact report.
    value = cells.get("lived experience", "")
    if not value:
        row.problem("lived experience", "empty. Write yes or no.")
    elif value.casefold() in _YES:
        row.quotes_outside_network = True
        note = cells.get("lived experience note", "")
        if len(note) > _NOTE_MAX:
            row.problem("lived experience note", f"longer than {_NOTE_MAX} characters.")
        row.outside_voice_note = note or IMPORTED_OUTSIDE_NOTE
    elif value.casefold() in _NO:
        row.quotes_outside_network = False
    else:
        row.problem("lived experience", f"‘{value}’ is not yes or no. Use yes or no.")

    row.campaign_name = cells.get("campaign", "")


def parse_placements_csv(data: bytes) -> ImportCheck:
    """Read an uploaded placements CSV into rows and problems. Touches no database.

    Rows whose cells are all empty are skipped, as spreadsheets often end with some.
    """
    check = ImportCheck()
    if len(data) > MAX_BYTES:
        return check.file_error(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the most Chorus takes is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    text = _decode(data, check)
    if text is None:
        return check

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    positions: dict[int, str] | None = None
    first_by_url: dict[str, int] = {}
    data_rows = 0
    try:
        for number, record in enumerate(reader, start=1):
            cells = [c.strip() for c in record]
            if not any(cells):
                continue
            if positions is None:
                positions = _read_header(cells, check)
                if positions is None:
                    return check
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                check.rows = []
                return check.file_error(
                    f"The file has more than {MAX_ROWS:,} placements; the most one import takes "
                    f"is {MAX_ROWS:,}. Split it into smaller files."
                )
            row = ImportRow(row=number, cells={name: "" for name in positions.values()})
            stray: list[int] = []
            for index, cell in enumerate(cells):
                if index in positions:
                    row.cells[positions[index]] = cell
                elif cell:
                    stray.append(index + 1)
            if stray:
                row.errors.append(
                    Problem(
                        number,
                        "",
                        f"Row {number}: a cell in column {stray[0]} has no column heading. "
                        "Check for a stray comma, or give the column a heading.",
                    )
                )
            _parse_row(row)
            if row.url:
                if row.url in first_by_url:
                    row.problem(
                        "url",
                        f"the same link as row {first_by_url[row.url]}. "
                        "Each placement should appear once.",
                    )
                else:
                    first_by_url[row.url] = number
            check.rows.append(row)
    except csv.Error as exc:
        check.rows = []
        return check.file_error(f"This file cannot be read as CSV ({exc}). {SAVE_AS_CSV_UTF8}")

    if positions is None:
        return check.file_error(
            "The file is empty. Save the spreadsheet as CSV UTF-8 and upload it again."
        )
    if not check.rows:
        return check.file_error(
            "The file has a header row but no placements under it. "
            "Add one row per placement below the header."
        )
    return check


# --- What the database knows ------------------------------------------------------------


def _date_label(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def check_against_database(check: ImportCheck) -> ImportCheck:
    """Find each row's outlet and campaign, and flag links already recorded. Reads only."""
    if check.file_errors:
        return check
    outlets = outlets_by_folded_name()
    campaigns = campaigns_by_folded_name()
    known_links = placements_with_urls(row.url for row in check.rows)
    hosts = {host_of(row.url) for row in check.rows if row.url and not row.outlet_name}
    outlets_by_host = outlets_for_hosts(hosts)

    warned_new: set[str] = set()
    for row in check.rows:
        if row.outlet_name:
            row.outlet = outlets.get(row.outlet_name.casefold())
            if row.outlet is None:
                # Created on import, flagged for someone to choose its audience segment.
                row.outlet_is_new = True
                key = row.outlet_name.casefold()
                if key not in warned_new:
                    warned_new.add(key)
                    check.warnings.append(
                        Problem(
                            row.row,
                            "outlet",
                            f"Row {row.row}, outlet: ‘{row.outlet_name}’ is a new outlet, "
                            "needs segment review. It will be added when you import.",
                        )
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

        # Campaigns must already exist: a typo would otherwise start a new campaign and
        # split its figures. The message says how to add one and names those it knows.
        if row.campaign_name:
            row.campaign = campaigns.get(row.campaign_name.casefold())
            if row.campaign is None:
                known = sorted({c.name for c in campaigns.values()})
                hint = f" Campaigns in Chorus: {', '.join(known[:10])}." if known else ""
                row.problem(
                    "campaign",
                    f"‘{row.campaign_name}’ is not a campaign in Chorus. Check the spelling, "
                    f"or add the campaign on the Campaigns page first.{hint}",
                )

        existing = known_links.get(row.url) if row.url else None
        if existing is not None:
            row.problem(
                "url",
                f"already recorded as a placement: ‘{existing.headline}’ "
                f"({existing.outlet.name}, {_date_label(existing.published_on)}). "
                "Remove the row, or delete the old placement first.",
            )
    return check


def check_placements_csv(data: bytes) -> ImportCheck:
    """Everything `parse_placements_csv` checks, and then what the database knows."""
    return check_against_database(parse_placements_csv(data))
