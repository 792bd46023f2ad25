"""No page number gives an error: past the end shows the last page, junk the first."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib.pagination import paginate, paginate_uncounted, requested_page
from chorus.roundup.models import Edition, Subscriber
from tests.factories import PersonFactory, PlacementFactory, StorytellerFactory
from tests.monitoring.factories import make_article

HUGE = "99999999999999999999999"
# Longer than Python reads as a number (4,300 digits).
ENORMOUS = "9" * 5000


def _get(query: str):
    return RequestFactory().get("/list/", {"page": query} if query is not None else {})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3", 3),
        (" 3 ", 3),
        ("", None),
        ("abc", None),
        ("0", None),
        ("-2", None),
        ("1.5", None),
        ("1e3", None),
        ("３", None),  # a full-width digit: not a page number anyone typed here
        (HUGE, 10**18),
        (ENORMOUS, 10**18),
    ],
)
def test_the_page_asked_for_is_read_the_same_way_everywhere(raw, expected):
    assert requested_page(_get(raw)) == expected


@pytest.mark.parametrize(
    ("raw", "number"), [(HUGE, 3), (ENORMOUS, 3), ("4", 3), ("x", 1), ("-1", 1), ("2", 2)]
)
def test_a_counted_list_shows_the_last_page_past_the_end_and_the_first_for_junk(raw, number):
    page = paginate(_get(raw), list(range(25)), 10)
    assert page.number == number
    assert list(page) == list(range(25))[(number - 1) * 10 : number * 10]


@pytest.mark.parametrize(
    ("raw", "number", "counted"),
    [("2", 2, False), (HUGE, 3, True), (ENORMOUS, 3, True), ("x", 1, False)],
)
def test_an_uncounted_list_is_counted_only_past_its_end(raw, number, counted):
    rows = list(range(25))
    counts = []

    def count() -> int:
        counts.append(1)
        return len(rows)

    page = paginate_uncounted(
        _get(raw), lambda offset, limit: rows[offset : offset + limit], 10, count=count
    )

    assert page.number == number and bool(counts) == counted
    assert page.object_list == rows[(number - 1) * 10 : number * 10]
    assert page.has_next == (number < 3)


# --- The list pages -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", [HUGE, ENORMOUS])
def test_articles_show_their_last_page_for_a_huge_page_number(client_for, page):
    for n in range(30):
        make_article(f"Asylum story number {n}")
    client = client_for(Role.VOLUNTEER)

    for query in ({}, {"q": "asylum"}):
        answer = client.get(reverse("monitoring:article_list"), {**query, "page": page})
        text = answer.content.decode()
        assert answer.status_code == 200, query
        assert "Page 2" in text, query
        # The last page holds the five oldest, and has no next page.
        assert "Asylum story number 0<" in text and "Asylum story number 5<" not in text
        assert 'rel="next"' not in text


@pytest.mark.django_db
def test_placements_storytellers_people_editions_and_subscribers_show_their_last_page(
    client_for, monkeypatch
):
    monkeypatch.setattr("chorus.media.views.PER_PAGE", 2)
    monkeypatch.setattr("chorus.voices.views.PER_PAGE", 2)
    monkeypatch.setattr("chorus.roundup.subscribers.views.PER_PAGE", 2)
    PlacementFactory.create_batch(3)
    StorytellerFactory.create_batch(3)
    PersonFactory.create_batch(51)
    for day in range(1, 32):
        Edition.objects.create(issue_date=f"2026-10-{day:02d}", title=f"Edition {day}")
    for n in range(3):
        Subscriber.objects.create(email=f"reader{n}@example.org")

    lists = [
        (Role.MEDIA_OFFICER, reverse("media:placement_list"), "Page 2 of 2"),
        (Role.MEDIA_OFFICER, reverse("voices:storyteller_list"), "Page 2 of 2"),
        (Role.COORDINATOR, reverse("people:person_list"), "Page 2 of 2"),
        (Role.COORDINATOR, reverse("roundup:edition_list"), "Page 2 of 2"),
        (Role.COORDINATOR, reverse("roundup:subscriber_list"), "Page 2 of 2"),
    ]
    for role, url, last in lists:
        for page in (HUGE, ENORMOUS):
            answer = client_for(role).get(url, {"page": page})
            assert answer.status_code == 200, url
            assert last in answer.content.decode(), (url, page)
        first = client_for(role).get(url, {"page": "junk"})
        assert first.status_code == 200 and "Page 1 of 2" in first.content.decode(), url
