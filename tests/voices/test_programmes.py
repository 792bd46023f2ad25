"""Programmes: ambassador cohorts, the storytellers network, the steering group, and members."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.models import Membership, Programme
from tests.factories import OrganisationFactory, StorytellerFactory

pytestmark = pytest.mark.django_db

LIST = reverse("voices:programme_list")
MEDIA_NAME = "Invented Pseudonym Rosa"
LEGAL_NAME = "Invented Legal Name Rosa"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def cohort():
    return Programme.objects.create(
        name="Refugee Week 2023 ambassadors",
        kind=Programme.Kind.AMBASSADORS,
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(2023, 6, 30),
        theme="Compassion",
    )


@pytest.fixture
def member(cohort):
    storyteller = StorytellerFactory(
        reference="S-0021", media_name=MEDIA_NAME, legal_name=LEGAL_NAME, name_in_media="pseudonym"
    )
    return Membership.objects.create(
        programme=cohort, storyteller=storyteller, joined_on=datetime.date(2023, 3, 1)
    )


def _html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.SAFEGUARDING_LEAD, Role.MEDIA_OFFICER, Role.COORDINATOR]
)
def test_it_lists_programmes_with_current_member_counts(client_for, cohort, member, role):
    Membership.objects.create(
        programme=cohort,
        storyteller=StorytellerFactory(),
        joined_on=datetime.date(2023, 3, 1),
        left_on=datetime.date(2023, 4, 1),
    )
    Membership.objects.create(
        programme=cohort,
        storyteller=StorytellerFactory(status="erased"),
        joined_on=datetime.date(2023, 3, 1),
    )
    response = client_for(role).get(LIST)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    [listed] = response.context["page_obj"]
    assert listed.member_count == 1
    assert "Refugee Week 2023 ambassadors" in _html(response)


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.DIGITAL_OFFICER])
def test_it_refuses_programmes_to_roles_outside_them(client_for, cohort, member, role):
    client = client_for(role)
    assert client.get(LIST).status_code == 403
    response = client.get(reverse("voices:programme_detail", args=[cohort.pk]))
    assert response.status_code == 403
    assert "S-0021" not in _html(response)


def test_it_shows_the_coordinator_members_by_reference_only(client_for, cohort, member):
    response = client_for(Role.COORDINATOR).get(
        reverse("voices:programme_detail", args=[cohort.pk])
    )
    html = _html(response)
    assert "S-0021" in html and "Pseudonym" in html
    assert MEDIA_NAME not in html and LEGAL_NAME not in html
    # No link to a profile they would get 404 on, and no forms to change anything.
    assert reverse("voices:storyteller_detail", args=[member.storyteller_id]) not in html
    assert reverse("voices:programme_member_add", args=[cohort.pk]) not in html
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_it_shows_the_safeguarding_lead_media_names_and_audits_it(
    client_for, users, cohort, member
):
    html = _html(
        client_for(Role.SAFEGUARDING_LEAD).get(reverse("voices:programme_detail", args=[cohort.pk]))
    )
    assert MEDIA_NAME in html and LEGAL_NAME not in html
    read = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert read.shown == [str(member.storyteller_id)]
    assert read.actor == users[Role.SAFEGUARDING_LEAD]
    assert MEDIA_NAME not in read.note


def test_it_adds_a_programme(client_for):
    partner = OrganisationFactory(name="Invented City of Sanctuary")
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("voices:programme_create"),
        {
            "name": "International Migrants Day 2022",
            "kind": "ambassadors",
            "starts_on": "2022-10-01",
            "ends_on": "2022-12-31",
            "theme": "",
            "partners": [partner.pk],
            "description": "",
        },
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("voices:programme_detail", args=[programme.pk])
    assert list(programme.partners.all()) == [partner]
    create = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="voices.programme")
    assert create.changes["partners"] == {"from": None, "to": ["Invented City of Sanctuary"]}


def test_it_refuses_a_second_programme_of_the_same_name_or_backwards_dates(client_for, cohort):
    response = client_for(Role.ADMIN).post(
        reverse("voices:programme_create"),
        {
            "name": "refugee week 2023  AMBASSADORS",
            "kind": "ambassadors",
            "starts_on": "2023-06-01",
            "ends_on": "2023-05-01",
        },
    )
    html = _html(response)
    assert "already exists" in html and "cannot end before it starts" in html
    assert Programme.objects.count() == 1


def test_it_edits_a_programme(client_for, cohort):
    response = client_for(Role.ADMIN).post(
        reverse("voices:programme_edit", args=[cohort.pk]),
        {"name": cohort.name, "kind": "ambassadors", "starts_on": "2023-03-01", "theme": "Hope"},
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.theme == "Hope" and cohort.ends_on is None
    update = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert update.changes["theme"] == {"from": "Compassion", "to": "Hope"}


def test_it_adds_a_member_by_reference(client_for, cohort):
    storyteller = StorytellerFactory(reference="S-0030", last_active_on=datetime.date(2022, 1, 1))
    url = reverse("voices:programme_member_add", args=[cohort.pk])
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        url, {"member-reference": "s-0030", "member-joined_on": "2023-03-02"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.storyteller == storyteller
    assert membership.joined_on == datetime.date(2023, 3, 2) and membership.left_on is None
    create = AuditEntry.objects.get(action=AuditAction.CREATE)
    assert create.object_repr == "S-0030 in Refugee Week 2023 ambassadors"
    storyteller.refresh_from_db()
    assert storyteller.last_active_on == datetime.date(2023, 3, 2)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"member-reference": "S-9999"}, "No storyteller has this reference."),
        ({"member-reference": "S-0021"}, "S-0021 is already in this programme."),
        (
            {"member-reference": "S-0031", "member-left_on": "2023-01-01"},
            "cannot leave before they joined",
        ),
    ],
)
def test_it_refuses_a_member_it_cannot_add(client_for, cohort, member, data, error):
    StorytellerFactory(reference="S-0031")
    StorytellerFactory(reference="S-9999", status="erased")
    url = reverse("voices:programme_member_add", args=[cohort.pk])
    response = client_for(Role.ADMIN).post(url, {"member-joined_on": "2023-03-02", **data})
    assert response.status_code == 200
    assert error in _html(response)
    assert Membership.objects.count() == 1


def test_it_ends_a_membership_with_a_leaving_date(client_for, member):
    url = reverse("voices:membership_edit", args=[member.pk])
    client = client_for(Role.SAFEGUARDING_LEAD)
    assert client.get(url).status_code == 200
    response = client.post(url, {"joined_on": "2023-03-01", "left_on": "2023-06-01"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == datetime.date(2023, 6, 1)
    update = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert update.changes == {"left_on": {"from": None, "to": "2023-06-01"}}


def test_it_removes_a_membership_entered_by_mistake(client_for, member):
    response = client_for(Role.ADMIN).post(reverse("voices:membership_remove", args=[member.pk]))
    assert response.status_code == 302
    assert not Membership.objects.exists()
    removal = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert removal.object_repr == "S-0021 in Refugee Week 2023 ambassadors"


@pytest.mark.parametrize("role", [Role.MEDIA_OFFICER, Role.COORDINATOR])
def test_it_lets_only_programme_editors_change_membership(client_for, cohort, member, role):
    client = client_for(role)
    StorytellerFactory(reference="S-0040")
    assert (
        client.post(
            reverse("voices:programme_member_add", args=[cohort.pk]),
            {"member-reference": "S-0040", "member-joined_on": "2023-03-02"},
        ).status_code
        == 403
    )
    assert client.post(reverse("voices:membership_remove", args=[member.pk])).status_code == 403
    assert client.get(reverse("voices:programme_create")).status_code == 403
    assert Membership.objects.count() == 1


def test_it_shows_programmes_on_the_storyteller_profile(client_for, cohort, member):
    html = _html(
        client_for(Role.MEDIA_OFFICER).get(
            reverse("voices:storyteller_detail", args=[member.storyteller_id])
        )
    )
    assert "Refugee Week 2023 ambassadors" in html and "1 Mar 2023" in html
