"""The demo round-up: disabled real feeds, invented news through the real pipeline, readers."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from pytest_django import DjangoDbBlocker

from chorus.monitoring.models import Article, NewsRegion, Source, StoryCluster
from chorus.privacy.models import AuditEntry
from chorus.roundup.models import Edition, EditionItem, Subscriber, SubscriberConsent, Suppression
from tests.demo.test_demo_load import REAL_NAME

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
TODAY = datetime.date(2025, 3, 1)
FICTIONAL_DOMAINS = ("@example.org", "@example.net", "@example.com")


def _load() -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("demo_load", password="a-demo-password-for-tests", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The whole demo, loaded once for this module and rolled back after its last test.

    Each test runs in a savepoint inside this transaction, so what one test changes
    is undone before the next, and the slow load happens once.
    """
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        with transaction.atomic():
            yield _load()
            transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    models = [
        Source,
        Article,
        StoryCluster,
        Edition,
        EditionItem,
        Subscriber,
        SubscriberConsent,
        Suppression,
        AuditEntry,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_it_creates_nothing_the_second_time(demo):
    assert "Round-up sources: 16 created, 0 already there" in demo
    assert "Round-up articles: 0 created" not in demo
    counts = _counts()
    second = _load()
    assert _counts() == counts
    for kind in ("sources", "articles", "editions", "subscribers"):
        assert f"Round-up {kind}: 0 created" in second
    assert "Round-up editions: 0 created, 4 already there" in second


def test_it_loads_the_starter_feeds_disabled_and_linked_to_their_outlets(demo):
    sources = Source.objects.select_related("publisher")
    assert sources.count() >= 15
    assert not sources.filter(enabled=True).exists()
    assert {s.health for s in sources} == {"disabled"}
    assert {"uk", "europe", "international"} <= set(sources.values_list("region", flat=True))
    bbc = sources.get(url="https://feeds.bbci.co.uk/news/uk/rss.xml")
    assert bbc.publisher is not None and bbc.publisher.name == "BBC News"
    assert sources.get(url="https://www.theguardian.com/uk/immigration/rss").publisher.name == (
        "The Guardian"
    )
    assert sources.filter(publisher=None).exists()  # ECRE, InfoMigrants…: no media outlet
    # Every invented article came in through one of them, under its outlet's real domain.
    articles = Article.objects.select_related("source", "publisher")
    assert articles.count() >= 40
    assert not articles.filter(source=None).exists()
    for article in articles.filter(source__url="https://feeds.bbci.co.uk/news/uk/rss.xml"):
        assert article.url.startswith("https://www.bbc.co.uk/news/uk-demo-")
        assert article.outlet_name == "BBC News"


def test_the_morning_draft_has_uk_and_europe_stories_reported_by_several_outlets(demo):
    draft = Edition.objects.get(issue_date=TODAY)
    assert draft.status == Edition.Status.DRAFT
    items = list(draft.items.filter(included=True))
    assert {NewsRegion.UK, NewsRegion.EUROPE} <= {item.section for item in items}
    several = [item.outlets for item in items if " and " in item.outlets]
    assert several, [item.outlets for item in items]
    assert any("others" in label for label in several)  # "BBC News, Sky News and 3 others"
    # Only the last day's news, all of it already published.
    for item in items:
        assert item.article is not None
        assert NOW - datetime.timedelta(days=1) <= item.article.published_at <= NOW


def test_the_classifier_judged_the_invented_news(demo):
    articles = Article.objects.all()
    assert articles.filter(relevant=False).exists()  # sport, weather, birds
    assert not articles.filter(title__icontains="swallows", relevant=True).exists()
    hostile = [a for a in articles if a.hostile_terms]
    assert any("invasion" in a.hostile_terms for a in hostile)
    assert articles.filter(lived_experience_voice=True).exists()
    # Wire copy run word for word by several outlets is stored as copies of the first.
    assert articles.exclude(copy_of=None).count() >= 2
    assert not articles.filter(published_at__gt=NOW).exists()


def test_the_public_archive_lists_the_three_sent_editions(demo):
    sent = Edition.objects.filter(status=Edition.Status.SENT)
    assert sent.count() == 3
    assert not sent.filter(published_at=None).exists()
    assert sorted(sent.values_list("issue_date", flat=True)) == [
        TODAY - datetime.timedelta(days=days) for days in (3, 2, 1)
    ]
    body = Client().get("/news/archive/").content.decode()
    for edition in sent:
        assert edition.title in body
        assert edition.items.filter(included=True).exists()
    assert Edition.objects.get(issue_date=TODAY).title not in body
    yesterday = Client().get("/news/archive/2025/2/28/")
    assert yesterday.status_code == 200
    assert "UK-France returns deal" in yesterday.content.decode()


def test_the_subscribers_are_fictional_and_in_every_state(demo):
    subscribers = Subscriber.objects.all()
    assert subscribers.count() >= 35
    outside = [s.email for s in subscribers if not s.email.endswith(FICTIONAL_DOMAINS)]
    assert outside == []
    statuses = {status: subscribers.filter(status=status).count() for status in Subscriber.Status}
    assert statuses[Subscriber.Status.CONFIRMED] >= 30
    assert statuses[Subscriber.Status.PENDING] >= 2
    assert statuses[Subscriber.Status.UNSUBSCRIBED] == 2
    assert statuses[Subscriber.Status.SUPPRESSED] == 1
    imported = SubscriberConsent.objects.filter(
        method=SubscriberConsent.Method.IMPORT, basis="existing list, 2021"
    )
    assert (
        not subscribers.filter(status=Subscriber.Status.CONFIRMED)
        .exclude(consents__in=imported)
        .exists()
    )
    bounced = subscribers.get(status=Subscriber.Status.SUPPRESSED)
    assert Suppression.objects.get(email=bounced.email).reason == Suppression.Reason.HARD_BOUNCE
    for gone in subscribers.filter(status=Subscriber.Status.UNSUBSCRIBED):
        assert Suppression.objects.get(email=gone.email).reason == Suppression.Reason.UNSUBSCRIBED


def test_it_uses_no_real_names_from_the_seed(demo):
    texts = [
        *Article.objects.values_list("title", flat=True),
        *Article.objects.values_list("summary", flat=True),
        *Subscriber.objects.values_list("name", flat=True),
    ]
    found = sorted({match.group(0) for text in texts for match in REAL_NAME.finditer(text)})
    assert found == []
