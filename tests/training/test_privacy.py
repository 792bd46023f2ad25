"""Registrations and feedback in subject access, erasure and the retention clean-up."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.privacy import registry
from chorus.privacy.erasure import person_erase
from chorus.privacy.subject_access import subject_access_export
from chorus.training.models import Feedback, Registration
from chorus.training.privacy import registrations_minimise
from chorus.training.selectors import distinct_participants
from tests.factories import PersonFactory
from tests.training.conftest import make_registration, make_session

pytestmark = pytest.mark.django_db


def test_both_models_are_registered_as_special_category():
    for label in ("training.registration", "training.feedback"):
        entry = registry.registration_for(label)
        assert entry is not None and entry.article9 is not None
    assert registry.unregistered_models() == []


def test_subject_access_finds_a_public_sign_up_by_the_persons_address(users):
    person = PersonFactory(full_name="Lowenna Trego", email="lowenna@example.org")
    session = make_session(days=-1)
    mine = make_registration(
        session, status="attended", name="Lowenna T", email="Lowenna@Example.org"
    )
    make_registration(session, status="attended", email="someone.else@example.org")
    Feedback.objects.create(
        session=session, registration=mine, confidence_before=2, confidence_after=4, quote="Clear"
    )
    archive = subject_access_export(actor=users[Role.SAFEGUARDING_LEAD], person=person)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        found = json.loads(opened.read("training.registration.json"))
        feedback = json.loads(opened.read("training.feedback.json"))
    assert [row["name"] for row in found] == ["Lowenna T"]
    assert [row["quote"] for row in feedback] == ["Clear"]


def test_erasure_blanks_who_they_were_and_keeps_the_counts(users):
    person = PersonFactory(full_name="Morwenna Penhale", email="morwenna@example.org")
    sessions = [make_session(days=-3), make_session(days=-2)]
    for session in sessions:
        make_registration(
            session, status="attended", name="Morwenna P", email="morwenna@example.org"
        )
    held = sessions[0].__class__.objects.filter(pk__in=[s.pk for s in sessions])
    assert distinct_participants(held) == 1
    person_erase(actor=users[Role.SAFEGUARDING_LEAD], person=person, reason="request")
    erased = list(Registration.objects.all())
    assert {(r.name, r.email, r.email_hash, r.status) for r in erased} == {("", "", "", "attended")}
    assert all(r.identity_key.startswith("erased:") for r in erased)
    # Still two attendances; the two can no longer be told to be one person.
    assert distinct_participants(held) == 2


def test_names_go_once_the_retention_period_is_over(settings):
    settings.CHORUS_TRAINING_RETENTION_MONTHS = 24
    old = make_session(days=-800)
    recent = make_session(days=-30)
    gone = make_registration(old, status="attended", name="Old Name")
    kept = make_registration(recent, status="attended", name="Recent Name")
    assert registrations_minimise(today=timezone.localdate()) == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.email, gone.status) == ("", "", "attended")
    assert kept.name == "Recent Name"
    assert registrations_minimise(today=timezone.localdate() + datetime.timedelta(days=1)) == 0
