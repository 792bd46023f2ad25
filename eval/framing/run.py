"""Evaluate hostile-framing detection against VADER sentiment on labelled short statements.

    .venv/bin/python eval/framing/run.py [--set test|dev] [--via-cli] [--show-errors]

Each line of `test.jsonl` / `dev.jsonl` is a statement labelled "hostile" (hostile to
migrants), "counter" (a counter-argument, often quoting or rebutting a hostile claim, some
angry in tone) or "neutral" (a news sentence). See README.md for how they were written.

Two tasks: hostile vs counter-arguments (the hard one), and hostile vs everything else.
Ours is `framing.hostile` from `chorus classify`, thresholded at its fixed 0.5. The baselines
are VADER's negative score and its compound score (negated, so that higher means more
negative); their accuracy is given at the threshold that suits them best on these very
statements, which favours them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from chorus.roundup.pipeline.classify import classify

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def load(name: str) -> list[dict]:
    with open(HERE / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ours_direct(rows: list[dict]) -> tuple[list[float], float]:
    start = time.perf_counter()
    scores = [classify("", row["text"]).framing.hostile for row in rows]
    return scores, (time.perf_counter() - start) / len(rows)


def ours_via_cli(rows: list[dict]) -> tuple[list[float], float]:
    lines = "".join(
        json.dumps({"id": row["id"], "title": "", "text": row["text"]}) + "\n" for row in rows
    )
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [str(ROOT / ".venv/bin/python"), "-m", "chorus.cli", "classify"],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    elapsed = (time.perf_counter() - start) / len(rows)
    by_id = {}
    for line in done.stdout.splitlines():
        out = json.loads(line)
        by_id[out["id"]] = out["framing"]["hostile"]
    return [by_id[row["id"]] for row in rows], elapsed


def best_accuracy(labels: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """Best accuracy over all thresholds, and the threshold that gives it."""
    best, at = 0.0, 0.0
    for threshold in np.unique(np.concatenate([scores, [np.inf]])):
        accuracy = float(np.mean((scores >= threshold) == labels))
        if accuracy > best:
            best, at = accuracy, float(threshold)
    return best, at


def report(name: str, labels: np.ndarray, systems: dict[str, np.ndarray]) -> None:
    print(f"\n{name}: {int(labels.sum())} hostile, {int((~labels).sum())} other")
    print(f"  {'system':<28} {'ROC-AUC':>8} {'accuracy':>9}  threshold")
    for system, scores in systems.items():
        auc = roc_auc_score(labels, scores)
        if system.startswith("Chorus"):
            accuracy, threshold = float(np.mean((scores >= 0.5) == labels)), 0.5
            note = "fixed"
        else:
            accuracy, threshold = best_accuracy(labels, scores)
            note = "best for it on this set"
        print(f"  {system:<28} {auc:8.3f} {accuracy:9.3f}  {threshold:.3f} ({note})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["test", "holdout", "dev"], default="test")
    parser.add_argument("--via-cli", action="store_true", help="score through `chorus classify`")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()

    rows = load(args.set)
    ours, per_item = ours_via_cli(rows) if args.via_cli else ours_direct(rows)
    analyser = SentimentIntensityAnalyzer()
    vader = [analyser.polarity_scores(row["text"]) for row in rows]
    label = np.array([row["label"] for row in rows])
    systems = {
        "Chorus framing.hostile": np.array(ours),
        "VADER negative": np.array([v["neg"] for v in vader]),
        "VADER compound (negated)": np.array([-v["compound"] for v in vader]),
    }
    print(f"{args.set}.jsonl: {len(rows)} statements ({', '.join(sorted(set(label)))})")
    print(
        f"Chorus: {per_item * 1000:.2f} ms a statement {'through the CLI' if args.via_cli else ''}"
    )

    pair = label != "neutral"
    report(
        "hostile vs counter-arguments",
        label[pair] == "hostile",
        {name: scores[pair] for name, scores in systems.items()},
    )
    report("hostile vs counter-arguments and neutral news", label == "hostile", systems)

    print("\ncounter-arguments by kind (share Chorus scores >= 0.5, i.e. wrongly hostile):")
    for tag in ("quotes", "angry", "plain"):
        chosen = [
            score
            for row, score in zip(rows, ours, strict=True)
            if row["label"] == "counter" and tag in row["tags"]
        ]
        if chosen:
            wrong = sum(score >= 0.5 for score in chosen)
            print(f"  {tag:<7} {len(chosen):3d} statements, {wrong} wrongly hostile")

    if args.show_errors:
        print("\nmisclassified at 0.5:")
        for row, score in zip(rows, ours, strict=True):
            if (score >= 0.5) != (row["label"] == "hostile"):
                print(f"  {row['label']:<8} {score:.2f}  {row['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
