"""Reading feeds: the formats outlets publish, broken encodings and markup, hostile XML."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chorus.monitoring.pipeline import feeds
from chorus.monitoring.pipeline.feeds import FeedError, HostileFeed, discover_feeds, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_fixture(name: str, **kwargs):
    return parse_feed(fixture(name), url=f"https://feeds.example.org/{name}", **kwargs)


# --- The formats ---------------------------------------------------------------------------


def test_it_reads_a_bbc_style_rss_feed():
    feed = parse_fixture("bbc_news_uk.rss")
    assert (feed.kind, feed.title, feed.link, feed.language) == (
        "rss",
        "BBC News",
        "https://www.bbc.co.uk/news",
        "en",
    )
    assert not feed.recovered
    assert [item.title for item in feed.items] == [
        "Small boat arrivals pass 14,000 for the year, Home Office figures show",
        "Council asks for more support as asylum hotel closes in Kent",
        "Refugee Week: Choirs from Glasgow to Plymouth sing together",
    ]
    first = feed.items[0]
    # BBC's ?at_medium=RSS&at_campaign=rss tracking is gone; the guid is kept as given.
    assert first.url == "https://www.bbc.co.uk/news/articles/c0000test01o"
    assert first.guid == "https://www.bbc.co.uk/news/articles/c0000test01o#0"
    assert first.published == datetime(2025, 6, 10, 13, 47, 12, tzinfo=UTC)
    assert first.summary_html.startswith("More than 600 people crossed the Channel")


def test_it_reads_a_guardian_style_feed_with_html_descriptions_and_creators():
    feed = parse_fixture("guardian_immigration.rss")
    first, second = feed.items
    assert first.title == "Appeal delays & the asylum backlog: what the new figures mean"
    assert first.author == "Priya Shah and Tom Ellis"
    assert "<em>unable to work</em>" in first.summary_html
    assert 'rel="noopener noreferrer"' in first.summary_html
    assert first.published == datetime(2025, 6, 10, 14, 0, 36, tzinfo=UTC)
    assert second.title == "‘We just want to work’: asylum seekers describe life in limbo"
    assert second.url == (
        "https://www.theguardian.com/uk-news/2025/jun/09/we-just-want-to-work-asylum-seekers"
    )


def test_it_reads_atom_with_xml_base_html_titles_and_xhtml_content():
    feed = parse_fixture("conversation_migration.atom")
    assert (feed.kind, feed.title, feed.language) == ("atom", "Migration – The Conversation", "en")
    assert feed.link == "https://theconversation.com/uk/topics/migration-1211"
    first, second = feed.items
    assert first.title == "Why family reunion visas matter – and what the data shows"
    assert first.published == datetime(2025, 6, 10, 11, 2, 31, tzinfo=UTC)  # +01:00 in the feed
    assert first.url == "https://theconversation.com/why-family-reunion-visas-matter-100001"
    assert first.author == "Gareth Jones, University of Cardiff"
    # A text title keeps its angle brackets as text; the entry inherits the feed's author.
    assert second.title == "How local newspapers cover asylum: <a study> of 3 regions"
    assert second.author == "The Conversation UK"
    assert second.url == "https://theconversation.com/uk/how-local-newspapers-cover-asylum-100002"
    assert second.published == datetime(2025, 6, 9, 8, 0, tzinfo=UTC)
    assert "<em>three</em>" in second.summary_html
    assert 'href="https://theconversation.com/uk/team"' in second.summary_html
    assert "xmlns" not in second.summary_html


def test_it_reads_a_json_feed():
    feed = parse_fixture("refugee_week.json", content_type="application/feed+json")
    assert (feed.kind, feed.title, feed.language) == ("json", "Refugee Week Stories", "en")
    assert feed.link == "https://refugeeweek.example.org/"
    choirs, meals, note = feed.items  # the string in "items" is skipped
    assert choirs.url == "https://refugeeweek.example.org/stories/choirs"
    assert choirs.title == "Choirs & community: singing in Cardiff"
    assert choirs.author == "Ewan Reid"
    assert choirs.published == datetime(2025, 6, 10, 8, 30, tzinfo=UTC)
    assert "<img" not in choirs.summary_html and "onerror" not in choirs.summary_html
    assert meals.guid == "42"
    assert meals.url == "https://feeds.example.org/stories/welcome-meals"
    assert meals.author == "Maria Costa"  # JSON Feed 1.0's single author
    assert meals.published == datetime(2025, 6, 8, 18, 0, tzinfo=UTC)  # date_modified only
    assert note.url == ""
    assert note.summary_html == "<p>Plain &lt;text&gt; only.</p>"


def test_it_reads_rss_1_0():
    feed = parse_fixture("regional_rss1.rdf")
    assert (feed.kind, feed.language) == ("rss", "en")
    [item] = feed.items
    assert item.title == "Drop-in centre for new arrivals opens in Sunderland"
    assert item.author == "Community desk"
    assert item.published == datetime(2025, 6, 7, 9, 0, tzinfo=UTC)


def test_it_reads_rss_0_91_with_its_netscape_doctype():
    feed = parse_fixture("netscape_rss091.rss")
    assert not feed.recovered
    [item] = feed.items
    assert item.title == "Town welcomes resettled families"
    assert item.published is None


def test_a_feed_with_no_items_is_a_feed_with_no_items():
    feed = parse_fixture("empty_channel.rss")
    assert feed.title == "ITV News Tyne Tees"
    assert feed.items == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b" \n\t ", "empty"),
        (fixture("news_page.html"), "web page"),
        (b"<html><body>Not found</body></html>", "web page"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "not a feed"),
        (b'{"status": "ok"}', "not a JSON Feed"),
        (b'{"version": "1", "items": "', "not readable JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "not readable JSON"),  # nesting bomb
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not readable"),
    ],
)
def test_what_is_not_a_feed_is_a_plain_feed_error(body, message):
    with pytest.raises(FeedError, match=message) as caught:
        parse_feed(body, url="https://feeds.example.org/")
    assert not isinstance(caught.value, HostileFeed)


def test_a_feed_cut_off_in_the_middle_gives_what_arrived():
    body = fixture("bbc_news_uk.rss")
    feed = parse_feed(body[: body.index(b"Refugee Week")], url="https://feeds.example.org/")
    assert feed.recovered
    assert len(feed.items) == 3
    assert feed.items[1].title == "Council asks for more support as asylum hotel closes in Kent"


# --- Encodings -----------------------------------------------------------------------------


def test_a_windows_1252_feed_that_says_it_is_utf8_reads_correctly():
    [item] = parse_fixture("kentish_courier_cp1252_declared_utf8.rss").items
    assert item.title == "‘A warm welcome’: café raises £2,400 for refugee charity"
    assert item.summary_html == "Staff at the Folkestone café donated a week’s tips – about €2,800."
    assert item.published == datetime(2025, 6, 7, 8, 15, tzinfo=UTC)  # BST is UTC+1


def test_a_utf8_feed_that_says_it_is_latin1_reads_correctly():
    body = fixture("kentish_courier_cp1252_declared_utf8.rss").decode("cp1252")
    body = body.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("utf-8")
    [item] = parse_feed(body, url="https://feeds.example.org/").items
    assert item.title == "‘A warm welcome’: café raises £2,400 for refugee charity"


def test_a_latin1_feed_without_a_declaration_uses_the_http_charset():
    text = "<rss><channel><item><title>Café in Düsseldorf</title></item></channel></rss>"
    body = text.encode("latin-1")
    feed = parse_feed(body, url="https://x.example/", content_type="text/xml; charset=ISO-8859-1")
    assert feed.items[0].title == "Café in Düsseldorf"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_encodings_with_and_without_byte_order_marks_read_the_same(encoding):
    text = fixture("guardian_immigration.rss").decode("utf-8")
    if encoding.startswith("utf-16") or encoding == "utf-32":
        text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    feed = parse_feed(text.encode(encoding), url="https://feeds.example.org/")
    assert [item.title for item in feed.items] == [
        item.title for item in parse_fixture("guardian_immigration.rss").items
    ]


# --- Malformed and huge --------------------------------------------------------------------


def test_a_malformed_feed_gives_the_items_that_can_be_read():
    feed = parse_fixture("channel_coast_malformed.rss")
    assert feed.recovered
    titles = [item.title for item in feed.items]
    assert titles[0] == "Fish & chips van raises money for lifeboat crew"  # bare "&"
    assert "Beach clean draws 200 volunteers" in titles  # after an unclosed <title>
    assert len(feed.items) == 3
    first = feed.items[0]
    assert first.url == "https://www.channel-coast.example.co.uk/news/fish-and-chips"
    assert "£500" in first.summary_html  # &pound; is an HTML entity, not an XML one
    assert "\x0b" not in first.summary_html


def test_a_huge_feed_is_read_whole_and_in_reasonable_time():
    items = "".join(
        f"<item><title>Headline number {n} about asylum &amp; housing</title>"
        f"<link>https://news.example.org/{n}?utm_source=rss</link>"
        f"<description>&lt;p&gt;Summary {n} {'text ' * 40}&lt;/p&gt;</description>"
        f"<pubDate>Tue, 10 Jun 2025 12:00:00 GMT</pubDate></item>"
        for n in range(20_000)
    )
    body = f'<?xml version="1.0"?><rss><channel><title>Big</title>{items}</channel></rss>'.encode()
    assert len(body) > 5_000_000
    began = time.perf_counter()
    feed = parse_feed(body, url="https://news.example.org/feed")
    elapsed = time.perf_counter() - began
    assert len(feed.items) == 20_000
    assert feed.items[-1].url == "https://news.example.org/19999"
    assert feed.items[-1].title == "Headline number 19999 about asylum & housing"
    # The goal is 2,500 items/s; allow a busy shared machine a wide margin.
    assert elapsed < 20


# --- Hostile markup ------------------------------------------------------------------------


def test_titles_summaries_and_links_from_a_hostile_feed_cannot_run_script():
    feed = parse_fixture("hostile_markup.rss")
    assert feed.title == "Daily Example"
    assert feed.link == ""
    first, second = feed.items
    assert first.title == "Crossings rise"
    assert second.title == "Second headline"
    assert first.url == "" and second.url == ""  # javascript: and data: links are dropped
    assert first.guid == "hostile-1"
    for item in feed.items:
        everything = (item.title + item.summary_html + item.url).lower()
        for dangerous in (
            "<script",
            "javascript:",
            "vbscript:",
            "data:",
            "onerror",
            "onclick",
            "onload",
            "style",
            "<iframe",
            "<form",
            "<input",
            "<img",
            "<svg",
        ):
            assert dangerous not in everything
    assert '<a href="https://www.example.org/ok" rel="noopener noreferrer">that</a>' in (
        first.summary_html
    )


# --- Hostile XML ---------------------------------------------------------------------------


def billion_laughs(*, one_line: bool) -> bytes:
    separator = "" if one_line else "\n"
    declarations = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?>{separator}<!DOCTYPE rss [{separator}'
        + separator.join(declarations)
        + f"{separator}]>{separator}<rss><channel><title>&lol9;</title></channel></rss>"
    ).encode()


def quadratic_blowup() -> bytes:
    entity = "A" * 100_000
    uses = "&a;" * 100_000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{entity}">]>'
        f"<rss><channel><title>{uses}</title></channel></rss>"
    ).encode()


HOSTILE_DOCUMENTS = {
    "billion laughs on many lines": billion_laughs(one_line=False),
    "billion laughs on one line": billion_laughs(one_line=True),
    "quadratic blow-up": quadratic_blowup(),
    "external entity to a file": (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><title>&xxe;</title></channel></rss>"
    ),
    "parameter entity": (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
        b"<rss><channel><title>x</title></channel></rss>"
    ),
    "billion laughs in UTF-16": billion_laughs(one_line=False)
    .decode()
    .replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>')
    .encode("utf-16"),
    "entities declared after a comment": b'<!-- x --><!DOCTYPE rss [<!ENTITY a "b">]><rss/>',
    "entity in a control-character-broken feed": (
        b'<?xml version="1.0"?><!\x0bDOCTYPE rss [<!\x0cENTITY a "b">]><rss>&a; & </rss>'
    ),
}


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.mark.parametrize("name", list(HOSTILE_DOCUMENTS))
def test_hostile_xml_is_refused_quickly_and_without_using_much_memory(name):
    document = HOSTILE_DOCUMENTS[name]
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # reset this process's peak RSS to its current RSS
    before = _rss_kb()
    began = time.perf_counter()
    with pytest.raises(HostileFeed):
        parse_feed(document, url="https://feeds.example.org/hostile.xml")
    assert time.perf_counter() - began < 2.0
    assert (_peak_rss_kb() - before) / 1024 < 200


def test_a_doctype_naming_a_local_file_never_opens_it(tmp_path):
    # A FIFO blocks whoever opens it for reading until a writer comes: a parser that loaded
    # the DTD would hang here.
    fifo = tmp_path / "dtd"
    os.mkfifo(fifo)
    document = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file://{fifo}">'
        "<rss><channel><title>Local</title><item><title>One</title></item></channel></rss>"
    ).encode()
    outcome: list[object] = []
    reader = threading.Thread(
        target=lambda: outcome.append(parse_feed(document, url="https://feeds.example.org/")),
        daemon=True,
    )
    reader.start()
    reader.join(timeout=5)
    if reader.is_alive():  # release the blocked parser before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert not reader.is_alive()
    [feed] = outcome
    assert [item.title for item in feed.items] == ["One"]  # type: ignore[attr-defined]


def test_a_cdata_section_that_mentions_a_doctype_is_not_hostile():
    body = (
        b"<rss><channel><item><title>Page</title><description><![CDATA[<!DOCTYPE html>"
        b"<p>Hello</p>]]></description></item></channel></rss>"
    )
    [item] = parse_feed(body, url="https://feeds.example.org/").items
    assert item.summary_html == "<p>Hello</p>"


@pytest.mark.parametrize(
    "where",
    [
        '<!-- how to start a page: <!DOCTYPE html PUBLIC "-//W3C//DTD -->',
        '<description>Start with &lt;!DOCTYPE html PUBLIC "-//W3C</description>',
        "<description><![CDATA[<!DOCTYPE x '>]]></description>",
        '<description>&lt;!ENTITY a "b"&gt; is how entities are declared</description>',
    ],
)
def test_a_doctype_or_entity_mentioned_in_text_is_not_hostile(where):
    body = (
        "<?xml version='1.0'?><rss><channel><title>T</title><item><title>Page</title>"
        f"{where}</item><item><title>Next</title></item></channel></rss>"
    ).encode()
    feed = parse_feed(body, url="https://feeds.example.org/")
    assert [item.title for item in feed.items] == ["Page", "Next"]


@pytest.mark.parametrize(
    "document",
    [
        b'<!DOCTYPE rss [<!ENTITY a "b">]><rss><channel><title>&a;</title></channel></rss>',
        b'\xef\xbb\xbf \n<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- hi -->'
        b'<!DOCTYPE rss [<!ENTITY a "b">]><rss/>',
        b'<!DOCTYPE rss SYSTEM "unclosed><rss/>',
        b'<!ENTITY a "b"><rss><channel><title>&a;</title></channel></rss>',
    ],
)
def test_declarations_in_the_prolog_are_still_refused(document):
    with pytest.raises(HostileFeed):
        parse_feed(document, url="https://feeds.example.org/")


def test_a_declaration_after_the_prolog_declares_nothing():
    body = (
        b"<rss><channel><!DOCTYPE rss [<!ENTITY a 'AAAA'>]><item><title>x&a;</title></item>"
        b"</channel></rss><!DOCTYPE rss [<!ENTITY b 'BBBB'>]>"
    )
    feed = parse_feed(body, url="https://feeds.example.org/")
    assert feed.recovered
    assert all("AAAA" not in item.title for item in feed.items)


def test_expat_is_recent_enough_here_and_an_old_one_is_reported(monkeypatch):
    assert feeds.expat_problem() is None
    monkeypatch.setattr(feeds.pyexpat, "version_info", (2, 2, 10))
    problem = feeds.expat_problem()
    assert problem is not None
    assert "2.2.10" in problem and "2.4.1" in problem


# --- Discovery -----------------------------------------------------------------------------


def test_it_finds_the_feeds_a_page_links_to_in_order():
    found = discover_feeds(fixture("news_page.html"), "https://www.example-herald.co.uk/uk/news")
    assert found == [
        "https://www.example-herald.co.uk/uk/rss.xml",
        "https://www.example-herald.co.uk/uk/atom.xml",
        "https://www.example-herald.co.uk/uk/feed.json",
    ]


@pytest.mark.parametrize(
    "page",
    [b"", b"<html><head><title>x</title></head><body></body></html>", b"\x00\x01 not html"],
)
def test_a_page_without_feed_links_gives_none(page):
    assert discover_feeds(page, "https://www.example.org/") == []


def test_a_json_feed_can_be_recognised_without_a_content_type():
    body = json.dumps(
        {"version": "https://jsonfeed.org/version/1", "title": "T", "items": [{"id": "1"}]}
    ).encode()
    feed = parse_feed(body, url="https://x.example/feed.json")
    assert feed.kind == "json"
    assert [item.guid for item in feed.items] == ["1"]
