"""One safeguarding judge, asked by every use of a story: pitches, who spoke, request outcomes.

An open concern holds the person everywhere, with a reason that reveals nothing of the
concern. Only the safeguarding lead or an admin clears a hold; clearing applies to the
person until the concern is closed, and its conditions bind every use.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import JournalistRequest, Pitch, Placement, RequestCandidate
from chorus.media.selectors import placements_base
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.models import SafeguardingConcern, StoryUse
from chorus.voices.safeguarding import HOLD_REASON, hold_clear, safeguarding_allows
from tests.factories import (
    ConsentFactory,
    OutletFactory,
    PlacementFactory,
    StorytellerFactory,
    record_use,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 3, 1)
CANARY = "CANARY-HOLD: threats from a former partner"


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def profile():
    profile = StorytellerFactory(reference="S-0400", media_training_done=True)
    ConsentFactory(
        storyteller=profile,
        media_types=["print", "online", "broadcast"],
        identity_level="named",
    )
    return profile


def hold(profile, **fields) -> SafeguardingConcern:
    values = {"raised_on": datetime.date(2024, 2, 20), "level": "high", "summary": CANARY}
    values.update(fields)
    return SafeguardingConcern.objects.create(storyteller=profile, **values)


def pitch_data(profile, **fields) -> dict:
    data = {
        "title": "A first spring in Carlisle",
        "idea": "An invented idea.",
        "storyteller": profile.pk,
        "media_type": "online",
        "identity_level": "first_name",
        "status": "idea",
        "follow_up_on": "",
        "notes": "",
    }
    data.update(fields)
    return data


def make_request(**fields) -> JournalistRequest:
    values = {
        "outlet": OutletFactory(),
        "received_on": datetime.date(2024, 2, 28),
        "brief": "A first-person piece on a first winter in Carlisle.",
        "format": "first_person",
        "media_type": "online",
        "identity_level_acceptable": "first_name",
    }
    values.update(fields)
    return JournalistRequest.objects.create(**values)


def candidate(request, profile, status) -> RequestCandidate:
    return RequestCandidate.objects.create(
        request=request,
        storyteller=profile,
        identity_level=request.identity_level_acceptable,
        status=status,
    )


# --- The judge ----------------------------------------------------------------------------


def test_an_open_concern_holds_every_use_and_says_nothing_of_itself(profile):
    hold(profile)
    verdict = safeguarding_allows(
        storyteller=profile, media_type="print", identity_level="anonymous"
    )
    assert not verdict
    assert verdict.reason == HOLD_REASON == "On hold: ask the safeguarding lead."
    with pytest.raises(ValidationError) as refused:
        record_use(
            actor=None,
            storyteller=profile,
            kind=StoryUse.Kind.POST,
            description="An invented Instagram post",
            media_type="online",
            identity_level="anonymous",
        )
    assert refused.value.messages == [HOLD_REASON]
    assert not StoryUse.objects.exists()


def test_a_closed_concern_holds_nothing(profile):
    hold(profile, status=SafeguardingConcern.Status.CLOSED)
    assert safeguarding_allows(storyteller=profile, media_type="print", identity_level="named")


def test_the_conditions_of_a_cleared_hold_bind_every_use(profile):
    hold(
        profile,
        status=SafeguardingConcern.Status.CLEARED,
        max_identity_level="anonymous",
        excluded_media_types=["broadcast"],
        not_before=datetime.date(2024, 3, 15),
    )

    def verdict(media_type="print", identity_level="anonymous", on=datetime.date(2024, 4, 1)):
        return safeguarding_allows(
            storyteller=profile, media_type=media_type, identity_level=identity_level, on=on
        )

    assert verdict()
    assert "at most: anonymous" in verdict(identity_level="first_name").reason
    assert verdict(media_type="broadcast").reason == (
        "Cleared by the safeguarding lead on condition: no broadcast (TV / radio)."
    )
    assert "not before 15 March 2024" in verdict(on=datetime.date(2024, 3, 14)).reason


# --- Clearing a hold ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.MEDIA_OFFICER, Role.COORDINATOR, Role.DIGITAL_OFFICER, Role.VOLUNTEER]
)
def test_only_the_safeguarding_lead_or_an_admin_clears_a_hold(client_for, users, profile, role):
    concern = hold(profile)
    response = client_for(role).post(
        reverse("voices:concern_clear", args=[concern.pk]), {"note": "Invented: fine now"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        hold_clear(actor=users[role], storyteller=profile, note="Invented: fine now")
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.OPEN


def test_the_lead_clears_a_hold_with_a_note_and_conditions(client_for, users, profile):
    concern = hold(profile)
    second = hold(profile, level="low", summary="Another invented concern")
    lead = client_for(Role.SAFEGUARDING_LEAD)
    url = reverse("voices:concern_clear", args=[concern.pk])

    no_note = lead.post(url, {"note": ""})
    assert no_note.status_code == 200
    concern.refresh_from_db()
    assert concern.status == SafeguardingConcern.Status.OPEN

    response = lead.post(
        url,
        {
            "note": "Invented: spoke with them, happy to go ahead anonymously",
            "max_identity_level": "anonymous",
            "excluded_media_types": ["broadcast"],
            "not_before": "2024-03-10",
        },
    )
    assert response.status_code == 302
    for each in (concern, second):  # clearing applies to the person, not one concern
        each.refresh_from_db()
        assert each.status == SafeguardingConcern.Status.CLEARED
        assert each.cleared_by == users[Role.SAFEGUARDING_LEAD]
        assert each.cleared_on == TODAY
        assert each.max_identity_level == "anonymous"
        assert each.excluded_media_types == ["broadcast"]
        assert each.not_before == datetime.date(2024, 3, 10)
    audit = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(concern.pk)).get()
    assert audit.changes["status"] == {"from": "open", "to": "cleared"}
    assert "happy to go ahead" not in str(audit.changes)  # the note is encrypted, never audited

    page = lead.get(reverse("voices:concern_detail", args=[concern.pk])).content.decode()
    assert "anonymous only; no broadcast (TV / radio); not before 10 March 2024" in page

    # Closing the concern ends the conditions as well as the hold.
    lead.post(reverse("voices:concern_resolve", args=[concern.pk]), {"status": "closed"})
    lead.post(reverse("voices:concern_resolve", args=[second.pk]), {"status": "closed"})
    assert safeguarding_allows(storyteller=profile, media_type="broadcast", identity_level="named")


# --- Pitches ---------------------------------------------------------------------------------


def test_a_pitch_for_a_held_storyteller_is_refused(client_for, profile):
    hold(profile)
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:pitch_create"), pitch_data(profile)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert HOLD_REASON in html
    assert "CANARY" not in html and "former partner" not in html
    assert not Pitch.objects.exists() and not StoryUse.objects.exists()


def test_updating_a_pitch_asks_the_judge_again(client_for, profile):
    client = client_for(Role.MEDIA_OFFICER)
    assert client.post(reverse("media:pitch_create"), pitch_data(profile)).status_code == 302
    pitch = Pitch.objects.get()
    hold(profile)
    response = client.post(
        reverse("media:pitch_edit", args=[pitch.pk]), pitch_data(profile, status="pitched")
    )
    assert response.status_code == 200
    assert HOLD_REASON in response.content.decode()
    pitch.refresh_from_db()
    assert pitch.status == "idea"


def test_a_pitch_must_meet_the_conditions_of_a_cleared_hold(client_for, profile):
    hold(profile, status=SafeguardingConcern.Status.CLEARED, max_identity_level="anonymous")
    client = client_for(Role.MEDIA_OFFICER)
    named = client.post(reverse("media:pitch_create"), pitch_data(profile))
    assert named.status_code == 200
    assert "at most: anonymous" in named.content.decode()
    anonymous = client.post(
        reverse("media:pitch_create"), pitch_data(profile, identity_level="anonymous")
    )
    assert anonymous.status_code == 302
    assert StoryUse.objects.get().identity_level == "anonymous"


# --- Who spoke in a placement -------------------------------------------------------------


def test_who_spoke_refuses_a_held_storyteller(client_for, profile):
    hold(profile)
    placement = PlacementFactory(published_on=datetime.date(2024, 2, 25))
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:placement_voices", args=[placement.pk]),
        {"reference": profile.reference, "media_type": "online", "identity_level": "anonymous"},
    )
    assert response.status_code == 200
    assert HOLD_REASON in response.content.decode()
    assert "CANARY" not in response.content.decode()
    assert not StoryUse.objects.exists()


# --- Requests ---------------------------------------------------------------------------------


def test_clearing_a_held_candidate_clears_the_hold_on_the_person_with_a_note(client_for, profile):
    concern = hold(profile)
    request = make_request()
    cand = candidate(request, profile, RequestCandidate.Status.SAFEGUARDING)
    lead = client_for(Role.SAFEGUARDING_LEAD)
    url = reverse("media:request_candidate_clear", args=[request.pk])

    page = lead.get(reverse("media:request_detail", args=[request.pk])).content.decode()
    assert "Clear the hold on S-0400" in page

    refused = lead.post(url, {"candidate": cand.pk}, follow=True)
    assert "Say why it can be cleared" in refused.content.decode()
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.SAFEGUARDING

    # Conditions the request cannot meet: nothing is cleared at all.
    lead.post(
        url,
        {
            "candidate": cand.pk,
            f"clear-{cand.pk}-note": "Invented: ready, but not on screen",
            f"clear-{cand.pk}-excluded_media_types": ["online"],
        },
    )
    cand.refresh_from_db()
    concern.refresh_from_db()
    assert cand.status == RequestCandidate.Status.SAFEGUARDING
    assert concern.status == SafeguardingConcern.Status.OPEN

    lead.post(
        url,
        {
            "candidate": cand.pk,
            f"clear-{cand.pk}-note": "Invented: ready, anonymous at most",
            f"clear-{cand.pk}-max_identity_level": "first_name",
        },
    )
    cand.refresh_from_db()
    concern.refresh_from_db()
    assert cand.status == RequestCandidate.Status.CLEARED
    assert concern.status == SafeguardingConcern.Status.CLEARED
    assert concern.max_identity_level == "first_name"


def test_briefing_a_candidate_held_after_clearing_is_refused(client_for, profile):
    request = make_request()
    cand = candidate(request, profile, RequestCandidate.Status.CLEARED)
    hold(profile)
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:request_candidate_step", args=[request.pk]),
        {"candidate": cand.pk, "step": "briefed"},
        follow=True,
    )
    assert HOLD_REASON in response.content.decode()
    cand.refresh_from_db()
    assert cand.status == RequestCandidate.Status.CLEARED


def _outcome(client, request, **fields):
    data = {
        "published_on": "2024-03-01",
        "headline": "My first winter in Carlisle",
        "url": "https://example.org/first-winter-carlisle",
        "format": "first_person",
        "is_humanising": "on",
    }
    data.update(fields)
    return client.post(reverse("media:request_outcome", args=[request.pk]), data)


def test_the_outcome_lists_every_candidate_and_needs_an_explicit_answer(client_for, profile):
    request = make_request()
    briefed = candidate(request, profile, RequestCandidate.Status.BRIEFED)
    shortlisted = candidate(
        request, StorytellerFactory(reference="S-0401"), RequestCandidate.Status.SHORTLISTED
    )
    waiting = candidate(
        request, StorytellerFactory(reference="S-0402"), RequestCandidate.Status.SAFEGUARDING
    )
    client = client_for(Role.MEDIA_OFFICER)

    page = client.get(reverse("media:request_outcome", args=[request.pk])).content.decode()
    assert "S-0400 (briefed" in page
    assert "S-0401: Shortlisted" in page and "S-0402: Waiting for safeguarding" in page

    silent = _outcome(client, request)
    assert silent.status_code == 200
    assert "Say who spoke, or choose “No storyteller spoke”." in silent.content.decode()
    assert not Placement.objects.exists()

    for not_briefed in (shortlisted, waiting):
        response = _outcome(client, request, speakers=[not_briefed.pk])
        assert response.status_code == 200
        assert not Placement.objects.exists()

    both = _outcome(client, request, speakers=[briefed.pk], nobody_spoke="on")
    assert both.status_code == 200 and not Placement.objects.exists()

    assert _outcome(client, request, speakers=[briefed.pk]).status_code == 302
    use = StoryUse.objects.get()
    assert use.storyteller == profile and use.object_id == Placement.objects.get().pk
    # Recorded as speaking: the placement features lived experience, with no box ticked.
    placement = placements_base().get(pk=use.object_id)
    assert placement.lived_experience is True and not placement.quotes_outside_network


def test_no_storyteller_spoke_is_recorded_when_chosen(client_for, profile):
    request = make_request()
    candidate(request, profile, RequestCandidate.Status.SHORTLISTED)
    response = _outcome(client_for(Role.MEDIA_OFFICER), request, nobody_spoke="on")
    assert response.status_code == 302
    assert Placement.objects.count() == 1 and not StoryUse.objects.exists()
    request.refresh_from_db()
    assert request.status == JournalistRequest.Status.DONE


def test_the_outcome_refuses_a_briefed_speaker_now_on_hold_and_writes_nothing(client_for, profile):
    request = make_request()
    briefed = candidate(request, profile, RequestCandidate.Status.BRIEFED)
    hold(profile)
    response = _outcome(client_for(Role.MEDIA_OFFICER), request, speakers=[briefed.pk])
    assert response.status_code == 200
    assert HOLD_REASON in response.content.decode()
    assert not Placement.objects.exists() and not StoryUse.objects.exists()
    request.refresh_from_db()
    assert request.status != JournalistRequest.Status.DONE
