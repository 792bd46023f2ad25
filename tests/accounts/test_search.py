"""The header's search box: what each role finds, and what it never learns exists."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib.search import PER_GROUP
from chorus.media.models import Journalist, JournalistRequest
from chorus.privacy.models import AuditEntry
from chorus.roundup.models import Edition
from tests.factories import (
    OrganisationFactory,
    OutletFactory,
    PersonFactory,
    PlacementFactory,
    StorytellerFactory,
)
from tests.monitoring.factories import make_article

pytestmark = pytest.mark.django_db


def search(client, q: str) -> str:
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def main(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def records() -> dict[str, object]:
    org = OrganisationFactory(name="Harbourside Refugee Forum")
    outlet = OutletFactory(name="Harbourside Gazette")
    person = PersonFactory(full_name="Harbourside Contact Ola", organisation=org)
    journalist = PersonFactory(full_name="Harbourside Reporter Bex")
    Journalist.objects.create(person=journalist, outlet=outlet)
    placement = PlacementFactory(outlet=outlet, headline="Harbourside welcomes new arrivals")
    request = JournalistRequest.objects.create(
        outlet=outlet,
        received_on=datetime.date(2026, 3, 1),
        brief="Harbourside piece on family reunion",
        format="interview",
        media_type="broadcast",
        identity_level_acceptable="anonymous",
    )
    article = make_article("Harbourside council opens new welcome centre")
    edition = Edition.objects.create(issue_date=datetime.date(2026, 3, 2), title="Harbourside day")
    storyteller = StorytellerFactory(reference="S-7710")
    return {
        "org": org,
        "outlet": outlet,
        "person": person,
        "journalist": journalist,
        "placement": placement,
        "request": request,
        "article": article,
        "edition": edition,
        "storyteller": storyteller,
    }


def test_the_media_officer_finds_every_kind_of_record(client_for, records):
    page = search(client_for(Role.MEDIA_OFFICER), "harbourside")
    for text in (
        "Harbourside Refugee Forum",
        "Harbourside Contact Ola",
        "Harbourside Gazette",
        "Harbourside Reporter Bex",
        "Harbourside welcomes new arrivals",
        "Harbourside piece on family reunion",
        "Harbourside council opens new welcome centre",
        "Harbourside day",
    ):
        assert text in page
    assert reverse("media:request_detail", args=[records["request"].pk]) in page
    assert reverse("monitoring:article_detail", args=[records["article"].pk]) in page
    assert reverse("roundup:edition_detail", args=[records["edition"].pk]) in page


def test_the_media_officer_finds_a_storyteller_by_reference_and_the_result_is_audited(
    client_for, users, records
):
    storyteller = records["storyteller"]
    page = search(client_for(Role.MEDIA_OFFICER), "s 7710")
    assert reverse("voices:storyteller_detail", args=[storyteller.pk]) in page
    entry = AuditEntry.objects.get(object_type="voices.storytellerprofile")
    assert entry.actor == users[Role.MEDIA_OFFICER]
    assert entry.shown == [str(storyteller.pk)]
    assert "7710" not in entry.note  # what was typed is never kept


def test_a_name_finds_no_storyteller_profile(client_for, records):
    page = search(client_for(Role.ADMIN), records["storyteller"].legal_name)
    assert reverse("voices:storyteller_detail", args=[records["storyteller"].pk]) not in page
    assert not AuditEntry.objects.filter(object_type="voices.storytellerprofile").exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR, Role.DIRECTOR, Role.READ_ONLY])
def test_roles_outside_storytellers_never_get_a_storyteller_or_a_hint_of_one(
    client_for, records, role
):
    client = client_for(role)
    page = search(client, "S-7710")
    # The page for a storyteller who exists reads exactly as for one who does not.
    other = search(client, "S-7719")
    assert main(page).replace("7710", "") == main(other).replace("7719", "")
    assert "Nothing found" in page
    assert reverse("voices:storyteller_detail", args=[records["storyteller"].pk]) not in page
    assert not AuditEntry.objects.filter(object_type="voices.storytellerprofile").exists()


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.DIRECTOR])
def test_roles_without_the_directory_see_no_people_journalists_or_requests(
    client_for, records, role
):
    page = search(client_for(role), "harbourside")
    for hidden in (
        "Harbourside Contact Ola",
        "Harbourside Refugee Forum",
        "Harbourside Reporter Bex",
        "Harbourside piece on family reunion",
        ">People<",
        ">Journalists<",
        ">Requests<",
    ):
        assert hidden not in page
    # What they may view is still found.
    assert "Harbourside Gazette" in page
    assert "Harbourside welcomes new arrivals" in page


def test_the_co_ordinator_finds_people_but_not_requests(client_for, records):
    page = search(client_for(Role.COORDINATOR), "harbourside")
    assert "Harbourside Contact Ola" in page
    assert "Harbourside Reporter Bex" in page
    assert "Harbourside piece on family reunion" not in page


def test_each_group_is_capped_with_a_link_to_the_areas_own_list(client_for, db):
    outlet = OutletFactory(name="Capped Outlet")
    for n in range(PER_GROUP + 2):
        PlacementFactory(outlet=outlet, headline=f"Lighthouse story {n}")
    page = search(client_for(Role.READ_ONLY), "lighthouse")
    assert page.count("Lighthouse story") == PER_GROUP
    assert f"{reverse('media:placement_list')}?q=lighthouse" in page
    assert "More in placements" in page


def test_a_short_query_asks_for_more_and_an_empty_one_shows_only_the_box(client_for, records):
    client = client_for(Role.ADMIN)
    assert "at least 2 characters" in search(client, "h")
    empty = search(client, "")
    assert "Nothing found" not in empty and "Harbourside" not in empty
    assert "Nothing found" in search(client, "zzqqxx")


def test_anonymous_visitors_are_sent_to_sign_in(client, records):
    response = client.get(reverse("search"), {"q": "harbourside"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", list(Role))
def test_every_page_has_the_search_box_in_its_header(client_for, role):
    page = client_for(role).get(reverse("impact:dashboard")).content.decode()
    header = page.split("<header", 1)[1].split("</header>", 1)[0]
    assert 'role="search"' in header
    assert f'action="{reverse("search")}"' in header


def _more_records(n: int) -> None:
    outlet = OutletFactory(name=f"Harbourside Outlet {n}")
    organisation = OrganisationFactory(name=f"Harbourside Org {n}")
    PersonFactory(full_name=f"Harbourside Person {n}", organisation=organisation)
    Journalist.objects.create(
        person=PersonFactory(full_name=f"Harbourside Hack {n}"), outlet=outlet
    )
    PlacementFactory(outlet=outlet, headline=f"Harbourside story {n}")
    make_article(f"Harbourside news {n}")
    StorytellerFactory(reference=f"S-77{n:02d}")


def test_the_number_of_queries_does_not_grow_with_the_results(client_for, records):
    client = client_for(Role.ADMIN)
    search(client, "harbourside")  # warm the session
    with CaptureQueriesContext(connection) as few:
        search(client, "harbourside")
    for n in range(4):
        _more_records(n)
    with CaptureQueriesContext(connection) as many:
        page = search(client, "harbourside")
    assert "Harbourside Hack 3" in page
    assert len(many.captured_queries) == len(few.captured_queries)
