"""Listens of the podcast's episodes, imported per source (`chorus import podcast-<source>`).

One import kind per source, each through the framework's column matching: the podcast
host's CSV (IAB downloads), Apple Podcasts (listeners), Spotify (streams, "plays" in
later exports) and an OP3-style per-episode export (downloads). The default columns
are `Episode`, `Date` and the source's metric. Each row is one episode's count on one
day; the Episode column holds the episode's number (3, E3, #3) or its exact title. A
second import of the same day replaces that day's count. Counts are kept under the
source's own metric and never added to another source's.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from chorus.lib.imports.reading import ImportCheck, ImportRow, folded, parse_date
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.social.podcast import services
from chorus.social.podcast.models import DEFINITIONS, SOURCE_METRIC, Episode, Source

_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_EPISODE_NUMBER = re.compile(r"^(?:e|ep|episode|#)?\s*#?(\d+)$", re.IGNORECASE)

# The metric column of each source, with the names its own exports give it.
_METRIC_ALIASES = {
    Source.HOST: ("Downloads", ("IAB downloads", "Total downloads")),
    Source.APPLE: ("Listeners", ("Unique listeners", "Apple listeners")),
    Source.SPOTIFY: ("Streams", ("Plays", "Starts")),
    Source.OP3: ("Downloads", ("Downloads (OP3)", "downloads_count")),
}
_TITLES = {
    Source.HOST: "Import downloads from the podcast host's CSV",
    Source.APPLE: "Import listeners from Apple Podcasts",
    Source.SPOTIFY: "Import streams from Spotify",
    Source.OP3: "Import downloads from an OP3 per-episode export",
}


@dataclass
class ListenRow(ImportRow):
    episode_text: str = ""
    on: datetime.date | None = None
    value: int | None = None
    episode: Episode | None = None


def _metric_column(source: Source) -> str:
    return _METRIC_ALIASES[source][0]


def _parser(source: Source) -> Any:
    column = _metric_column(source)

    def parse_row(row: ListenRow, state: dict[str, Any]) -> None:
        row.episode_text = row.cell("Episode").strip()
        if not row.episode_text:
            row.problem("Episode", "empty: give the episode's number or its title.")
        day = row.cell("Date").strip()
        row.on = parse_date(day)
        if row.on is None:
            row.problem("Date", f"‘{day[:30]}’ is not a day (YYYY-MM-DD or DD/MM/YYYY).")
        text = row.cell(column).strip().replace(" ", "")
        if not _NUMBER.match(text):
            row.problem(column, f"‘{text[:20]}’ is not a whole number.")
        else:
            row.value = int(text.replace(",", ""))
        seen: set[tuple[str, Any]] = state.setdefault("seen", set())
        key = (folded(row.episode_text), row.on)
        if row.on is not None and key in seen:
            row.skip_reason = "The same episode and day are on an earlier row: read once"
        seen.add(key)

    return parse_row


def _find(text: str, by_number: dict[int, list[Episode]], by_title: dict[str, list[Episode]]):
    match = _EPISODE_NUMBER.match(text.strip())
    if match:
        return by_number.get(int(match.group(1)), [])
    return by_title.get(folded(text), [])


def check(result: ImportCheck) -> None:
    """Find each row's episode (reads only)."""
    by_number: dict[int, list[Episode]] = {}
    by_title: dict[str, list[Episode]] = {}
    for episode in Episode.objects.select_related("series"):
        by_number.setdefault(episode.number, []).append(episode)
        by_title.setdefault(folded(episode.title), []).append(episode)
    for row in result.rows:
        if not row.episode_text:
            continue
        found = _find(row.episode_text, by_number, by_title)
        if len(found) == 1:
            row.episode = found[0]
            row.notes.append(str(found[0])[:80])
        elif found:
            row.problem(
                "Episode",
                f"‘{row.episode_text[:40]}’ matches more than one episode: use its title.",
            )
        else:
            row.problem("Episode", f"no episode is ‘{row.episode_text[:40]}’ (number or title).")


def _applier(source: Source) -> Any:
    def apply(*, actor: Any, check: ImportCheck, label: str) -> ApplyResult:
        result = ApplyResult()
        for row in check.to_import:
            if row.episode is None or row.on is None or row.value is None:
                continue  # a row with an error is never applied
            created, changed = services.listens_record(
                episode=row.episode, source=source, on=row.on, value=row.value
            )
            if created:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
        return result

    return apply


def import_kind(source: Source) -> ImportKind:
    metric, aliases = _METRIC_ALIASES[source]
    return ImportKind(
        name=f"podcast-{source.value}",
        singular=f"day of {SOURCE_METRIC[source].value}",
        plural=f"days of {SOURCE_METRIC[source].value}",
        title=_TITLES[source],
        fields=(
            ImportField(
                "Episode",
                required=True,
                help="The episode's number (3, E3) or its exact title.",
                aliases=("Episode title", "Episode number", "Title"),
            ),
            ImportField("Date", required=True, help="YYYY-MM-DD or DD/MM/YYYY.", aliases=("Day",)),
            ImportField(metric, required=True, help=DEFINITIONS[source], aliases=aliases),
        ),
        parse_row=_parser(source),
        apply=_applier(source),
        area="social",
        url_name=f"social:listen_import_{source.value}",
        row_class=ListenRow,
        check=check,
        preview=(
            ("Episode", lambda row: str(row.episode) if row.episode else row.episode_text),
            ("Day", lambda row: f"{row.on:%d %b %Y}" if row.on else "—"),
            (metric, lambda row: f"{row.value:,}" if row.value is not None else "—"),
        ),
        done_links=lambda: [("Listens", reverse("social:listen_list"))],
        intro=(
            f"{DEFINITIONS[source]} Each row is one episode's count on one day; a day "
            "imported again replaces that day's count."
        ),
        back_url_name="social:listen_list",
    )


KINDS = tuple(import_kind(source) for source in Source)
