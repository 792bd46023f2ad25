"""CSV files that open safely in Excel, streamed line by line.

Every cell that a spreadsheet would read as a formula is neutralised, so a value such
as =HYPERLINK("http://evil.example", "click") stays text on the reader's machine. The
file starts with a UTF-8 byte-order mark, which is how Excel knows the encoding
(without it, é and £ come out garbled). Every export of the app goes through here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

BOM = "\ufeff"
# What spreadsheets take as the start of a formula (or of a cell they will re-parse).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell with a leading apostrophe when a spreadsheet would treat it as a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


class _Line:
    """A file-like object whose write() hands back the line, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """The CSV file, line by line: byte-order mark and header first, every cell neutralised."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])
