"""A due feed is fetched once, however many workers look for due feeds.

Each feed here is a site of its own (tests/monitoring/feed_hosts.py), so the rule that
one site gets one connection at a time cannot hide a second fetch: only the claim of a
due source (`ingest.source_claim`) decides. Several processes on PostgreSQL:
tests/test_cluster.py.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from chorus.monitoring.models import Article, Source
from chorus.monitoring.services import ingest
from tests.monitoring.feed_hosts import FeedHosts

pytestmark = pytest.mark.django_db

FEEDS = 4


@pytest.fixture
def hosts(settings):
    with FeedHosts(FEEDS, items=2) as feeds:
        settings.ROUNDUP_FETCH_ALLOW_HOSTS = feeds.allow_hosts
        for n in range(FEEDS):
            Source.objects.create(name=f"Feed {n}", url=feeds.url(n), poll_minutes=30)
        yield feeds


def test_a_worker_that_starts_while_another_is_fetching_takes_only_what_is_left(hosts, monkeypatch):
    real_fetch = ingest._fetch_feed
    second_worker: list[int] = []
    calls = Counter[str]()

    def fetch(url, **kwargs):
        calls["fetch"] += 1
        if calls["fetch"] == 1:
            # Another worker looks for due feeds while this one fetches its first.
            second_worker.append(ingest.sources_poll_due())
        return real_fetch(url, **kwargs)

    monkeypatch.setattr(ingest, "_fetch_feed", fetch)
    first_worker = ingest.sources_poll_due()

    assert hosts.requests == Counter(dict.fromkeys(range(FEEDS), 1))
    # The second took every feed but the one in hand; the first, with its list made
    # before, found them taken.
    assert second_worker == [FEEDS - 1]
    assert first_worker == 1
    assert Article.objects.count() == FEEDS * 2
    for source in Source.objects.all():
        assert source.next_poll_at is not None
        assert source.last_success_at is not None


def test_a_worker_with_an_old_list_of_due_feeds_fetches_none_of_them_again(hosts):
    now = timezone.now()
    # Read by a worker that was then held up (a slow feed, a paused machine).
    stale = list(Source.objects.order_by("pk"))

    assert ingest.sources_poll_due(now=now) == FEEDS
    assert [ingest.source_claim(source=s, now=now) for s in stale] == [False] * FEEDS
    # Nor is anything due again within the interval.
    assert ingest.sources_poll_due(now=now + datetime.timedelta(minutes=29)) == 0
    assert hosts.requests == Counter(dict.fromkeys(range(FEEDS), 1))


def test_a_claim_left_by_a_worker_that_died_runs_out_and_the_feed_is_polled_again(hosts):
    now = timezone.now()
    source = Source.objects.get(name="Feed 0")
    # A worker took it and was killed before fetching.
    assert ingest.source_claim(source=source, now=now)

    assert ingest.sources_poll_due(now=now) == FEEDS - 1
    assert hosts.requests[0] == 0
    later = now + datetime.timedelta(seconds=ingest.CLAIM_SECONDS + 1)
    assert ingest.sources_poll_due(now=later) == 1
    assert hosts.requests == Counter(dict.fromkeys(range(FEEDS), 1))


def test_a_disabled_source_cannot_be_claimed(hosts):
    source = Source.objects.get(name="Feed 1")
    Source.objects.filter(pk=source.pk).update(enabled=False)

    assert not ingest.source_claim(source=source, now=timezone.now())
    assert ingest.sources_poll_due() == FEEDS - 1
    assert hosts.requests[1] == 0
