"""Region pages: each area's section, names for those who may see them, counts for the rest."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.network import services
from chorus.people.models import Organisation
from tests.factories import (
    OrganisationFactory,
    OutletFactory,
    PersonFactory,
    PlacementFactory,
    RegionFactory,
    StorytellerFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def north_east():
    north_east = RegionFactory(name="North East")
    stockton = RegionFactory(name="Stockton-on-Tees", parent=north_east)
    services.partner_create(
        actor=None,
        organisation=OrganisationFactory(name="Example Asylum Network"),
        region=stockton,
        kind="asylum_matters",
        contact=PersonFactory(full_name="Peregrine Ashdale"),
    )
    services.outreach_create(
        actor=None,
        kind="meeting",
        happened_on=D(2023, 5, 16),
        title="Meeting with local charities",
        region=stockton,
    )
    StorytellerFactory(region=stockton, media_name="Zarifa")
    regional = OutletFactory(
        name="Example Look North",
        organisation=Organisation.objects.create(name="ELN", region=stockton),
    )
    PlacementFactory(outlet=regional, headline="A regional story")
    PlacementFactory(headline="A national story")
    return north_east, stockton


def test_a_region_page_gathers_its_own_and_its_towns_records(client_for, north_east):
    region, _stockton = north_east
    page = client_for(Role.SAFEGUARDING_LEAD).get(
        reverse("network:region_detail", args=[region.pk])
    )
    text = page.content.decode()
    assert "Example Asylum Network" in text and "Peregrine Ashdale" in text
    assert "Meeting with local charities" in text
    assert "Zarifa" in text
    assert "A regional story" in text and "A national story" not in text


def test_roles_that_may_not_see_names_get_counts(client_for, north_east):
    region, _stockton = north_east
    text = (
        client_for(Role.VOLUNTEER)
        .get(reverse("network:region_detail", args=[region.pk]))
        .content.decode()
    )
    assert "1 partner organisation here" in text
    assert "1 entry in the outreach log" in text
    assert "1 storyteller lives here" in text
    for name in ("Example Asylum Network", "Peregrine Ashdale", "Meeting with local", "Zarifa"):
        assert name not in text


def test_the_media_officer_sees_references_but_not_media_names(client_for, north_east):
    region, _stockton = north_east
    text = (
        client_for(Role.MEDIA_OFFICER)
        .get(reverse("network:region_detail", args=[region.pk]))
        .content.decode()
    )
    assert "S-" in text and "Zarifa" not in text


def test_an_empty_region_says_so(client_for):
    region = RegionFactory(name="Cardiff")
    text = (
        client_for(Role.COORDINATOR)
        .get(reverse("network:region_detail", args=[region.pk]))
        .content.decode()
    )
    assert "No partners recorded here yet" in text
    assert "No outreach recorded here yet" in text
