"""Article search: the engine's own full-text index, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.monitoring import selectors as search_module
from chorus.monitoring.selectors import matching_ids, search_articles, terms_of
from tests.monitoring.factories import make_article

pytestmark = pytest.mark.django_db


def test_it_finds_articles_with_every_word_newest_first():
    hotel = make_article("Council objects to asylum hotel plan")
    make_article("Football club signs striker")
    barge = make_article("Asylum seekers moved onto barge in Dorset")
    ids = matching_ids("asylum", limit=10)
    assert ids == [barge.pk, hotel.pk]
    assert matching_ids("asylum hotel", limit=10) == [hotel.pk]


def test_it_matches_other_forms_of_a_word():
    crossing = make_article("Two more Channel crossings recorded")
    assert matching_ids("crossing", limit=10) == [crossing.pk]


def test_it_searches_the_summary_and_the_full_text_too():
    article = make_article(
        "Home Office statement", summary="<p>Rwanda plan challenged in court</p>"
    )
    extracted = make_article("Minister speaks", text="The detention centre at Harmondsworth")
    assert matching_ids("rwanda", limit=10) == [article.pk]
    assert matching_ids("harmondsworth", limit=10) == [extracted.pk]


def test_it_finds_changed_text_and_forgets_deleted_articles():
    article = make_article("Original headline", summary="<p>First version</p>")
    article.title = "Corrected headline about deportation flights"
    article.save()
    assert matching_ids("deportation", limit=10) == [article.pk]
    assert matching_ids("original", limit=10) == []
    article.delete()
    assert matching_ids("deportation", limit=10) == []


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "asylum*", "title:asylum", "NEAR(a b)", "(((", "' OR 1=1 --"]
)
def test_search_syntax_in_a_query_is_read_as_words_never_as_an_error(query):
    make_article("Asylum hotel title story")
    search_articles(query)  # must not raise


def test_a_query_without_words_finds_nothing():
    make_article("Asylum")
    assert terms_of("  -- '' ") == []
    assert matching_ids("  ", limit=10) == []


def test_results_come_a_page_at_a_time():
    for n in range(30):
        make_article(f"Asylum story number {n}")
    first = search_articles("asylum", page=1, per_page=25)
    second = search_articles("asylum", page=2, per_page=25)
    assert len(first.articles) == 25 and first.has_next
    assert len(second.articles) == 5 and not second.has_next
    assert not {a.pk for a in first.articles} & {a.pk for a in second.articles}


def test_pages_are_whole_and_in_order_across_the_newest_and_the_older_articles(monkeypatch):
    # PostgreSQL looks through the newest articles first and the older ones only when the
    # page is not full; a small window puts the boundary inside these few articles.
    monkeypatch.setattr(search_module, "RECENT_WINDOW", 4)
    made = [make_article(f"Asylum story {n}" if n % 3 else f"Sport {n}") for n in range(14)]
    expected = [a.pk for a in reversed(made) if a.title.startswith("Asylum")]
    assert len(expected) == 9
    for limit, offset in [(2, 0), (3, 0), (4, 2), (5, 4), (9, 0), (20, 0), (3, 8), (3, 9)]:
        assert (
            matching_ids("asylum", limit=limit, offset=offset) == expected[offset : offset + limit]
        ), (limit, offset)
    assert matching_ids("sport", limit=10) == [a.pk for a in reversed(made) if a.title[0] == "S"]
    assert matching_ids("nothing", limit=10) == []


def test_staff_search_from_the_articles_page(client_for):
    make_article("Dozens rescued in the Channel")
    make_article("Football club signs striker")
    page = client_for(Role.READ_ONLY).get(reverse("monitoring:article_list"), {"q": "rescued"})
    body = page.content.decode()
    assert "Dozens rescued in the Channel" in body
    assert "Football club" not in body
    empty = client_for(Role.READ_ONLY).get(reverse("monitoring:article_list"), {"q": "zebra"})
    assert "No article has every one of those words" in empty.content.decode()


def test_feed_markup_on_the_article_page_is_cleaned_even_if_stored_raw(client_for):
    article = make_article(
        "Headline",
        summary='<p onclick="steal()">Text<script>alert(1)</script>'
        '<a href="javascript:alert(2)">link</a></p>',
    )
    body = client_for(Role.VOLUNTEER).get(reverse("monitoring:article_detail", args=[article.pk]))
    html = body.content.decode()
    assert "<script>alert(1)" not in html
    assert "onclick" not in html
    assert "javascript:alert(2)" not in html
