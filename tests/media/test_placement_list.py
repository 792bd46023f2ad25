from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import PlacementFormat
from chorus.media.selectors import placements_filter
from tests.factories import CampaignFactory, OutletFactory, PlacementFactory, segment

pytestmark = pytest.mark.django_db

URL = reverse("media:placement_list")


def _headlines(response) -> list[str]:
    return [p.headline for p in response.context["page_obj"]]


@pytest.fixture
def coverage():
    """Four placements that differ in one way each from the first."""
    bbc = OutletFactory(name="BBC News")
    hostile = OutletFactory(name="The Daily Grumble", segment=segment("hostile-leaning"))
    week = CampaignFactory(name="Refugee Week 2023")
    return {
        "bbc": bbc,
        "hostile": hostile,
        "week": week,
        "a": PlacementFactory(
            headline="Learning to cook at home again",
            outlet=bbc,
            published_on=datetime.date(2022, 7, 1),
            format=PlacementFormat.INTERVIEW,
            outside_voice=True,
            campaign=week,
        ),
        "b": PlacementFactory(
            headline="A winter in Stockton",
            outlet=bbc,
            published_on=datetime.date(2023, 6, 30),
            format=PlacementFormat.FIRST_PERSON,
            notes="Pitched through the regional desk",
        ),
        "c": PlacementFactory(
            headline="Numbers at the border",
            outlet=hostile,
            published_on=datetime.date(2023, 7, 1),
            format=PlacementFormat.NEWS_QUOTE,
        ),
        "d": PlacementFactory(
            headline="Before the summer",
            outlet=hostile,
            published_on=datetime.date(2022, 6, 30),
            format=PlacementFormat.FEATURE,
        ),
    }


def test_it_lists_placements_newest_first_with_a_count(client_for, coverage):
    response = client_for(Role.MEDIA_OFFICER).get(URL)
    assert response.status_code == 200
    assert _headlines(response) == [
        "Numbers at the border",
        "A winter in Stockton",
        "Learning to cook at home again",
        "Before the summer",
    ]
    assert "<strong>4</strong> placements" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"from": "2022-07-01", "to": "2023-06-30"}, {"a", "b"}),
        ({"from": "2023-07-01"}, {"c"}),
        ({"to": "2022-06-30"}, {"d"}),
        ({"segment": "hostile-leaning"}, {"c", "d"}),
        ({"format": "first_person"}, {"b"}),
        ({"lived_experience": "yes"}, {"a"}),
        ({"lived_experience": "no"}, {"b", "c", "d"}),
        ({"q": "stockton"}, {"b"}),
        ({"q": "grumble"}, {"c", "d"}),
        ({"q": "regional desk"}, {"b"}),
        ({"q": "grumble summer"}, {"d"}),
    ],
)
def test_it_narrows_the_list_with_each_filter(client_for, coverage, query, expected):
    response = client_for(Role.MEDIA_OFFICER).get(URL, query)
    assert set(_headlines(response)) == {coverage[key].headline for key in expected}


def test_it_filters_by_outlet_and_campaign_id(client_for, coverage):
    client = client_for(Role.MEDIA_OFFICER)
    by_outlet = client.get(URL, {"outlet": coverage["hostile"].pk})
    assert set(_headlines(by_outlet)) == {"Numbers at the border", "Before the summer"}
    by_campaign = client.get(URL, {"campaign": coverage["week"].pk})
    assert _headlines(by_campaign) == ["Learning to cook at home again"]


def test_it_shows_the_filters_in_use_with_links_to_remove_them(client_for, coverage):
    response = client_for(Role.MEDIA_OFFICER).get(
        URL, {"from": "2022-07-01", "outlet": coverage["bbc"].pk}
    )
    page = response.content.decode()
    assert "From: 1 July 2022" in page
    assert "Outlet: BBC News" in page
    assert f'href="?outlet={coverage["bbc"].pk}"' in page  # removes "from", keeps "outlet"
    assert "match these filters" in page


@pytest.mark.parametrize(
    ("sort", "first"),
    [
        ("published_on", "Before the summer"),
        ("-published_on", "Numbers at the border"),
        ("headline", "A winter in Stockton"),
        ("-headline", "Numbers at the border"),
        ("outlet", "A winter in Stockton"),  # BBC News, newest first within it
        ("-outlet", "Numbers at the border"),
        ("id; DROP TABLE", "Numbers at the border"),  # unknown: the default order
    ],
)
def test_it_sorts_by_whitelisted_keys_only(client_for, coverage, sort, first):
    response = client_for(Role.MEDIA_OFFICER).get(URL, {"sort": sort})
    assert response.status_code == 200
    assert _headlines(response)[0] == first


def test_it_pages_fifty_at_a_time_and_keeps_the_filters(client_for):
    outlet = OutletFactory(name="Metro")
    PlacementFactory.create_batch(55, outlet=outlet, outside_voice=True)
    PlacementFactory.create_batch(3)
    client = client_for(Role.MEDIA_OFFICER)
    first = client.get(URL, {"lived_experience": "yes"})
    assert len(first.context["page_obj"]) == 50
    assert "lived_experience=yes&amp;page=2" in first.content.decode()
    second = client.get(URL, {"lived_experience": "yes", "page": 2})
    assert len(second.context["page_obj"]) == 5
    assert "Page 2 of 2 (55 in all)" in second.content.decode()


def test_it_explains_an_empty_result(client_for, coverage):
    response = client_for(Role.MEDIA_OFFICER).get(URL, {"q": "no such words anywhere"})
    page = response.content.decode()
    assert "No placements match these filters." in page
    assert "<strong>0</strong> placements" in page


def test_it_invites_the_first_placement_when_there_are_none(client_for):
    page = client_for(Role.MEDIA_OFFICER).get(URL).content.decode()
    assert "No placements recorded yet." in page
    assert reverse("media:placement_import") in page


def test_it_links_the_download_to_the_same_filters(client_for, coverage):
    response = client_for(Role.MEDIA_OFFICER).get(
        URL, {"from": "2022-07-01", "to": "2023-06-30", "page": "1"}
    )
    export = reverse("media:placement_export")
    assert f'href="{export}?from=2022-07-01&amp;to=2023-06-30"' in response.content.decode()


def test_it_shows_an_error_for_a_bad_date_and_keeps_the_other_filters(client_for, coverage):
    response = client_for(Role.MEDIA_OFFICER).get(
        URL, {"from": "31/13/2022", "segment": "hostile-leaning"}
    )
    assert "Enter a valid date." in response.content.decode()
    assert set(_headlines(response)) == {"Numbers at the border", "Before the summer"}


def test_it_lets_read_only_staff_see_the_list_without_edit_links(client_for, coverage):
    response = client_for(Role.READ_ONLY).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("media:placement_edit", args=[coverage["a"].pk]) not in page
    assert reverse("media:placement_create") not in page


def test_it_lists_with_the_same_number_of_queries_for_many_rows(
    client_for, django_assert_max_num_queries
):
    client = client_for(Role.MEDIA_OFFICER)
    week = CampaignFactory()
    PlacementFactory.create_batch(3, campaign=week)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    PlacementFactory.create_batch(45, campaign=week)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page_obj"]) == 48


def test_it_filters_by_segment_slug_or_record_in_the_selector(coverage):
    hostile = segment("hostile-leaning")
    by_slug = set(placements_filter(segment="hostile-leaning"))
    by_record = set(placements_filter(segment=hostile))
    assert by_slug == by_record == {coverage["c"], coverage["d"]}
    assert list(placements_filter(outlet=coverage["bbc"].pk, sort="published_on")) == [
        coverage["a"],
        coverage["b"],
    ]
