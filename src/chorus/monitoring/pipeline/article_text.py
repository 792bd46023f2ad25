"""The article body of a news page: trafilatura's text, cleaned of what news templates put
inside the article.

trafilatura runs without reader comments, through its fast path first and its slower
fallbacks only when that result looks wrong. The lines it returns are then cleaned of
headline repeats, bylines, datelines, captions, "read more"/"related" link lists,
newsletter and app promos, author-bio tails and pull quotes. When the page carries its own
article text as JSON-LD `articleBody`, that text replaces a poor extraction or filters out
lines the publisher does not count as the article.

Part of `chorus.monitoring.pipeline.extract`; never fetches anything.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from typing import Any

import trafilatura
from lxml.etree import XPath
from lxml.html import HtmlElement

__all__ = ["clean_lines", "extract_body", "paragraph_text_chars", "reconcile_with_article_body"]


_PARAGRAPH_TEXT = XPath(".//p//text()")


def paragraph_text_chars(el: HtmlElement) -> int:
    return sum(map(len, _PARAGRAPH_TEXT(el)))


# Pages where trafilatura's fast path finds little (under 1000 characters, or under 40% of the
# page's paragraph text), or far more than the page's paragraphs hold (teaser lists), are run
# again with its fallbacks (readability and jusText compared). On the trafilatura evaluation
# pages the fast path and the full run differ only on such pages, and the full run costs
# twice as much.
_SHORT_EXTRACTION = 1000
_LOW_SHARE = 0.4
_HIGH_SHARE = 2.5


def extract_body(tree: HtmlElement, url: str | None, paragraph_chars: int) -> str:
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


def clean_lines(lines: list[str], titles: set[str]) -> list[str]:
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


def reconcile_with_article_body(lines: list[str], article_body: str) -> list[str]:
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
