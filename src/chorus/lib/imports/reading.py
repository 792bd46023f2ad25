"""Reading an uploaded CSV for an import kind: columns, rows and problems in plain words.

`read_file(kind, data, mapping=…)` turns the bytes of an upload into an `ImportCheck`
without touching the database: the encoding, the header (matched to the kind's fields
by name, alias or a staff member's mapping), and each row through the kind's
`parse_row`. `check_file` adds the kind's database check (reads only).

Row numbers are the spreadsheet's (the header is row 1). A column that is not in the
file is not in `row.cells` at all, so a kind can tell "absent" from "empty" and never
sets a value the file did not give.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chorus.lib.imports.registry import ImportKind

SAVE_AS_CSV_UTF8 = (
    'In Excel choose File › Save As (or Save a Copy) and pick "CSV UTF-8 (Comma delimited)"; '
    'in Google Sheets choose File › Download › "Comma-separated values". Then upload that file.'
)
LEAVE_OUT = ""  # a mapping to this leaves the column out

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})


def folded(text: str) -> str:
    """Lower case, with '_' and '-' as spaces and runs of spaces as one: for loose matching."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def parse_date(value: str) -> datetime.date | None:
    """YYYY-MM-DD or DD/MM/YYYY, or None when it is neither or no such day."""
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


def parse_yes_no(value: str) -> bool | None:
    """True for yes, False for no, None for anything else."""
    if value.casefold() in YES:
        return True
    if value.casefold() in NO:
        return False
    return None


@dataclass
class Problem:
    """One thing wrong with the file (row None) or with one cell of a row."""

    row: int | None
    column: str
    error: str  # the plain words alone, as the command line prints them

    @property
    def message(self) -> str:
        if self.row is None:
            return self.error
        if not self.column:
            return f"Row {self.row}: {self.error}"
        return f"Row {self.row}, {self.column}: {self.error}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportRow:
    """One spreadsheet row: what it said, and what is wrong with it.

    A kind subclasses it with the values its parser reads (see `ImportKind.row_class`).
    """

    row: int
    # Field name → the cell's text, for the fields whose column is in the file only.
    cells: dict[str, str]
    errors: list[Problem] = field(default_factory=list)
    # Why the row is left out (already there…), in plain words; not an error.
    skip_reason: str = ""
    # Short notes shown beside the row in the preview ("New outlet, needs segment review").
    notes: list[str] = field(default_factory=list)

    def problem(self, column: str, error: str) -> None:
        self.errors.append(Problem(self.row, column, error))

    def has(self, name: str) -> bool:
        """Is this field's column in the file?"""
        return name in self.cells

    def cell(self, name: str) -> str:
        return self.cells.get(name, "")


@dataclass
class ImportCheck:
    """The outcome of reading a file: its header, its rows, and every problem found."""

    rows: list[Any] = field(default_factory=list)
    file_errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # The file's headings as written, and the field each one is read as ("" = left out).
    header: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [*self.file_errors, *(p for row in self.rows for p in row.errors)]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def to_import(self) -> list[Any]:
        return [row for row in self.rows if not row.skip_reason]

    def file_error(self, message: str) -> ImportCheck:
        self.file_errors.append(Problem(None, "", message))
        return self

    def warn(self, row: int | None, column: str, error: str) -> None:
        self.warnings.append(Problem(row, column, error))


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


def resolve_heading(kind: ImportKind, heading: str, mapping: dict[str, str]) -> str | None:
    """The field a heading is read as: "" to leave it out, None when nothing matches.

    A staff member's mapping (keys are folded headings) comes first, then the field's
    own name, its label and its aliases.
    """
    name = folded(heading)
    if name in mapping and (mapping[name] == LEAVE_OUT or mapping[name] in kind.field_names):
        return mapping[name]
    return kind.names_to_fields().get(name)


def _read_header(
    kind: ImportKind, header: list[str], check: ImportCheck, mapping: dict[str, str]
) -> dict[int, str] | None:
    """Column position → field name, or None when the header is not one we can read."""
    positions: dict[int, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    check.header = list(header)
    check.columns = []
    for index, cell in enumerate(header):
        if not folded(cell):
            check.columns.append(LEAVE_OUT)
            continue  # an empty heading: allowed while its cells are empty too
        name = resolve_heading(kind, cell, mapping)
        check.columns.append(name or LEAVE_OUT)
        if name is None:
            unknown.append(cell.strip())
        elif name == LEAVE_OUT:
            positions[index] = LEAVE_OUT
        elif name in positions.values():
            repeated.append(name)
        else:
            positions[index] = name
    missing = [f.name for f in kind.fields if f.required and f.name not in positions.values()]
    expected = kind.expected_columns()
    own = kind.header_problem(list(header)) if unknown and kind.header_problem else ""
    if own:
        check.file_error(own)
    elif unknown:
        names = ", ".join(f"‘{u}’" for u in unknown)
        check.file_error(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {names}. "
            f"The columns Chorus reads are {expected}. Rename or delete the others, "
            "or match them to what they hold under “Match the columns”."
        )
    if missing and not own:
        names = ", ".join(f"‘{m}’" for m in missing)
        check.file_error(
            f"Missing column{'s' if len(missing) > 1 else ''}: {names}. "
            f"The first row must name the columns: {expected}."
        )
    for name in repeated:
        check.file_error(f"The column ‘{name}’ appears more than once. Keep one of them.")
    return None if check.file_errors else positions


def read_file(
    kind: ImportKind, data: bytes, *, mapping: dict[str, str] | None = None
) -> ImportCheck:
    """Read an upload into rows and problems for `kind`. Touches no database.

    Rows whose cells are all empty are skipped, as spreadsheets often end with some.
    `mapping` (folded heading → field name, "" to leave out) is how a staff member
    matched headings the kind does not know.
    """
    check = ImportCheck()
    mapping = mapping or {}
    if len(data) > kind.max_bytes:
        return check.file_error(
            f"The file is {len(data) / 1024 / 1024:.1f} MB; the most Chorus takes is "
            f"{kind.max_bytes // 1024 // 1024} MB. Split it into smaller files."
        )
    text = _decode(data, check)
    if text is None:
        return check

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    positions: dict[int, str] | None = None
    state: dict[str, Any] = {}
    data_rows = 0
    try:
        for number, record in enumerate(reader, start=1):
            cells = [c.strip() for c in record]
            if not any(cells):
                continue
            if positions is None:
                positions = _read_header(kind, cells, check, mapping)
                if positions is None:
                    return check
                continue
            data_rows += 1
            if data_rows > kind.max_rows:
                check.rows = []
                return check.file_error(
                    f"The file has more than {kind.max_rows:,} {kind.plural}; the most one "
                    f"import takes is {kind.max_rows:,}. Split it into smaller files."
                )
            row = kind.row_class(
                row=number, cells={name: "" for name in positions.values() if name}
            )
            stray: list[int] = []
            for index, cell in enumerate(cells):
                if index in positions:
                    if positions[index]:
                        row.cells[positions[index]] = cell
                elif cell:
                    stray.append(index + 1)
            if stray:
                row.problem(
                    "",
                    f"a cell in column {stray[0]} has no column heading. "
                    "Check for a stray comma, or give the column a heading.",
                )
            kind.parse_row(row, state)
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
            f"The file has a header row but no {kind.plural} under it. "
            f"Add one row per {kind.singular} below the header."
        )
    return check


def check_file(
    kind: ImportKind, data: bytes, *, mapping: dict[str, str] | None = None
) -> ImportCheck:
    """Everything `read_file` checks, and then what the database knows (reads only)."""
    check = read_file(kind, data, mapping=mapping)
    if not check.file_errors and kind.check is not None:
        kind.check(check)
    return check
