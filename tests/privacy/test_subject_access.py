"""Subject access export: everything about one person, found by walking the models."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.lib.crypto import EncryptedTextField
from chorus.media.models import JournalistRequest, Pitch, RequestCandidate
from chorus.people.models import Person
from chorus.privacy import registry
from chorus.privacy.models import AuditAction, AuditEntry, RetentionDecision
from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData
from chorus.privacy.subject_access import personal_data_models, subject_access_export
from chorus.voices.models import (
    InvolvementPayment,
    Membership,
    MentoringSession,
    Programme,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    WellbeingCheckIn,
)
from tests.factories import (
    ConsentFactory,
    OutletFactory,
    PersonFactory,
    PlacementFactory,
    StorytellerFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Subject:
    person: Person
    profile: StorytellerProfile
    # Every value that describes them: none may survive an erasure.
    secrets: list[str]


def rich_storyteller(staff: User) -> Subject:
    """An invented storyteller with a record of every kind that can hang off a person."""
    person = PersonFactory(
        full_name="Nadira Quillfeather",
        email="nadira.quillfeather@example.org",
        phone="07700 900123",
        notes="Met at the Wigton drop-in",
        job_title="Trainee baker at Larkspur Bakes",
    )
    profile = StorytellerFactory(
        person=person,
        legal_name="Nadira Quillfeather-Legal",
        media_name="Nadi Q",
        contact_details="WhatsApp 07700 900456",
        country_of_origin="Freedonia Republic",
        immigration_situation="Awaiting a decision since March 2021",
        story_notes="Crossed the Channel on a grey dinghy in 2021",
        availability_note="Tuesday mornings near Wigton",
    )
    StorytellerLanguage.objects.create(storyteller=profile, language="Farsi")
    consent = ConsentFactory(
        storyteller=profile,
        topics="Talks about the Wigton hotel only",
        information_given="Told about the Larkspur documentary",
    )
    placement = PlacementFactory(outside_voice=True)
    use = StoryUse.objects.create(
        storyteller=profile,
        kind=StoryUse.Kind.PLACEMENT,
        object_id=placement.pk,
        used_on=placement.published_on,
        media_type="online",
        identity_level="first_name",
        consent=consent,
        description="Spoke at the Wigton vigil",
        withdrawal_action="Asked Larkspur Gazette to anonymise",
    )
    programme = Programme.objects.create(name="Test ambassadors", kind=Programme.Kind.AMBASSADORS)
    Membership.objects.create(
        programme=programme, storyteller=profile, joined_on=datetime.date(2022, 9, 1)
    )
    MentoringSession.objects.create(
        storyteller=profile,
        mentor=staff,
        held_on=datetime.date(2022, 10, 1),
        notes="Practised the vigil speech twice",
    )
    InvolvementPayment.objects.create(
        storyteller=profile,
        kind=InvolvementPayment.Kind.FEE,
        amount=Decimal("50.00"),
        method=InvolvementPayment.Method.VOUCHER,
        paid_on=datetime.date(2022, 10, 5),
        note="Voucher for the Wigton vigil",
    )
    WellbeingCheckIn.objects.create(
        storyteller=profile,
        kind=WellbeingCheckIn.Kind.AFTERCARE,
        held_on=datetime.date(2022, 10, 3),
        appearance=use,
        notes="Anxious about the hotel move to Aspatria",
    )
    concern = SafeguardingConcern.objects.create(
        storyteller=profile,
        raised_on=datetime.date(2022, 11, 1),
        level=SafeguardingConcern.Level.HIGH,
        summary="Threatened outside the Wigton hotel",
        notes="Moved rooms after the threats",
    )
    SafeguardingAction.objects.create(
        concern=concern, description="Call the Aspatria hotel manager", owner=staff
    )
    outlet = OutletFactory()
    request = JournalistRequest.objects.create(
        outlet=outlet,
        received_on=datetime.date(2022, 9, 20),
        brief="Looking for someone to talk about hotels",
        format="interview",
        media_type="online",
        identity_level_acceptable="first_name",
    )
    RequestCandidate.objects.create(
        request=request, storyteller=profile, identity_level="first_name", consent=consent
    )
    Pitch.objects.create(
        title="Hotels pitch",
        idea="Nadira's story of the grey dinghy",
        storyteller=profile,
        notes="Ask Nadira about photos",
    )
    RetentionDecision.objects.create(
        record_type="voices.storytellerprofile",
        record_id=profile.pk,
        flagged_on=datetime.date(2024, 1, 1),
        decision=RetentionDecision.Decision.KEEP,
        decided_by=staff,
    )
    secrets = [
        "Nadira",
        "Quillfeather",
        "nadira.quillfeather@example.org",
        "07700 900123",
        "Met at the Wigton drop-in",
        "Larkspur Bakes",
        "Nadi Q",
        "07700 900456",
        "Freedonia",
        "since March 2021",
        "grey dinghy",
        "Tuesday mornings",
        "Wigton hotel only",
        "Larkspur documentary",
        "Wigton vigil",
        "Larkspur Gazette",
        "vigil speech",
        "hotel move to Aspatria",
        "Threatened outside",
        "Moved rooms",
        "Aspatria hotel manager",
        "Ask Nadira",
    ]
    return Subject(person=person, profile=profile, secrets=secrets)


def _archive(response) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {
            name: archive.read(name).decode()
            if name.endswith(".txt")
            else json.loads(archive.read(name))
            for name in archive.namelist()
        }


def _download(client, person: Person):
    return client.post(reverse("privacy:subject_access", args=[person.pk]), {"confirm": "on"})


def test_it_exports_everything_held_about_the_person_decrypted(client_for, users):
    subject = rich_storyteller(users[Role.ADMIN])
    other = StorytellerFactory(story_notes="Someone else's story entirely")
    ConsentFactory(storyteller=other, topics="Another person's topics")

    response = _download(client_for(Role.SAFEGUARDING_LEAD), subject.person)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert f"subject-access-person-{subject.person.pk}-" in disposition
    assert "Nadira" not in disposition and "Quillfeather" not in disposition
    assert response["Cache-Control"] == "no-store"
    files = _archive(response)
    assert "README.txt" in files and "audit_log.json" in files
    dumped = json.dumps({k: v for k, v in files.items() if k.endswith(".json")})
    for secret in subject.secrets:
        assert secret in dumped, secret
    assert "Someone else's story" not in dumped and "Another person's topics" not in dumped
    (profile_row,) = files["voices.storytellerprofile.json"]  # type: ignore[misc]
    assert profile_row["legal_name"] == "Nadira Quillfeather-Legal"
    assert profile_row["person"]["id"] == subject.person.pk
    assert len(files["voices.storyuse.json"]) == 1  # type: ignore[arg-type]
    assert len(files["voices.safeguardingaction.json"]) == 1  # type: ignore[arg-type]
    assert len(files["media.requestcandidate.json"]) == 1  # type: ignore[arg-type]
    (decision,) = files["privacy.retentiondecision.json"]  # type: ignore[misc]
    assert decision["record_id"] == subject.profile.pk and decision["decision"] == "keep"
    readme = files["README.txt"]
    assert f"person #{subject.person.pk}" in readme  # type: ignore[operator]
    assert "voices.consent.json" in readme  # type: ignore[operator]


def test_it_has_one_file_per_kind_of_record_even_when_empty(users):
    person = PersonFactory()
    archive = subject_access_export(actor=users[Role.ADMIN], person=person)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        names = set(opened.namelist())
    assert {f"{kind.label}.json" for kind in personal_data_models()} <= names
    assert archive.counts["people.person"] == 1
    assert archive.counts["voices.consent"] == 0


def test_it_audits_the_export_without_any_values(client_for, users):
    subject = rich_storyteller(users[Role.ADMIN])
    _download(client_for(Role.SAFEGUARDING_LEAD), subject.person)
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor_username == "safeguarding"
    assert (entry.object_type, entry.object_id) == ("people.person", str(subject.person.pk))
    assert entry.note == "subject access export"
    logged = json.dumps(entry.changes) + entry.object_repr + entry.note
    assert not [s for s in subject.secrets if s in logged]


def test_it_asks_for_confirmation_before_exporting(client_for, users):
    subject = rich_storyteller(users[Role.ADMIN])
    client = client_for(Role.ADMIN)
    url = reverse("privacy:subject_access", args=[subject.person.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f"person #{subject.person.pk}" in page.content.decode()
    assert "Download the archive" in page.content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")
    assert "This field is required" in refused.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize(
    "role",
    [Role.MEDIA_OFFICER, Role.COORDINATOR, Role.DIGITAL_OFFICER, Role.VOLUNTEER, Role.READ_ONLY],
)
def test_it_refuses_roles_without_data_protection(client_for, role):
    person = PersonFactory()
    client = client_for(role)
    url = reverse("privacy:subject_access", args=[person.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "on"}).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_it_answers_404_for_an_unknown_person(client_for):
    response = client_for(Role.ADMIN).get(reverse("privacy:subject_access", args=[999999]))
    assert response.status_code == 404


def test_it_does_not_pull_in_other_peoples_records_through_shared_ones(users):
    # A journalist's request lists the storytellers put forward: those are not the
    # journalist's data, and must stay out of the journalist's export.
    from chorus.media.models import Journalist

    storyteller = rich_storyteller(users[Role.ADMIN])
    candidate = RequestCandidate.objects.get(storyteller=storyteller.profile)
    journalist = Journalist.objects.create(person=PersonFactory(), outlet=candidate.request.outlet)
    candidate.request.journalist = journalist
    candidate.request.save()

    archive = subject_access_export(actor=users[Role.ADMIN], person=journalist.person)
    text = archive.content
    with zipfile.ZipFile(io.BytesIO(text)) as opened:
        dumped = "".join(opened.read(name).decode() for name in opened.namelist())
    assert archive.counts["media.journalist"] == 1
    assert archive.counts["media.requestcandidate"] == 0
    assert "Nadira" not in dumped and "grey dinghy" not in dumped


# --- A new model cannot be forgotten ---------------------------------------------------

TARGETS = {"people.person", "voices.storytellerprofile"}


def _models_pointing_at_a_person() -> set[str]:
    """Every installed model with a foreign key, one-to-one or many-to-many to a person."""
    labels = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            forward = f.is_relation and (f.concrete or f.many_to_many) and not f.auto_created
            related = f.related_model
            if forward and isinstance(related, type) and related._meta.label_lower in TARGETS:
                labels.add(model._meta.label_lower)
    return labels


def test_every_model_related_to_a_person_is_in_the_export():
    exported = {kind.label for kind in personal_data_models()}
    pointing = _models_pointing_at_a_person()
    assert {"voices.consent", "media.journalist", "roundup.subscriber"} <= pointing
    assert pointing - exported - set(registry.not_personal()) == set()
    # One level through what a person owns outright.
    assert {"voices.safeguardingaction", "voices.storyuse"} <= exported
    # Found by their generic reference rather than a key.
    assert "privacy.retentiondecision" in exported


def test_the_register_misses_no_model_and_no_path():
    assert registry.unregistered_models() == []
    walked = registry.related_models()
    for kind in personal_data_models():
        if kind.paths:
            assert set(kind.paths) == set(walked[kind.label][1]), kind.label


def test_every_registration_says_why_it_is_held():
    for kind in personal_data_models():
        assert isinstance(kind.lawful_basis, LawfulBasis), kind.label
        assert kind.purpose, kind.label
        # Encrypted fields hold special-category data: an Article 9 condition is needed.
        if any(isinstance(f, EncryptedTextField) for f in kind.model._meta.concrete_fields):
            assert isinstance(kind.article9, Article9Condition), kind.label
    assert registry.subject_model() is Person


def test_a_model_added_later_fails_the_check_until_it_is_registered():
    # A throwaway model, made only for this test, that points at a person by a hidden
    # relation and at a storyteller by a many-to-many.
    attrs = {
        "__module__": "chorus.privacy.models",
        "Meta": type("Meta", (), {"app_label": "privacy"}),
        "subject": models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+"),
        "storytellers": models.ManyToManyField(StorytellerProfile, related_name="+"),
    }
    throwaway = type("ThrowawayPersonalRecord", (models.Model,), attrs)
    label = "privacy.throwawaypersonalrecord"
    try:
        assert label in _models_pointing_at_a_person()
        assert registry.unregistered_models() == [
            f"{label} points at a person but is not registered with privacy"
        ]
        registry.register(
            PersonalData(
                model=throwaway,
                paths=("subject",),
                lawful_basis=LawfulBasis.CONSENT,
                purpose="a test",
            )
        )
        # Registered without one of its paths: still reported.
        assert registry.unregistered_models() == [
            f"{label} is registered without the path(s) storytellers__person"
        ]
        registry.register(
            PersonalData(
                model=throwaway,
                paths=("subject", "storytellers__person"),
                lawful_basis=LawfulBasis.CONSENT,
                purpose="a test",
            )
        )
        assert registry.unregistered_models() == []
        assert label in {kind.label for kind in personal_data_models()}
    finally:
        registry._registered.pop(label, None)
        # The model and the many-to-many table Django made for it.
        registered = apps.all_models["privacy"]
        for name in [n for n in registered if n.startswith("throwawaypersonalrecord")]:
            del registered[name]
        apps.clear_cache()
    assert not [m for m in apps.get_models(include_auto_created=True) if "throwaway" in str(m)]
    assert label not in {k.label for k in personal_data_models()}
    assert registry.unregistered_models() == []


def test_a_model_declared_not_personal_passes_the_check():
    attrs = {
        "__module__": "chorus.privacy.models",
        "Meta": type("Meta", (), {"app_label": "privacy"}),
        "subject": models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+"),
    }
    throwaway = type("ThrowawayNotPersonal", (models.Model,), attrs)
    label = "privacy.throwawaynotpersonal"
    try:
        assert registry.unregistered_models() != []
        registry.declare_not_personal(throwaway, reason="holds only a count")
        assert registry.unregistered_models() == []
        assert label not in {kind.label for kind in personal_data_models()}
    finally:
        registry._not_personal.pop(label, None)
        del apps.all_models["privacy"]["throwawaynotpersonal"]
        apps.clear_cache()


def test_every_data_protection_page_sends_anonymous_visitors_to_sign_in(client):
    person = PersonFactory()
    urls = [
        reverse("privacy:subject_access", args=[person.pk]),
        reverse("privacy:erase", args=[person.pk]),
        reverse("privacy:retention"),
        reverse("privacy:retention_decide"),
    ]
    for url in urls:
        for response in (client.get(url), client.post(url, {"confirm": "on"})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url


def test_the_export_lists_the_list_pages_that_showed_the_person(client_for, users):
    subject = StorytellerFactory()
    someone_else = StorytellerFactory()
    client_for(Role.SAFEGUARDING_LEAD).get(reverse("voices:storyteller_list"))
    AuditEntry.objects.create(
        action=AuditAction.VIEW,
        object_type="voices.storytellerprofile",
        object_repr="Storytellers (1 shown)",
        shown=[str(someone_else.pk)],
    )
    files = _archive(_download(client_for(Role.ADMIN), subject.person))
    listed = [row for row in files["audit_log.json"] if row["action"] == "Viewed"]  # type: ignore[union-attr]
    assert [row["record"] for row in listed] == [
        "voices.storytellerprofile: Storytellers (2 shown)"
    ]
