"""Import kinds: what each app lets staff bring in from a spreadsheet.

An app registers its kind in its AppConfig.ready() (media registers "placements",
roundup "subscribers"). Nothing here knows any app: apps know this registry. A kind
says which fields it reads (with default column names and aliases), how to read one
row (plain-word errors per row and column), what the database adds (reads only), and
how to apply a checked file in one transaction through the app's own services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chorus.lib.imports.reading import ImportCheck, ImportRow, folded


@dataclass(frozen=True)
class ImportField:
    name: str  # also the default column heading
    help: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Added to the audit note and the message after importing ("3 new outlets flagged…").
    note: str = ""


@dataclass(frozen=True)
class ImportKind:
    name: str  # "placements": the command line's word and the stored kind
    singular: str  # "placement"
    plural: str  # "placements"
    title: str  # "Import placements from a spreadsheet"
    fields: tuple[ImportField, ...]
    # Reads one row's cells into the row (no database); `state` lasts for the file.
    parse_row: Callable[[Any, dict[str, Any]], None]
    # Saves the rows of a checked file in the caller's transaction, through the app's
    # services; `check.to_import` are the rows to save.
    apply: Callable[..., ApplyResult]
    # The access area whose "change" may import (and download kept files).
    area: str
    # The URL names of the kind's pages: "media:placement_import" and that name with
    # _detail, _map, _confirm, _cancel and _file.
    url_name: str
    row_class: type[ImportRow] = ImportRow
    # What the database adds (reads only): matches, rows left out, warnings.
    check: Callable[[ImportCheck], None] | None = None
    # Preview table: heading and the text of a row's cell.
    preview: tuple[tuple[str, Callable[[Any], str]], ...] = ()
    # Links offered once imported: (label, url) pairs.
    done_links: Callable[[], list[tuple[str, str]]] | None = None
    # False: the file is read for the import and deleted when it is confirmed or
    # cancelled; never downloadable.
    keep_file: bool = True
    # Given the file's headings when some are unknown: a plain error of the kind's own
    # ("the export's headings are in another language…"), or "" for the usual one.
    header_problem: Callable[[list[str]], str] | None = None
    max_rows: int = 5_000
    max_bytes: int = 5 * 1024 * 1024
    intro: str = ""
    # Where "Cancel" on the upload page goes.
    back_url_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def names_to_fields(self) -> dict[str, str]:
        """Every folded heading the kind knows by default → field name."""
        known: dict[str, str] = {}
        for f in self.fields:
            known[folded(f.name)] = f.name
            for alias in f.aliases:
                known.setdefault(folded(alias), f.name)
        return known

    def expected_columns(self) -> str:
        required = [f.name for f in self.fields if f.required]
        optional = [f.name for f in self.fields if not f.required]
        text = _and(required)
        if optional:
            text += f", and if you like {_and(optional)}"
        return text

    def url(self, page: str = "") -> str:
        return f"{self.url_name}_{page}" if page else self.url_name


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    """Add an import kind. Registering the same name again replaces it (tests, reloads)."""
    _KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)


def get_kind(name: str) -> ImportKind:
    """The kind of that name; KeyError when no app registered it."""
    return _KINDS[name]


def kinds() -> list[ImportKind]:
    return [_KINDS[name] for name in sorted(_KINDS)]
