"""The public web archive of sent editions and its RSS feed."""

from __future__ import annotations

import datetime
import html
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own feed in a test
from typing import Any

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chorus.monitoring.models import NewsRegion
from chorus.monitoring.pipeline.feeds import parse_feed
from chorus.monitoring.pipeline.normalise import sanitise_html
from chorus.roundup.editions import services as editions
from chorus.roundup.models import Edition, EditionItem
from tests.monitoring.factories import make_article

pytestmark = pytest.mark.django_db


def _edition(day: datetime.date, status: str, headline: str) -> Edition:
    edition = Edition.objects.create(
        issue_date=day,
        title=f"Round-up {day:%d %B}",
        status=status,
        intro="Good morning.",
        published_at=timezone.now() if status == Edition.Status.SENT else None,
    )
    EditionItem.objects.create(
        edition=edition,
        headline=headline,
        url="https://www.bbc.co.uk/news/example",
        outlets="BBC and ITV",
        summary="One line.",
        section=NewsRegion.UK,
    )
    EditionItem.objects.create(
        edition=edition, headline="Left out story", url="https://example.org/x", included=False
    )
    return edition


def test_anyone_can_read_a_sent_edition_without_signing_in():
    _edition(datetime.date(2026, 11, 20), Edition.Status.SENT, "Dozens rescued in the Channel")
    response = Client().get("/news/archive/2026/11/20/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dozens rescued in the Channel" in body
    assert "BBC and ITV" in body
    assert "Left out story" not in body
    assert "public" in response["Cache-Control"]


def test_drafts_are_not_in_the_archive():
    _edition(datetime.date(2026, 11, 21), Edition.Status.DRAFT, "Secret draft story")
    assert Client().get("/news/archive/2026/11/21/").status_code == 404
    assert "Secret draft story" not in Client().get("/news/archive/").content.decode()
    assert Client().get("/news/archive/2026/13/40/").status_code == 404


def test_the_feed_lists_sent_editions_with_their_headlines():
    _edition(datetime.date(2026, 11, 20), Edition.Status.SENT, "Dozens rescued in the Channel")
    _edition(datetime.date(2026, 11, 21), Edition.Status.DRAFT, "Secret draft story")
    response = Client().get("/news/archive/feed.xml")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Round-up 20 November"]
    assert "Dozens rescued in the Channel" in items[0].findtext("description")
    assert items[0].findtext("link").endswith("/news/archive/2026/11/20/")


def test_a_headline_with_markup_is_shown_as_text():
    _edition(datetime.date(2026, 11, 20), Edition.Status.SENT, "<script>alert(1)</script>Boats")
    body = Client().get("/news/archive/2026/11/20/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def _feed_entries(content: bytes) -> list[Any]:
    # sanitize_html=False: what a reader that trusts the feed's HTML would show.
    return feedparser.parse(content, sanitize_html=False).entries


def _as_text(description_html: str) -> str:
    """What a reader displays for a description: its text, tags rendered away."""
    return html.unescape(re.sub(r"<[^>]*>", " ", description_html))


def test_feed_descriptions_show_a_headlines_tags_as_text():
    headline = "Smith <b>wins</b> <script>alert(1)</script>"
    edition = _edition(datetime.date(2026, 11, 20), Edition.Status.SENT, headline)
    EditionItem.objects.filter(edition=edition, headline=headline).update(
        summary="Judge says <i>no</i> & more."
    )
    entries = _feed_entries(Client().get("/news/archive/feed.xml").content)
    description = entries[0].summary
    assert "<b>" not in description and "<script" not in description and "<i>" not in description
    assert "Smith &lt;b&gt;wins&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;" in description
    shown = _as_text(description)
    assert headline in shown
    assert "Judge says <i>no</i> & more." in shown
    assert "Good morning." in shown and "BBC and ITV" in shown
    assert '<a href="https://www.bbc.co.uk/news/example">' in description


def test_a_source_feeds_entity_encoded_tags_stay_text_all_the_way_to_the_feed():
    source = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title>'
        b"<link>https://outlet.example/</link><item>"
        # The title is HTML, as readers take it: its tags are entity-encoded, so they are text.
        b"<title>Smith &amp;lt;b&amp;gt;wins&amp;lt;/b&amp;gt; "
        b"&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;</title>"
        b"<link>https://outlet.example/a</link>"
        b"<description>&lt;p&gt;Judge says &amp;lt;i&amp;gt;no&amp;lt;/i&amp;gt;.&lt;/p&gt;"
        b"</description></item></channel></rss>"
    )
    item = parse_feed(source, url="https://outlet.example/feed").items[0]
    assert item.title == "Smith <b>wins</b> <script>alert(1)</script>"  # text, not markup
    article = make_article(item.title, summary=sanitise_html(item.summary_html))
    edition = Edition.objects.create(
        issue_date=datetime.date(2026, 11, 20),
        title="Round-up 20 November",
        status=Edition.Status.SENT,
        published_at=timezone.now(),
    )
    EditionItem.objects.create(
        edition=edition,
        article=article,
        headline=article.title,
        url=article.url,
        summary=editions.one_line(article),
        section=NewsRegion.UK,
    )
    description = _feed_entries(Client().get("/news/archive/feed.xml").content)[0].summary
    assert "<b>" not in description and "<script" not in description and "<i>" not in description
    shown = _as_text(description)
    assert "Smith <b>wins</b> <script>alert(1)</script>" in shown
    assert "Judge says <i>no</i>." in shown
    page = Client().get("/news/archive/2026/11/20/").content.decode()
    assert "<b>wins" not in page and "&lt;b&gt;wins&lt;/b&gt;" in page


def test_the_feed_answers_a_reader_that_already_has_it_with_304():
    _edition(datetime.date(2026, 11, 20), Edition.Status.SENT, "Dozens rescued in the Channel")
    first = Client().get("/news/archive/feed.xml")
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]

    again = Client().get("/news/archive/feed.xml", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag

    with CaptureQueriesContext(connection) as queries:
        since = Client().get("/news/archive/feed.xml", headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304 and since.content == b""
    assert len(queries) == 1  # when the newest edition went out; the feed is not built

    later = _edition(datetime.date(2026, 11, 21), Edition.Status.SENT, "Hotel plans dropped")
    Edition.objects.filter(pk=later.pk).update(
        published_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    changed = Client().get("/news/archive/feed.xml", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Hotel plans dropped" in changed.content.decode()
    newer = Client().get("/news/archive/feed.xml", headers={"If-Modified-Since": last_modified})
    assert newer.status_code == 200
