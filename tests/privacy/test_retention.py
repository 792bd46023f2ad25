"""Retention: inactive storytellers are flagged, reviewed, and erased only when confirmed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry, RetentionDecision
from chorus.privacy.retention import (
    find_flagged,
    months_before,
    retention_confirm_erasure,
    retention_erase_confirmed,
    retention_flag_inactive,
    retention_keep,
)
from chorus.privacy.tasks import erase_confirmed_storytellers, flag_inactive_storytellers
from chorus.voices.models import StorytellerProfile
from tests.factories import StorytellerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 1)
D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _storyteller(last_active_on: datetime.date, **kwargs) -> StorytellerProfile:
    return StorytellerFactory(last_active_on=last_active_on, **kwargs)


def _fresh(profile: StorytellerProfile) -> StorytellerProfile:
    return StorytellerProfile.objects.get(pk=profile.pk)


STORYTELLER = "voices.storytellerprofile"


def _decision_of(profile: StorytellerProfile) -> RetentionDecision:
    return RetentionDecision.objects.get(record_type=STORYTELLER, record_id=profile.pk)


def _decide(profile: StorytellerProfile, decision: str) -> dict[str, object]:
    return {"kind": STORYTELLER, "record": profile.pk, "decision": decision}


def _flagged(profile: StorytellerProfile):
    flagged = find_flagged(STORYTELLER, profile.pk)
    assert flagged is not None
    return flagged


def test_it_counts_months_back_to_the_same_day_or_the_months_end():
    assert months_before(D(2025, 3, 1), 24) == D(2023, 3, 1)
    assert months_before(D(2025, 3, 31), 1) == D(2025, 2, 28)
    assert months_before(D(2024, 1, 15), 13) == D(2022, 12, 15)


def test_it_flags_storytellers_inactive_for_the_retention_period():
    old = _storyteller(D(2023, 2, 28))
    recent = _storyteller(D(2023, 3, 1))
    erased = _storyteller(D(2020, 1, 1), status=StorytellerProfile.Status.ERASED)

    assert retention_flag_inactive() == 1

    assert _fresh(old).flagged_for_erasure_on == TODAY
    assert _fresh(recent).flagged_for_erasure_on is None
    assert _fresh(erased).flagged_for_erasure_on is None
    entry = AuditEntry.objects.get(object_type="voices.storytellerprofile", object_id=str(old.pk))
    assert entry.action == AuditAction.UPDATE and entry.actor is None
    assert entry.changes == {"flagged_for_erasure_on": {"from": None, "to": "2025-03-01"}}


def test_flagging_twice_flags_nobody_twice():
    old = _storyteller(D(2022, 1, 1))
    assert retention_flag_inactive() == 1
    with time_machine.travel(datetime.datetime(2025, 3, 5, 9, tzinfo=datetime.UTC)):
        assert retention_flag_inactive() == 0
    assert _fresh(old).flagged_for_erasure_on == TODAY
    assert AuditEntry.objects.filter(object_id=str(old.pk)).count() == 1


def test_the_period_is_a_setting(settings):
    settings.CHORUS_RETENTION_MONTHS = 6
    half_year = _storyteller(D(2024, 8, 1))
    assert retention_flag_inactive() == 1
    assert _fresh(half_year).flagged_for_erasure_on == TODAY


def test_keeping_lifts_the_flag_and_restarts_the_clock(client_for):
    profile = _storyteller(D(2022, 1, 1), flagged_for_erasure_on=D(2025, 1, 10))
    client = client_for(Role.SAFEGUARDING_LEAD)

    response = client.post(reverse("privacy:retention_decide"), _decide(profile, "keep"))

    assert response.status_code == 302
    profile = _fresh(profile)
    assert profile.flagged_for_erasure_on is None and profile.last_active_on == TODAY
    decision = _decision_of(profile)
    assert decision.decision == "keep" and decision.decided_by.username == "safeguarding"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(profile.pk))
    assert set(entry.changes) == {"last_active_on", "flagged_for_erasure_on"}
    assert entry.actor_username == "safeguarding"
    # Kept storytellers are not flagged again until the period has passed once more.
    assert retention_flag_inactive() == 0


def test_a_confirmed_erasure_is_carried_out_after_the_grace_period(client_for, users):
    profile = _storyteller(D(2022, 1, 1), flagged_for_erasure_on=D(2025, 1, 20))
    client_for(Role.ADMIN).post(reverse("privacy:retention_decide"), _decide(profile, "erase"))
    decision = _decision_of(profile)
    assert decision.decision == "erase" and decision.carried_out_on is None

    assert retention_erase_confirmed(today=D(2025, 2, 18)) == 0  # 29 days after the flag
    assert _fresh(profile).status == StorytellerProfile.Status.ACTIVE

    assert retention_erase_confirmed(today=D(2025, 2, 19)) == 1
    profile = _fresh(profile)
    assert profile.status == StorytellerProfile.Status.ERASED and profile.legal_name == ""
    assert profile.person.full_name == f"Erased person #{profile.person.pk}"
    decision.refresh_from_db()
    assert decision.carried_out_on == D(2025, 2, 19)
    stub = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert stub.note == "erased: retention" and stub.actor is None
    # Running it again erases nobody twice.
    assert retention_erase_confirmed(today=D(2025, 2, 20)) == 0
    assert AuditEntry.objects.filter(action=AuditAction.DELETE).count() == 1


def test_nobody_is_erased_without_a_reviewers_confirmation(users):
    waiting = _storyteller(D(2020, 1, 1), flagged_for_erasure_on=D(2024, 1, 1))
    kept = _storyteller(D(2020, 1, 1), flagged_for_erasure_on=D(2024, 1, 1))
    RetentionDecision.objects.create(
        record_type=STORYTELLER,
        record_id=kept.pk,
        flagged_on=D(2024, 1, 1),
        decision=RetentionDecision.Decision.KEEP,
    )
    assert erase_confirmed_storytellers.call() == 0
    for profile in (waiting, kept):
        assert _fresh(profile).status == StorytellerProfile.Status.ACTIVE
        assert _fresh(profile).legal_name


def test_a_confirmation_answers_one_flag_only(users):
    profile = _storyteller(D(2020, 1, 1), flagged_for_erasure_on=D(2023, 1, 1))
    retention_confirm_erasure(actor=users[Role.ADMIN], flagged=_flagged(profile))
    # Then the person came back before the erasure, was kept, and was flagged again later.
    retention_keep(actor=users[Role.ADMIN], flagged=_flagged(profile))
    StorytellerProfile.objects.filter(pk=profile.pk).update(flagged_for_erasure_on=D(2024, 6, 1))
    assert retention_erase_confirmed() == 0
    assert _fresh(profile).status == StorytellerProfile.Status.ACTIVE


def test_only_a_flagged_storyteller_can_be_found_for_a_decision(users):
    profile = _storyteller(D(2024, 1, 1))
    erased = _storyteller(
        D(2020, 1, 1), flagged_for_erasure_on=D(2024, 1, 1), status=StorytellerProfile.Status.ERASED
    )
    assert find_flagged(STORYTELLER, profile.pk) is None
    assert find_flagged(STORYTELLER, erased.pk) is None
    assert find_flagged("voices.consent", profile.pk) is None  # no retention rule
    assert find_flagged("no.such", profile.pk) is None


def test_the_review_page_lists_flagged_storytellers_by_reference(client_for):
    flagged = _storyteller(D(2022, 1, 1), flagged_for_erasure_on=D(2025, 2, 1))
    confirmed = _storyteller(D(2022, 1, 1), flagged_for_erasure_on=D(2025, 1, 1))
    RetentionDecision.objects.create(
        record_type=STORYTELLER,
        record_id=confirmed.pk,
        flagged_on=D(2025, 1, 1),
        decision=RetentionDecision.Decision.ERASE,
    )
    active = _storyteller(D(2025, 1, 1))
    page = client_for(Role.SAFEGUARDING_LEAD).get(reverse("privacy:retention"))
    html = page.content.decode()
    assert page.status_code == 200
    assert flagged.reference in html and confirmed.reference in html
    assert active.reference not in html
    assert "Erasure confirmed" in html and "31 Jan 2025" in html
    # References only: no names, no sensitive details.
    assert flagged.legal_name not in html and flagged.person.full_name not in html
    assert [s.reference for s in page.context["flagged"]] == [
        confirmed.reference,
        flagged.reference,
    ]


@pytest.mark.parametrize(
    "role",
    [Role.MEDIA_OFFICER, Role.COORDINATOR, Role.DIGITAL_OFFICER, Role.VOLUNTEER, Role.READ_ONLY],
)
def test_the_review_refuses_roles_without_data_protection(client_for, role):
    profile = _storyteller(D(2022, 1, 1), flagged_for_erasure_on=D(2025, 2, 1))
    client = client_for(role)
    assert client.get(reverse("privacy:retention")).status_code == 403
    decide = reverse("privacy:retention_decide")
    assert client.post(decide, _decide(profile, "keep")).status_code == 403
    assert _fresh(profile).flagged_for_erasure_on == D(2025, 2, 1)


def test_a_decision_about_someone_not_flagged_is_404(client_for):
    profile = _storyteller(D(2025, 1, 1))
    response = client_for(Role.ADMIN).post(
        reverse("privacy:retention_decide"), _decide(profile, "erase")
    )
    assert response.status_code == 404
    assert not RetentionDecision.objects.exists()


def test_the_tasks_call_the_services_and_are_scheduled_nightly():
    old = _storyteller(D(2020, 1, 1))
    assert flag_inactive_storytellers.call() == 1
    assert _fresh(old).flagged_for_erasure_on == TODAY
    assert erase_confirmed_storytellers.call() == 0

    from crontask import scheduler

    names = " ".join(job.name for job in scheduler.get_jobs())
    assert "flag_inactive_storytellers" in names and "erase_confirmed_storytellers" in names
