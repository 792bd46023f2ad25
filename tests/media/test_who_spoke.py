"""Who spoke in a placement: media's screen, recording uses of stories through voices."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import OutletKind
from chorus.voices.models import StoryUse
from tests.factories import ConsentFactory, OutletFactory, PlacementFactory, StorytellerFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def consent():
    return ConsentFactory(storyteller=StorytellerFactory(reference="S-0042"))


@pytest.fixture
def storyteller(consent):
    return consent.storyteller


def page(client: Client, name: str, pk: int) -> tuple[int, str]:
    response = client.get(reverse(name, args=[pk]))
    return response.status_code, response.content.decode()


def test_it_links_a_covered_storyteller_to_a_placement(client_for, users, storyteller, consent):
    placement = PlacementFactory(published_on=D(2023, 6, 1))
    url = reverse("media:placement_voices", args=[placement.pk])
    client = client_for(Role.MEDIA_OFFICER)
    response = client.post(
        url, {"reference": "s-0042", "media_type": "online", "identity_level": "anonymous"}
    )
    assert response.status_code == 302
    use = StoryUse.objects.get()
    assert (use.storyteller, use.object_id, use.consent) == (storyteller, placement.pk, consent)
    assert (use.kind, use.used_on) == ("placement", D(2023, 6, 1))
    assert use.description == placement.outlet.name
    assert use.recorded_by == users[Role.MEDIA_OFFICER]
    html = client.get(url).content.decode()
    assert "S-0042" in html and "Covered by the consent given on 10 January 2022" in html


def test_it_refuses_an_uncovered_voice_with_the_reason_in_the_form(client_for, storyteller):
    placement = PlacementFactory(outlet=OutletFactory(kind=OutletKind.TV))
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:placement_voices", args=[placement.pk]),
        {"reference": "S-0042", "media_type": "online", "identity_level": "named"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "The consent given on 10 January 2022 allows at most: first name only; "
        "this use would be: full name."
    ) in html
    assert not StoryUse.objects.exists()


def test_it_suggests_the_media_type_of_the_outlet(client_for):
    placement = PlacementFactory(outlet=OutletFactory(kind=OutletKind.TV))
    _, html = page(client_for(Role.ADMIN), "media:placement_voices", placement.pk)
    assert '<option value="broadcast" selected>' in html


def test_it_says_when_no_storyteller_has_the_reference(client_for):
    placement = PlacementFactory()
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:placement_voices", args=[placement.pk]),
        {"reference": "S-9999", "media_type": "online", "identity_level": "anonymous"},
    )
    assert "No storyteller has the reference S-9999." in response.content.decode()


@pytest.mark.parametrize("role", [Role.SAFEGUARDING_LEAD, Role.COORDINATOR, Role.VOLUNTEER])
def test_only_the_media_desk_records_who_spoke(client_for, storyteller, role):
    placement = PlacementFactory()
    response = client_for(role).post(
        reverse("media:placement_voices", args=[placement.pk]),
        {"reference": "S-0042", "media_type": "online", "identity_level": "anonymous"},
    )
    assert response.status_code == 403
    assert not StoryUse.objects.exists()


def test_the_placement_form_links_to_who_spoke(client_for):
    placement = PlacementFactory()
    html = client_for(Role.MEDIA_OFFICER).get(reverse("media:placement_edit", args=[placement.pk]))
    assert reverse("media:placement_voices", args=[placement.pk]) in html.content.decode()


def test_the_old_address_of_who_spoke_redirects_to_media(client_for):
    placement = PlacementFactory()
    response = client_for(Role.MEDIA_OFFICER).get(
        f"/voices/consent/placements/{placement.pk}/voices/"
    )
    assert response.status_code == 301
    assert response["Location"] == reverse("media:placement_voices", args=[placement.pk])
    assert reverse("media:placement_voices", args=[placement.pk]) == (
        f"/media/placements/{placement.pk}/voices/"
    )


def test_removing_a_use_from_who_spoke_goes_back_there(client_for, storyteller):
    placement = PlacementFactory(published_on=D(2023, 6, 1))
    client = client_for(Role.MEDIA_OFFICER)
    here = reverse("media:placement_voices", args=[placement.pk])
    client.post(
        here, {"reference": "S-0042", "media_type": "online", "identity_level": "anonymous"}
    )
    use = StoryUse.objects.get()
    remove = reverse("voices:story_use_remove", args=[use.pk])
    assert f'href="{remove}?next={here}"' in client.get(here).content.decode()

    # A way back to another site is not followed: "Keep it" goes to their consent.
    elsewhere = client.get(remove, {"next": "https://evil.example/"}).content.decode()
    assert "evil.example" not in elsewhere
    assert reverse("voices:storyteller_consents", args=[storyteller.pk]) in elsewhere

    confirm = client.get(f"{remove}?next={here}").content.decode()
    assert f"Placement: {placement.outlet.name}: {placement.headline}" in confirm
    response = client.post(f"{remove}?next={here}", {"reason": "Wrong storyteller chosen"})
    assert response.status_code == 302 and response["Location"] == here
    assert not StoryUse.objects.exists()
