"""Feeds no one here would write: one unreadable item among good ones, and old formats
feedparser reads (Atom without its namespace, RSS in Userland's namespace)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from chorus.monitoring.pipeline.feeds import FeedError, parse_feed

# --- One bad item never loses a feed -------------------------------------------------------

BAD_LINK = "http://[bad/x"  # urljoin raises "ValueError: Invalid IPv6 URL"

BAD_LINK_FEEDS = {
    "rss": (
        "<rss version='2.0'><channel><title>T</title><link>{channel}</link>"
        "<item><title>One</title><link>https://e.org/1</link></item>"
        "<item><title>Bad</title><link>{item}</link></item>"
        "<item><title>Bad guid</title><guid>{item}</guid></item>"
        "<item><title>Two</title><link>https://e.org/2</link></item>"
        "</channel></rss>"
    ),
    "rdf": (
        "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
        " xmlns='http://purl.org/rss/1.0/'><channel><title>T</title><link>{channel}</link>"
        "</channel><item><title>One</title><link>https://e.org/1</link></item>"
        "<item><title>Bad</title><link>{item}</link></item>"
        "<item rdf:about='{item}'><title>Bad about</title></item>"
        "<item><title>Two</title><link>https://e.org/2</link></item></rdf:RDF>"
    ),
    "atom": (
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>T</title><link href='{channel}'/>"
        "<entry><id>1</id><title>One</title><link href='https://e.org/1'/></entry>"
        "<entry><id>2</id><title>Bad</title><link href='{item}'/></entry>"
        "<entry xml:base='{item}'><id>3</id><title>Bad base</title><link href='a'/></entry>"
        "<entry><id>4</id><title>Two</title><link href='https://e.org/2'/></entry></feed>"
    ),
    "json": json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "T",
            "home_page_url": "{channel}",
            "items": [
                {"id": "1", "title": "One", "url": "https://e.org/1"},
                {"id": "2", "title": "Bad", "url": "{item}"},
                {"id": "3", "title": "Bad external", "external_url": "{item}"},
                {"id": "4", "title": "Two", "url": "https://e.org/2"},
            ],
        }
    ),
}


@pytest.mark.parametrize("kind", list(BAD_LINK_FEEDS))
def test_items_with_a_malformed_link_are_skipped_and_the_rest_read(kind):
    body = BAD_LINK_FEEDS[kind].replace("{channel}", BAD_LINK).replace("{item}", BAD_LINK)
    feed = parse_feed(body.encode(), url="https://e.org/feed")
    read = [(item.title, item.url) for item in feed.items]
    assert read[0] == ("One", "https://e.org/1") and read[-1] == ("Two", "https://e.org/2")
    assert feed.link == ""
    assert "feed's own link" in feed.item_errors[0]
    assert all("Invalid IPv6 URL" in error for error in feed.item_errors)
    if kind in ("rss", "rdf"):
        # A guid or rdf:about only might be an address: the item keeps it as its
        # identifier, without a link (as feedparser does), and storing it says why not.
        assert read[1][1] == "" and len(read) == 3
        assert len(feed.item_errors) == 2
    else:
        assert len(read) == 2 and len(feed.item_errors) == 3


@pytest.mark.parametrize("kind", list(BAD_LINK_FEEDS))
def test_a_feed_with_good_links_reports_no_item_errors(kind):
    body = (
        BAD_LINK_FEEDS[kind]
        .replace("{channel}", "https://e.org/")
        .replace("{item}", "https://e.org/x")
    )
    feed = parse_feed(body.encode(), url="https://e.org/feed")
    assert len(feed.items) == 4 and feed.item_errors == []
    assert feed.link == "https://e.org/"


# --- Old formats ---------------------------------------------------------------------------


def test_it_reads_atom_without_its_namespace():
    body = (
        b"<?xml version='1.0'?><feed><title>Old</title>"
        b"<link rel='alternate' type='text/html' href='https://e.org/'/>"
        b"<entry><id>tag:e.org,2004:1</id><title>First</title>"
        b"<link rel='alternate' href='https://e.org/1'/><issued>2004-01-02T10:00:00Z</issued>"
        b"<summary>Hello</summary><author><name>Jo</name></author></entry></feed>"
    )
    feed = parse_feed(body, url="https://e.org/atom.xml")
    assert (feed.kind, feed.title, feed.link) == ("atom", "Old", "https://e.org/")
    [item] = feed.items
    assert (item.guid, item.title, item.url, item.author) == (
        "tag:e.org,2004:1",
        "First",
        "https://e.org/1",
        "Jo",
    )
    assert item.published == datetime(2004, 1, 2, 10, tzinfo=UTC)
    assert item.summary_html == "Hello"


@pytest.mark.parametrize(
    "namespace", ["http://backend.userland.com/rss2", "http://backend.userland.com/rss"]
)
def test_it_reads_rss_in_userlands_old_namespace(namespace):
    body = (
        f"<rss version='2.0' xmlns='{namespace}'><channel><title>Scripting News</title>"
        "<link>https://e.org/</link><language>en-us</language>"
        "<item><title>First</title><link>https://e.org/1</link>"
        "<description>Hello</description><guid>https://e.org/1</guid></item>"
        "</channel></rss>"
    ).encode()
    feed = parse_feed(body, url="https://e.org/rss.xml")
    assert (feed.kind, feed.title, feed.link, feed.language) == (
        "rss",
        "Scripting News",
        "https://e.org/",
        "en",
    )
    [item] = feed.items
    assert (item.title, item.url, item.summary_html) == ("First", "https://e.org/1", "Hello")


def test_escaped_markup_in_an_inline_xhtml_headline_stays_text():
    body = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>1</id>"
        b"<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>History of the "
        b"&lt;blink&gt; <b>tag</b></div></title></entry>"
        b"<entry><id>2</id><title type='application/xhtml+xml' mode='xml'>safe<script>"
        b"location.href='x'</script> words</title></entry></feed>"
    )
    titles = [item.title for item in parse_feed(body, url="https://e.org/").items]
    assert titles == ["History of the <blink> tag", "safe words"]


def test_an_atom_entry_without_a_link_is_at_its_http_id():
    body = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'>"
        b"<entry><id>https://e.org/posts/1</id><title>Linked by id</title></entry>"
        b"<entry><id>tag:e.org,2024:2</id><title>Not an address</title></entry></feed>"
    )
    items = parse_feed(body, url="https://e.org/").items
    assert [item.url for item in items] == ["https://e.org/posts/1", ""]


def test_an_rss_link_written_atom_style_is_read():
    body = (
        b"<rss version='2.0'><channel><item><title>One</title>"
        b"<link href='https://e.org/1'/></item></channel></rss>"
    )
    [item] = parse_feed(body, url="https://e.org/").items
    assert item.url == "https://e.org/1"


def test_cdf_is_still_refused_in_plain_words():
    body = b"<CHANNEL HREF='https://e.org/'><TITLE>Old</TITLE></CHANNEL>"
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(body, url="https://e.org/cdf")
