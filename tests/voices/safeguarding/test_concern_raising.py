"""Anyone who works with storytellers can raise a safeguarding concern; it is write-only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.models import SafeguardingConcern
from chorus.voices.safeguarding import held_for
from chorus.voices.services import concern_raise
from tests.factories import StorytellerFactory

pytestmark = pytest.mark.django_db

RAISERS = [Role.MEDIA_OFFICER, Role.COORDINATOR, Role.DIGITAL_OFFICER, Role.VOLUNTEER]
DESCRIBED = "Invented: the young man from the Tuesday drop-in, said his name was Sam"
WORRY = "Invented worry: said someone has been asking where he lives"
LEAD_NOTES = "Invented lead's note: spoke to his caseworker"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def storyteller():
    return StorytellerFactory(reference="S-0031")


def _held() -> tuple[set[int], set[int]]:
    """Who the safeguarding judge holds for an online, anonymous use (matching asks this)."""
    return held_for(media_type="online", identity_level="anonymous", on=datetime.date(2023, 6, 15))


def _raise(client, **data):
    payload = {"level": "medium", "summary": WORRY, "raised_on": "2023-06-14", **data}
    return client.post(reverse("voices:concern_new"), payload)


@pytest.mark.parametrize("role", RAISERS)
def test_each_role_that_works_with_storytellers_can_raise_a_concern(client_for, users, role):
    client = client_for(role)
    assert client.get(reverse("voices:concern_new")).status_code == 200
    response = _raise(client, person_described=DESCRIBED)
    assert response.status_code == 302
    assert response["Location"] == reverse("voices:concern_raised_list")
    concern = SafeguardingConcern.objects.get()
    assert concern.raised_by == users[role]
    assert concern.storyteller is None
    assert concern.person_described == DESCRIBED
    assert concern.summary == WORRY
    assert concern.reviewed_on is None  # new in the lead's inbox
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="voices.safeguardingconcern"
    )
    assert entry.actor == users[role]
    assert WORRY not in str(entry.changes) and DESCRIBED not in str(entry.changes)


def test_the_board_cannot_raise_one_and_is_not_told_the_page_exists(client_for):
    client = client_for(Role.READ_ONLY)
    assert client.get(reverse("voices:concern_new")).status_code == 404
    assert _raise(client, person_described=DESCRIBED).status_code == 404
    assert client.get(reverse("voices:concern_raised_list")).status_code == 404
    assert not SafeguardingConcern.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER])
def test_the_form_never_lists_storytellers_to_roles_that_may_not_know_them(
    client_for, storyteller, role
):
    client = client_for(role)
    html = client.get(reverse("voices:concern_new")).content.decode()
    assert storyteller.reference not in html
    assert 'name="storyteller"' not in html
    assert 'name="person_described"' in html
    # A storyteller posted anyway is ignored: they can only describe the person.
    _raise(client, storyteller=storyteller.pk, person_described=DESCRIBED)
    assert SafeguardingConcern.objects.get().storyteller is None


def test_describing_nobody_is_refused_and_keeps_what_was_typed(client_for):
    response = _raise(client_for(Role.VOLUNTEER), person_described="   ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Describe who it is about" in html
    assert WORRY in html  # nothing lost
    assert not SafeguardingConcern.objects.exists()


def test_the_media_officer_picks_the_storyteller_and_it_holds_them_at_once(client_for, storyteller):
    client = client_for(Role.MEDIA_OFFICER)
    html = client.get(reverse("voices:concern_new")).content.decode()
    assert f">{storyteller.reference}</option>" in html
    assert storyteller.media_name not in html and storyteller.legal_name not in html
    _raise(client, storyteller=storyteller.pk)
    concern = SafeguardingConcern.objects.get()
    assert concern.storyteller == storyteller
    held, _ = _held()
    assert held == {storyteller.pk}


def test_a_volunteer_sees_what_they_raised_and_nothing_of_others_or_the_leads_notes(
    client_for, users, storyteller
):
    mine = concern_raise(
        actor=users[Role.VOLUNTEER], person_described=DESCRIBED, level="high", summary=WORRY
    )
    mine.notes = LEAD_NOTES
    mine.save()
    concern_raise(
        actor=users[Role.MEDIA_OFFICER],
        storyteller=storyteller,
        level="low",
        summary="Invented: someone else's worry",
    )
    client = client_for(Role.VOLUNTEER)
    html = client.get(reverse("voices:concern_raised_list")).content.decode()
    assert WORRY in html and DESCRIBED in html
    assert "High" in html and "Open" in html
    assert "15 Jun 2023" in html
    assert LEAD_NOTES not in html
    assert "someone else" not in html and storyteller.reference not in html
    # The concern itself, the overview and the storyteller's page stay closed.
    assert client.get(reverse("voices:concern_detail", args=[mine.pk])).status_code == 404
    assert client.get(reverse("voices:concern_overview")).status_code == 404


def test_an_unlinked_concern_holds_nobody_until_the_lead_links_it(client_for, users, storyteller):
    concern = concern_raise(
        actor=users[Role.VOLUNTEER], person_described=DESCRIBED, level="high", summary=WORRY
    )
    assert _held() == (set(), set())
    lead = client_for(Role.SAFEGUARDING_LEAD)
    overview = lead.get(reverse("voices:concern_overview")).content.decode()
    assert "Not linked" in overview
    assert reverse("voices:concern_link", args=[concern.pk]) in overview
    detail = lead.get(reverse("voices:concern_detail", args=[concern.pk])).content.decode()
    assert DESCRIBED in detail and "Link to a storyteller" in detail
    link_page = lead.get(reverse("voices:concern_link", args=[concern.pk]))
    assert link_page.status_code == 200
    response = lead.post(
        reverse("voices:concern_link", args=[concern.pk]), {"storyteller": storyteller.pk}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.storyteller == storyteller
    assert concern.reviewed_on == datetime.date(2023, 6, 15)
    assert _held() == ({storyteller.pk}, set())
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE,
        object_type="voices.safeguardingconcern",
        actor=users[Role.SAFEGUARDING_LEAD],
    ).exists()


@pytest.mark.parametrize("role", RAISERS)
def test_only_the_lead_or_admin_can_link_or_review(client_for, users, storyteller, role):
    concern = concern_raise(
        actor=users[role], person_described=DESCRIBED, level="low", summary=WORRY
    )
    client = client_for(role)
    url = reverse("voices:concern_link", args=[concern.pk])
    assert client.post(url, {"storyteller": storyteller.pk}).status_code == 404
    assert client.post(reverse("voices:concern_review", args=[concern.pk])).status_code == 404
    concern.refresh_from_db()
    assert concern.storyteller is None and concern.reviewed_on is None


def test_the_lead_marks_a_concern_raised_by_someone_else_as_reviewed(
    client_for, users, storyteller
):
    concern = concern_raise(
        actor=users[Role.MEDIA_OFFICER], storyteller=storyteller, level="low", summary=WORRY
    )
    lead = client_for(Role.SAFEGUARDING_LEAD)
    assert (
        "Mark as reviewed"
        in lead.get(reverse("voices:concern_detail", args=[concern.pk])).content.decode()
    )
    lead.post(reverse("voices:concern_review", args=[concern.pk]))
    concern.refresh_from_db()
    assert concern.reviewed_on == datetime.date(2023, 6, 15)


def test_a_concern_raised_by_the_lead_is_not_new_to_them(client_for, storyteller):
    response = _raise(client_for(Role.SAFEGUARDING_LEAD), storyteller=storyteller.pk)
    concern = SafeguardingConcern.objects.get()
    assert response["Location"] == reverse("voices:concern_detail", args=[concern.pk])
    assert concern.reviewed_on is not None


def test_the_service_refuses_a_concern_about_nobody(users):
    with pytest.raises(ValueError):
        concern_raise(actor=users[Role.VOLUNTEER], level="low", summary=WORRY)
