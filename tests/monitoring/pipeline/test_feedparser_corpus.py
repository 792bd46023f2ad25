"""feedparser's own test corpus through Chorus's feed parser.

The well-formed, ill-formed and encoding cases of feedparser 6.0.14 (BSD-licensed, see
tests/fixtures/feedparser/LICENSE) are feeds no one here wrote: odd namespaces, legacy
formats, every encoding, broken markup. On each one Chorus's parser must not crash, and
must read the same entries as feedparser: as many, with the same headline and the same
link (after Chorus's link clean-up), except on the files listed below with the reason.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import feedparser

from chorus.monitoring.pipeline.feeds import FeedError, parse_feed
from chorus.monitoring.pipeline.normalise import canonical_url, plain_text

CORPUS = Path(__file__).parents[2] / "fixtures" / "feedparser"
BASE = "http://example.com/"

_CDF = "CDF (Microsoft's Channel Definition Format, 1997) is refused: no outlet publishes it"
_ITEM_IN_ATOM = (
    "an <item> in an Atom feed: feedparser takes any <item> as an entry, Chorus only Atom's <entry>"
)
_BASE64 = "Atom 0.3 mode='base64' text is not decoded: no feed has used it in two decades"
_RELATIVE_ID = (
    "feedparser resolves a relative Atom <id> against the base and uses it as the link; "
    "Chorus keeps an id as written and takes only an absolute http(s) id as the link"
)
_MEDIA_TITLE = (
    "an item with no <title>: feedparser takes its media:title (or its image's title) as "
    "the headline, Chorus leaves it without one"
)

EXCEPTIONS: dict[str, str] = {
    "wellformed/base/cdf_item_abstract_xml_base.xml": _CDF,
    "wellformed/cdf/item_abstract_map_description.xml": _CDF,
    "wellformed/cdf/item_abstract_map_summary.xml": _CDF,
    "wellformed/cdf/item_href_map_link.xml": _CDF,
    "wellformed/cdf/item_href_map_links.xml": _CDF,
    "wellformed/cdf/item_lastmod.xml": _CDF,
    "wellformed/cdf/item_lastmod_parsed.xml": _CDF,
    "wellformed/cdf/item_title.xml": _CDF,
    "wellformed/base/http_entry_contributor_url_base_content_location.xml": _ITEM_IN_ATOM,
    "wellformed/base/http_entry_contributor_url_base_docuri.xml": _ITEM_IN_ATOM,
    "wellformed/namespace/unknown-namespace.xml": _ITEM_IN_ATOM,
    "wellformed/rss/entity_in_doctype.xml": (
        "it declares an entity in an internal DTD subset, which Chorus refuses as hostile"
    ),
    "wellformed/atom/entry_title_base64.xml": _BASE64,
    "wellformed/atom/entry_title_base64_2.xml": _BASE64,
    "wellformed/atom/entry_title_content_mode_base64.xml": _BASE64,
    "wellformed/atom10/entry_title_base64.xml": _BASE64,
    "wellformed/atom10/entry_title_base64_2.xml": _BASE64,
    "wellformed/base/http_entry_title_base64_base_content_location.xml": _BASE64,
    "wellformed/base/http_entry_title_base64_base_docuri.xml": _BASE64,
    "wellformed/atom10/entry_id_with_attributes.xml": _RELATIVE_ID,
    "wellformed/base/http_entry_id_base_content_location.xml": _RELATIVE_ID,
    "wellformed/base/http_entry_id_base_docuri.xml": _RELATIVE_ID,
    "wellformed/lang/http_content_language_entry_title_inherit_2.xml": _RELATIVE_ID,
    "wellformed/node_precedence/atom10_id.xml": _RELATIVE_ID,
    "wellformed/media-rss/item_media_title1.xml": _MEDIA_TITLE,
    "wellformed/media-rss/item_media_title_type_plain.xml": _MEDIA_TITLE,
    "wellformed/rss/item_category_image.xml": _MEDIA_TITLE,
    "wellformed/sanitize/entry_title_crazy.xml": (
        "an HTML headline full of scripts: Chorus drops each <script> with its content, "
        "feedparser keeps the script's text"
    ),
    "wellformed/sanitize/entry_title_object.xml": (
        "an HTML headline with an unclosed <object>: Chorus drops it with all it contains "
        "(the rest of the headline), feedparser drops only the tag"
    ),
    "illformed/chardet/shiftjis.xml": (
        "Shift-JIS that declares no encoding: neither reads it; Chorus falls back to "
        "Windows-1252 (with a replacement character for undefined bytes), feedparser keeps "
        "the undefined bytes as control characters"
    ),
    "illformed/rss_incomplete_cdata.xml": (
        "cut off inside '<![CD': libxml2's recovery keeps '![CD' as the headline's text, "
        "feedparser gives none"
    ),
}


def _comparable_title(entry: feedparser.FeedParserDict) -> str:
    title = str(entry.get("title", ""))
    kind = str(entry.get("title_detail", {}).get("type", "text/plain"))
    if "html" in kind:
        title = plain_text(title)
    return " ".join(title.split())


def _comparable_link(entry: feedparser.FeedParserDict) -> str | None:
    """feedparser's link as Chorus would store it; None when Chorus would have none."""
    link = str(entry.get("link", ""))
    if not link.lower().startswith(("http://", "https://")):
        return None
    try:
        return canonical_url(link)
    except ValueError:
        return None


def difference(path: Path) -> str | None:
    """How Chorus's reading of the file differs from feedparser's, or None."""
    body = path.read_bytes()
    url = BASE + path.relative_to(CORPUS).as_posix()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = feedparser.parse(body, response_headers={"content-location": url}).entries
    try:
        ours = parse_feed(body, url=url).items
    except FeedError as exc:
        return f"refused ({exc}), feedparser read {len(theirs)} entries" if theirs else None
    if len(ours) != len(theirs):
        return f"{len(ours)} entries, feedparser {len(theirs)}"
    for number, (item, entry) in enumerate(zip(ours, theirs, strict=True), start=1):
        title = _comparable_title(entry)
        if " ".join(item.title.split()) != title:
            return f"entry {number}: headline {item.title!r}, feedparser {title!r}"
        link = _comparable_link(entry)
        if link is not None and item.url != link:
            return f"entry {number}: link {item.url!r}, feedparser {link!r}"
    return None


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*.xml") if p.is_file())


def test_the_corpus_is_all_there():
    assert len(corpus_files()) > 1900
    assert "Redistribution and use in source" in (CORPUS / "LICENSE").read_text()


def test_chorus_reads_the_same_entries_as_feedparser_on_its_corpus():
    crashes: list[str] = []
    differences: list[str] = []
    stale: list[str] = []
    for path in corpus_files():
        name = path.relative_to(CORPUS).as_posix()
        try:
            found = difference(path)
        except Exception as exc:  # a crash is what this test is for
            crashes.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        if found is not None and name not in EXCEPTIONS:
            differences.append(f"{name}: {found}")
        elif found is None and name in EXCEPTIONS:
            stale.append(f"{name}: listed ({EXCEPTIONS[name]}) but now reads the same")
    assert not crashes, "Chorus's feed parser crashed on:\n" + "\n".join(crashes)
    assert not differences, "Read differently from feedparser:\n" + "\n".join(differences)
    assert not stale, "Remove from EXCEPTIONS:\n" + "\n".join(stale)
