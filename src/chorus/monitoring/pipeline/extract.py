"""Full text of a news page: title, body text, language and publication time.

`extract(html)` works in this process and is for tests and benchmarks. Untrusted pages go
through `Extractor`, a small pool of long-lived worker processes, each with an address-space
limit and a per-page wall-clock limit: a page that exceeds either gets an error result and its
worker is replaced, while the other pages carry on. `chorus extract` is the command-line face
(JSON lines in, JSON lines out).

The page's own metadata (title, time, declared language, JSON-LD `articleBody`) is read by
`chorus.monitoring.pipeline.page_metadata`; the body comes from trafilatura and is cleaned of
what news templates put inside the article by `chorus.monitoring.pipeline.article_text`.
eval/extraction/ measures each of these against plain trafilatura.

Never fetches anything: the caller hands the HTML in.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection, wait
from typing import IO, Any

import trafilatura
from lxml import etree

from chorus.monitoring.pipeline.article_text import (
    clean_lines,
    extract_body,
    paragraph_text_chars,
    reconcile_with_article_body,
)
from chorus.monitoring.pipeline.jsonlines import (
    JsonId,
    LineError,
    Output,
    error_line,
    input_lines,
    line_id,
    read_object,
    standard_streams,
    without_lone_surrogates,
)
from chorus.monitoring.pipeline.page_metadata import page_metadata

MAX_PAGE_BYTES = 20 * 1024 * 1024  # bigger than any real article page; refused before parsing
DEFAULT_TIMEOUT_S = 5.0
DEFAULT_MEMORY_MB = 1024
MAX_DEPTH = 256  # libxml2's limit on nested elements (without XML_PARSE_HUGE)
_AT_DEPTH_LIMIT = etree.XPath("boolean(/" + "/".join(["*"] * MAX_DEPTH) + ")")


@dataclass(frozen=True)
class Extracted:
    title: str
    text: str  # the article body, one paragraph (or list item, heading, table row) a line
    language: str  # ISO 639-1, or "und" when unsure
    published: datetime | None  # timezone-aware, UTC


@dataclass(frozen=True)
class ExtractError:
    error: str  # a plain message for the person running the pipeline


# --- Public: one page, in this process ----------------------------------------------------


def extract(html: str | bytes, *, url: str | None = None) -> Extracted:
    """Extract one page in this process, with no limits: use `Extractor` for untrusted input.

    Raises ValueError when the input is empty, too large or not HTML at all.
    """
    if isinstance(html, str):
        # A lone surrogate would stop the parser mid-paragraph: keep the text around it.
        html = without_lone_surrogates(html)
    if not html.strip():
        raise ValueError("the page is empty")
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size > MAX_PAGE_BYTES:
        raise ValueError(f"the page is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ValueError("the input is not an HTML page")
    if _AT_DEPTH_LIMIT(tree):
        # libxml2 stops at this depth and drops the rest of the page without a word; a tree
        # that reaches it may be cut, and a cut page must not pass for the whole article.
        raise ValueError(
            f"the page nests elements {MAX_DEPTH} or more deep, beyond what the parser "
            "reads: the rest of the page would be lost"
        )
    meta = page_metadata(tree)
    title = meta.title
    body_element = tree.find("body")
    paragraph_chars = paragraph_text_chars(body_element) if body_element is not None else 0
    body = extract_body(tree, url, paragraph_chars)
    lines = clean_lines(body.splitlines(), {title, meta.h1, meta.og_title})
    lines = reconcile_with_article_body(lines, meta.article_body)
    text = "\n".join(lines)
    return Extracted(
        title=title,
        text=text,
        language=detect_language(text or title, declared=meta.declared_language),
        published=meta.published,
    )


# --- Language ---------------------------------------------------------------------------------

_IDENTIFIER: Any = None
_MIN_CONFIDENCE = 0.5


def language_identifier() -> Any:
    """The language model, loaded once per process (workers inherit it from the pool's server)."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
        # Deferred: the model is loaded once, by the first caller (the pool's fork server).
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def detect_language(text: str, *, declared: str = "") -> str:
    """ISO 639-1 code of the text; the page's declared language when the text is too unclear."""
    sample = text[:1500]
    if len(sample.strip()) >= 20:
        code, confidence = language_identifier().classify(sample)
        if confidence >= _MIN_CONFIDENCE and re.fullmatch(r"[a-z]{2}", code):
            return str(code)
    primary = re.split(r"[-_]", declared.strip().lower(), maxsplit=1)[0] if declared else ""
    return primary if re.fullmatch(r"[a-z]{2}", primary) else "und"


# --- The isolated pool ------------------------------------------------------------------------

PageInput = tuple[str, str | bytes, str | None]
ExtractFunction = Callable[[str | bytes, str | None], Extracted]


def extract_page(html: str | bytes, url: str | None) -> Extracted:
    """`extract` with a positional signature, as workers call it."""
    return extract(html, url=url)


class _Worker:
    def __init__(self, context: Any, function: ExtractFunction) -> None:
        # Deferred: extract_worker imports this module, and importing it warms up a worker.
        from chorus.monitoring.pipeline import extract_worker

        parent_end, child_end = context.Pipe(duplex=True)
        self.conn: Connection = parent_end
        self.process = context.Process(
            target=extract_worker.serve, args=(child_end, function), daemon=True
        )
        self.process.start()
        child_end.close()
        self.page: tuple[int, str, float] | None = None  # (sequence, page id, deadline)

    def stop(self, *, kill: bool) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class Extractor:
    """A pool of long-lived worker processes that extract pages under hard limits.

        with Extractor(workers=2) as extractor:
            for page_id, result in extractor.extract_many(pages, timeout_s=5, memory_mb=1024):
                ...

    Each worker runs with an address-space limit (RLIMIT_AS) of `memory_mb` and each page gets
    `timeout_s` of wall-clock time; a page over either limit yields an `ExtractError` and its
    worker is killed and replaced. Results come back in input order.
    `extract_function` replaces `extract_page` in the workers (a module-level function).
    """

    def __init__(
        self, workers: int | None = None, *, extract_function: ExtractFunction = extract_page
    ) -> None:
        self.size = max(1, workers or os.cpu_count() or 1)
        self._function = extract_function
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        if "forkserver" in methods:
            # Workers fork from a server that has already imported trafilatura and loaded the
            # language model, so replacing a killed worker costs milliseconds, not seconds.
            self._context.set_forkserver_preload(["chorus.monitoring.pipeline.extract_worker"])
        self._workers: list[_Worker] = []
        self.restarts = 0

    def __enter__(self) -> Extractor:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        while len(self._workers) < self.size:
            self._workers.append(_Worker(self._context, self._function))

    def close(self) -> None:
        for worker in self._workers:
            worker.stop(kill=worker.page is not None)
        self._workers = []

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop(kill=True)
        fresh = _Worker(self._context, self._function)
        self._workers[self._workers.index(worker)] = fresh
        self.restarts += 1
        return fresh

    def _collect(
        self,
        busy: list[_Worker],
        finished: dict[int, tuple[str, Extracted | ExtractError]],
        timeout_s: float,
    ) -> None:
        """Wait for the first answer or deadline among busy workers; replace failed workers."""
        deadlines = [w.page[2] for w in busy if w.page is not None]
        ready = set(
            wait([w.conn for w in busy], timeout=max(0.0, min(deadlines) - time.monotonic()))
        )
        now = time.monotonic()
        for worker in busy:
            if worker.page is None:
                continue
            seq, page_id, deadline = worker.page
            if worker.conn in ready:
                try:
                    seq, result, healthy = worker.conn.recv()
                except (EOFError, OSError):
                    result = ExtractError("the extraction worker stopped (memory limit or crash)")
                    healthy = False
                worker.page = None
                finished[seq] = (page_id, result)
                if not healthy:
                    self._replace(worker)
            elif now >= deadline:
                worker.page = None
                finished[seq] = (
                    page_id,
                    ExtractError(f"extraction took longer than {timeout_s:g} s"),
                )
                self._replace(worker)

    def extract_many(
        self,
        pages: Iterable[PageInput],
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        memory_mb: int = DEFAULT_MEMORY_MB,
    ) -> Iterator[tuple[str, Extracted | ExtractError]]:
        """Extract `(id, html, url)` pages in the workers; yields `(id, result)` in input order."""
        self.start()
        source = iter(pages)
        exhausted = False
        finished: dict[int, tuple[str, Extracted | ExtractError]] = {}
        next_seq = next_out = 0
        # Results held back behind a slow page are bounded: stop reading input past this.
        max_waiting = 8 * self.size + 16
        try:
            while True:
                for index in range(len(self._workers)):
                    worker = self._workers[index]
                    if exhausted or len(finished) >= max_waiting:
                        break
                    if worker.page is not None:
                        continue
                    try:
                        page_id, html, url = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    seq, next_seq = next_seq, next_seq + 1
                    if len(html) > MAX_PAGE_BYTES:
                        limit = MAX_PAGE_BYTES // (1024 * 1024)
                        finished[seq] = (
                            page_id,
                            ExtractError(f"the page is larger than {limit} MB"),
                        )
                        continue
                    if not worker.process.is_alive():
                        worker = self._replace(worker)
                    try:
                        worker.conn.send((seq, html, url, memory_mb))
                    except OSError:
                        finished[seq] = (page_id, ExtractError("the extraction worker stopped"))
                        self._replace(worker)
                        continue
                    worker.page = (seq, page_id, time.monotonic() + timeout_s)
                while next_out in finished:
                    yield finished.pop(next_out)
                    next_out += 1
                busy = [w for w in self._workers if w.page is not None]
                if busy:
                    self._collect(busy, finished, timeout_s)
                elif exhausted and not finished:
                    return
        finally:
            # Stopped early by the consumer: workers still busy would answer the next call.
            for worker in list(self._workers):
                if worker.page is not None:
                    worker.page = None
                    self._replace(worker)


# --- Command-line face ------------------------------------------------------------------------

CLI_DESCRIPTION = """\
Read pages as JSON lines on standard input, one {"id", "html", "url"?} object a line, and
write one JSON line per page on standard output, in input order:
{"id", "title", "text", "language", "published"?} ("published" is ISO 8601 UTC and only
present when the page gives a date; "language" is ISO 639-1, or "und" when unsure), or
{"id", "error"} for a page that could not be extracted or a line that is not a valid page.
An id is a non-empty string or an integer. Lines end at "\\n" only; blank lines are
skipped. Each page runs in a worker process with a wall-clock and a memory limit; a page
over either gets an error line and the others carry on."""


def _output(page_id: JsonId, result: Extracted | ExtractError) -> dict[str, Any]:
    if isinstance(result, ExtractError):
        return {"id": page_id, "error": result.error}
    out: dict[str, Any] = {
        "id": page_id,
        "title": result.title,
        "text": result.text,
        "language": result.language,
    }
    if result.published is not None:
        out["published"] = result.published.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return out


def _parse_line(raw: bytes) -> tuple[JsonId, str, str | None]:
    """(id, html, url) of one input line; LineError with a plain message otherwise."""
    data = read_object(raw)
    page_id = line_id(data)
    html = data.get("html")
    if not isinstance(html, str) or not html.strip():
        raise LineError('"html" must be a non-empty string', page_id)
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        raise LineError('"url" must be a string', page_id)
    return page_id, without_lone_surrogates(html), url and without_lone_surrogates(url)


def extract_lines(
    lines: Iterable[bytes],
    out: Output,
    extractor: Extractor,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> None:
    """Answer every line with one record, in input order (the body of `chorus extract`)."""
    # Lines that are not pages are answered in place: they wait in `bad` until every page
    # before them has been written, so the output keeps the input's order.
    bad: dict[int, dict[str, Any]] = {}
    ids: dict[str, JsonId] = {}
    written = 0

    def flush_bad(before: int) -> None:
        nonlocal written
        while written < before:
            out.write(bad.pop(written))
            written += 1

    def pages() -> Iterator[PageInput]:
        for number, raw in enumerate(lines):
            try:
                page_id, html, url = _parse_line(raw)
            except LineError as exc:
                bad[number] = error_line(exc)
                continue
            ids[str(number)] = page_id
            yield str(number), html, url

    for key, result in extractor.extract_many(pages(), timeout_s=timeout_s, memory_mb=memory_mb):
        number = int(key)
        flush_bad(number)
        out.write(_output(ids.pop(key), result))
        written = number + 1
    flush_bad(max(bad, default=-1) + 1)


def cli_main(
    argv: list[str], stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None
) -> int:
    parser = argparse.ArgumentParser(
        prog="chorus extract",
        description=CLI_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help=f"seconds allowed per page (default: {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument(
        "--memory-mb",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help=f"address-space limit of each worker in MB (default: {DEFAULT_MEMORY_MB})",
    )
    args = parser.parse_args(argv)
    if args.workers < 1 or args.timeout <= 0 or args.memory_mb < 64:
        parser.error("--workers must be at least 1, --timeout above 0, --memory-mb at least 64")
    source, sink = standard_streams(stdin, stdout)
    try:
        with Extractor(args.workers) as extractor:
            extract_lines(
                input_lines(source),
                Output(sink, flush_each=True),
                extractor,
                timeout_s=args.timeout,
                memory_mb=args.memory_mb,
            )
    except OSError as exc:
        print(f"chorus extract: could not read the input: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
