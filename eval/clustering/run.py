"""Evaluate same-story clustering against a TF-IDF cosine baseline on labelled article pairs.

    .venv/bin/python eval/clustering/run.py [--no-dates] [--via-cli] [--show-errors]

Pairs are every two articles of `articles.txt` in the same group (same kind of event, same
weeks): the label is "same story" when their events are equal. Each pair is clustered on its
own, as two input lines, and counts as "same story" when both get one cluster.
The baseline is scikit-learn's TfidfVectorizer (fitted on all articles of the set, which
favours it) with cosine similarity and the threshold that gives it its best F1 on these very
pairs (which favours it again). Ours uses its built-in, fixed threshold.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from chorus.roundup.pipeline import dedupe, embedding

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@dataclass
class Article:
    id: str
    group: str
    event: str
    outlet: str
    lang: str
    published: datetime
    title: str
    text: str


def load(path: Path = HERE / "articles.txt") -> list[Article]:
    articles: list[Article] = []
    header: dict[str, str] | None = None
    title = ""
    body: list[str] = []

    def finish() -> None:
        if header is not None:
            articles.append(
                Article(
                    id=header["id"],
                    group=header["group"],
                    event=header["event"],
                    outlet=header["outlet"],
                    lang=header["lang"],
                    published=datetime.fromisoformat(header["published"]),
                    title=title,
                    text="\n".join(body),
                )
            )

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and header is None:
            continue
        if line.startswith("=== "):
            finish()
            header = dict(part.split(": ", 1) for part in line[4:].split(" | "))
            title, body = "", []
        elif line.startswith("title: ") and not title:
            title = line[len("title: ") :]
        elif line.strip():
            body.append(line)
    finish()
    return articles


def labelled_pairs(articles: list[Article]) -> list[tuple[Article, Article, bool]]:
    return [
        (a, b, a.event == b.event)
        for a, b in itertools.combinations(articles, 2)
        if a.group == b.group
    ]


def scores(predicted: list[bool], labels: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(predicted, labels, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, labels, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, labels, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def baseline(
    articles: list[Article], pairs: list[tuple[Article, Article, bool]]
) -> tuple[list[bool], float]:
    """TF-IDF cosine with its best threshold on these pairs."""
    index = {a.id: i for i, a in enumerate(articles)}
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(
        [f"{a.title}\n{a.text}" for a in articles]
    )
    cosine = (matrix @ matrix.T).toarray()
    sims = [float(cosine[index[a.id], index[b.id]]) for a, b, _ in pairs]
    labels = [same for _, _, same in pairs]
    best = max((scores([s >= t for s in sims], labels)[2], t) for t in sorted(set(sims)))
    return [s >= best[1] for s in sims], best[1]


def ours_in_process(
    articles: list[Article], pairs: list[tuple[Article, Article, bool]], dates: bool, embed: bool
) -> list[bool]:
    vectors = embedding.embed([f"{a.title}\n{a.text}" for a in articles]) if embed else None
    feats = {
        a.id: dedupe.features(
            a.title,
            a.text,
            a.published if dates else None,
            embed=False,
            vector=vectors[i] if vectors is not None else None,
        )
        for i, a in enumerate(articles)
    }
    out = []
    for a, b, _ in pairs:
        clusters = dedupe.cluster_features([a.id, b.id], [feats[a.id], feats[b.id]])
        out.append(clusters[a.id] == clusters[b.id])
    return out


def ours_via_cli(pairs: list[tuple[Article, Article, bool]], dates: bool) -> list[bool]:
    """Each pair through `chorus dedupe` as its own two-line input (slow: one process each)."""
    out = []
    for a, b, _ in pairs:
        lines = "".join(
            json.dumps(
                {"id": x.id, "title": x.title, "text": x.text}
                | ({"published": x.published.isoformat()} if dates else {})
            )
            + "\n"
            for x in (a, b)
        )
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "chorus.cli", "dedupe"],
            input=lines,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        got = [json.loads(line)["cluster"] for line in result.stdout.splitlines()]
        out.append(got[0] == got[1])
    return out


def batch_clustering(articles: list[Article], dates: bool) -> tuple[float, float, float]:
    """Cluster the whole set at once; pairwise precision/recall over the same pairs."""
    clusters = dedupe.cluster(
        [dedupe.ArticleIn(a.id, a.title, a.text, a.published if dates else None) for a in articles]
    )
    pairs = labelled_pairs(articles)
    predicted = [clusters[a.id] == clusters[b.id] for a, b, _ in pairs]
    return scores(predicted, [same for _, _, same in pairs])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-dates", action="store_true", help="withhold publication dates")
    parser.add_argument("--via-cli", action="store_true", help="run each pair through the CLI")
    parser.add_argument("--show-errors", action="store_true", help="list the pairs we get wrong")
    args = parser.parse_args()
    dates = not args.no_dates

    articles = load()
    pairs = labelled_pairs(articles)
    labels = [same for _, _, same in pairs]
    cross = [a.lang != b.lang for a, b, _ in pairs]
    print(
        f"{len(articles)} articles, {len(pairs)} pairs: {sum(labels)} same story, "
        f"{len(labels) - sum(labels)} same kind of event but another story; "
        f"{sum(cross)} pairs across languages; dates {'given' if dates else 'withheld'}"
    )
    rows: list[tuple[str, list[bool]]] = []
    base, threshold = baseline(articles, pairs)
    rows.append((f"TF-IDF cosine (best threshold {threshold:.3f})", base))
    if args.via_cli:
        rows.append(("chorus dedupe (CLI, per pair)", ours_via_cli(pairs, dates)))
    else:
        rows.append(("chorus dedupe", ours_in_process(articles, pairs, dates, embed=True)))
    rows.append(
        ("chorus dedupe --no-embeddings", ours_in_process(articles, pairs, dates, embed=False))
    )

    print(f"\n{'method':46} {'P':>6} {'R':>6} {'F1':>6}   {'F1 same-lang':>12} {'F1 cross':>9}")
    for name, predicted in rows:
        p, r, f = scores(predicted, labels)
        mono = scores(
            [x for x, c in zip(predicted, cross, strict=True) if not c],
            [x for x, c in zip(labels, cross, strict=True) if not c],
        )[2]
        xl = scores(
            [x for x, c in zip(predicted, cross, strict=True) if c],
            [x for x, c in zip(labels, cross, strict=True) if c],
        )[2]
        print(f"{name:46} {p:6.3f} {r:6.3f} {f:6.3f}   {mono:12.3f} {xl:9.3f}")
    p, r, f = batch_clustering(articles, dates)
    print(f"{'chorus dedupe, whole set in one batch':46} {p:6.3f} {r:6.3f} {f:6.3f}")

    if args.show_errors:
        ours = rows[1][1]
        print("\nPairs we get wrong:")
        for (a, b, same), got in zip(pairs, ours, strict=True):
            if got != same:
                kind = "missed" if same else "wrongly joined"
                print(f"  {kind:15} {a.id} / {b.id}")
    return 0


if __name__ == "__main__":
    np.seterr(all="ignore")
    sys.exit(main())
