"""Matching a journalist's request to storytellers: who fits, who does not, and why.

`rank_request(request)` ranks every storyteller in the network (active or paused);
`Ranking.explain` then gives the results shown a reason per factor, fit or not:
language (or an interpreter), region, themes, consent, readiness, availability, the
rest period after a media appearance, and whether an open safeguarding concern holds
the match. `rank_storytellers` does both.

It ranks 5,000 storytellers well under 100 ms (bench/matching.py), in a fixed handful
of queries whatever their number:

- `loading`: one query reads every storyteller's plain fields, and one small query per
  fact answers it for everyone at once (what their language is worth, themes shared,
  an open concern, the consent that covers the request, judged in SQL by
  `chorus.voices.consent.consents_covering`);
- `scoring`: the order, from those facts;
- `wording`: the reasons, in words, for the results shown, from a few more queries
  limited to those storytellers; consent in words from the one judge
  (`chorus.voices.consent.covering_consent`).

It never reads an encrypted field (they cannot be filtered in SQL, and nothing here
needs them), and it never loads what a safeguarding concern says: only whether one
is open.
"""

from chorus.media.matching.api import Ranking, match_summary, rank_request, rank_storytellers
from chorus.media.matching.context import rest_days
from chorus.media.matching.results import MatchedStoryteller, MatchResult, Reason
from chorus.media.matching.wording import HELD_TEXT

__all__ = [
    "HELD_TEXT",
    "MatchResult",
    "MatchedStoryteller",
    "Ranking",
    "Reason",
    "match_summary",
    "rank_request",
    "rank_storytellers",
    "rest_days",
]
