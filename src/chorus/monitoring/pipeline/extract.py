"""Full text of a news page: title, body text, language and publication time.

`extract(html)` works in this process and is for tests and benchmarks. Untrusted pages go
through `Extractor`, a small pool of long-lived worker processes, each with an address-space
limit and a per-page wall-clock limit: a page that exceeds either gets an error result and its
worker is replaced, while the other pages carry on. `chorus extract` is the command-line face
(JSON lines in, JSON lines out).

The body comes from trafilatura without reader comments, through its fast path first and its
slower fallbacks only when that result looks wrong. The lines it returns are then cleaned of
what news templates put inside the article: headline repeats, bylines, datelines, captions,
"read more"/"related" link lists, newsletter and app promos, author-bio tails and pull quotes.
When the page carries its own article text as JSON-LD `articleBody`, that text replaces a
poor extraction or filters out lines the publisher does not count as the article.
eval/extraction/ measures each of these against plain trafilatura.

Never fetches anything: the caller hands the HTML in.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import multiprocessing
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from multiprocessing.connection import Connection, wait
from typing import Any

import trafilatura
from lxml.etree import XPath
from lxml.html import HtmlElement

MAX_PAGE_BYTES = 20 * 1024 * 1024  # bigger than any real article page; refused before parsing
DEFAULT_TIMEOUT_S = 5.0
DEFAULT_MEMORY_MB = 1024


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
    if not html.strip():
        raise ValueError("the page is empty")
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size > MAX_PAGE_BYTES:
        raise ValueError(f"the page is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB")
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ValueError("the input is not an HTML page")
    meta = _page_metadata(tree)
    title = meta.title
    body_element = tree.find("body")
    paragraph_chars = _paragraph_chars(body_element) if body_element is not None else 0
    body = _extract_body(tree, url, paragraph_chars)
    lines = _clean_lines(body.splitlines(), {title, meta.h1, meta.og_title})
    lines = _reconcile_with_article_body(lines, meta.article_body)
    text = "\n".join(lines)
    return Extracted(
        title=title,
        text=text,
        language=detect_language(text or title, declared=meta.declared_language),
        published=meta.published,
    )


# --- Page metadata ------------------------------------------------------------------------


@dataclass
class _Meta:
    title: str
    h1: str
    og_title: str
    published: datetime | None
    declared_language: str
    article_body: str


_ARTICLE_TYPES = {"BlogPosting", "LiveBlogPosting", "Report", "SocialMediaPosting"}
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publish-date",
    "publish_date",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-:\u00b7\u2022]\s+")


def _page_metadata(tree: HtmlElement) -> _Meta:
    article = _json_ld_article(tree)
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in metas:
            metas[key] = content.strip()
        if (el.get("http-equiv") or "").lower() == "content-language" and content:
            metas.setdefault("content-language", content)

    h1 = ""
    for el in tree.iter("h1"):
        h1 = _squash(el.text_content())
        if h1:
            break
    og_title = _squash(metas.get("og:title", "") or metas.get("twitter:title", ""))
    html_title = ""
    for el in tree.iter("title"):
        html_title = _squash(el.text_content())
        break
    headline = _squash(_as_text(article.get("headline")) or _as_text(article.get("name")))
    title = headline or og_title or h1 or _strip_site_name(html_title)

    published = _parse_datetime(_as_text(article.get("datePublished")))
    for key in _PUBLISHED_META:
        if published is None and key in metas:
            published = _parse_datetime(metas[key])
    if published is None:
        for el in tree.iter("time"):
            published = _parse_datetime(el.get("datetime") or "")
            if published is not None:
                break

    declared = (
        _as_text(article.get("inLanguage"))
        or (tree.get("lang") or "")
        or metas.get("og:locale", "")
        or metas.get("content-language", "")
    )
    body = ""
    if article.get("isAccessibleForFree") not in (False, "False", "false"):
        body = _as_text(article.get("articleBody"))
    return _Meta(
        title=title,
        h1=h1,
        og_title=og_title,
        published=published,
        declared_language=declared,
        article_body=body,
    )


def _json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The page's schema.org article object (NewsArticle, BlogPosting, …), or {}."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        found = _find_article(data, depth=0)
        if found:
            return found
    return {}


def _find_article(data: Any, depth: int) -> dict[str, Any] | None:
    if depth > 4:
        return None
    if isinstance(data, list):
        for item in data:
            found = _find_article(item, depth + 1)
            if found:
                return found
        return None
    if not isinstance(data, dict):
        return None
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and (k.endswith("Article") or k in _ARTICLE_TYPES) for k in kinds):
        return data
    for key in ("@graph", "mainEntity", "mainEntityOfPage"):
        if key in data:
            found = _find_article(data[key], depth + 1)
            if found:
                return found
    return None


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return html_lib.unescape(value).strip()
    if isinstance(value, list) and value:
        return _as_text(value[0])
    if isinstance(value, dict):
        return _as_text(value.get("@value") or value.get("name") or "")
    return ""


def _strip_site_name(title: str) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    return max(parts, key=len).strip() if len(parts) > 1 else title


def _parse_datetime(value: str) -> datetime | None:
    """ISO 8601 or RFC 2822 to an aware UTC datetime; a time without a zone is taken as UTC."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if not match:
            return None
        try:
            parsed = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    if not 1990 <= parsed.year or parsed > datetime.now(UTC) + timedelta(days=2):
        return None
    return parsed


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- The article body ------------------------------------------------------------------------

_PARAGRAPH_TEXT = XPath(".//p//text()")


def _paragraph_chars(el: HtmlElement) -> int:
    return sum(map(len, _PARAGRAPH_TEXT(el)))


# Pages where trafilatura's fast path finds little (under 1000 characters, or under 40% of the
# page's paragraph text), or far more than the page's paragraphs hold (teaser lists), are run
# again with its fallbacks (readability and jusText compared). On the trafilatura evaluation
# pages the fast path and the full run differ only on such pages, and the full run costs
# twice as much.
_SHORT_EXTRACTION = 1000
_LOW_SHARE = 0.4
_HIGH_SHARE = 2.5


def _extract_body(tree: HtmlElement, url: str | None, paragraph_chars: int) -> str:
    options: dict[str, Any] = {
        "url": url,
        "include_comments": False,
        "include_tables": True,
        "include_images": False,
        "output_format": "txt",
    }
    text = trafilatura.extract(tree, fast=True, **options) or ""
    if (
        len(text) < _SHORT_EXTRACTION
        or len(text) < _LOW_SHARE * paragraph_chars
        or (paragraph_chars >= 500 and len(text) > _HIGH_SHARE * paragraph_chars)
    ):
        text = trafilatura.extract(tree, fast=False, **options) or text
    return text


# --- Boilerplate lines ------------------------------------------------------------------------

_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        (?:read|see)\s+(?:more|also)\b.{0,200}
      | (?:more\s+on\s+this\s+story|related(?:\s+(?:topics|articles|stories|content|links))?
          |you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?|most\s+(?:read|viewed|popular)
          |top\s+stories|latest\s+stories|around\s+the\s+web|explore\s+more\s+on\s+these\s+topics
          |share\s+this(?:\s+(?:article|story|page))?:?|share|like\s+this:?|comments?
          |advertisement|advert|sponsored(?:\s+content)?|promoted(?:\s+(?:stories|content))?
          |(?:à\s+)?lire\s+aussi|lesen\s+sie\s+auch|mehr\s+zum\s+thema
          |story\s+continues\s+below(?:\s+this\s+ad)?|continue\s+reading(?:\s+below)?
        )\W*
      | (?:image|picture|photo|video)(?:\s+(?:caption|source))?\s*[,:].{0,200}
      | (?:foto|fotos|bild|beitragsbild|titelbild|bildquelle|crédit\s+photo|photo\s+credit)
          \s*:.{0,200}
      | (?:©|\(c\)|copyright\b).{0,200}
      | (?:click|tap)\s+here\b.{0,200}
      | (?:listen|watch)(?:\s+now)?\s*:.{0,200}
      | have\s+you\s+got\s+a\s+story.{0,200}
      | got\s+a\s+(?:story|news\s+tip).{0,200}
      | please\s+(?:use\s+chrome\s+browser|enable\s+javascript).{0,200}
      | dieses\s+thema\s+im\s+programm.{0,200}
      | il\s+vous\s+reste\s+\d.{0,200}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BOILERPLATE_PHRASE = re.compile(
    r"""
        \b(?:sign\s*up|subscribe|register)\b.{0,80}\b(?:newsletter|email|inbox|alerts?|briefing)s?\b
      | \bnewsletters?\b.{0,60}\b(?:sign\s*up|subscribe|privacy\s+notice|inbox)\b
      | \b(?:straight|direct(?:ly)?)\s+to\s+your\s+(?:inbox|phone)\b
      | \bfollow\s+(?:us|[\w\s]{1,40}?\s+on\s+(?:whatsapp|twitter|x|facebook|instagram|tiktok
            |telegram|threads|bluesky|google\s+news))\b
      | \bjoin\s+our\s+(?:whatsapp|telegram)\b
      | \bwhatsapp\s+(?:community|channel)\b
      | \bdownload\s+(?:the|our)\s+(?:free\s+)?app\b
      | \bsupport\s+(?:truly\s+)?independent\s+journalism\b
      | \b(?:make\s+a\s+(?:contribution|donation)|become\s+a\s+(?:member|subscriber|supporter))\b
      | \bwe\s+(?:and\s+our\s+partners\s+)?use\s+cookies\b
      | \ball\s+rights\s+reserved\b
      | \b(?:listen\s+to|subscribe\s+to)\s+(?:our|the)\s+(?:latest\s+)?podcasts?\b
      | \bla\s+suite\s+est\s+réservée\s+aux\s+abonnés\b
      | \(\s*(?:image|picture|photo|credit)s?\s*:[^)]*\)\s*$
      | \b(?:photograph|photo|picture|image|illustration)s?\s*:\s*[^.]{1,80}$
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SHORT_LINE = 220  # phrase rules only touch lines this short: real paragraphs may say "newsletter"


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


# "You may also like:", "Auch interessant:": a header that opens a list of links to other
# articles. The header and the short lines or list items right after it go.
_RELATED_HEADER = re.compile(
    r"""^(?:you\s+(?:may|might)\s+also\s+(?:like|be\s+interested(?:\s+in)?)|related(?:\s+\w+)?
      |more\s+(?:from|on)\b.{0,40}|(?:das\s+)?(?:thema\s+)?könnte\s+dich\s+auch\s+interessieren
      |auch\s+interessant|das\s+könnte\s+sie\s+auch\s+interessieren|weitere\s+artikel
      |ähnliche\s+(?:beiträge|artikel)|à\s+lire\s+(?:aussi|également)|sur\s+le\s+même\s+sujet
    )\s*:?\s*(?:\.{3}|…)?$""",
    re.IGNORECASE | re.VERBOSE,
)
# A dateline or time stamp on its own line: "23.10.2018", "24 March 2004, 19:49 | Genesis".
_DATE_OR_TIME = re.compile(
    r"\b(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?"
    r"|\d{1,2}\.?\s+[A-Za-zäéû]{3,9}\.?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})\b",
    re.IGNORECASE,
)


# "By Jane Ferrow, BBC News": a byline that ended up as a line of its own.
_BYLINE = re.compile(r"^(?:By|Von|Par|Por|Di)\s+[A-ZÀ-ÖØ-Þ]")


def _is_byline(line: str) -> bool:
    return len(line) <= 90 and bool(_BYLINE.match(line)) and not line.endswith((".", "?", "!"))


def _is_dateline(line: str) -> bool:
    if len(line) > 60 or not _DATE_OR_TIME.search(line):
        return False
    rest = _DATE_OR_TIME.sub(" ", line)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) <= 3 and not rest.rstrip().endswith(
        (".", "?", "!")
    )


# "About the author" and the like, near the end: the bio that follows is not the article.
_AUTHOR_HEADER = re.compile(
    r"^(?:about\s+the\s+authors?|the\s+authors?|authors?|autor(?:in|en)?|über\s+(?:den|die)\s+"
    r"autor(?:in)?|zur\s+person|l['’]auteur(?:e)?|à\s+propos\s+de\s+l['’]auteur)\s*:?$",
    re.IGNORECASE,
)


def _clean_lines(lines: list[str], titles: set[str]) -> list[str]:
    """Drop headline repeats, boilerplate lines, datelines, related-link lists and repeats."""
    lines = [line for line in lines if line.strip()]
    for i in range(max(0, len(lines) - 4), len(lines)):
        if _AUTHOR_HEADER.match(lines[i].strip()):
            lines = lines[:i]
            break
    title_keys = {_normalised(t) for t in titles if t}
    kept: list[str] = []
    in_related_list = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        bare = line.lstrip("-*\u2022 ").strip()
        if in_related_list:
            if line.startswith(("-", "*", "\u2022")) or (
                len(bare) < 120 and not bare.endswith((".", "!", "?", "\u201d", '"'))
            ):
                continue
            in_related_list = False
        key = _normalised(bare)
        if not key or key in title_keys:
            continue
        if _RELATED_HEADER.match(bare):
            in_related_list = True
            continue
        if _BOILERPLATE_LINE.match(bare) or _is_dateline(bare) or _is_byline(bare):
            continue
        if len(bare) <= _SHORT_LINE and _BOILERPLATE_PHRASE.search(bare):
            continue
        kept.append(line)
    return _drop_repeats(kept)


def _drop_repeats(lines: list[str]) -> list[str]:
    """Keep the first of repeated lines and drop long lines found inside another (pull quotes)."""
    keys = [_normalised(line) for line in lines]
    everything = "\n".join(keys)
    seen: set[str] = set()
    out: list[str] = []
    for line, key in zip(lines, keys, strict=True):
        if key in seen:
            continue
        seen.add(key)
        # Found twice in the joined text: either repeated (kept once above) or inside a longer
        # line. Short lines ("Photo", a one-word heading) may legitimately recur.
        if len(key) >= 40 and everything.count(key) > keys.count(key):
            continue
        out.append(line)
    return out


# --- The publisher's own article text (JSON-LD articleBody) --------------------------------


def _shingles(tokens: list[str], size: int = 4) -> set[tuple[str, ...]]:
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


def _reconcile_with_article_body(lines: list[str], article_body: str) -> list[str]:
    """Use the page's own articleBody to fill a poor extraction or to filter a noisy one.

    Many publishers put the full article text in JSON-LD; some put a teaser or the first
    paragraphs there (paywalls), or HTML. The body only counts when it is long; it replaces the
    extraction when the extraction covers little of it, and it filters the extraction (lines
    that share almost nothing with it go) only when it covers most of the extraction.
    """
    if not article_body:
        return lines
    if "<" in article_body and ">" in article_body:
        article_body = re.sub(r"<[^>]+>", " ", article_body)
    ld_tokens = _tokens(article_body)
    if len(ld_tokens) < 60:
        return lines
    ld_shingles = _shingles(ld_tokens)
    line_tokens = [_tokens(line) for line in lines]
    ext_shingles: set[tuple[str, ...]] = set()
    for tokens in line_tokens:
        ext_shingles |= _shingles(tokens)
    found_of_ld = len(ld_shingles & ext_shingles) / len(ld_shingles)
    if found_of_ld < 0.5 and len(ld_tokens) > 1.2 * sum(map(len, line_tokens)):
        return _paragraphs(article_body)
    found_of_ext = len(ld_shingles & ext_shingles) / (len(ext_shingles) or 1)
    if found_of_ext < 0.6 or found_of_ld < 0.8:
        return lines
    ld_words = set(ld_tokens)
    kept = []
    for line, tokens in zip(lines, line_tokens, strict=True):
        if len(tokens) < 4:
            if all(t in ld_words for t in tokens):
                kept.append(line)
            continue
        own = _shingles(tokens)
        if len(own & ld_shingles) / len(own) >= 0.5:
            kept.append(line)
    return kept


def _paragraphs(text: str) -> list[str]:
    text = html_lib.unescape(text).replace("\r", "")
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


# --- Language ---------------------------------------------------------------------------------

_IDENTIFIER: Any = None
_MIN_CONFIDENCE = 0.5


def language_identifier() -> Any:
    """The language model, loaded once per process (workers inherit it from the pool's server)."""
    global _IDENTIFIER
    if _IDENTIFIER is None:
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
Blank lines are skipped. Each page runs in a worker process with a wall-clock and a memory
limit; a page over either gets an error line and the others carry on."""


def _output(page_id: Any, result: Extracted | ExtractError) -> dict[str, Any]:
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


def _parse_line(raw: bytes) -> tuple[Any, str | None, str | None, str | None]:
    """(id, html, url, error) of one input line; error is None when the line is a page."""
    try:
        item = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        return None, None, None, f"not a JSON line: {exc}"
    if not isinstance(item, dict):
        return None, None, None, "expected a JSON object with id and html"
    page_id = item.get("id")
    if page_id is None or isinstance(page_id, (dict, list, bool)):
        return page_id, None, None, "missing id (a string or a number)"
    html = item.get("html")
    if not isinstance(html, str) or not html.strip():
        return page_id, None, None, "missing html (a non-empty string)"
    url = item.get("url")
    if url is not None and not isinstance(url, str):
        return page_id, None, None, "url must be a string"
    return page_id, html, url, None


def cli_main(argv: list[str]) -> int:
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

    # Lines that are not pages are answered in place: they wait in `bad` until every page
    # before them has been written, so the output keeps the input's order.
    bad: dict[int, dict[str, Any]] = {}
    ids: dict[str, Any] = {}
    written = 0
    out = sys.stdout

    def emit(record: dict[str, Any]) -> None:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()

    def flush_bad(before: int) -> None:
        nonlocal written
        while written < before:
            record = bad.pop(written, None)
            if record:
                emit(record)
            written += 1

    def pages() -> Iterator[PageInput]:
        for number, raw in enumerate(sys.stdin.buffer):
            if not raw.strip():
                bad[number] = {}  # a blank line: nothing to write, but it holds its place
                continue
            page_id, html, url, error = _parse_line(raw)
            if error is not None or html is None:
                bad[number] = {"id": page_id, "error": error}
                continue
            ids[str(number)] = page_id
            yield str(number), html, url

    try:
        with Extractor(args.workers) as extractor:
            for key, result in extractor.extract_many(
                pages(), timeout_s=args.timeout, memory_mb=args.memory_mb
            ):
                number = int(key)
                flush_bad(number)
                emit(_output(ids.pop(key), result))
                written = number + 1
            flush_bad(max(bad, default=-1) + 1)
    except OSError as exc:
        print(f"chorus extract: could not read the input: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
