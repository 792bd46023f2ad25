"""Clicks per story: counted through Chorus's own redirect, which stores nothing about anyone."""

from __future__ import annotations

import datetime
import email
import email.policy
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.roundup.editions import email as roundup_email
from chorus.roundup.models import Edition, EditionItem, Subscriber

pytestmark = pytest.mark.django_db

ARTICLE = "https://news.example.org/dozens-rescued"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.CHORUS_PUBLIC_URL = "https://chorus.example.org"


@pytest.fixture
def sent():
    edition = Edition.objects.create(
        issue_date=datetime.date(2026, 11, 23),
        title="Migration news round-up, Monday 23 November 2026",
        status=Edition.Status.SENT,
    )
    EditionItem.objects.create(
        edition=edition, headline="Dozens rescued in the Channel", url=ARTICLE, position=10
    )
    EditionItem.objects.create(
        edition=edition, headline="Radio piece", url="tel:+440000000", position=20
    )
    return edition


def _links(message) -> list[str]:
    received = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    html = received.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    return re.findall(r'href="(https://chorus\.example\.org/news/go/[^"]+)"', html)


def test_every_reader_gets_the_same_link_for_a_story_so_a_click_names_no_one(sent):
    rendered = roundup_email.render_edition(sent)
    one = Subscriber.objects.create(email="one@example.org", status="confirmed")
    two = Subscriber.objects.create(email="two@example.org", status="confirmed")
    first, second = (_links(roundup_email.message_for(rendered, s)) for s in (one, two))
    assert len(first) == 1  # the story with a web link; the other has none to follow
    assert first == second
    assert one.token not in first[0] and "one@example.org" not in first[0]


def test_following_a_link_counts_one_click_and_goes_on_to_the_article(sent):
    [link] = _links(
        roundup_email.message_for(
            roundup_email.render_edition(sent),
            Subscriber.objects.create(email="reader@example.org", status="confirmed"),
        )
    )
    path = link.removeprefix("https://chorus.example.org")
    reader = Client()
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(path)
    assert response.status_code == 302
    assert response["Location"] == ARTICLE
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies  # no cookie, nothing to recognise a reader by
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(writes) == 1 and "clicks" in writes[0]  # the count, and nothing else
    reader.get(path)
    story = sent.items.get(headline="Dozens rescued in the Channel")
    assert story.clicks == 2


def test_a_link_chorus_did_not_make_counts_nothing(sent):
    story = sent.items.get(headline="Dozens rescued in the Channel")
    for token in (str(story.pk), f"{story.pk}:forged", "x"):
        assert Client().get(reverse("roundup:click_follow", args=[token])).status_code == 404
    story.refresh_from_db()
    assert story.clicks == 0


def test_the_counts_show_on_the_editions_page_and_in_the_list(client_for, sent):
    story = sent.items.get(headline="Dozens rescued in the Channel")
    EditionItem.objects.filter(pk=story.pk).update(clicks=7)
    client = client_for(Role.COORDINATOR)
    page = client.get(reverse("roundup:edition_detail", args=[sent.pk])).content.decode()
    assert "7 clicks" in page and "0 clicks" in page
    listing = client.get(reverse("roundup:edition_list")).content.decode()
    assert re.search(r"<td>7</td>", listing)


def test_the_privacy_notice_says_what_is_counted_and_is_linked_from_the_email(sent):
    notice = Client().get(reverse("roundup:privacy_notice"))
    assert notice.status_code == 200
    text = notice.content.decode()
    assert "never says who clicked" in text and "no tracking pixels" in text
    rendered = roundup_email.render_edition(sent)
    message = roundup_email.message_for(
        rendered, Subscriber.objects.create(email="reader@example.org", status="confirmed")
    )
    assert "https://chorus.example.org/news/privacy/" in message.body
    signup = Client().get(reverse("roundup:subscribe")).content.decode()
    assert reverse("roundup:privacy_notice") in signup
