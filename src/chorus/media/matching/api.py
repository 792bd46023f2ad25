"""The entry points: rank a request, explain the page shown, count who fits."""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from chorus.media.matching import loading
from chorus.media.matching.context import Context, needs_of, rest_days
from chorus.media.matching.results import MatchResult
from chorus.media.matching.scoring import rank
from chorus.media.matching.wording import explain
from chorus.media.models import JournalistRequest


@contextmanager
def _without_gc_pauses() -> Iterator[None]:
    """Matching makes tens of thousands of small tuples and objects, none in a reference
    cycle; the cyclic garbage collector would walk them again and again. Reference
    counting still frees everything; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Ranking:
    """Every storyteller ranked for one request; `explain` gives a page its reasons."""

    results: list[MatchResult]
    context: Context

    def explain(self, results: Sequence[MatchResult]) -> None:
        with _without_gc_pauses():
            explain(self.context, [r for r in results if not r.reasons])


def rank_request(
    request: JournalistRequest, *, on: datetime.date | None = None, rest: int | None = None
) -> Ranking:
    """Rank every storyteller in the network for this request; explain none yet."""
    with _without_gc_pauses():
        needs = needs_of(request)
        context = Context(
            needs=needs,
            on=on or timezone.localdate(),
            rest=rest_days() if rest is None else rest,
            interpreters=loading.interpreter_languages() if needs.languages else frozenset(),
            regions=loading.regions() if needs.region_id is not None else {},
        )
        return Ranking(rank(context), context)


def rank_storytellers(
    request: JournalistRequest, *, on: datetime.date | None = None, explain_first: int | None = None
) -> list[MatchResult]:
    """Every storyteller in the network ranked for this request, with reasons, fit or not.

    `explain_first`: only the best that many get their reasons now (None: all of them).
    """
    ranking = rank_request(request, on=on)
    shown = ranking.results if explain_first is None else ranking.results[:explain_first]
    ranking.explain(shown)
    return ranking.results


def match_summary(results: Sequence[MatchResult]) -> dict[str, Any]:
    """How many were considered, how many fit, how many fit but are held."""
    eligible = [r for r in results if r.eligible]
    return {
        "considered": len(results),
        "eligible": sum(1 for r in eligible if not r.held),
        "held": sum(1 for r in eligible if r.held),
    }
