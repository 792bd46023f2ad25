"""Pitches: story ideas pitched to outlets, with consent checked, follow-ups and the outcome."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import Pitch
from chorus.privacy.models import AuditEntry
from chorus.voices.models import StoryUse
from tests.factories import ConsentFactory, OutletFactory, PlacementFactory, StorytellerFactory

pytestmark = pytest.mark.django_db

LIST = reverse("media:pitch_list")
CREATE = reverse("media:pitch_create")
TODAY = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def form_data(**fields) -> dict:
    data = {
        "title": "A first Ramadan in Stockton",
        "idea": "CANARY-PITCH-IDEA: how a family kept their traditions in a hotel.",
        "media_type": "online",
        "identity_level": "first_name",
        "status": "idea",
        "follow_up_on": "",
        "notes": "",
    }
    data.update(fields)
    return data


# --- Roles --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR])
def test_it_keeps_pitches_from_volunteers_the_board_and_coordinators(client_for, role):
    pitch = Pitch.objects.create(title="x")
    client = client_for(role)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("media:pitch_detail", args=[pitch.pk])).status_code == 403


def test_the_digital_officer_may_view_pitches_and_read_the_idea_but_not_change_them(client_for):
    pitch = Pitch.objects.create(title="Human Journeys: a football team", idea="CANARY-IDEA")
    client = client_for(Role.DIGITAL_OFFICER)
    assert client.get(LIST).status_code == 200
    detail = client.get(reverse("media:pitch_detail", args=[pitch.pk]))
    assert detail.status_code == 200
    assert "Human Journeys: a football team" in detail.content.decode()
    # The idea follows access to storytellers, which the digital officer now has.
    assert "CANARY-IDEA" in detail.content.decode()
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("media:pitch_edit", args=[pitch.pk])).status_code == 403


def test_the_media_officer_reads_the_idea_and_the_read_is_audited(client_for):
    pitch = Pitch.objects.create(title="x", idea="CANARY-IDEA")
    detail = client_for(Role.MEDIA_OFFICER).get(reverse("media:pitch_detail", args=[pitch.pk]))
    assert "CANARY-IDEA" in detail.content.decode()
    entry = AuditEntry.objects.get(object_type="media.pitch", action="view")
    assert "CANARY" not in entry.note + entry.object_repr + str(entry.changes)


# --- Creating and editing ---------------------------------------------------------------


def test_it_saves_a_staff_idea_pitched_to_outlets(client_for):
    outlets = [OutletFactory(), OutletFactory()]
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE, form_data(outlets=[o.pk for o in outlets], status="pitched")
    )
    pitch = Pitch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("media:pitch_detail", args=[pitch.pk])
    assert set(pitch.outlets.all()) == set(outlets)
    assert pitch.idea.startswith("CANARY-PITCH-IDEA")
    # Encrypted idea: never in the audit row.
    entry = AuditEntry.objects.get(object_type="media.pitch", action="create")
    assert "CANARY" not in str(entry.changes)


def test_it_links_a_storyteller_whose_consent_covers_every_outlet(client_for):
    profile = StorytellerFactory()
    consent = ConsentFactory(storyteller=profile)
    outlet = OutletFactory()
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE, form_data(storyteller=profile.pk, outlets=[outlet.pk])
    )
    assert response.status_code == 302
    pitch = Pitch.objects.get()
    assert pitch.storyteller == profile
    use = StoryUse.objects.get()
    assert use.object_id == pitch.pk and use.consent == consent and use.kind == "pitch"
    assert use.description == pitch.title


def test_it_refuses_a_storyteller_whose_consent_excludes_an_outlet_with_the_reason(client_for):
    profile = StorytellerFactory()
    grumble = OutletFactory(name="The Daily Grumble")
    ConsentFactory(storyteller=profile).excluded_organisations.set([grumble.organisation])
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE, form_data(storyteller=profile.pk, outlets=[OutletFactory().pk, grumble.pk])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["storyteller"]
    assert errors == [
        "The Daily Grumble: The consent given on 10 January 2022 excludes The Daily Grumble."
    ]
    assert "excludes The Daily Grumble" in response.content.decode()
    assert not Pitch.objects.exists() and not StoryUse.objects.exists()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"media_type": "broadcast"}, "does not cover broadcast"),
        ({"identity_level": "named"}, "allows at most"),
    ],
)
def test_it_refuses_a_use_the_consent_does_not_allow(client_for, fields, words):
    profile = StorytellerFactory()
    ConsentFactory(storyteller=profile)
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE, form_data(storyteller=profile.pk, **fields)
    )
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors["storyteller"])


def test_it_refuses_a_storyteller_with_no_consent(client_for):
    profile = StorytellerFactory()
    response = client_for(Role.MEDIA_OFFICER).post(CREATE, form_data(storyteller=profile.pk))
    assert "No consent has been recorded" in " ".join(
        response.context["form"].errors["storyteller"]
    )


def test_it_checks_consent_again_when_a_pitch_changes(client_for):
    profile = StorytellerFactory()
    grumble = OutletFactory(name="The Daily Grumble")
    ConsentFactory(storyteller=profile).excluded_organisations.set([grumble.organisation])
    client = client_for(Role.MEDIA_OFFICER)
    client.post(CREATE, form_data(storyteller=profile.pk))
    pitch = Pitch.objects.get()
    response = client.post(
        reverse("media:pitch_edit", args=[pitch.pk]),
        form_data(storyteller=profile.pk, outlets=[grumble.pk], status="pitched"),
    )
    assert response.status_code == 200
    assert "excludes The Daily Grumble" in response.content.decode()
    pitch.refresh_from_db()
    assert pitch.status == "idea" and not pitch.outlets.exists()


def test_it_records_the_placement_a_pitch_became(client_for):
    pitch = Pitch.objects.create(title="x", status="accepted")
    placement = PlacementFactory(published_on=datetime.date(2024, 2, 20))
    client = client_for(Role.MEDIA_OFFICER)
    response = client.post(
        reverse("media:pitch_edit", args=[pitch.pk]),
        form_data(title="x", status="published", placement=placement.pk, idea=""),
    )
    assert response.status_code == 302
    pitch.refresh_from_db()
    assert pitch.status == "published" and pitch.placement == placement
    detail = client.get(reverse("media:pitch_detail", args=[pitch.pk])).content.decode()
    assert placement.headline in detail


# --- The list -------------------------------------------------------------------------


def test_the_list_highlights_overdue_follow_ups_and_filters(client_for):
    outlet = OutletFactory(name="Example Weekly")
    late = Pitch.objects.create(
        title="Late", status="pitched", follow_up_on=TODAY - datetime.timedelta(days=2)
    )
    late.outlets.set([outlet])
    due = Pitch.objects.create(title="Due", status="pitched", follow_up_on=TODAY)
    # A dropped pitch needs no follow-up, however old its date.
    Pitch.objects.create(
        title="Dropped", status="dropped", follow_up_on=TODAY - datetime.timedelta(days=9)
    )
    Pitch.objects.create(
        title="Later", status="idea", follow_up_on=TODAY + datetime.timedelta(days=3)
    )
    client = client_for(Role.MEDIA_OFFICER)

    page = client.get(LIST)
    states = {p.title: p.follow_up_state for p in page.context["page_obj"]}
    assert states == {"Late": "overdue", "Due": "today", "Dropped": "", "Later": ""}
    assert page.context["overdue_count"] == 1
    html = page.content.decode()
    assert html.count(">Overdue<") == 1

    assert [p.title for p in client.get(LIST, {"overdue": "on"}).context["page_obj"]] == ["Late"]
    assert [p.title for p in client.get(LIST, {"outlet": outlet.pk}).context["page_obj"]] == [
        "Late"
    ]
    assert [p.title for p in client.get(LIST, {"status": "idea"}).context["page_obj"]] == ["Later"]
    assert due.pk


def test_the_list_neither_decrypts_ideas_nor_grows_in_queries(
    client_for, django_assert_max_num_queries
):
    client = client_for(Role.MEDIA_OFFICER)
    for n in range(3):
        Pitch.objects.create(title=f"p{n}", idea="CANARY", storyteller=StorytellerFactory())
    client.get(LIST)
    for n in range(20):
        pitch = Pitch.objects.create(title=f"q{n}", idea="CANARY", storyteller=StorytellerFactory())
        pitch.outlets.set([OutletFactory()])
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert "CANARY" not in response.content.decode()
    assert all("idea" in p.get_deferred_fields() for p in response.context["page_obj"])
