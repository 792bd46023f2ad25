"""Reading RSS, Atom and JSON Feed documents into plain items, and finding a page's feeds.

This module decodes the document and keeps hostile XML out; the formats themselves are
read by `chorus.monitoring.pipeline.syndication`.

`parse_feed` turns the bytes the fetcher got into a `ParsedFeed`: headlines as plain text,
summaries as sanitised HTML, links absolute (http/https only) and without click-tracking
parameters, dates in UTC. It reads RSS 0.9x, 1.0 (RDF) and 2.0 (also in Userland's old
namespace), Atom 1.0 (and 0.3, and without its namespace) and JSON Feed 1.0/1.1, whatever
encoding the document declares or fails to declare. An item that cannot be read (a link no
URL parser accepts) is skipped and noted in `ParsedFeed.item_errors`; the rest are read.

Feed documents come from servers nobody here controls, so parsing must never expand an
entity, load a DTD or reach the network:

* before parsing, a document type declaration with an internal subset, or an `<!ENTITY`,
  in the prolog (the only place XML allows declarations) is refused with `HostileFeed`
  (billion laughs, quadratic blow-up, external and parameter entities all need one);
* the parser (lxml) runs with entity substitution, DTD loading and network access off and
  libxml2's size limits on (`huge_tree=False`), as a second line.

A malformed document (unclosed tags, a bare "&", HTML entities such as "&nbsp;", control
characters) is repaired and read in libxml2's recovery mode: the items that can be read are
returned, and `ParsedFeed.recovered` says so. Only a document with no recognisable feed in
it raises `FeedError`.

lxml is used directly, not feedparser: on the benchmark's feeds (bench/roundup_feeds.py)
feedparser parsed about 2,000 items per CPU-second, below the 2,500 items/s goal even with a
core to itself, and does not read JSON Feed; lxml with the normalisation above parsed about
17,000 per CPU-second in the same runs.
"""

from __future__ import annotations

import codecs
import pyexpat
import re
from dataclasses import replace
from html.entities import html5 as _HTML5_ENTITIES
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from chorus.monitoring.pipeline.syndication import (
    ATOM,
    ATOM03,
    RDF,
    RSS090,
    USERLAND,
    FeedError,
    FeedItem,
    ParsedFeed,
    parse_atom,
    parse_json,
    parse_rss,
)

__all__ = [
    "FeedError",
    "FeedItem",
    "HostileFeed",
    "ParsedFeed",
    "discover_feeds",
    "expat_problem",
    "parse_feed",
]


class HostileFeed(FeedError):
    """The document tries to make the parser expand entities or read other files."""


_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
}

_RSS_ROOTS = frozenset({"rss", RDF + "RDF", RSS090 + "rss"} | {ns + "rss" for ns in USERLAND})
_ATOM_ROOTS = frozenset({ATOM + "feed", ATOM03 + "feed", "feed"})

# --- Entry point ---------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """The feed in `body`, fetched from `url` (the base for relative links).

    Raises `HostileFeed` for documents that declare entities, and `FeedError` for anything
    else that is not a readable feed (empty, a web page, JSON that is not a feed, XML with
    no feed in it). Malformed feeds give what could be read, with `recovered=True`.
    """
    start = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start:
        raise FeedError("The feed is empty.")
    mime = (content_type or "").split(";")[0].strip().lower()
    if start[:1] in (b"{", b"[") or (mime.endswith("json") and not start.startswith(b"<")):
        return parse_json(body, url)
    data = _utf8(body, content_type)
    refuse_hostile_xml(data)
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise FeedError("This address is a web page, not a feed.")
    root, recovered = _parse_xml(data, url)
    name = root.tag if isinstance(root.tag, str) else ""
    if name in _RSS_ROOTS:
        feed = parse_rss(root, url)
    elif name in _ATOM_ROOTS:
        feed = parse_atom(root, url)
    elif etree.QName(root).localname.lower() == "html":
        raise FeedError("This address is a web page, not a feed.")
    else:
        raise FeedError(f"This is an XML document but not a feed (it starts with <{name}>).")
    return replace(feed, recovered=True) if recovered else feed


# --- Encodings -----------------------------------------------------------------------------

_XML_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Servers and feeds say Latin-1 or ASCII and mean Windows-1252 (curly quotes, the euro
# sign), as browsers have long assumed.
_ENCODING_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


def _utf8(body: bytes, content_type: str | None) -> bytes:
    """The document as UTF-8 bytes, whatever its real and declared encodings.

    A byte-order mark decides; otherwise a document that is valid UTF-8 is UTF-8 (legacy
    text is almost never valid UTF-8 by chance, while "declared ISO-8859-1, written in
    UTF-8" is common); otherwise the XML declaration, then the HTTP charset; as a last
    resort Windows-1252, the usual encoding of mislabelled British and European feeds.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            if encoding == "utf-8-sig":
                body = body[len(bom) :]
                break
            return body.decode(encoding, errors="replace").encode("utf-8")
    if body[:2] == b"\x00<":
        return body.decode("utf-16-be", errors="replace").encode("utf-8")
    if body[:2] == b"<\x00":
        return body.decode("utf-16-le", errors="replace").encode("utf-8")
    if body.isascii():
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return body
    candidates: list[str] = []
    declared = _XML_DECLARED_ENCODING.match(body[:200].lstrip())
    if declared:
        candidates.append(declared.group(1).decode("ascii"))
    http_charset = _CHARSET.search(content_type or "")
    if http_charset:
        candidates.append(http_charset.group(1))
    for name in candidates:
        encoding = _ENCODING_ALIASES.get(name.lower(), name)
        try:
            return body.decode(encoding).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace").encode("utf-8")


# --- Hostile documents ---------------------------------------------------------------------

_BLANKS = re.compile(rb"[ \t\r\n]*")


def refuse_hostile_xml(data: bytes) -> None:
    """Raise `HostileFeed` if the document declares entities or an internal DTD subset.

    Feeds never need either; every entity-expansion attack does. XML allows declarations
    only in the prolog, before the root element, so only the prolog is read: elsewhere a
    "<!DOCTYPE" or "<!ENTITY" is text (in a comment, a CDATA section, an escaped
    description) or an error, and never declares anything. A document type declaration
    that only names an external DTD (RSS 0.91's Netscape DTD) is allowed here, and removed
    before parsing (`_without_doctype`).
    """
    _prolog_doctype(data)


def _prolog_doctype(data: bytes) -> tuple[int, int] | None:
    """Where the document type declaration of the prolog starts and ends, if it has one.

    Walks the prolog as libxml2 does (blanks, processing instructions, comments) and stops
    at the first thing that is none of them, where the root element starts. Raises
    `HostileFeed` for a declaration with an internal subset, one that never ends, or an
    entity declaration standing in the prolog.
    """
    position = 0
    end = len(data)
    while position < end:
        position = _BLANKS.match(data, position).end()  # type: ignore[union-attr]
        if data.startswith(b"<?", position):
            close = data.find(b"?>", position + 2)
            if close < 0:
                return None
            position = close + 2
        elif data.startswith(b"<!--", position):
            close = data.find(b"-->", position + 4)
            if close < 0:
                return None
            position = close + 3
        elif data[position : position + 9].upper() == b"<!DOCTYPE":
            doctype_end = _declaration_end(data, position + 9)
            if doctype_end is None:
                raise HostileFeed(
                    "The feed declares its own document type, which feeds never need."
                )
            return position, doctype_end + 1
        elif data[position : position + 8].upper() == b"<!ENTITY":
            raise HostileFeed("The feed declares XML entities, which feeds never need.")
        else:
            return None
    return None


def _declaration_end(data: bytes, position: int) -> int | None:
    """Index of the ">" closing a DOCTYPE, or None if it has an internal subset ("[")."""
    quote = 0
    for index in range(position, min(len(data), position + 4096)):
        byte = data[index]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x5B:  # "["
            return None
        elif byte == 0x3E:  # ">"
            return index
    return None  # a declaration that never ends is not worth the benefit of the doubt


def _without_doctype(data: bytes) -> bytes:
    """The document without the document type declaration of its prolog, if it has one.

    libxml2 reads the external DTD a declaration names even with DTD loading off: a
    "file:///dev/zero" or a local path would be opened. Feeds never need their DTD, so the
    declaration goes.
    """
    span = _prolog_doctype(data)
    if span is None:
        return data
    return data[: span[0]] + data[span[1] :]


def _defused(data: bytes) -> bytes:
    """Exactly the bytes the parser may see: checked, and without a DTD to load."""
    refuse_hostile_xml(data)
    return _without_doctype(data)


# --- XML -----------------------------------------------------------------------------------


def _xml_parser(*, recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
        collect_ids=False,
    )


def _parse_xml(data: bytes, url: str) -> tuple[Any, bool]:
    recovered = False
    try:
        # parse_feed has already refused hostile declarations in `data`.
        root = etree.fromstring(_without_doctype(data), _xml_parser(recover=False), base_url=url)
    except etree.XMLSyntaxError as exc:
        first_error = str(exc)
        try:
            repaired = _defused(_repair(data))
            root = etree.fromstring(repaired, _xml_parser(recover=True), base_url=url)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise FeedError(f"The feed is not readable XML ({first_error}).") from None
        recovered = True
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None:
        # Cannot happen after _defused; kept so that a parser change fails loudly.
        raise HostileFeed("The feed declares its own document type, which feeds never need.")
    return root, recovered


_AMPERSAND = re.compile(
    rb"&(?:(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};)|([A-Za-z][A-Za-z0-9]{0,31};))?"
)
_CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_ENTITIES = {b"amp;", b"lt;", b"gt;", b"quot;", b"apos;"}


def _repair_ampersand(match: re.Match[bytes]) -> bytes:
    if match.group(1):
        return match.group()
    name = match.group(2)
    if name is None:
        return b"&amp;"  # "Fish & chips"
    if name in _XML_ENTITIES:
        return match.group()
    replacement = _HTML5_ENTITIES.get(name.decode("ascii"))
    if replacement is None:
        return b"&amp;" + name
    return "".join(f"&#{ord(c)};" for c in replacement).encode("ascii")


def _repair(data: bytes) -> bytes:
    """Fix what publishers most often get wrong, before reading in recovery mode."""
    data = _CONTROL_CHARACTERS.sub(b"", data)
    return _AMPERSAND.sub(_repair_ampersand, data)


# --- Discovery and start-up check ----------------------------------------------------------


def discover_feeds(html_page: bytes, base_url: str) -> list[str]:
    """The feed addresses a web page advertises (`<link rel="alternate" type=…>`), in order.

    Only RSS, Atom, RDF and JSON Feed types count (not plain application/json, which
    WordPress uses for its API). Addresses are absolute http(s) URLs, without duplicates.
    """
    if not html_page.strip():
        return []
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(html_page, parser)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    base = base_url
    for element in root.iter("base"):
        href = (element.get("href") or "").strip()
        if href:
            base = urljoin(base_url, href)
            break
    found: list[str] = []
    for element in root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        media = (element.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or media not in _FEED_TYPES:
            continue
        href = (element.get("href") or "").strip()
        address = urljoin(base, href) if href else ""
        if address.lower().startswith(("http://", "https://")) and address not in found:
            found.append(address)
    return found


EXPAT_SAFE_VERSION = (2, 4, 1)
"""The first expat release that limits entity amplification (billion laughs)."""


def expat_problem() -> str | None:
    """A plain-English warning when the linked expat predates the billion-laughs fix.

    Feeds are parsed with lxml, not expat, but the standard library's XML modules (and
    any package that uses them) rely on expat; the system check reports this at start-up.
    """
    version = pyexpat.version_info
    if tuple(version) >= EXPAT_SAFE_VERSION:
        return None
    have = ".".join(str(part) for part in version)
    need = ".".join(str(part) for part in EXPAT_SAFE_VERSION)
    return (
        f"The XML library expat linked into Python is version {have}; versions before "
        f"{need} let a small hostile XML document use gigabytes of memory. "
        "Upgrade Python or the system's libexpat."
    )
