"""The public archive is built once and kept in the cache, until an edition is published."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chorus.monitoring.models import NewsRegion
from chorus.roundup.delivery import ledger
from chorus.roundup.delivery import services as delivery
from chorus.roundup.models import Edition, EditionItem, Recipient, Subscriber

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def _edition(day: datetime.date, headline: str, *, status: str = Edition.Status.SENT) -> Edition:
    edition = Edition.objects.create(
        issue_date=day,
        title=f"Round-up {day:%d %B}",
        status=status,
        published_at=timezone.now() if status == Edition.Status.SENT else None,
    )
    EditionItem.objects.create(
        edition=edition, headline=headline, url="https://example.org/a", section=NewsRegion.UK
    )
    return edition


def _sent_as_the_worker_sends(edition: Edition, django_capture_on_commit_callbacks) -> None:
    """Schedule, mark every ledger row sent, finish: what publishes an edition."""
    Subscriber.objects.create(email="reader@example.org", status=Subscriber.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        send = delivery.send_schedule(
            edition=edition, actor=None, send_at=timezone.now(), enqueue=False
        )
        Recipient.objects.filter(send=send).update(status=Recipient.Status.SENT)
        assert ledger.send_finish_if_complete(send=send)


def _get(path: str) -> tuple[str, int, list[str]]:
    """A new reader's visit: the page, the queries it cost and the templates it rendered."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries), [t.name for t in response.templates]


def test_a_second_reader_of_an_edition_costs_no_query():
    _edition(TODAY, "Dozens rescued in the Channel")
    first, first_queries, first_templates = _get("/news/archive/2026/11/23/")
    second, second_queries, second_templates = _get("/news/archive/2026/11/23/")
    assert first_queries > 0 and "roundup/archive/_edition.html" in first_templates
    assert second_queries == 0 and "roundup/archive/_edition.html" not in second_templates
    assert second == first
    assert "Dozens rescued in the Channel" in second and "<title>Round-up 23 November" in second


def test_a_second_reader_of_the_index_costs_no_query():
    _edition(TODAY, "Dozens rescued in the Channel")
    first, first_queries, _ = _get("/news/archive/")
    second, second_queries, _ = _get("/news/archive/")
    assert first_queries > 0 and second_queries == 0
    assert second == first and "Round-up 23 November" in second


def test_publishing_an_edition_shows_it_in_the_index_at_once(django_capture_on_commit_callbacks):
    _edition(TODAY - datetime.timedelta(days=1), "Yesterday's story")
    before, _, _ = _get("/news/archive/")
    assert "Round-up 22 November" in before and "Round-up 23 November" not in before
    today = _edition(TODAY, "Hotel plans dropped", status=Edition.Status.APPROVED)
    # Still the kept page: nothing has been published.
    assert "Round-up 23 November" not in _get("/news/archive/")[0]

    _sent_as_the_worker_sends(today, django_capture_on_commit_callbacks)

    after, queries, _ = _get("/news/archive/")
    assert queries > 0  # built again
    assert "Round-up 23 November" in after and "Round-up 22 November" in after
    assert "Hotel plans dropped" in _get("/news/archive/2026/11/23/")[0]


def test_an_unpublished_date_is_not_kept_as_missing(django_capture_on_commit_callbacks):
    today = _edition(TODAY, "Hotel plans dropped", status=Edition.Status.APPROVED)
    assert Client().get("/news/archive/2026/11/23/").status_code == 404
    _sent_as_the_worker_sends(today, django_capture_on_commit_callbacks)
    assert "Hotel plans dropped" in _get("/news/archive/2026/11/23/")[0]


def test_a_page_past_the_end_shows_the_last_page_without_filling_the_cache():
    for days in range(31):  # two pages of 30
        _edition(TODAY - datetime.timedelta(days=days), f"Story {days}")
    last, _, _ = _get("/news/archive/?page=2")
    past_the_end, _, _ = _get("/news/archive/?page=99")
    assert past_the_end == last and "Page 2 of 2" in last
    assert _get("/news/archive/?page=2")[1] == 0
    assert _get("/news/archive/?page=99")[1] > 0  # built each time, never kept under 99


def test_a_signed_in_member_of_staff_still_sees_their_own_menu(client_for):
    from chorus.accounts.roles import Role

    _edition(TODAY, "Dozens rescued in the Channel")
    _get("/news/archive/")  # kept by an anonymous reader first
    staff = client_for(Role.COORDINATOR).get("/news/archive/").content.decode()
    assert "Sign out" in staff and "coordinator" in staff
    reader, _, _ = _get("/news/archive/")
    assert "Sign out" not in reader and "coordinator" not in reader
