"""Reading and writing JSON lines for the pipeline's command-line faces.

`chorus extract`, `chorus dedupe` and `chorus classify` share one contract: for every
non-blank line in, one valid JSON line out, in input order, and exit 0. A line that cannot
be used gets `{"id": …, "error": "…"}` and the others carry on. This module is the one
place that reads those lines and writes the answers, so the three faces agree on what a
line, an id and a string are:

* Lines are split on `\\n` only (a bare `\\r` inside a line is not a line break), and a
  UTF-8 byte-order mark at the start of the input is skipped.
* A line is UTF-8 JSON holding one object. `NaN`, `Infinity` and nesting too deep to
  read make the line an error, never a crash.
* An id is a non-empty string or an integer, as valid Unicode; anything else is an error
  and the error line's id is null.
* Strings the faces read (title, text, html) have lone surrogates (`"\\ud800"`, which
  JSON allows but Unicode does not) replaced by U+FFFD, so one odd character neither
  stops the line nor cuts its text.
* Answers are written as UTF-8 bytes; a result that cannot be written as JSON becomes an
  error line for its id.

Plain functions over plain data: no Django, no settings.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

BOM = b"\xef\xbb\xbf"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

JsonId = str | int


class LineError(ValueError):
    """A line that cannot be used, with a plain message and the line's id when it had one."""

    def __init__(self, message: str, line_id: JsonId | None = None) -> None:
        super().__init__(message)
        self.line_id = line_id


def input_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """The non-blank lines of a binary stream, split on `\\n` only, without a leading BOM."""
    first = True
    for raw in stream:  # binary files split on b"\n" alone
        if first:
            first = False
            if raw.startswith(BOM):
                raw = raw[len(BOM) :]
        if raw.strip():
            yield raw


def _refuse_constant(name: str) -> Any:
    raise LineError(f"the line is not valid JSON ({name} is not a JSON number)")


def read_object(raw: bytes) -> dict[str, Any]:
    """The JSON object on one line; LineError with a plain message otherwise."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LineError("the line is not valid UTF-8") from None
    try:
        data = json.loads(line, parse_constant=_refuse_constant)
    except LineError:
        raise
    except json.JSONDecodeError as exc:
        raise LineError(f"the line is not valid JSON (column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise LineError("the line is nested too deeply to read") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise LineError(f"the line is not usable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise LineError("each line must be a JSON object with an id")
    return data


def has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def without_lone_surrogates(value: str) -> str:
    """`value` with every lone surrogate replaced by U+FFFD (the replacement character)."""
    return _LONE_SURROGATE.sub("\ufffd", value) if has_lone_surrogate(value) else value


def line_id(data: dict[str, Any]) -> JsonId:
    """The object's id: a non-empty string or an integer, as valid Unicode."""
    value = data.get("id")
    if isinstance(value, str) and value and not has_lone_surrogate(value):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value:
        raise LineError('"id" is not valid Unicode (it holds a lone surrogate)')
    raise LineError('"id" must be a non-empty string or an integer')


def text_field(data: dict[str, Any], name: str, the_id: JsonId) -> str:
    """A string field ("" when missing or null), lone surrogates replaced."""
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LineError(f'"{name}" must be a string', the_id)
    return without_lone_surrogates(value)


def error_line(error: LineError) -> dict[str, Any]:
    return {"id": error.line_id, "error": str(error)}


class Output:
    """Writes one JSON line per record to a binary stream, as UTF-8."""

    def __init__(self, stream: IO[bytes], *, flush_each: bool = False) -> None:
        self.stream = stream
        self.flush_each = flush_each

    def write(self, record: dict[str, Any]) -> None:
        try:
            line = json.dumps(record, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (ValueError, TypeError):  # UnicodeEncodeError is a ValueError
            the_id = record.get("id")
            safe_id = the_id if isinstance(the_id, str | int) else None
            if isinstance(safe_id, str) and has_lone_surrogate(safe_id):
                safe_id = None
            fallback = {"id": safe_id, "error": "the result could not be written as JSON"}
            line = json.dumps(fallback, ensure_ascii=False).encode("utf-8")
        self.stream.write(line + b"\n")
        if self.flush_each:
            self.stream.flush()

    def write_all(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self.write(record)
        self.stream.flush()


def standard_streams(
    stdin: IO[bytes] | None, stdout: IO[bytes] | None
) -> tuple[IO[bytes], IO[bytes]]:
    """The binary streams a face reads and writes: the ones given, or the process's own."""
    return (stdin or sys.stdin.buffer, stdout or sys.stdout.buffer)
