"""Recording consents and uses of a story: every use asks the judge, and says why not."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from chorus.accounts.roles import Role
from chorus.media.models import OutletKind, Pitch
from chorus.media.story_uses import placement_uses
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.consent.services import add_months, consent_record
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


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def officer(users):
    return users[Role.MEDIA_OFFICER]


@pytest.fixture
def lead(users):
    return users[Role.SAFEGUARDING_LEAD]


@pytest.fixture
def consent():
    return ConsentFactory()


def _record(lead, storyteller, **changes):
    fields = {
        "given_on": D(2023, 6, 1),
        "how": Consent.How.VERBAL,
        "media_types": ["online", "broadcast"],
        "identity_level": "pseudonym",
        "expires_on": D(2024, 6, 1),
    }
    fields.update(changes)
    return consent_record(actor=lead, storyteller=storyteller, **fields)


# --- Recording a consent -------------------------------------------------------------


def test_it_records_a_consent_with_its_scope_and_audits_it_without_the_topics(lead):
    storyteller = StorytellerFactory(last_active_on=D(2023, 1, 1))
    excluded = OutletFactory(name="The Daily Example")
    consent = _record(
        lead,
        storyteller,
        language="Farsi",
        information_version="v3",
        excluded_organisations=[excluded.organisation],
        excluded_outlet_kinds=["tv"],
        excluded_audiences=["hostile-leaning"],
        topics="CANARY-TOPICS: family still in Herat",
    )
    consent.refresh_from_db()
    assert consent.taken_by == lead
    assert consent.media_types == ["online", "broadcast"]
    assert list(consent.excluded_organisations.all()) == [excluded.organisation]
    assert consent.excluded_outlet_kinds == ["tv"]
    assert consent.topics == "CANARY-TOPICS: family still in Herat"
    entry = AuditEntry.objects.get(object_type="voices.consent", action=AuditAction.CREATE)
    assert entry.actor == lead
    assert entry.changes["topics"] == "changed"
    assert entry.changes["excluded_outlets"]["to"] == ["The Daily Example"]
    assert "CANARY-TOPICS" not in str(entry.changes)
    storyteller.refresh_from_db()
    assert storyteller.last_active_on == D(2023, 6, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"media_types": []}, "Choose at least one media type"),
        ({"given_on": D(2023, 6, 16)}, "cannot be recorded as given in the future"),
        ({"expires_on": D(2023, 6, 1)}, "expiry date must be after"),
    ],
)
def test_it_refuses_a_consent_that_makes_no_sense(lead, changes, message):
    with pytest.raises(ValidationError, match=message):
        _record(lead, StorytellerFactory(), **changes)
    assert not Consent.objects.exists()


def test_it_suggests_expiry_dates_that_exist():
    assert add_months(D(2023, 6, 15), 12) == D(2024, 6, 15)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2023, 11, 30), 2) == D(2024, 1, 30)


# --- Recording a use -----------------------------------------------------------------


def test_it_records_a_covered_placement_use_with_its_consent(officer, consent):
    storyteller = consent.storyteller
    storyteller.last_active_on = D(2022, 1, 10)
    storyteller.save()
    placement = PlacementFactory(published_on=D(2023, 5, 2))
    use = record_use(
        actor=officer,
        storyteller=storyteller,
        kind=StoryUse.Kind.PLACEMENT,
        placement=placement,
        media_type="online",
        identity_level="anonymous",
    )
    assert use.consent == consent
    assert use.recorded_by == officer
    assert list(placement_uses(placement)) == [use]
    assert (use.kind, use.object_id, use.used_on) == ("placement", placement.pk, D(2023, 5, 2))
    storyteller.refresh_from_db()
    assert storyteller.last_media_appearance == D(2023, 5, 2)
    assert storyteller.last_active_on == D(2023, 5, 2)
    entry = AuditEntry.objects.get(object_type="voices.storyuse", action=AuditAction.CREATE)
    assert entry.actor == officer
    assert entry.changes["consent"]["to"] == str(consent)


def test_it_refuses_an_uncovered_use_with_the_reason_and_writes_nothing(officer, consent):
    tv = OutletFactory(name="Example TV", kind=OutletKind.TV)
    placement = PlacementFactory(outlet=tv, published_on=D(2023, 5, 2))
    with pytest.raises(ValidationError) as refused:
        record_use(
            actor=officer,
            storyteller=consent.storyteller,
            kind=StoryUse.Kind.PLACEMENT,
            placement=placement,
            media_type="broadcast",
            identity_level="first_name",
        )
    assert refused.value.messages == [
        "The consent given on 10 January 2022 does not cover broadcast (TV / radio)."
    ]
    assert not StoryUse.objects.exists()
    assert not AuditEntry.objects.filter(object_type="voices.storyuse").exists()
    consent.storyteller.refresh_from_db()
    assert consent.storyteller.last_media_appearance is None


def test_it_judges_a_placement_on_the_day_it_was_published(officer, consent):
    consent.expires_on = D(2023, 1, 31)
    consent.save()
    published_in_time = PlacementFactory(published_on=D(2023, 1, 20))
    too_late = PlacementFactory(published_on=D(2023, 2, 1))
    use = dict(
        actor=officer,
        storyteller=consent.storyteller,
        kind="placement",
        media_type="print",
        identity_level="first_name",
    )
    assert record_use(**use, placement=published_in_time).consent == consent
    with pytest.raises(ValidationError, match="expired on 31 January 2023"):
        record_use(**use, placement=too_late)


def test_it_refuses_the_same_storyteller_twice_in_a_placement(officer, consent):
    placement = PlacementFactory()
    use = dict(
        actor=officer,
        storyteller=consent.storyteller,
        kind="placement",
        placement=placement,
        media_type="online",
        identity_level="anonymous",
    )
    record_use(**use)
    with pytest.raises(ValidationError, match="already recorded as speaking"):
        record_use(**use)
    assert StoryUse.objects.count() == 1


def test_a_pitch_must_be_covered_for_every_outlet_it_goes_to(officer, consent):
    excluded = OutletFactory(name="The Daily Example")
    consent.excluded_organisations.add(excluded.organisation)
    pitch = Pitch.objects.create(title="A teacher again", storyteller=consent.storyteller)
    pitch.outlets.add(OutletFactory(), excluded)
    use = dict(
        actor=officer,
        storyteller=consent.storyteller,
        kind="pitch",
        pitch=pitch,
        media_type="online",
        identity_level="anonymous",
    )
    with pytest.raises(ValidationError, match="excludes The Daily Example"):
        record_use(**use)
    pitch.outlets.remove(excluded)
    assert record_use(**use).consent == consent
    consent.storyteller.refresh_from_db()
    assert consent.storyteller.last_media_appearance is None  # a pitch is not an appearance


def test_a_post_needs_a_description_and_no_outlet(officer, consent):
    use = dict(
        actor=officer,
        storyteller=consent.storyteller,
        kind="post",
        media_type="online",
        identity_level="anonymous",
    )
    with pytest.raises(ValidationError, match="Describe the use"):
        record_use(**use)
    post = record_use(**use, description="Human Journeys post, 20 June 2023")
    assert post.consent == consent and post.object_id is None


def test_it_refuses_a_use_for_a_storyteller_without_consent(officer):
    with pytest.raises(ValidationError, match="No consent has been recorded"):
        record_use(
            actor=officer,
            storyteller=StorytellerFactory(),
            kind="placement",
            placement=PlacementFactory(),
            media_type="online",
            identity_level="anonymous",
        )
