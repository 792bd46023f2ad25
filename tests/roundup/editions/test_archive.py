"""The public web archive of sent editions and its RSS feed."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own feed in a test

import pytest
from django.test import Client
from django.utils import timezone

from chorus.monitoring.models import NewsRegion
from chorus.roundup.models import Edition, EditionItem

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
