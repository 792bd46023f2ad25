"""Evaluate relevance to migration (default rules, no learned model) against a keyword baseline.

    .venv/bin/python eval/relevance/run.py [--show-errors]

`test.jsonl` holds short invented news items (headline and first lines), half about
migration, half not, many of the latter chosen to trip keyword matching (bird migration, Visa
cards, cross-Channel ferries and swims, a Victorian asylum, "Border" collies). The baseline
calls an item relevant when it contains any of a list of migration keywords; its ROC-AUC is
computed from how many keyword hits an item has.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from chorus.roundup.pipeline.classify import classify

HERE = Path(__file__).resolve().parent
KEYWORDS = (
    "migra",
    "immigra",
    "refugee",
    "asylum",
    "deport",
    "visa",
    "border",
    "channel",
    "small boat",
    "home office",
)


def keyword_hits(text: str) -> int:
    lowered = text.lower()
    return sum(lowered.count(keyword) for keyword in KEYWORDS)


def scores(labels: np.ndarray, predicted: np.ndarray) -> str:
    tp = int(np.sum(predicted & labels))
    fp = int(np.sum(predicted & ~labels))
    fn = int(np.sum(~predicted & labels))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = float(np.mean(predicted == labels))
    return f"accuracy {accuracy:.3f}  precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    with open(HERE / "test.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    labels = np.array([row["relevant"] for row in rows])
    results = [classify(row["title"], row["text"]) for row in rows]
    ours = np.array([r.relevance for r in results])
    hits = np.array([keyword_hits(row["title"] + " " + row["text"]) for row in rows])

    print(f"{len(rows)} items, {int(labels.sum())} relevant")
    print(
        f"Chorus rules       ROC-AUC {roc_auc_score(labels, ours):.3f}  "
        + scores(labels, ours >= 0.5)
    )
    print(
        f"keyword baseline   ROC-AUC {roc_auc_score(labels, hits):.3f}  " + scores(labels, hits > 0)
    )
    if args.show_errors:
        for row, result, hit in zip(rows, results, hits, strict=True):
            if result.relevant != row["relevant"]:
                print(f"  Chorus wrong ({result.relevance:.2f}): {row['title']}")
            if (hit > 0) != row["relevant"]:
                print(f"  keywords wrong ({hit} hits): {row['title']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
