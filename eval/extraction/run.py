"""Score full-text extraction against plain trafilatura on real and synthetic pages.

    .venv/bin/python eval/extraction/run.py [--via-cli] [--count-comments] [--by-page]
        [--trafilatura-sdist PATH] [--skip-real] [--skip-synthetic]

Two sets, reported apart (see README.md beside this file for sources and licences):

real       the 81 web pages (20 of them news) that trafilatura's own evaluation annotates
           with snippets that must appear in the text ("with") and must not ("without").
           The pages come from the trafilatura 1.0.0 source distribution on PyPI, which is
           downloaded with pip the first time into ~/.cache/chorus-eval (or given with
           --trafilatura-sdist); the snippets are in trafilatura_snippets.json. Scored as
           trafilatura scores itself: a snippet found counts as a true positive ("with") or
           a false positive ("without"), then precision, recall and F1 over all snippets.
synthetic  66 invented pages in the shape of UK and European news templates (synthetic.py),
           with a gold article text each. Scored like the ScrapingHub article-extraction
           benchmark: precision and recall of word 4-gram shingles against the gold text,
           averaged over pages, and F1 of the averages.

The baseline is `trafilatura.extract(html)` with its default options; ours is
`chorus.roundup.pipeline.extract.extract(html, url=url)`, or with --via-cli the `chorus
extract` command (JSON lines through the isolated worker pool), which must give the same text.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from trafilatura.utils import decode_file

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

from chorus.roundup.pipeline.extract import extract  # noqa: E402

SDIST = "trafilatura==1.0.0"
SDIST_NAME = "trafilatura-1.0.0.tar.gz"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "chorus-eval"

Page = tuple[str, str | bytes, str | None]
Extractor = Callable[[list[Page]], dict[str, str]]


# --- Extractors under comparison -----------------------------------------------------------


def baseline(pages: list[Page]) -> dict[str, str]:
    return {page_id: trafilatura.extract(html) or "" for page_id, html, _url in pages}


def ours(pages: list[Page]) -> dict[str, str]:
    return {page_id: extract(html, url=url).text for page_id, html, url in pages}


def ours_via_cli(pages: list[Page]) -> dict[str, str]:
    lines = []
    for page_id, html, url in pages:
        # JSON carries text: decode each page by its own declared or detected charset first.
        text = decode_file(html) if isinstance(html, bytes) else html
        lines.append(json.dumps({"id": page_id, "html": text, "url": url}))
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "chorus.cli", "extract"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    out = [json.loads(line) for line in done.stdout.splitlines()]
    return {item["id"]: item.get("text", "") for item in out}


# --- Real pages: trafilatura's snippet evaluation ----------------------------------------------


def real_pages(sdist: Path | None) -> tuple[dict, dict[str, bytes]]:
    snippets = json.loads((HERE / "trafilatura_snippets.json").read_text(encoding="utf-8"))
    path = sdist or _download_sdist()
    wanted = {entry["file"] for entry in snippets["pages"]}
    found: dict[str, bytes] = {}
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if "/tests/cache/" in member.name and name in wanted:
                handle = archive.extractfile(member)
                if handle is not None:
                    found[name] = handle.read()
    missing = wanted - set(found)
    if missing:
        raise SystemExit(f"{path} lacks {len(missing)} pages, e.g. {sorted(missing)[:3]}")
    return snippets, found


def _download_sdist() -> Path:
    target = CACHE / SDIST_NAME
    if target.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    candidates = [str(REPO / ".bootstrap" / "bin" / "pip"), "pip3", "pip"]
    pip = next((c for c in candidates if shutil.which(c) or Path(c).exists()), None)
    if pip is None:
        raise SystemExit(f"no pip to download {SDIST}: pass --trafilatura-sdist PATH")
    subprocess.run(  # noqa: S603
        [pip, "download", "--no-deps", "--no-binary", ":all:", SDIST, "-d", str(CACHE)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


@dataclass
class SnippetScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def line(self) -> str:
        precision = self.tp / ((self.tp + self.fp) or 1)
        recall = self.tp / ((self.tp + self.fn) or 1)
        f1 = 2 * precision * recall / ((precision + recall) or 1)
        accuracy = (self.tp + self.tn) / ((self.tp + self.tn + self.fp + self.fn) or 1)
        return f"precision={precision:.3f} recall={recall:.3f} F1={f1:.3f} accuracy={accuracy:.3f}"


def _squash(text: str) -> str:
    return " ".join(text.split())


def score_snippets(
    snippets: dict, texts: dict[str, str], files: set[str] | None, count_comments: bool
) -> tuple[SnippetScore, list[str]]:
    score, notes = SnippetScore(), []
    for entry in snippets["pages"]:
        if files is not None and entry["file"] not in files:
            continue
        text = _squash(texts[entry["file"]])
        skip = set() if count_comments else set(entry.get("with_in_comments", []))
        for snippet in entry["with"]:
            if snippet in skip:
                continue
            if _squash(snippet) in text:
                score.tp += 1
            else:
                score.fn += 1
                notes.append(f"  missed  {entry['file']}: {snippet!r}")
        for snippet in entry["without"]:
            if _squash(snippet) in text:
                score.fp += 1
                notes.append(f"  kept    {entry['file']}: {snippet!r}")
            else:
                score.tn += 1
    return score, notes


# --- Synthetic pages: shingle precision and recall against gold text ------------------------

_TOKEN = re.compile(r"\w+")


def shingle_counts(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens
    )


def precision_recall(gold: str, predicted: str) -> tuple[float, float]:
    true, pred = shingle_counts(gold), shingle_counts(predicted)
    tp = sum((true & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


def shingle_line(pairs: Sequence[tuple[float, float]]) -> str:
    precision = statistics.mean(p for p, _ in pairs)
    recall = statistics.mean(r for _, r in pairs)
    f1 = 2 * precision * recall / ((precision + recall) or 1)
    return f"precision={precision:.3f} recall={recall:.3f} F1={f1:.3f}"


# --- Report ----------------------------------------------------------------------------------


def timed(function: Extractor, pages: list[Page]) -> tuple:
    started = time.perf_counter()
    texts = function(pages)
    return texts, (time.perf_counter() - started) / max(1, len(pages)) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--via-cli", action="store_true", help="run ours through chorus extract")
    parser.add_argument(
        "--count-comments",
        action="store_true",
        help="count 'with' snippets that sit in reader comments (trafilatura's own rule)",
    )
    parser.add_argument("--by-page", action="store_true", help="list every miss and every kept")
    parser.add_argument("--trafilatura-sdist", type=Path, help="trafilatura-1.0.0.tar.gz")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args(argv)
    systems: list[tuple[str, Extractor]] = [
        ("trafilatura", baseline),
        ("chorus (cli)" if args.via_cli else "chorus", ours_via_cli if args.via_cli else ours),
    ]

    if not args.skip_real:
        snippets, raw = real_pages(args.trafilatura_sdist)
        urls = {entry["file"]: entry.get("url") for entry in snippets["pages"]}
        pages: list[Page] = [(name, raw[name], urls[name]) for name in sorted(raw)]
        news = set(snippets["news"])
        rule = "comment snippets counted" if args.count_comments else "comment snippets left out"
        print(f"Real pages (trafilatura evaluation snippets, {len(pages)} pages, {rule})")
        for label, function in systems:
            texts, ms = timed(function, pages)
            all_score, notes = score_snippets(snippets, texts, None, args.count_comments)
            news_score, _ = score_snippets(snippets, texts, news, args.count_comments)
            print(f"  {label:<13} all : {all_score.line()}   ({ms:.1f} ms/page)")
            print(f"  {label:<13} news: {news_score.line()}   ({len(news)} pages)")
            if args.by_page:
                print("\n".join(notes))

    if not args.skip_synthetic:
        pages_s = synthetic.pages()
        gold = {page.id: page.gold for page in pages_s}
        inputs: list[Page] = [(page.id, page.html, page.url) for page in pages_s]
        print(f"Synthetic pages (invented UK/EU news templates, {len(pages_s)} pages, 4-gram F1)")
        for label, function in systems:
            texts, ms = timed(function, inputs)
            pairs = [precision_recall(gold[pid], texts[pid]) for pid in gold]
            print(f"  {label:<13} {shingle_line(pairs)}   ({ms:.1f} ms/page)")
            if args.by_page:
                by_template: dict[str, list[tuple[float, float]]] = {}
                for page, pair in zip(pages_s, pairs, strict=True):
                    by_template.setdefault(page.template, []).append(pair)
                for template, template_pairs in by_template.items():
                    print(f"    {template:<18} {shingle_line(template_pairs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
