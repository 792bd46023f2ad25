"""De-duplication and same-story clustering of round-up articles, and `chorus dedupe`.

Two levels, one cluster id:

* **Copies**: the same text published again (syndicated wire copy with other boilerplate, an
  updated version with a new headline). Found by MinHash over word 3-grams (`minhash.py`):
  estimated Jaccard ≥ 0.6, or the same headline of four or more words. Copies join a
  cluster whatever their dates.
* **Same story**: different outlets' own reports of one event ("BBC, ITV and 4 others").
  They share few sentences, so text overlap cannot find them. The story score mixes three
  signals, each in [0, 1]:

  - cosine of multilingual sentence embeddings of the title and the first 2,000
    characters (`embedding.py`): catches paraphrase and translation;
  - cosine of weighted content words (title ×2, first two sentences ×1.5, rest ×1);
  - overlap of names and numbers ("Wimereux", "58", "Kingsmere"), which survive
    translation and are what tell two Channel rescues in one week apart.

  Articles published more than `MAX_STORY_GAP` apart are never the same story (unless
  copies): a boat rescue a month later is a new story however alike the words.

Weights 0.5 / 0.1 / 0.4 and `STORY_THRESHOLD` = 0.43 were set on the evaluation set in
`eval/clustering/` (figures in its README): on it, same-story pairs score 0.42–0.80 and
same-kind-of-event, different-story pairs 0.16–0.44, and 0.43 is where the two ranges meet.
Names and numbers weigh almost as much as the embedding because they are what separates two
stories of one kind (two rescues, two hotels); plain word overlap adds little once those two
are in. Without embeddings (`embed=False`) words and names alone are used, with a threshold
of 0.25 set the same way.

A batch (`cluster`) is taken in input order: each article joins the earlier cluster it
matches best, judged by its best match there and its average match with the cluster's
members in the time window, so that one borderline pair does not chain two stories.

Plain functions over plain data; must never touch the database, settings or the network.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import IO

import numpy as np
import numpy.typing as npt
from scipy import sparse

from chorus.monitoring.pipeline import embedding
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
from chorus.monitoring.pipeline.minhash import (
    NearDuplicateIndex,
    lsh_band_keys,
    minhash_signature,
)
from chorus.monitoring.pipeline.similarity import (
    ENTITY_SMOOTHING,
    MAX_STORY_GAP,
    MIN_TITLE_WORDS,
    ArticleFeatures,
    ArticleIn,
    assign_story,
    aware,
    features,
    scaled_score,
    story_score,
)

__all__ = [
    "ArticleFeatures",
    "ArticleIn",
    "NearDuplicateIndex",
    "assign_story",
    "cli_main",
    "cluster",
    "cluster_features",
    "features",
    "lsh_band_keys",
    "minhash_signature",
    "story_score",
]


def _score_block(
    rows: range,
    feats: Sequence[ArticleFeatures],
    vectors: npt.NDArray[np.float32] | None,
    term_matrix: sparse.csr_matrix,
    entity_matrix: sparse.csr_matrix,
    entity_counts: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Story scores (threshold = 1) of `rows` against all articles, time window applied."""
    block = slice(rows.start, rows.stop)
    terms = (term_matrix[block] @ term_matrix.T).toarray()
    shared = (entity_matrix[block] @ entity_matrix.T).toarray()
    smaller = np.minimum(entity_counts[block, None], entity_counts[None, :])
    ents = shared / (smaller + ENTITY_SMOOTHING)
    cased = np.array([f.cased for f in feats], dtype=bool)
    both_cased = cased[block, None] & cased[None, :]
    emb = vectors[block] @ vectors.T if vectors is not None else None
    score = scaled_score(emb, terms, ents, both_cased)
    stamps = np.array(
        [f.published.timestamp() if f.published else np.nan for f in feats], dtype=np.float64
    )
    gap = np.abs(stamps[block, None] - stamps[None, :])
    score[gap > MAX_STORY_GAP.total_seconds()] = 0.0  # NaN (no date) compares False: kept
    return np.asarray(score, dtype=np.float64)


def _sparse_rows(rows: Sequence[dict[str, float]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for row in rows:
        for term, weight in row.items():
            indices.append(vocabulary.setdefault(term, len(vocabulary)))
            data.append(weight)
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
        shape=(len(rows), max(len(vocabulary), 1)),
    )


def _best_cluster(
    row: npt.NDArray[np.float64], assigned: list[str], members: dict[str, list[int]]
) -> str | None:
    """The earlier cluster this article joins: it must match one member (score ≥ 1) and, on
    average, the members of the cluster that are within the time window.

    Averaging stops one borderline match from chaining two stories into one cluster, while a
    story that runs for days still gathers its later reports (members outside the window,
    scored 0, are left out of the average).
    """
    candidates = {assigned[j] for j in np.nonzero(row[: len(assigned)] >= 1.0)[0].tolist()}
    best: tuple[float, str] | None = None
    for label in candidates:
        in_window = [s for s in row[members[label]] if s > 0.0]
        linkage = (max(in_window) + sum(in_window) / len(in_window)) / 2
        if linkage >= 1.0 and (best is None or linkage > best[0]):
            best = (linkage, label)
    return best[1] if best else None


def cluster_features(
    ids: Sequence[str], feats: Sequence[ArticleFeatures], *, block_size: int = 1024
) -> dict[str, str]:
    """Cluster ids for articles given their features (see `cluster`)."""
    n = len(feats)
    with_vectors = n > 0 and all(f.embedding is not None for f in feats)
    vectors = np.stack([f.vector() for f in feats]) if with_vectors else None  # type: ignore[misc]
    term_vocabulary: dict[str, int] = {}
    term_matrix = _sparse_rows([f.terms for f in feats], term_vocabulary)
    entity_vocabulary: dict[str, int] = {}
    entity_matrix = _sparse_rows([dict.fromkeys(f.entities, 1.0) for f in feats], entity_vocabulary)
    entity_counts = np.array([len(f.entities) for f in feats], dtype=np.float64)

    copies = NearDuplicateIndex()
    copy_of: dict[int, int] = {}  # article → the earlier article it is a copy of
    by_title: dict[str, int] = {}
    for i, f in enumerate(feats):
        found = copies.query(f.signature)
        if found:
            copy_of[i] = int(found[0][0])
        elif f.title_key in by_title:
            copy_of[i] = by_title[f.title_key]
        if len(f.title_key.split()) >= MIN_TITLE_WORDS:
            by_title.setdefault(f.title_key, i)
        copies.add(str(i), f.signature)

    assigned: list[str] = []
    members: dict[str, list[int]] = {}
    for start in range(0, n, block_size):
        rows = range(start, min(start + block_size, n))
        scores = _score_block(rows, feats, vectors, term_matrix, entity_matrix, entity_counts)
        for offset, i in enumerate(rows):
            label = (
                assigned[copy_of[i]]
                if i in copy_of
                else _best_cluster(scores[offset], assigned, members)
            )
            label = label or ids[i]
            assigned.append(label)
            members.setdefault(label, []).append(i)
    return dict(zip(ids, assigned, strict=True))


def cluster(articles: Sequence[ArticleIn], *, embed: bool = True) -> dict[str, str]:
    """Cluster id of every article: articles with the same id are copies or the same story.

    Articles are taken in the order given; each joins the cluster of the best-matching
    earlier article, or starts a cluster named after its own id. Ids must be unique.
    """
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError("article ids must be unique")
    vectors = embedding.embed([f"{a.title}\n{a.text}" for a in articles]) if embed else None
    feats = [
        features(
            a.title,
            a.text,
            a.published,
            embed=False,
            vector=vectors[i] if vectors is not None else None,
        )
        for i, a in enumerate(articles)
    ]
    return cluster_features(ids, feats)


# --- chorus dedupe ---------------------------------------------------------------------

CLI_DESCRIPTION = """\
Read articles as JSON lines on stdin: {"id": ..., "title": "...", "text": "...",
"published": "2025-03-11T09:40:00Z"} ("published" is optional; ISO 8601, naive times are
UTC). After the last line, write {"id": ..., "cluster": "..."} for every article, in input
order: articles with the same cluster are copies of each other or reports of the same story.
A cluster is named after the id of its first article. An id is a non-empty string or an
integer. A line that cannot be used gets {"id": ..., "error": "..."} and is left out of
clustering. Lines end at "\\n" only; blank lines are skipped."""


def _parse_published(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("published must be a date-time string")
    try:
        return aware(datetime.fromisoformat(value.strip()))
    except ValueError:
        try:
            return aware(parsedate_to_datetime(value))
        except (TypeError, ValueError):
            raise ValueError(f"published is not a date-time: {value[:40]!r}") from None


def _parse_line(raw: bytes) -> tuple[JsonId, ArticleIn]:
    """The line's id as given and the article; LineError with a plain message otherwise."""
    data = read_object(raw)
    article_id = line_id(data)
    title = text_field(data, "title", article_id)
    text = text_field(data, "text", article_id)
    if not title.strip() and not text.strip():
        raise LineError("the article has neither a title nor a text", article_id)
    try:
        published = _parse_published(data.get("published"))
    except ValueError as exc:
        raise LineError(str(exc), article_id) from None
    return article_id, ArticleIn(str(article_id), title, text, published)


def cli_main(
    argv: list[str], stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None
) -> int:
    parser = argparse.ArgumentParser(
        prog="chorus dedupe",
        description=CLI_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--no-embeddings",
        action="store_true",
        help="compare words and names only: about 25 ms an article faster, but reports in "
        "different languages or in very different words are less often matched",
    )
    args = parser.parse_args(argv)
    source, sink = standard_streams(stdin, stdout)
    results: list[dict[str, object]] = []
    articles: list[ArticleIn] = []
    positions: list[int] = []
    original_ids: list[JsonId] = []
    seen: set[str] = set()
    try:
        for raw in input_lines(source):
            try:
                original, article = _parse_line(raw)
                if article.id in seen:
                    raise LineError(
                        f"duplicate id {article.id!r}: only its first line is used", original
                    )
            except LineError as exc:
                results.append(error_line(exc))
                continue
            seen.add(article.id)
            positions.append(len(results))
            original_ids.append(original)
            results.append({})
            articles.append(article)
    except OSError as exc:
        print(f"chorus dedupe: could not read the input: {exc}", file=sys.stderr)
        return 2

    clusters = cluster(articles, embed=not args.no_embeddings)
    for position, article, original in zip(positions, articles, original_ids, strict=True):
        results[position] = {"id": original, "cluster": clusters[article.id]}
    Output(sink).write_all(results)
    return 0
