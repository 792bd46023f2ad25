"""The demo storytellers network: invented people, every kind of consent, idempotent."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count

from chorus.demo.voices.data import CANARY_MARKER, CANARY_REFERENCE
from chorus.media.models import Placement
from chorus.media.selectors import placements_filter
from chorus.media.story_uses import outlet_facts
from chorus.people.models import Region
from chorus.privacy.models import AuditEntry
from chorus.voices.consent import consent_covers
from chorus.voices.models import (
    Consent,
    IdentityLevel,
    Interpreter,
    InvolvementPayment,
    MentoringSession,
    Programme,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    Theme,
    WellbeingCheckIn,
)
from tests.demo.test_demo_load import REAL_NAME

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 1)


def _load(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", *args, password="a-demo-password-for-tests", stdout=out)
    return out.getvalue()


def _members(name: str) -> set[int]:
    return set(
        Programme.objects.get(name=name).memberships.values_list("storyteller_id", flat=True)
    )


def test_it_creates_the_network_the_cohorts_and_the_steering_group():
    _load()
    # The demo's 60, and the refugee in Carlisle who joined through outreach (demo/network/).
    assert StorytellerProfile.objects.count() == 61
    imd = _members("International Migrants Day 2022 ambassadors")
    refugee_week = _members("Refugee Week 2023 ambassadors")
    assert len(imd) == 8 and len(refugee_week) == 8 and not imd & refugee_week
    assert len(_members("Lived experience steering group")) == 6
    assert len(_members("Lived Experience Storytellers Network")) == 61
    rw = Programme.objects.get(name="Refugee Week 2023 ambassadors")
    assert rw.theme == "Compassion" and rw.starts_on.year == 2023
    assert Programme.objects.get(name__startswith="International Migrants Day").partners.exists()
    assert MentoringSession.objects.filter(storyteller_id__in=imd | refugee_week).count() >= 16


def test_it_spreads_storytellers_over_languages_regions_and_themes():
    _load()
    languages = set(StorytellerLanguage.objects.values_list("language", flat=True))
    assert {"Farsi", "Dari", "Pashto", "Arabic", "Tigrinya", "Ukrainian", "English"} <= languages
    assert any(language.startswith("Kurdish") for language in languages)
    assert StorytellerLanguage.objects.filter(needs_interpreter=True).exists()
    towns = set(
        Region.objects.filter(storytellerprofile__isnull=False).values_list("name", flat=True)
    )
    assert {"Carlisle", "Stockton-on-Tees"} <= towns
    assert Theme.objects.annotate(n=Count("storytellers")).filter(n__gt=0).count() >= 8
    assert Interpreter.objects.count() >= 5
    statuses = set(StorytellerProfile.objects.values_list("status", flat=True))
    assert {"active", "paused", "left"} <= statuses
    names_in_media = set(StorytellerProfile.objects.values_list("name_in_media", flat=True))
    assert names_in_media == {"real_name", "first_name", "pseudonym", "anonymous"}


def test_it_records_consent_of_every_kind():
    _load()
    consents = Consent.objects.all()
    assert consents.filter(expires_on__lt=TODAY).exists()
    assert consents.filter(withdrawn_on__isnull=False).count() == 2
    assert set(consents.values_list("how", flat=True)) == set(Consent.How.values)
    assert set(consents.values_list("identity_level", flat=True)) == set(IdentityLevel.values)
    assert consents.exclude(interpreter=None).exists()
    assert consents.filter(face_shown=True).exists()
    assert consents.exclude(excluded_organisations=None).exists()
    assert consents.exclude(excluded_audiences=[]).exists()
    assert consents.exclude(excluded_outlet_kinds=[]).exists()
    # Every storyteller has one (an expired consent comes with its renewal).
    assert not StorytellerProfile.objects.filter(consents=None).exists()


def test_it_links_lived_experience_placements_to_consented_storytellers():
    _load()
    # Human Journeys posts, podcast guests and inLIMBO's participants are uses of stories
    # too (tests/social/test_demo_social.py, tests/demo/test_podcast_demo.py).
    assert set(StoryUse.objects.values_list("kind", flat=True)) == {
        "placement",
        "post",
        "podcast_guest",
        "creative",
    }
    uses = StoryUse.objects.filter(kind="placement").select_related("storyteller", "consent")
    assert uses.count() >= 60
    lived = set(placements_filter(lived_experience=True).values_list("pk", flat=True))
    placements = Placement.objects.select_related("outlet").in_bulk(
        uses.values_list("object_id", flat=True)
    )
    for use in uses:
        placement = placements[use.object_id]
        assert placement.pk in lived
        assert not placement.quotes_outside_network  # the storyteller is the voice
        assert (use.used_on, use.description) == (placement.published_on, placement.outlet.name)
        coverage = consent_covers(
            storyteller=use.storyteller,
            outlet=outlet_facts(placement.outlet),
            media_type=use.media_type,
            identity_level=use.identity_level,
            on=placement.published_on,
        )
        assert coverage.consent == use.consent, coverage.reason
    # Ambassadors speak during their own campaign.
    december = uses.filter(
        object_id__in=Placement.objects.filter(
            campaign__name="International Migrants Day 2022: Community"
        ).values("pk")
    )
    imd = _members("International Migrants Day 2022 ambassadors")
    assert december.exists() and {u.storyteller_id for u in december} <= imd
    # Uses of a withdrawn consent are listed with what was asked of the outlet.
    assert uses.filter(consent__withdrawn_on__isnull=False).exclude(withdrawal_action="").exists()
    assert InvolvementPayment.objects.count() >= uses.count()
    assert WellbeingCheckIn.objects.exclude(appearance=None).exists()
    appeared = StorytellerProfile.objects.exclude(last_media_appearance=None).count()
    assert appeared == uses.values("storyteller").distinct().count()


def test_it_has_two_open_safeguarding_concerns_and_one_canary():
    _load()
    assert SafeguardingConcern.objects.filter(status="open").count() == 2
    assert SafeguardingConcern.objects.filter(status="closed").count() == 2
    canary = StorytellerProfile.objects.get(reference=CANARY_REFERENCE)
    assert CANARY_MARKER in canary.story_notes
    assert CANARY_MARKER in canary.concerns.get(status="open").notes
    carrying = [
        p.reference for p in StorytellerProfile.objects.all() if CANARY_MARKER in p.story_notes
    ]
    assert carrying == [CANARY_REFERENCE]
    # An open concern holds every use of their story from the day it was raised.
    raised = canary.concerns.get().raised_on
    assert not canary.uses.filter(used_on__gte=raised).exists()


def test_it_uses_only_invented_names():
    _load()
    texts = [
        text
        for profile in StorytellerProfile.objects.select_related("person")
        for text in (profile.legal_name, profile.media_name, profile.person.full_name)
    ]
    texts += list(Interpreter.objects.values_list("name", flat=True))
    found = sorted({match.group(0) for text in texts for match in REAL_NAME.finditer(text)})
    assert found == []


def test_it_creates_nothing_twice():
    _load()
    counts = {
        model.__name__: model.objects.count()
        for model in (StorytellerProfile, Consent, StoryUse, InvolvementPayment, Programme)
    }
    output = _load()
    assert "Storytellers: 0 created, 60 already there" in output
    assert "Uses of stories: 0 created" in output
    assert counts == {
        model.__name__: model.objects.count()
        for model in (StorytellerProfile, Consent, StoryUse, InvolvementPayment, Programme)
    }
    assert AuditEntry.objects.filter(note="demo voices data").count() == 1


def _fingerprint() -> list[tuple]:
    notes = dict(Placement.objects.values_list("pk", "notes"))
    return [
        (
            p.reference,
            p.legal_name,
            p.country_of_origin,
            str(p.region),
            p.story_notes,
            sorted(c.given_on.isoformat() for c in p.consents.all()),
            sorted(notes[u.object_id] for u in p.uses.all() if u.kind == "placement"),
        )
        for p in StorytellerProfile.objects.prefetch_related("consents", "uses")
        .select_related("region__parent")
        .order_by("reference")
    ]


# A reset flushes every table, which PostgreSQL refuses inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_it_makes_the_same_network_every_time_even_after_a_reset():
    _load()
    first = _fingerprint()
    output = _load("--reset")
    assert "Storytellers: 60 created" in output
    assert _fingerprint() == first
    assert Theme.objects.count() >= 14  # the flush emptied the themes; the loader put them back
    assert StoryUse.objects.filter(kind="placement").exists()


def test_it_leaves_work_for_the_retention_review():
    from chorus.privacy.retention import all_flagged, retention_flag_inactive

    _load()
    assert [f.kind for f in all_flagged()] == ["voices.storytellerprofile"] * 2
    with time_machine.travel(datetime.datetime(2025, 3, 2, 2, 30, tzinfo=datetime.UTC)):
        assert retention_flag_inactive() == 1  # the nightly task finds the third
