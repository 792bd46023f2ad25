"""The feed formats: RSS, Atom and JSON Feed elements read into plain items.

`chorus.monitoring.pipeline.feeds.parse_feed` decodes the bytes, refuses hostile XML and
parses it; the readers here turn the parsed document (or the JSON) into a `ParsedFeed`:
headlines as plain text, summaries as sanitised HTML, links absolute (http/https only)
and without click-tracking parameters, dates in UTC.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from chorus.monitoring.pipeline.normalise import canonical_url, plain_text, sanitise_html, to_utc

__all__ = [
    "USERLAND",
    "FeedError",
    "FeedItem",
    "ParsedFeed",
    "parse_atom",
    "parse_json",
    "parse_rss",
]


class FeedError(Exception):
    """The document is not a feed that can be read; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    guid: str
    """The item's own identifier (RSS guid, Atom id, JSON Feed id), else its link, else ""."""
    url: str
    """Absolute http(s) address of the article, tracking parameters removed; "" if none."""
    title: str
    """Plain text: escape it on output, never mark it safe."""
    summary_html: str
    """Sanitised HTML (see `normalise.sanitise_html`), safe to show as it is."""
    published: datetime | None
    """Aware, in UTC; None when the feed gives no readable date."""
    author: str = ""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    kind: str
    """"rss", "atom" or "json" (the values of `Source.Kind`)."""
    title: str
    link: str
    language: str | None
    """The feed's declared language as an ISO 639-1 code ("en" for "en-GB"), if any."""
    items: list[FeedItem] = field(default_factory=list)
    recovered: bool = False
    """True when the document was malformed and only partly readable."""
    item_errors: list[str] = field(default_factory=list)
    """Why items (or the feed's own link) could not be read: one line each, in plain words.

    One unreadable item (a link such as "http://[bad/x" that no URL parser accepts) is
    skipped and noted here; the feed and its other items are still read."""


def _read_each(
    elements: Iterable[Any], read: Callable[[Any], FeedItem]
) -> tuple[list[FeedItem], list[str]]:
    """`read` applied to each element; an element it cannot read is skipped and noted.

    Any exception counts, not only the ValueError a malformed link raises: an item is the
    unit of failure, and a bug met by one odd item must not lose the rest of the feed.
    """
    items: list[FeedItem] = []
    errors: list[str] = []
    for position, element in enumerate(elements, start=1):
        try:
            items.append(read(element))
        except Exception as exc:  # see the docstring
            errors.append(f"Item {position} was skipped: {_reason(exc)}")
    return items, errors


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _channel_link(base: str, link: str, errors: list[str]) -> str:
    """The feed's own link, or "" (noted in `errors`) when it cannot be read."""
    try:
        return _absolute_http(base, link)
    except ValueError as exc:
        errors.append(f"The feed's own link was ignored: {_reason(exc)}")
        return ""


# --- Namespaces and tags -------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM03 = "{http://purl.org/atom/ns#}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RSS10 = "{http://purl.org/rss/1.0/}"
RSS090 = "{http://my.netscape.com/rdf/simple/0.9/}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
# RSS 2.0 as Userland first published it, with every element in a namespace; read as if the
# elements had none.
USERLAND = frozenset({"{http://backend.userland.com/rss2}", "{http://backend.userland.com/rss}"})
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# RSS item children → field. Earlier names in a field's list win (pubDate over dc:date).
_RSS_ITEM_FIELDS = {
    "title": "title",
    RSS10 + "title": "title",
    RSS090 + "title": "title",
    DC + "title": "title",
    "link": "link",
    RSS10 + "link": "link",
    RSS090 + "link": "link",
    "description": "summary",
    RSS10 + "description": "summary",
    CONTENT + "encoded": "content",
    "guid": "guid",
    "pubDate": "date",
    "pubdate": "date",
    DC + "date": "date2",
    ATOM + "published": "date2",
    ATOM + "updated": "date3",
    "author": "author",
    DC + "creator": "author2",
    ITUNES + "author": "author2",
}
_ATOM_NAMES = {
    "feed",
    "entry",
    "id",
    "title",
    "link",
    "summary",
    "content",
    "published",
    "updated",
    "issued",
    "modified",
    "created",
    "author",
    "name",
    "subtitle",
}
# Atom's tags in the namespaces it has been published in (1.0 and 0.3), and without one, as
# early and careless feeds have it: that only counts when the root <feed> has none either.
_ATOM_TAGS = {ns + name: name for ns in (ATOM, ATOM03) for name in _ATOM_NAMES}
_ATOM_TAGS_WITHOUT_NAMESPACE = {name: name for name in _ATOM_NAMES}


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _namespace(tag: object) -> str:
    """The "{uri}" part of a Clark-notation tag, or "" when it has none."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[: tag.index("}") + 1]


def _strip_namespace(root: Any, namespace: str) -> None:
    """Move the elements in `namespace` to no namespace, as if it had never been declared."""
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.startswith(namespace):
            node.tag = node.tag[len(namespace) :]


def _inner_html(element: Any) -> str:
    """The element's content as text; child elements (raw HTML in RSS) serialised back."""
    if len(element) == 0:
        return str(element.text or "")
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            _strip_namespaces(child)
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def _strip_namespaces(element: Any) -> None:
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = _local(node.tag)
    etree.cleanup_namespaces(element)


def _text(element: Any) -> str:
    return str(element.text or "").strip() if len(element) == 0 else "".join(element.itertext())


def _language(value: str | None) -> str | None:
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _absolute_http(base: str, link: str) -> str:
    link = link.strip()
    if not link:
        return ""
    absolute = urljoin(base, link)
    if not absolute.lower().startswith(("http://", "https://")):
        return ""  # javascript:, data:, mailto: and friends are never article links
    return canonical_url(absolute)


def _link_if_readable(base: str, identifier: str) -> str:
    """An identifier that may also be the link (a guid, rdf:about) as a link, else "".

    Unlike <link>, these only might be addresses: one no URL parser accepts is still a
    good identifier, so the item is kept, without a link.
    """
    try:
        return _absolute_http(base, identifier)
    except ValueError:
        return ""


# --- RSS -----------------------------------------------------------------------------------


def parse_rss(root: Any, url: str) -> ParsedFeed:
    if _namespace(root.tag) in USERLAND:
        _strip_namespace(root, _namespace(root.tag))
    channel = next((c for c in root if _local(c.tag) == "channel"), root)
    title = link = ""
    errors: list[str] = []
    language: str | None = _language(root.get(XML_LANG))
    for child in channel:
        name = _local(child.tag)
        if name == "title" and not title:
            title = plain_text(_inner_html(child))
        elif name == "link" and not link and child.tag in ("link", RSS10 + "link"):
            link = _channel_link(url, _text(child), errors)
        elif name == "language" and language is None:
            language = _language(_text(child))
    kind_tags: Iterable[str] = ("item", RSS10 + "item", RSS090 + "item")
    # iter() rather than the channel's children: in a malformed feed an unclosed <item>
    # swallows the next ones, and they are still items.
    items, item_errors = _read_each(root.iter(*kind_tags), lambda e: _rss_item(e, url))
    return ParsedFeed("rss", title, link, language, items, item_errors=errors + item_errors)


def _rss_item(element: Any, feed_url: str) -> FeedItem:
    found: dict[str, Any] = {}
    for child in element:
        slot = _RSS_ITEM_FIELDS.get(child.tag) if isinstance(child.tag, str) else None
        if slot is not None and slot not in found:
            found[slot] = child
    base = feed_url
    link = ""
    if "link" in found:
        # <link href="…"/>, Atom's way, is a common slip in RSS.
        link_element = found["link"]
        link = _absolute_http(base, _text(link_element) or link_element.get("href") or "")
    guid = ""
    if "guid" in found:
        guid_element = found["guid"]
        guid = _text(guid_element)
        permalink = guid_element.get("isPermaLink", "true").strip().lower() != "false"
        if not link and permalink and guid.lower().startswith(("http://", "https://")):
            link = _link_if_readable(base, guid)
    if not link:
        about = element.get(RDF + "about")
        if about:
            link = _link_if_readable(base, about)
    summary_element = found.get("summary")
    if summary_element is None:
        summary_element = found.get("content")
    summary = ""
    if summary_element is not None:
        summary = sanitise_html(_inner_html(summary_element), base_url=link or base)
    published = None
    for slot in ("date", "date2", "date3"):
        if slot in found:
            published = to_utc(_text(found[slot]))
            if published is not None:
                break
    author = ""
    if "author" in found:
        author = _rss_author(_text(found["author"]))
    elif "author2" in found:
        author = plain_text(_text(found["author2"]))
    return FeedItem(
        guid=guid or link,
        url=link,
        title=plain_text(_inner_html(found["title"])) if "title" in found else "",
        summary_html=summary,
        published=published,
        author=author,
    )


_EMAIL_WITH_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]*)\)\s*$")


def _rss_author(value: str) -> str:
    # RSS 2.0 wants "newsdesk@example.org (Jo Bloggs)"; show the name, not the address.
    named = _EMAIL_WITH_NAME.match(value)
    if named:
        return plain_text(named.group("name"))
    if "@" in value and " " not in value.strip():
        return ""
    return plain_text(value)


# --- Atom ----------------------------------------------------------------------------------


def _atom_html(element: Any) -> str:
    """An Atom text construct as HTML, whatever its type."""
    kind = (element.get("type") or "text").strip().lower()
    if kind == "xhtml":
        division = next((c for c in element if _local(c.tag) == "div"), None)
        return _xhtml(division if division is not None else element)
    if "xhtml" in kind or element.get("mode") == "xml":  # Atom 0.3's inline XHTML
        return _xhtml(element)
    if kind in ("html", "text/html") or element.get("mode") == "escaped":
        return _inner_html(element)
    return html.escape(_text(element), quote=False)


def _xhtml(element: Any) -> str:
    """Inline XHTML content as HTML: its text escaped again, its elements serialised.

    Unlike escaped HTML in RSS, the text of inline XHTML is text: "&lt;blink&gt;" in it
    is the words "<blink>", not a tag.
    """
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        if isinstance(child.tag, str):
            _strip_namespaces(child)
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def _atom_title(element: Any) -> str:
    kind = (element.get("type") or "text").strip().lower()
    if kind in ("text", "text/plain") and element.get("mode") != "escaped":
        return " ".join(_text(element).split())
    return plain_text(_atom_html(element))


def _atom_link(elements: Iterable[Any], base: str) -> str:
    best = ""
    for element in elements:
        rel = (element.get("rel") or "alternate").strip().lower()
        if rel != "alternate":
            continue
        href = _absolute_http(element.base or base, element.get("href") or "")
        if not href:
            continue
        media = (element.get("type") or "text/html").lower()
        if media.startswith(("text/html", "application/xhtml")):
            return href
        best = best or href
    return best


def _atom_author(element: Any, tags: dict[str, str]) -> str:
    for child in element:
        if tags.get(child.tag) == "name":
            return plain_text(_text(child))
    return ""


def parse_atom(root: Any, url: str) -> ParsedFeed:
    namespaced = root.tag != "feed"
    tags = _ATOM_TAGS if namespaced else _ATOM_TAGS_WITHOUT_NAMESPACE
    title = ""
    links: list[Any] = []
    feed_author = ""
    for child in root:
        name = tags.get(child.tag) if isinstance(child.tag, str) else None
        if name == "title" and not title:
            title = _atom_title(child)
        elif name == "link":
            links.append(child)
        elif name == "author" and not feed_author:
            feed_author = _atom_author(child, tags)
    language = _language(root.get(XML_LANG))
    errors: list[str] = []
    try:
        link = _atom_link(links, root.base or url)
    except ValueError as exc:
        errors.append(f"The feed's own link was ignored: {_reason(exc)}")
        link = ""
    entries = root.iter(ATOM + "entry", ATOM03 + "entry") if namespaced else root.iter("entry")
    items, item_errors = _read_each(entries, lambda e: _atom_entry(e, url, feed_author, tags))
    return ParsedFeed("atom", title, link, language, items, item_errors=errors + item_errors)


def _atom_entry(element: Any, feed_url: str, feed_author: str, tags: dict[str, str]) -> FeedItem:
    found: dict[str, Any] = {}
    links: list[Any] = []
    for child in element:
        name = tags.get(child.tag) if isinstance(child.tag, str) else None
        if name == "link":
            links.append(child)
        elif name is not None and name not in found:
            found[name] = child
    base = element.base or feed_url
    link = _atom_link(links, base)
    summary_element = found.get("summary")
    if summary_element is None:
        summary_element = found.get("content")
    summary = ""
    if summary_element is not None and summary_element.get("src") is None:
        summary = sanitise_html(_atom_html(summary_element), base_url=link or base)
    published = None
    for name in ("published", "issued", "created", "updated", "modified"):
        if name in found:
            published = to_utc(_text(found[name]))
            if published is not None:
                break
    author = _atom_author(found["author"], tags) if "author" in found else feed_author
    guid = _text(found["id"]) if "id" in found else ""
    if not link and guid.lower().startswith(("http://", "https://")):
        link = _link_if_readable(base, guid)  # an entry without <link>: its id is its address
    return FeedItem(
        guid=guid or link,
        url=link,
        title=_atom_title(found["title"]) if "title" in found else "",
        summary_html=summary,
        published=published,
        author=author,
    )


# --- JSON Feed -----------------------------------------------------------------------------


def parse_json(body: bytes, url: str) -> ParsedFeed:
    try:
        try:
            document = json.loads(body)
        except UnicodeDecodeError:
            document = json.loads(body.decode("cp1252", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"The feed is not readable JSON ({exc}).") from exc
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedError("This is a JSON document but not a JSON Feed (it has no items).")
    version = document.get("version")
    if isinstance(version, str) and version and "jsonfeed.org" not in version:
        raise FeedError("This is a JSON document but not a JSON Feed.")
    entries = [entry for entry in document["items"] if isinstance(entry, dict)]
    items, item_errors = _read_each(entries, lambda entry: _json_item(entry, url))
    errors: list[str] = []
    return ParsedFeed(
        "json",
        _json_title(document.get("title")),
        _channel_link(url, _json_string(document.get("home_page_url")), errors),
        _language(_json_string(document.get("language")) or None),
        items,
        item_errors=errors + item_errors,
    )


def _json_string(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _json_title(value: object) -> str:
    # JSON Feed titles are plain text; only the spacing is tidied.
    return " ".join(_json_string(value).split())


def _json_author(entry: dict[str, Any]) -> str:
    authors = entry.get("authors")
    candidates = authors if isinstance(authors, list) else [entry.get("author")]
    for author in candidates:
        if isinstance(author, dict):
            name = _json_title(author.get("name"))
            if name:
                return name
    return ""


def _json_item(entry: dict[str, Any], feed_url: str) -> FeedItem:
    link = _absolute_http(feed_url, _json_string(entry.get("url"))) or _absolute_http(
        feed_url, _json_string(entry.get("external_url"))
    )
    summary_text = _json_string(entry.get("summary"))
    content_html = _json_string(entry.get("content_html"))
    content_text = _json_string(entry.get("content_text"))
    if summary_text:
        summary = f"<p>{html.escape(summary_text, quote=False)}</p>"
    elif content_html:
        summary = content_html
    elif content_text:
        summary = f"<p>{html.escape(content_text, quote=False)}</p>"
    else:
        summary = ""
    published = to_utc(_json_string(entry.get("date_published"))) or to_utc(
        _json_string(entry.get("date_modified"))
    )
    return FeedItem(
        guid=_json_string(entry.get("id")) or link,
        url=link,
        title=_json_title(entry.get("title")),
        summary_html=sanitise_html(summary, base_url=link or feed_url) if summary else "",
        published=published,
        author=_json_author(entry),
    )
