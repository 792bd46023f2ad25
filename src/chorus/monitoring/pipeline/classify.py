"""Classification of round-up stories, and `chorus classify`.

For each story: relevance to migration (the editors' rules, blended with a model learned from
their include / exclude decisions), topics (an editable taxonomy), region (UK / Europe /
International) and framing (hostile and humanising language, and whether a person with lived
experience is quoted). Every score comes with its reasons in plain English, so an editor can
see why a story was flagged and fix the rule or lexicon term that got it wrong.

Everything editors can change comes in as parameters (`Rules`, `Lexicon`, `Taxonomy`,
`RelevanceModel`): the Django side stores edited versions and passes them in. The defaults
live in `data/`. Plain functions over plain data: must never touch the database, settings
or the network.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from chorus.monitoring.pipeline.documents import Document
from chorus.monitoring.pipeline.framing import Framing, Lexicon, default_lexicon, frame
from chorus.monitoring.pipeline.jsonlines import (
    JsonId,
    LineError,
    Output,
    error_line,
    input_lines,
    line_id,
    read_object,
    standard_streams,
    text_field,
)
from chorus.monitoring.pipeline.query import QueryError, parse_query
from chorus.monitoring.pipeline.relevance import (
    RelevanceModel,
    Rules,
    default_rules,
    rule_hits,
    rules_score,
)
from chorus.monitoring.pipeline.topics import (
    Gazetteer,
    Taxonomy,
    assign_topics,
    default_gazetteer,
    default_taxonomy,
    detect_region,
)

__all__ = [
    "Classification",
    "Framing",
    "Lexicon",
    "QueryError",
    "RelevanceModel",
    "Rules",
    "Taxonomy",
    "classify",
    "cli_main",
    "parse_query",
]


@dataclass(frozen=True)
class Classification:
    relevance: float  # 0–1
    relevant: bool
    topics: tuple[str, ...]
    region: str | None  # "UK", "Europe", "International", or None when no place is named
    framing: Framing
    reasons: tuple[str, ...]
    rules_score: float  # the rules' part of `relevance`, for the editors' desk
    model_probability: float | None  # the learned model's part, when a model was given

    def as_json(self) -> dict[str, Any]:
        """The `chorus classify` output shape (without the id)."""
        return {
            "relevance": round(self.relevance, 3),
            "relevant": self.relevant,
            "topics": list(self.topics),
            "region": self.region,
            "framing": self.framing.as_json(),
            "reasons": list(self.reasons),
        }


def _quoted(terms: tuple[str, ...]) -> str:
    return ", ".join(f'"{t}"' for t in terms)


def classify(
    title: str,
    text: str,
    *,
    rules: Rules | None = None,
    lexicon: Lexicon | None = None,
    taxonomy: Taxonomy | None = None,
    model: RelevanceModel | None = None,
    gazetteer: Gazetteer | None = None,
) -> Classification:
    """Classify one story. With no model the rules decide relevance alone; a model counts for
    more as editors make more decisions (see `RelevanceModel.weight`)."""
    rules = rules or default_rules()
    doc = Document(title, text)
    reasons: list[str] = []

    hits = sorted(rule_hits(doc, rules), key=lambda hit: -abs(hit.strength))
    from_rules = rules_score(hits)
    for hit in hits:
        if hit.rule.weight >= 0:
            reasons.append(f"mentions {_quoted(hit.terms)} (rule: {hit.rule.name})")
        else:
            found = f"mentions {_quoted(hit.terms)}" if hit.terms else "matches"
            reasons.append(f"{found}, which counts against (rule: {hit.rule.name})")
    if not hits:
        reasons.append("no relevance rule matched")

    relevance = from_rules
    probability: float | None = None
    if model is not None:
        probability = model.probability_document(doc)
        weight = model.weight
        relevance = (1.0 - weight) * from_rules + weight * probability
        if weight > 0:
            reasons.append(
                f"editors' past decisions: {probability:.0%} likely to be included "
                f"(learned from {model.decisions} decisions, counts for {weight:.0%})"
            )
        else:
            reasons.append(
                "the model of editors' decisions is not used yet: it needs stories both "
                "included and excluded"
            )

    framing = frame(doc, lexicon or default_lexicon())
    topics = assign_topics(
        doc,
        taxonomy or default_taxonomy(),
        lived_experience_voice=framing.lived_experience_voice,
    )
    for topic in topics:
        because = f"mentions {_quoted(topic.terms)}" if topic.terms else "quotes lived experience"
        reasons.append(f"topic {topic.label}: {because}")
    region = detect_region(doc, gazetteer or default_gazetteer())
    if region.name is not None:
        reasons.append(f"region {region.name}: mentions {_quoted(region.evidence)}")
    reasons.extend(framing.reasons)

    return Classification(
        relevance=relevance,
        relevant=relevance >= rules.threshold,
        topics=tuple(topic.label for topic in topics),
        region=region.name,
        framing=framing,
        reasons=tuple(reasons),
        rules_score=from_rules,
        model_probability=probability,
    )


# ---------------------------------------------------------------------------------------------
# chorus classify

CLI_DESCRIPTION = """\
Classify round-up stories: relevance to migration, topics, region and framing.

Reads JSON lines on stdin, one story a line:
  {"id": "a1", "title": "…", "text": "…"}
and writes one JSON line per story, in input order:
  {"id": "a1", "relevance": 0.93, "relevant": true, "topics": ["Channel crossings"],
   "region": "UK", "framing": {"hostile": 0.08, "humanising": 0.71,
   "lived_experience_voice": true, "hostile_terms": []}, "reasons": ["…"]}
An id is a non-empty string or an integer. A line that cannot be read gives
{"id": …, "error": "…"} and the rest carry on. Lines end at "\\n" only; blank lines are
skipped.

Rules, lexicon and taxonomy files are JSON in the shape of the defaults shipped in
chorus/monitoring/pipeline/data/ (relevance_rules.json, framing_lexicon.json, topics.json).
Queries accept words, "phrases", word* (any ending), AND, OR, NOT, a NEAR/5 b and brackets.
"""


class _SetupError(Exception):
    """An options file that cannot be used: nothing can be classified."""


def _load(path: str, what: str, reader: Any) -> Any:
    try:
        return reader(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise _SetupError(f"cannot read the {what} file {path}: {exc}") from None
    except ValueError as exc:  # bad JSON, bad shape, or a query that cannot be read
        raise _SetupError(f"the {what} file {path} is not usable: {exc}") from None


def _read_model(path: str) -> RelevanceModel:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _SetupError(f"cannot read the model file {path}: {exc}") from None
    try:
        return RelevanceModel.from_bytes(data)
    except ValueError as exc:
        raise _SetupError(f"the model file {path} is not usable: {exc}") from None


def _article(raw: bytes) -> tuple[JsonId, str, str]:
    """(id, title, text) of one input line; LineError with a plain message otherwise."""
    data = read_object(raw)
    story_id = line_id(data)
    title = text_field(data, "title", story_id)
    text = text_field(data, "text", story_id)
    if not title.strip() and not text.strip():
        raise LineError("the story has neither a title nor any text", story_id)
    return story_id, title, text


def cli_main(
    argv: list[str], stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None
) -> int:
    parser = argparse.ArgumentParser(
        prog="chorus classify",
        description=CLI_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rules", metavar="FILE", help="relevance rules to use (JSON)")
    parser.add_argument("--lexicon", metavar="FILE", help="framing lexicon to use (JSON)")
    parser.add_argument("--taxonomy", metavar="FILE", help="topic taxonomy to use (JSON)")
    parser.add_argument(
        "--model",
        metavar="FILE",
        help="a relevance model learned from editors' decisions (RelevanceModel.to_bytes)",
    )
    parser.add_argument(
        "--no-reasons", action="store_true", help='leave out the "reasons" of each line'
    )
    args = parser.parse_args(argv)
    try:
        rules = _load(args.rules, "rules", Rules.from_json) if args.rules else None
        lexicon = _load(args.lexicon, "lexicon", Lexicon.from_json) if args.lexicon else None
        taxonomy = _load(args.taxonomy, "taxonomy", Taxonomy.from_json) if args.taxonomy else None
        model = _read_model(args.model) if args.model else None
    except _SetupError as exc:
        print(f"chorus classify: {exc}", file=sys.stderr)
        return 2

    source, sink = standard_streams(stdin, stdout)
    lines = input_lines(source)
    out = Output(sink)
    while True:
        try:
            raw = next(lines)
        except StopIteration:
            break
        except OSError as exc:
            print(f"chorus classify: could not read the input: {exc}", file=sys.stderr)
            return 2
        try:
            story_id, title, text = _article(raw)
        except LineError as exc:
            out.write(error_line(exc))
            continue
        try:
            classification = classify(
                title, text, rules=rules, lexicon=lexicon, taxonomy=taxonomy, model=model
            )
        except (ValueError, RecursionError, MemoryError) as exc:  # one odd story, not all
            out.write({"id": story_id, "error": f"classification failed: {exc}"})
            continue
        result = {"id": story_id, **classification.as_json()}
        if args.no_reasons:
            del result["reasons"]
        out.write(result)
    sink.flush()
    return 0
