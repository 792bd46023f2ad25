"""A case study is a use of a person's story: both judges decide, and withdrawal lists it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.impact import annual, services
from chorus.impact.models import CaseStudy
from chorus.impact.periods import Period
from chorus.voices.consent.services import consent_withdraw
from chorus.voices.models import StoryUse
from chorus.voices.uses import describe
from tests.factories import ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2022, 7, 1), datetime.date(2023, 6, 30))


@pytest.fixture
def admin():
    return UserFactory(username="case-admin", role=Role.ADMIN)


@pytest.fixture
def draft(admin):
    return services.annual_report_create(actor=admin, period=YEAR)


def _add(admin, draft, storyteller, **fields):
    return services.case_study_add(
        actor=admin,
        report=draft,
        section="lived_experience",
        storyteller=storyteller,
        title="From ambassador to filmmaker",
        text="He joined the ambassadors in September and now makes films.",
        name_shown="Samir",
        identity_level=fields.pop("identity_level", "first_name"),
        face_shown=fields.pop("face_shown", False),
    )


def test_a_case_study_is_recorded_as_a_use_and_shown_in_its_section(admin, draft):
    consent = ConsentFactory(face_shown=False)
    case = _add(admin, draft, consent.storyteller)
    use = StoryUse.objects.get(kind=StoryUse.Kind.CASE_STUDY)
    assert (use.object_id, use.consent, use.identity_level) == (case.pk, consent, "first_name")
    section = next(
        s for s in annual.build_document(YEAR, draft)["sections"] if s["key"] == "lived_experience"
    )
    assert [c["title"] for c in section["case_studies"]] == ["From ambassador to filmmaker"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"identity_level": "named"}, "name"),  # consent allows the first name only
        ({"face_shown": True}, "face"),  # and no photo
    ],
)
def test_the_consent_judge_refuses_what_the_consent_does_not_cover(admin, draft, fields, reason):
    consent = ConsentFactory(face_shown=False)
    with pytest.raises(ValidationError):
        _add(admin, draft, consent.storyteller, **fields)
    assert not CaseStudy.objects.exists()
    assert not StoryUse.objects.filter(kind=StoryUse.Kind.CASE_STUDY).exists()


def test_withdrawal_lists_the_case_study_and_the_draft_drops_it(admin, draft):
    consent = ConsentFactory()
    _add(admin, draft, consent.storyteller)
    entries = describe(consent.storyteller, list(consent.storyteller.uses.all()))
    assert [e.label for e in entries] == [
        "Case study in Impact report 2022/23: From ambassador to filmmaker"
    ]
    assert entries[0].suggested == "Remove the case study from the draft"
    consent_withdraw(
        actor=admin, storyteller=consent.storyteller, on=timezone.localdate(), how="written"
    )
    section = next(
        s for s in annual.build_document(YEAR, draft)["sections"] if s["key"] == "lived_experience"
    )
    assert section["case_studies"] == []


def test_the_case_study_page_adds_through_both_judges(client_for, draft):
    consent = ConsentFactory()
    client = client_for(Role.ADMIN)
    url = reverse("impact:annual_case_study_add", args=[draft.pk])
    form = {
        "storyteller": consent.storyteller.reference,
        "section": "media",
        "title": "A first interview",
        "text": "She spoke to the Metro.",
        "name_shown": "Amina",
        "identity_level": "named",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and not CaseStudy.objects.exists()
    accepted = client.post(url, {**form, "identity_level": "first_name"})
    assert accepted.status_code == 302
    case = CaseStudy.objects.get()
    client.post(reverse("impact:case_study_remove", args=[case.pk]))
    assert not CaseStudy.objects.exists()
    assert StoryUse.objects.filter(kind=StoryUse.Kind.CASE_STUDY).count() == 1
