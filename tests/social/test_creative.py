"""Creative projects: partners, participants judged for images and exhibition, withdrawal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.social.creative import services
from chorus.social.creative.models import Participant
from chorus.voices.consent.services import consent_withdraw
from chorus.voices.models import StoryUse
from tests.factories import ConsentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(users):
    return services.project_create(
        actor=users[Role.DIGITAL_OFFICER],
        name="Invented Limbo",
        kind="photo",
        shown_at="a film premiere",
        shown_on=datetime.date(2023, 6, 19),
        partners=[OrganisationFactory(name="Invented Film Collective")],
    )


def test_a_project_shows_its_partners(client_for, project):
    page = client_for(Role.READ_ONLY).get(reverse("social:project_detail", args=[project.pk]))
    assert "Invented Film Collective" in page.content.decode()


def test_a_participant_needs_consent_to_images_and_exhibition(client_for, project):
    photos_only = ConsentFactory(media_types=["photo", "online"])
    response = client_for(Role.DIGITAL_OFFICER).post(
        reverse("social:project_participant_add", args=[project.pk]),
        {"storyteller": photos_only.storyteller.pk, "identity_level": "first_name"},
    )
    assert response.status_code == 200
    assert (
        "Refused: The consent given on 10 January 2022 does not cover exhibition."
        in response.content.decode()
    )
    # Neither use is kept when one is refused.
    assert not StoryUse.objects.filter(kind=StoryUse.Kind.CREATIVE).exists()
    assert not Participant.objects.exists()


def test_a_covered_participant_is_two_uses_the_withdrawal_lists(client_for, users, project):
    consent = ConsentFactory(media_types=["photo", "exhibition"], face_shown=True)
    client = client_for(Role.DIGITAL_OFFICER)
    response = client.post(
        reverse("social:project_participant_add", args=[project.pk]),
        {"storyteller": consent.storyteller.pk, "identity_level": "first_name", "face_shown": "on"},
    )
    assert response.status_code == 302
    uses = StoryUse.objects.filter(kind=StoryUse.Kind.CREATIVE, object_id=project.pk)
    assert sorted(uses.values_list("media_type", flat=True)) == ["exhibition", "photo"]
    assert {use.used_on for use in uses} == {datetime.date(2023, 6, 19)}
    consent_withdraw(
        actor=users[Role.SAFEGUARDING_LEAD],
        storyteller=consent.storyteller,
        on=timezone.localdate(),
        how="verbal",
        note="",
    )
    text = (
        client_for(Role.SAFEGUARDING_LEAD)
        .get(reverse("voices:withdrawal_uses", args=[consent.storyteller.pk]))
        .content.decode()
    )
    assert "Creative project Invented Limbo (images)" in text
    assert "Creative project Invented Limbo (exhibition)" in text
    assert "Withdraw their work from any further showing" in text


def test_a_participant_twice_is_refused(users, project):
    consent = ConsentFactory(media_types=["photo", "exhibition"])
    kwargs = {
        "actor": users[Role.ADMIN],
        "project": project,
        "storyteller": consent.storyteller,
        "identity_level": "first_name",
    }
    services.project_participant_add(**kwargs)
    with pytest.raises(ValidationError, match="already takes part"):
        services.project_participant_add(**kwargs)


def test_the_project_list_has_an_empty_state_and_validation(client_for):
    client = client_for(Role.DIGITAL_OFFICER)
    assert (
        "No creative projects yet." in client.get(reverse("social:project_list")).content.decode()
    )
    response = client.post(reverse("social:project_create"), {"name": "", "kind": "photo"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
