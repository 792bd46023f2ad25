"""Withdrawal: it blocks every new use at once, and lists every use there is to follow up."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import Pitch
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.consent import consent_covers
from chorus.voices.consent.services import consent_withdraw
from chorus.voices.models import Consent, StoryUse
from tests.factories import (
    ConsentFactory,
    OutletFactory,
    PlacementFactory,
    StorytellerFactory,
    record_use,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2023, 6, 15)
NOTE = "CANARY-WITHDRAWAL: family contacted by officials"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def storyteller():
    return StorytellerFactory(reference="S-0042")


@pytest.fixture
def consent(storyteller):
    return ConsentFactory(storyteller=storyteller)


@pytest.fixture
def lead(users):
    return users[Role.SAFEGUARDING_LEAD]


@pytest.fixture
def uses(users, storyteller, consent):
    """One use of each kind: a placement, a pitch, a post and a round-up archive entry."""
    officer = users[Role.MEDIA_OFFICER]
    itv = OutletFactory(name="ITV News")
    placement = PlacementFactory(
        outlet=itv,
        headline="“I wanted to be a teacher again”",
        url="https://www.itv.com/news/teacher-again",
        published_on=D(2023, 6, 1),
    )
    pitch = Pitch.objects.create(title="Refugee Week first-person piece", storyteller=storyteller)
    pitch.outlets.add(OutletFactory(name="Metro"))
    common = {"actor": officer, "storyteller": storyteller, "media_type": "online"}
    common["identity_level"] = "anonymous"
    return {
        "placement": record_use(**common, kind="placement", placement=placement),
        "pitch": record_use(**common, kind="pitch", pitch=pitch),
        "post": record_use(**common, kind="post", description="Human Journeys, 20 June"),
        "archive": record_use(**common, kind="archive", description="Round-up of 2 June 2023"),
    }


# --- The service ---------------------------------------------------------------------


def test_it_withdraws_every_consent_still_standing_and_audits_without_the_note(
    lead, storyteller, consent
):
    older = ConsentFactory(
        storyteller=storyteller, given_on=D(2021, 3, 1), expires_on=D(2021, 12, 1)
    )
    already = ConsentFactory(
        storyteller=storyteller, given_on=D(2020, 3, 1), withdrawn_on=D(2020, 5, 1)
    )
    withdrawn = consent_withdraw(
        actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note=NOTE
    )
    assert {c.pk for c in withdrawn} == {consent.pk, older.pk}
    for record in (consent, older):
        record.refresh_from_db()
        assert record.withdrawn_on == TODAY
        assert record.withdrawal_how == "verbal"
        assert record.withdrawal_note == NOTE
    already.refresh_from_db()
    assert already.withdrawn_on == D(2020, 5, 1)
    entries = AuditEntry.objects.filter(object_type="voices.consent", action=AuditAction.UPDATE)
    assert entries.count() == 2
    for entry in entries:
        assert entry.actor == lead
        assert entry.changes["withdrawal_note"] == "changed"
        assert entry.changes["withdrawn_on"]["to"] == "2023-06-15"
    assert "CANARY-WITHDRAWAL" not in str(list(AuditEntry.objects.values_list("changes", "note")))


def test_withdrawal_blocks_every_new_use_at_once(lead, users, storyteller, consent):
    placement = PlacementFactory(published_on=TODAY)
    assert consent_covers(storyteller=storyteller, media_type="online", identity_level="anonymous")
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="written", note="")
    coverage = consent_covers(
        storyteller=storyteller, media_type="online", identity_level="anonymous"
    )
    assert coverage.reason == "The consent given on 10 January 2022 was withdrawn on 15 June 2023."
    with pytest.raises(ValidationError, match="was withdrawn on 15 June 2023"):
        record_use(
            actor=users[Role.MEDIA_OFFICER],
            storyteller=storyteller,
            kind="placement",
            placement=placement,
            media_type="online",
            identity_level="anonymous",
        )
    assert not StoryUse.objects.exists()


@pytest.mark.parametrize(
    ("on", "how", "message"),
    [
        (D(2023, 6, 16), "verbal", "cannot be dated in the future"),
        (D(2022, 1, 9), "verbal", "before the consent given on 10 January 2022"),
        (TODAY, "", "Say how the withdrawal was made"),
    ],
)
def test_it_refuses_a_withdrawal_that_makes_no_sense(lead, storyteller, consent, on, how, message):
    with pytest.raises(ValidationError, match=message):
        consent_withdraw(actor=lead, storyteller=storyteller, on=on, how=how, note="")
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_it_refuses_to_withdraw_twice(lead, storyteller, consent):
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    with pytest.raises(ValidationError, match="no consent left to withdraw"):
        consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")


# --- The confirmation step -------------------------------------------------------------


def test_it_asks_for_confirmation_before_withdrawing(client_for, storyteller, consent, uses):
    url = reverse("voices:consent_withdraw", args=[storyteller.pk])
    html = client_for(Role.SAFEGUARDING_LEAD).get(url).content.decode()
    assert "Withdraw the consent of S-0042?" in html
    assert "withdraw 1 consent record" in html
    assert "the 4 uses of their story" in html
    assert "“I wanted to be a teacher again”" in html
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_it_withdraws_on_confirmation_and_shows_the_follow_up(
    client_for, storyteller, consent, uses
):
    client = client_for(Role.SAFEGUARDING_LEAD)
    response = client.post(
        reverse("voices:consent_withdraw", args=[storyteller.pk]),
        {"on": "2023-06-15", "how": "verbal", "note": NOTE},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "voices:withdrawal_uses", args=[storyteller.pk]
    )
    html = response.content.decode()
    assert "No new use can be recorded" in html
    assert NOTE in html  # the safeguarding lead sees what they asked
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY and consent.withdrawal_note == NOTE


def test_it_explains_a_refused_withdrawal_in_the_form(client_for, storyteller, consent):
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("voices:consent_withdraw", args=[storyteller.pk]),
        {"on": "2023-06-16", "how": "verbal", "note": ""},
    )
    assert "A withdrawal cannot be dated in the future." in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


# --- The follow-up page ------------------------------------------------------------------


def test_the_follow_up_page_lists_every_use_with_what_to_do(client_for, lead, storyteller, uses):
    other = ConsentFactory()  # another storyteller's use is not listed
    record_use(
        actor=lead,
        storyteller=other.storyteller,
        kind="post",
        description="Someone else's post",
        media_type="online",
        identity_level="anonymous",
    )
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note=NOTE)
    html = (
        client_for(Role.MEDIA_OFFICER)
        .get(reverse("voices:withdrawal_uses", args=[storyteller.pk]))
        .content.decode()
    )
    assert "<strong>4</strong> of 4 uses still to follow up" in html
    assert "ITV News" in html
    assert "“I wanted to be a teacher again”" in html
    assert 'href="https://www.itv.com/news/teacher-again"' in html
    assert "Ask ITV News to anonymise or remove the piece" in html
    assert "Refugee Week first-person piece" in html
    assert "Drop the pitch and tell Metro it is withdrawn" in html
    assert "Human Journeys, 20 June" in html and "Unpublish the post" in html
    assert "Round-up of 2 June 2023" in html and "Remove from the round-up archive" in html
    assert "Someone else&#x27;s post" not in html
    assert NOTE not in html  # the withdrawal note is for those who see sensitive details
    for use in uses.values():
        assert reverse("voices:story_use_follow_up", args=[use.pk]) in html


def test_a_use_recorded_later_for_before_the_withdrawal_is_listed_too(
    client_for, lead, users, storyteller, consent
):
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    # Published before the withdrawal, linked after it: the story was used, so follow it up.
    earlier = PlacementFactory(headline="Published in May", published_on=D(2023, 5, 10))
    record_use(
        actor=users[Role.MEDIA_OFFICER],
        storyteller=storyteller,
        kind="placement",
        placement=earlier,
        media_type="print",
        identity_level="anonymous",
    )
    html = (
        client_for(Role.SAFEGUARDING_LEAD)
        .get(reverse("voices:withdrawal_uses", args=[storyteller.pk]))
        .content.decode()
    )
    assert "Published in May" in html


def test_marking_a_use_done_stores_who_and_when_and_is_audited(
    client_for, users, lead, storyteller, uses
):
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    placement_use = uses["placement"]
    url = reverse("voices:story_use_follow_up", args=[placement_use.pk])
    client = client_for(Role.MEDIA_OFFICER)
    response = client.post(url, {"note": "Emailed the ITV desk on 15 June", "action": "done"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#use-{placement_use.pk}")
    placement_use.refresh_from_db()
    assert placement_use.withdrawal_done_on == TODAY
    assert placement_use.withdrawal_done_by == users[Role.MEDIA_OFFICER]
    assert placement_use.withdrawal_action == "Emailed the ITV desk on 15 June"
    entry = AuditEntry.objects.get(object_type="voices.storyuse", action=AuditAction.UPDATE)
    assert entry.changes["withdrawal_done_on"]["to"] == "2023-06-15"
    html = client.get(reverse("voices:withdrawal_uses", args=[storyteller.pk])).content.decode()
    assert "<strong>3</strong> of 4 uses still to follow up" in html
    assert "Done 15 Jun 2023" in html
    # Reopening keeps the note and clears who and when.
    client.post(url, {"note": "Emailed the ITV desk on 15 June", "action": "reopen"})
    placement_use.refresh_from_db()
    assert placement_use.withdrawal_done_on is None and placement_use.withdrawal_done_by is None


def test_saving_a_note_does_not_mark_it_done(client_for, lead, storyteller, uses):
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    post = uses["post"]
    client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("voices:story_use_follow_up", args=[post.pk]),
        {"note": "Asked the digital officer", "action": "save"},
    )
    post.refresh_from_db()
    assert post.withdrawal_action == "Asked the digital officer"
    assert post.withdrawal_done_on is None


def test_a_use_whose_consent_stands_cannot_be_marked_done(client_for, uses):
    use = uses["post"]
    client_for(Role.SAFEGUARDING_LEAD).post(
        reverse("voices:story_use_follow_up", args=[use.pk]), {"note": "", "action": "done"}
    )
    use.refresh_from_db()
    assert use.withdrawal_done_on is None


# The digital officer takes posts down, so follows up uses too.
@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR])
def test_roles_outside_the_work_cannot_mark_done(client_for, lead, storyteller, uses, role):
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    use = uses["placement"]
    response = client_for(role).post(
        reverse("voices:story_use_follow_up", args=[use.pk]), {"note": "x", "action": "done"}
    )
    assert response.status_code == 403
    use.refresh_from_db()
    assert use.withdrawal_done_on is None and use.withdrawal_action == ""


def test_a_page_without_a_withdrawal_says_so(client_for, storyteller, consent):
    html = (
        client_for(Role.SAFEGUARDING_LEAD)
        .get(reverse("voices:withdrawal_uses", args=[storyteller.pk]))
        .content.decode()
    )
    assert "S-0042 has not withdrawn consent." in html


# --- The overview --------------------------------------------------------------------------


def test_the_overview_lists_withdrawals_with_open_follow_ups(
    client_for, lead, storyteller, uses, django_assert_max_num_queries
):
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    uses["post"].withdrawal_done_on = TODAY
    uses["post"].save()
    quiet = ConsentFactory(storyteller=StorytellerFactory(reference="S-0007"))
    consent_withdraw(actor=lead, storyteller=quiet.storyteller, on=TODAY, how="written", note="")
    ConsentFactory(storyteller=StorytellerFactory(reference="S-0099"))  # still consents
    client = client_for(Role.MEDIA_OFFICER)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("voices:withdrawals")).content.decode()
    assert html.index("S-0042") < html.index("S-0007")  # most open follow-ups first
    assert "S-0099" not in html
    row = html[html.index("S-0042") : html.index("S-0007")]
    assert '<td class="num">4</td>' in row
    assert '<span class="badge warn">3</span>' in row
    assert reverse("voices:withdrawal_uses", args=[storyteller.pk]) in html
    assert not Consent.objects.filter(
        storyteller__reference="S-0099", withdrawn_on__isnull=False
    ).exists()


def test_the_follow_up_page_keeps_to_a_query_budget(
    client_for, users, lead, storyteller, uses, django_assert_max_num_queries
):
    for n in range(6):
        pitch = Pitch.objects.create(title=f"Pitch {n}", storyteller=storyteller)
        pitch.outlets.add(OutletFactory(), OutletFactory())
        record_use(
            actor=lead,
            storyteller=storyteller,
            kind="pitch",
            pitch=pitch,
            media_type="online",
            identity_level="anonymous",
        )
        record_use(
            actor=lead,
            storyteller=storyteller,
            kind="placement",
            placement=PlacementFactory(published_on=D(2023, 5, n + 1)),
            media_type="online",
            identity_level="anonymous",
        )
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    client = client_for(Role.MEDIA_OFFICER)
    url = reverse("voices:withdrawal_uses", args=[storyteller.pk])
    # Each app that uses stories describes its own (chorus.voices.uses): media reads its
    # uses, placements, pitches and their outlets once each, however many there are.
    # Social's posts, podcast guests and creative projects and the report's case
    # studies add one query each.
    with django_assert_max_num_queries(21):
        html = client.get(url).content.decode()
    assert "<strong>16</strong> of 16 uses still to follow up" in html


# --- Uses described by the apps that made them -----------------------------------------


def test_media_describes_its_uses_through_the_registry_voices_defines():
    from chorus.media.story_uses import uses_in_media
    from chorus.voices import uses as registry

    assert registry.providers()["media"] is uses_in_media


def test_the_withdrawal_page_lists_uses_any_registered_app_describes(
    monkeypatch, client_for, lead, storyteller, uses
):
    from chorus.voices import uses as registry

    post = uses["post"]

    def podcast_uses(profile):
        assert profile == storyteller
        return [
            registry.UseEntry(
                use_id=post.pk,
                label="Episode 12: Starting again",
                on=D(2023, 5, 30),
                link="https://podcast.example.org/12",
                suggested="Cut their segment from episode 12",
            )
        ]

    monkeypatch.setitem(registry._providers, "podcast", podcast_uses)
    consent_withdraw(actor=lead, storyteller=storyteller, on=TODAY, how="verbal", note="")
    html = (
        client_for(Role.SAFEGUARDING_LEAD)
        .get(reverse("voices:withdrawal_uses", args=[storyteller.pk]))
        .content.decode()
    )
    assert '<a href="https://podcast.example.org/12" rel="noopener noreferrer">' in html
    assert "Episode 12: Starting again" in html and "30 May 2023" in html
    assert "Cut their segment from episode 12" in html
    # Media still describes its own, and a use nobody describes keeps its description.
    assert "Ask ITV News to anonymise or remove the piece" in html
    assert "Round-up of 2 June 2023" in html and "Remove from the round-up archive" in html
