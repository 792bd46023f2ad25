"""Erasure: no trace of the person but a stub, and every figure unchanged."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models import Sum
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.demo.voices.data import CANARY_REFERENCE
from chorus.media.models import Placement
from chorus.people.models import Person
from chorus.people.services import person_update
from chorus.privacy.erasure import person_erase
from chorus.privacy.models import AuditAction, AuditEntry, ErasureReason
from chorus.voices.models import (
    Consent,
    InvolvementPayment,
    Membership,
    SafeguardingConcern,
    StorytellerProfile,
    StoryUse,
)
from tests.factories import ConsentFactory, StorytellerFactory
from tests.privacy.test_subject_access import Subject, rich_storyteller

pytestmark = pytest.mark.django_db


def _every_stored_text() -> list[tuple[str, str]]:
    """(where, value) for every text value in every table, encrypted fields decrypted."""
    found = []
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not names:
            continue
        for row in model._default_manager.values_list(*names):
            found += [(model._meta.label_lower, str(v)) for v in row if v]
    return found


def _traces(subject: Subject) -> list[tuple[str, str]]:
    return [
        (where, secret)
        for where, value in _every_stored_text()
        for secret in subject.secrets
        if secret.lower() in value.lower()
    ]


def test_it_leaves_no_value_of_the_person_anywhere(users):
    admin = users[Role.ADMIN]
    subject = rich_storyteller(admin)
    # An earlier change in the audit log, with the values of a field that is not secret.
    person_update(actor=admin, person=subject.person, job_title="Head baker at Larkspur Bakes")
    assert _traces(subject)  # the check finds them before the erasure

    person_erase(actor=admin, person=subject.person, reason=ErasureReason.REQUEST)

    assert _traces(subject) == []
    subject.person.refresh_from_db()
    assert subject.person.full_name == f"Erased person #{subject.person.pk}"
    assert (subject.person.email, subject.person.phone, subject.person.notes) == ("", "", "")
    profile = StorytellerProfile.objects.get(pk=subject.profile.pk)
    assert profile.status == StorytellerProfile.Status.ERASED
    assert profile.reference == subject.profile.reference  # the reference is kept
    assert profile.legal_name == profile.story_notes == profile.country_of_origin == ""


def test_it_keeps_every_record_that_is_counted(users):
    subject = rich_storyteller(users[Role.ADMIN])
    other = StorytellerFactory(story_notes="Someone else's story")
    ConsentFactory(storyteller=other, topics="Someone else's topics")
    before = {
        "placements": Placement.objects.count(),
        "uses": StoryUse.objects.count(),
        "consents": Consent.objects.count(),
        "memberships": Membership.objects.count(),
        "payments": InvolvementPayment.objects.aggregate(total=Sum("amount"))["total"],
        "concerns": SafeguardingConcern.objects.count(),
    }

    person_erase(actor=users[Role.ADMIN], person=subject.person, reason="request")

    after = {
        "placements": Placement.objects.count(),
        "uses": StoryUse.objects.count(),
        "consents": Consent.objects.count(),
        "memberships": Membership.objects.count(),
        "payments": InvolvementPayment.objects.aggregate(total=Sum("amount"))["total"],
        "concerns": SafeguardingConcern.objects.count(),
    }
    assert after == before
    assert after["payments"] == Decimal("50.00")
    # Their consents are withdrawn, so nothing new can use the story.
    consent = Consent.objects.get(storyteller=subject.profile)
    assert consent.withdrawn_on is not None and consent.topics == ""
    # Nobody else was touched.
    other.refresh_from_db()
    assert other.story_notes == "Someone else's story"
    assert Consent.objects.get(storyteller=other).topics == "Someone else's topics"


def test_it_leaves_an_audit_stub_with_the_reason_and_no_values(users):
    subject = rich_storyteller(users[Role.ADMIN])
    person_erase(
        actor=users[Role.SAFEGUARDING_LEAD], person=subject.person, reason=ErasureReason.RETENTION
    )
    stub = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert (stub.object_type, stub.object_id) == ("people.person", str(subject.person.pk))
    assert stub.note == "erased: retention"
    assert stub.changes == {}
    assert stub.actor_username == "safeguarding"
    assert not [s for s in subject.secrets if s in stub.object_repr + stub.note]


def test_it_refuses_an_unknown_reason(users):
    subject = rich_storyteller(users[Role.ADMIN])
    with pytest.raises(ValueError):
        person_erase(actor=users[Role.ADMIN], person=subject.person, reason="because")
    assert Person.objects.get(pk=subject.person.pk).full_name == "Nadira Quillfeather"


def test_the_page_needs_the_reference_typed_to_confirm(client_for, users):
    subject = rich_storyteller(users[Role.ADMIN])
    client = client_for(Role.SAFEGUARDING_LEAD)
    url = reverse("privacy:erase", args=[subject.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"Type {subject.profile.reference} to confirm" in page.content.decode()

    wrong = client.post(url, {"reason": "request", "confirmation": "yes"})
    assert wrong.status_code == 200
    assert f"Type {subject.profile.reference} exactly" in wrong.content.decode()
    assert Person.objects.get(pk=subject.person.pk).full_name == "Nadira Quillfeather"

    done = client.post(url, {"reason": "request", "confirmation": subject.profile.reference})
    assert done.status_code == 302
    assert Person.objects.get(pk=subject.person.pk).full_name.startswith("Erased person #")
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, note="erased: request").exists()


def test_a_person_who_is_not_a_storyteller_is_confirmed_by_their_record_number(client_for):
    from tests.factories import PersonFactory

    person = PersonFactory(full_name="Orla Pennyworth", email="orla@example.org")
    client = client_for(Role.ADMIN)
    url = reverse("privacy:erase", args=[person.pk])
    client.post(url, {"reason": "request", "confirmation": f"person-{person.pk}"})
    person.refresh_from_db()
    assert person.full_name == f"Erased person #{person.pk}" and person.email == ""


@pytest.mark.parametrize(
    "role",
    [Role.MEDIA_OFFICER, Role.COORDINATOR, Role.DIGITAL_OFFICER, Role.VOLUNTEER, Role.READ_ONLY],
)
def test_the_page_refuses_roles_without_data_protection(client_for, users, role):
    subject = rich_storyteller(users[Role.ADMIN])
    client = client_for(role)
    url = reverse("privacy:erase", args=[subject.person.pk])
    assert client.get(url).status_code == 403
    reference = subject.profile.reference
    assert client.post(url, {"reason": "request", "confirmation": reference}).status_code == 403
    assert Person.objects.get(pk=subject.person.pk).full_name == "Nadira Quillfeather"


def _report() -> dict:
    out = StringIO()
    call_command("report", "--from", "2022-07-01", "--to", "2023-06-30", stdout=out)
    return json.loads(out.getvalue())["indicators"]


def test_the_figures_of_the_demo_year_do_not_change(users):
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", password="a-demo-password-for-tests", stdout=StringIO())
    report, placements = _report(), Placement.objects.count()
    uses = StoryUse.objects.count()
    # The storytellers whose stories were used most in that year.
    busiest = (
        StorytellerProfile.objects.filter(uses__used_on__year=2023)
        .annotate(n=models.Count("uses"))
        .order_by("-n", "reference")[:3]
    )
    canary = StorytellerProfile.objects.get(reference=CANARY_REFERENCE)
    for profile in [*busiest, canary]:
        person_erase(actor=users[Role.ADMIN], person=profile.person, reason="request")

    assert Placement.objects.count() == placements
    assert StoryUse.objects.count() == uses
    assert _report() == report
