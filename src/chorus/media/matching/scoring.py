"""Ranking: every storyteller in the network, best match first, from facts read in SQL.

Those who fit (language, consent, availability, rest) come first, then those who fit
but are held by an open safeguarding concern, then those who do not fit (those not
held first); within each group the higher score first, then the reference. Region,
themes and readiness only score: they never rule anyone out. `wording` spells the
same rules out in words.
"""

from __future__ import annotations

from chorus.media.matching import loading
from chorus.media.matching.context import ACTIVE, Context, area
from chorus.media.matching.results import MatchedStoryteller, MatchResult
from chorus.voices.models import StorytellerProfile

EXPERIENCE_SCORE: dict[str, int] = {
    StorytellerProfile.Experience.NEW: 0,
    StorytellerProfile.Experience.SOME: 1,
    StorytellerProfile.Experience.EXPERIENCED: 2,
}
# Scores stay well below this, so that a group and a score make one sort key.
_GROUP = 1000


def rank(context: Context) -> list[MatchResult]:
    """Every storyteller in the network, best match first, not yet explained."""
    needs = context.needs
    rows = loading.storytellers()
    language_points = (
        loading.language_points(needs.languages, context.interpreters) if needs.languages else None
    )
    theme_count = len(needs.themes)
    shared_themes = loading.shared_themes(needs.themes).get if theme_count else None
    held_ids, cleared_ids = loading.held_and_cleared(context)
    covering = loading.covering_consents(context).get
    region_points = _region_points(context).get
    region_wanted = needs.region_id
    rested_by = context.rested_by
    days = loading.Days()
    storyteller = tuple.__new__  # a MatchedStoryteller from its fields, without a call

    # Results by sort key (the group, then the score), each list in reference order as
    # the rows come: no sort of thousands of results, only of a few dozen keys.
    by_key: dict[int, list[MatchResult]] = {}
    for pk, reference, status, region_id, trained, experience, available, note, last in rows:
        last_day = days[last]
        score = EXPERIENCE_SCORE.get(experience, 0) + region_points(region_id, 0)
        if trained:
            score += 2
        language_ok = True
        if language_points is not None:
            points = language_points.get(pk)
            if points:
                score += points
            else:
                language_ok = False
        if shared_themes is not None and (shared := shared_themes(pk)):
            score += max(1, 4 * shared // theme_count)
        consent_id = None
        if (
            language_ok
            and available
            and status == ACTIVE
            and (last_day is None or last_day <= rested_by)
        ):
            consent_id = covering(pk)
        held = pk in held_ids
        lifted = pk in cleared_ids
        # Must-haves: language, region (when asked: theirs or one nearby), consent,
        # availability and rest. Anyone missing one never ranks above those who meet all.
        fits = consent_id is not None and (
            region_wanted is None or region_points(region_id, 0) >= NEARBY_POINTS
        )
        # Positional: this runs for every storyteller in the network.
        result = MatchResult(
            storyteller(
                MatchedStoryteller,
                (pk, reference, status, region_id, trained, experience, available, note, last_day),
            ),
            score,
            fits,
            held,
            (),
            consent_id,
            "",
            "",
            language_ok,
            lifted,
        )
        group = (0 if fits else 2) + (1 if held else 0)
        key = group * _GROUP - score
        same_key = by_key.get(key)
        if same_key is None:
            by_key[key] = [result]
        else:
            same_key.append(result)
    ranked: list[MatchResult] = []
    for key in sorted(by_key):
        ranked += by_key[key]
    return ranked


NEARBY_POINTS = 2  # a region in the same area as the one asked for still fits


def _region_points(context: Context) -> dict[int | None, int]:
    """Region id → points: 3 for the region asked for, 2 for another in the same area."""
    wanted, regions = context.needs.region_id, context.regions
    if wanted is None:
        return {}
    wanted_area = area(wanted, regions)
    points: dict[int | None, int] = {
        region_id: NEARBY_POINTS if area(region_id, regions) == wanted_area else 0
        for region_id in regions
    }
    points[wanted] = 3
    return points
