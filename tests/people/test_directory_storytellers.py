"""The directory does not reveal storytellers to roles that may not know of them.

A storyteller's directory entry reads "Storyteller S-0042". Roles outside the
"storytellers" area of the access matrix must not find it: not listed, not found by
search, not counted, and "not found" on its pages.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from chorus.accounts.access import can
from chorus.accounts.roles import Role
from chorus.media.models import Pitch
from chorus.roundup.subscribers.models import Subscriber
from tests.factories import OrganisationFactory, PersonFactory, StorytellerFactory

pytestmark = pytest.mark.django_db


def _may(role: Role, area: str) -> bool:
    return can(SimpleNamespace(is_authenticated=True, is_active=True, role=role), area, "view")


DIRECTORY_ROLES = [role for role in Role if _may(role, "people")]
KNOW_OF_STORYTELLERS = [role for role in DIRECTORY_ROLES if _may(role, "storytellers")]
MAY_NOT_KNOW = [role for role in DIRECTORY_ROLES if not _may(role, "storytellers")]


@pytest.fixture
def network():
    centre = OrganisationFactory(name="Example Welcome Centre")
    storyteller = StorytellerFactory(reference="S-0023")
    storyteller.person.organisation = centre
    storyteller.person.save()
    journalist = PersonFactory(full_name="Jo Example", organisation=centre)
    return {"storyteller": storyteller, "journalist": journalist, "centre": centre}


def test_the_roles_under_test_are_the_ones_the_issue_names():
    # Read from the matrix, so a change to it is tested; named here, so none goes unnoticed.
    assert set(MAY_NOT_KNOW) == {Role.COORDINATOR}
    assert set(KNOW_OF_STORYTELLERS) == {
        Role.ADMIN,
        Role.SAFEGUARDING_LEAD,
        Role.MEDIA_OFFICER,
        Role.DIGITAL_OFFICER,
    }


@pytest.mark.parametrize("role", MAY_NOT_KNOW)
def test_it_does_not_list_or_find_storytellers_for_roles_that_may_not_know_of_them(
    client_for, network, role
):
    client = client_for(role)
    listing = client.get(reverse("people:person_list")).content.decode()
    assert "Jo Example" in listing
    assert "S-0023" not in listing
    search = client.get(reverse("people:person_list"), {"q": "Storyteller"})
    assert search.status_code == 200
    assert "S-0023" not in search.content.decode()
    assert list(search.context["page_obj"]) == []
    by_organisation = client.get(
        reverse("people:person_list"), {"organisation": network["centre"].pk}
    )
    assert [p.full_name for p in by_organisation.context["page_obj"]] == ["Jo Example"]


@pytest.mark.parametrize("role", MAY_NOT_KNOW)
def test_it_does_not_count_storytellers_in_an_organisation_for_those_roles(
    client_for, network, role
):
    page = client_for(role).get(reverse("people:organisation_list"), {"q": "Welcome"})
    (centre,) = page.context["page_obj"]
    assert centre.people_count == 1


@pytest.mark.parametrize("role", MAY_NOT_KNOW)
def test_it_answers_not_found_for_a_storytellers_entry_to_those_roles(client_for, network, role):
    client = client_for(role)
    person = network["storyteller"].person
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("people:person_edit", args=[person.pk])).status_code == 404
    posted = client.post(
        reverse("people:person_edit", args=[person.pk]),
        {"full_name": "A real name typed in", "email": "", "phone": "", "notes": ""},
    )
    assert posted.status_code == 404
    person.refresh_from_db()
    assert person.full_name == "Storyteller S-0023"
    # Everyone else in the directory still opens and edits as before.
    journalist = network["journalist"]
    assert client.get(reverse("people:person_detail", args=[journalist.pk])).status_code == 200
    assert client.get(reverse("people:person_edit", args=[journalist.pk])).status_code == 200


@pytest.mark.parametrize("role", KNOW_OF_STORYTELLERS)
def test_it_lists_and_shows_storytellers_to_roles_that_work_with_them(client_for, network, role):
    client = client_for(role)
    search = client.get(reverse("people:person_list"), {"q": "Storyteller"})
    assert "Storyteller S-0023" in search.content.decode()
    person = network["storyteller"].person
    detail = client.get(reverse("people:person_detail", args=[person.pk]))
    assert detail.status_code == 200
    assert reverse("voices:storyteller_detail", args=[network["storyteller"].pk]) in (
        detail.content.decode()
    )
    page = client.get(reverse("people:organisation_list"), {"q": "Welcome"})
    assert page.context["page_obj"][0].people_count == 2


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.ADMIN, 200), (Role.SAFEGUARDING_LEAD, 200), (Role.MEDIA_OFFICER, 403)],
)
def test_only_those_who_change_storytellers_edit_their_directory_entry(
    client_for, network, role, expected
):
    client = client_for(role)
    person = network["storyteller"].person
    assert client.get(reverse("people:person_edit", args=[person.pk])).status_code == expected
    detail = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    edit_link = reverse("people:person_edit", args=[person.pk])
    assert (edit_link in detail) is (expected == 200)


def test_it_does_not_name_a_storyteller_on_a_subscriber_page_to_those_roles(client_for, network):
    subscriber = Subscriber.objects.create(
        email="reader@example.org", person=network["storyteller"].person
    )
    url = reverse("roundup:subscriber_detail", args=[subscriber.pk])
    coordinator_page = client_for(Role.COORDINATOR).get(url)
    assert coordinator_page.status_code == 200
    assert "S-0023" not in coordinator_page.content.decode()
    assert "S-0023" in client_for(Role.ADMIN).get(url).content.decode()


def test_it_shows_a_pitchs_storyteller_reference_to_the_digital_officer_as_to_the_media_desk(
    client_for, network
):
    # The digital officer features storytellers in posts, so knows of them.
    pitch = Pitch.objects.create(
        title="A year in an asylum hotel", storyteller=network["storyteller"]
    )
    for url in (reverse("media:pitch_list"), reverse("media:pitch_detail", args=[pitch.pk])):
        for role in (Role.DIGITAL_OFFICER, Role.MEDIA_OFFICER):
            page = client_for(role).get(url)
            assert page.status_code == 200
            assert "S-0023" in page.content.decode()
