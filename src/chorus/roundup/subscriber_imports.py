"""Reading the existing subscriber list, saved from a spreadsheet as CSV.

Two plain functions, testable without HTTP:

- `parse_subscribers_csv(data)` reads the bytes of an upload into rows and problems
  without touching the database (encoding, columns, addresses, consent basis, dates,
  sections, frequency, addresses repeated within the file);
- `check_subscribers_csv(data)` adds what only the database knows: which addresses
  are subscribers already, and which are suppressed. Those rows are left out of the
  import and reported; they are not errors, so the rest of the list can still come in.

Nothing here writes: saving is `subscribers.subscriber_import_confirm`, which saves
only a file without a single problem. Every message is in plain words for the person
who will fix the spreadsheet; row numbers are the spreadsheet's (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone

from chorus.roundup.models import NewsRegion, Subscriber, Suppression

MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024

COLUMNS = (
    "email",
    "name",
    "organisation",
    "consent basis",
    "consented on",
    "sections",
    "frequency",
)
REQUIRED_COLUMNS = ("email", "consent basis", "consented on")
# Headings old lists often use for the same thing.
_ALIASES = {
    "e mail": "email",
    "email address": "email",
    "organization": "organisation",
    "basis": "consent basis",
    "consent": "consent basis",
    "consent date": "consented on",
    "date": "consented on",
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_SECTION_SEPARATORS = re.compile(r"[;,/|+]")
_EMAIL_MAX = Subscriber._meta.get_field("email").max_length or 254
_NAME_MAX = Subscriber._meta.get_field("name").max_length or 200
_ORGANISATION_MAX = Subscriber._meta.get_field("organisation").max_length or 200
_BASIS_MAX = 200

SAVE_AS_CSV_UTF8 = (
    'In Excel choose File › Save As (or Save a Copy) and pick "CSV UTF-8 (Comma delimited)"; '
    'in Google Sheets choose File › Download › "Comma-separated values". Then upload that file.'
)


def _folded(text: str) -> str:
    """Lower case, with '_' and '-' as spaces and runs of spaces as one: for loose matching."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


_SECTIONS: dict[str, str] = {}
for _value, _label in NewsRegion.choices:
    _SECTIONS[_folded(_value)] = _value
    _SECTIONS[_folded(str(_label))] = _value
_SECTION_LABELS = ", ".join(str(label) for _, label in NewsRegion.choices)
_ALL_SECTIONS = frozenset(NewsRegion.values)

_FREQUENCIES: dict[str, str] = {
    "day": Subscriber.Frequency.DAILY,
    "week": Subscriber.Frequency.WEEKLY,
}
for _value, _label in Subscriber.Frequency.choices:
    _FREQUENCIES[_folded(_value)] = _value
    _FREQUENCIES[_folded(str(_label))] = _value


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
    email: str = ""
    name: str = ""
    organisation: str = ""
    basis: str = ""
    consented_on: datetime.date | None = None
    # Empty means every section, as on Subscriber.
    sections: list[str] = field(default_factory=list)
    frequency: str = Subscriber.Frequency.DAILY
    errors: list[Problem] = field(default_factory=list)
    # Filled in by the database check: why the row is left out, in plain words.
    skip_reason: str = ""

    def problem(self, column: str, message: str) -> None:
        self.errors.append(Problem(self.row, column, f"Row {self.row}, {column}: {message}"))

    @property
    def consented_on_cell(self) -> str:
        return self.cells.get("consented on", "")

    @property
    def sections_label(self) -> str:
        if not self.sections:
            return "All sections"
        return ", ".join(NewsRegion(s).label for s in self.sections)

    @property
    def frequency_label(self) -> str:
        return Subscriber.Frequency(self.frequency).label


@dataclass
class ImportCheck:
    """The outcome of reading a file: its rows, and every problem found."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[Problem] = field(default_factory=list)
    # Rows left out (already subscribed, suppressed): reported, not errors.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [*self.file_errors, *(p for row in self.rows for p in row.errors)]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def to_import(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.skip_reason]

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
        name = _ALIASES.get(name, name)
        if not name:
            continue  # an empty heading: allowed while its cells are empty too
        if name not in COLUMNS:
            unknown.append(cell.strip())
        elif name in positions.values():
            repeated.append(name)
        else:
            positions[index] = name
    missing = [c for c in REQUIRED_COLUMNS if c not in positions.values()]
    expected = "email, consent basis and consented on, and if you like name, organisation, " + (
        "sections and frequency"
    )
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


def _parse_row(row: ImportRow, today: datetime.date) -> None:
    cells = row.cells

    row.email = cells.get("email", "")
    if not row.email:
        row.problem("email", "empty. Write the subscriber’s email address.")
    elif len(row.email) > _EMAIL_MAX:
        row.problem("email", f"longer than {_EMAIL_MAX} characters, so not a working address.")
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problem(
                "email",
                f"‘{row.email}’ is not an email address. Check for spaces, a missing @ "
                "or a missing part after the dot.",
            )

    row.name = cells.get("name", "")
    if len(row.name) > _NAME_MAX:
        row.problem("name", f"longer than {_NAME_MAX} characters. Shorten it.")
    row.organisation = cells.get("organisation", "")
    if len(row.organisation) > _ORGANISATION_MAX:
        row.problem("organisation", f"longer than {_ORGANISATION_MAX} characters. Shorten it.")

    # Without a basis there is no lawful ground to mail the person: an error, not a default.
    row.basis = cells.get("consent basis", "")
    if not row.basis:
        row.problem(
            "consent basis",
            "empty. Write how this person agreed to receive the round-up (for example "
            "‘signed up at the 2022 conference’). Chorus cannot mail anyone without one; "
            "delete the row if nobody knows.",
        )
    elif len(row.basis) > _BASIS_MAX:
        row.problem("consent basis", f"longer than {_BASIS_MAX} characters. Shorten it.")

    value = cells.get("consented on", "")
    if not value:
        row.problem(
            "consented on",
            "empty. Write the day this person agreed, as YYYY-MM-DD or DD/MM/YYYY.",
        )
    else:
        row.consented_on = _parse_date(value)
        if row.consented_on is None:
            row.problem("consented on", f"‘{value}’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY.")
        elif row.consented_on > today:
            row.problem("consented on", f"‘{value}’ is in the future.")

    value = cells.get("sections", "")
    wanted: list[str] = []
    for part in _SECTION_SEPARATORS.split(value):
        if not part.strip():
            continue
        section = _SECTIONS.get(_folded(part))
        if section is None:
            row.problem(
                "sections",
                f"‘{part.strip()}’ is not a section of the round-up. Use {_SECTION_LABELS}, "
                "separated by semicolons, or leave it empty for all of them.",
            )
        elif section not in wanted:
            wanted.append(section)
    # Every section named is the same as none named: both follow sections added later.
    row.sections = [] if set(wanted) == _ALL_SECTIONS else wanted

    value = cells.get("frequency", "")
    if value:
        frequency = _FREQUENCIES.get(_folded(value))
        if frequency is None:
            row.problem("frequency", f"‘{value}’ is not daily or weekly. Use daily or weekly.")
        else:
            row.frequency = frequency


def parse_subscribers_csv(data: bytes) -> ImportCheck:
    """Read an uploaded subscriber list into rows and problems. Touches no database.

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

    today = timezone.localdate()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    positions: dict[int, str] | None = None
    first_by_email: dict[str, int] = {}
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
                    f"The file has more than {MAX_ROWS:,} subscribers; the most one import "
                    f"takes is {MAX_ROWS:,}. Split it into smaller files."
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
            _parse_row(row, today)
            key = row.email.casefold()
            if key:
                if key in first_by_email:
                    row.problem(
                        "email",
                        f"the same address as row {first_by_email[key]}. Each subscriber "
                        "should appear once: keep the row with the right details.",
                    )
                else:
                    first_by_email[key] = number
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
            "The file has a header row but no subscribers under it. "
            "Add one row per subscriber below the header."
        )
    return check


# --- What the database knows ------------------------------------------------------------


def _known(model: type[Subscriber] | type[Suppression], emails: list[str]) -> dict[str, Any]:
    """Records of `model` for these addresses, by lower-cased address (chunked IN lists)."""
    found: dict[str, Any] = {}
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        records = model._default_manager.alias(email_lower=Lower("email")).filter(
            email_lower__in=chunk
        )
        for record in records:
            found[record.email.lower()] = record
    return found


def check_against_database(check: ImportCheck) -> ImportCheck:
    """Mark rows whose address is already a subscriber, or suppressed. Reads only."""
    if check.file_errors:
        return check
    emails = sorted({row.email.lower() for row in check.rows if row.email and not row.errors})
    subscribers = _known(Subscriber, emails)
    suppressions = _known(Suppression, emails)
    for row in check.rows:
        if row.errors or not row.email:
            continue
        existing = subscribers.get(row.email.lower())
        suppression = suppressions.get(row.email.lower())
        if suppression is not None:
            row.skip_reason = (
                f"on the suppression list ({suppression.get_reason_display().lower()}), "
                "so it is not subscribed again"
            )
        elif existing is not None:
            row.skip_reason = (
                f"already on the list ({existing.get_status_display().lower()}), "
                "so it is left as it is"
            )
        if row.skip_reason:
            check.warnings.append(
                Problem(row.row, "email", f"Row {row.row}: ‘{row.email}’ is {row.skip_reason}.")
            )
    return check


def check_subscribers_csv(data: bytes) -> ImportCheck:
    """Everything `parse_subscribers_csv` checks, and then what the database knows."""
    return check_against_database(parse_subscribers_csv(data))
