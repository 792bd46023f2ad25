"""Partners and the outreach log: chains, what entries led to, and who may see what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.network import services
from chorus.network.models import OutreachEntry, Partner
from chorus.network.selectors import chain_of
from chorus.privacy.models import AuditEntry
from chorus.privacy.subject_access import records_summary
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PlacementFactory,
    RegionFactory,
    StorytellerFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _chain():
    region = RegionFactory(name="Carlisle")
    contact = PersonFactory(full_name="Morwenna Quill")
    storyteller = StorytellerFactory(media_name="Tahmineh")
    conference = services.outreach_create(
        actor=None, kind="conference", happened_on=D(2022, 9, 17), title="A conference"
    )
    introduction = services.outreach_create(
        actor=None,
        kind="introduction",
        happened_on=D(2022, 10, 4),
        title="An introduction in Carlisle",
        region=region,
        led_from=conference,
        introduced_by=contact,
        storyteller=storyteller,
        placements=[PlacementFactory(headline="A first-person piece")],
    )
    return region, conference, introduction, storyteller


def test_an_entry_is_added_with_its_links_and_audited(client_for):
    region = RegionFactory(name="Stockton-on-Tees")
    organisation = OrganisationFactory(name="Example Charity")
    contact = PersonFactory(full_name="Ottilie Brande")
    client = client_for(Role.COORDINATOR)
    response = client.post(
        reverse("network:outreach_create"),
        {
            "kind": "meeting",
            "happened_on": "2023-05-16",
            "title": "Meeting with local charities",
            "region": region.pk,
            "people": [contact.pk],
            "organisations": [organisation.pk],
            "notes": "Agreed a training day.",
        },
    )
    entry = OutreachEntry.objects.get()
    assert response.status_code == 302
    assert list(entry.people.all()) == [contact]
    audit = AuditEntry.objects.get(object_type="network.outreachentry")
    assert audit.changes["people"]["to"] == [f"Person #{contact.pk}"]
    assert audit.changes["notes"] == "changed"  # notes may name people: not copied
    page = client.get(reverse("network:outreach_list") + "?q=local").content.decode()
    assert "Meeting with local charities" in page
    empty = client.get(reverse("network:outreach_list") + "?q=nothing-like-it").content.decode()
    assert "Nothing in the log matches these filters" in empty


def test_a_storyteller_cannot_be_named_among_the_people_met():
    storyteller = StorytellerFactory()
    with pytest.raises(ValidationError, match="storyteller cannot be named"):
        services.outreach_create(
            actor=None,
            kind="meeting",
            happened_on=D(2023, 1, 1),
            title="x",
            people=[storyteller.person],
        )


def test_an_entry_cannot_follow_from_itself():
    _region, conference, introduction, _s = _chain()
    with pytest.raises(ValidationError):
        services.outreach_update(actor=None, entry=conference, relations={}, led_from=introduction)


def test_the_chain_runs_both_ways():
    _region, conference, introduction, _s = _chain()
    later = services.outreach_create(
        actor=None, kind="referral", happened_on=D(2023, 7, 1), title="Later", led_from=introduction
    )
    before, followed = chain_of(introduction)
    assert before == [conference]
    assert [link.entry for link in followed] == [later]


def test_the_storyteller_an_entry_led_to_is_shown_only_to_those_who_may_see_storytellers(
    client_for,
):
    _region, _conference, introduction, storyteller = _chain()
    url = reverse("network:outreach_detail", args=[introduction.pk])
    lead_page = client_for(Role.SAFEGUARDING_LEAD).get(url).content.decode()
    assert storyteller.reference in lead_page and "Tahmineh" in lead_page
    media_page = client_for(Role.MEDIA_OFFICER).get(url).content.decode()
    assert storyteller.reference in media_page and "Tahmineh" not in media_page
    coordinator_page = client_for(Role.COORDINATOR).get(url).content.decode()
    assert "A first-person piece" in coordinator_page
    assert storyteller.reference not in coordinator_page
    assert "storytellers network" not in coordinator_page
    # The media name was read: the audit log says who saw it.
    assert AuditEntry.objects.filter(
        action="view", object_type="voices.storytellerprofile", note__contains="media name"
    ).exists()


def test_deleting_an_entry_asks_first_and_keeps_what_followed(client_for):
    _region, conference, introduction, _s = _chain()
    client = client_for(Role.COORDINATOR)
    url = reverse("network:outreach_delete", args=[conference.pk])
    assert "1 later entry follows from it" in client.get(url).content.decode()
    assert OutreachEntry.objects.filter(pk=conference.pk).exists()
    client.post(url)
    introduction.refresh_from_db()
    assert introduction.led_from is None
    assert AuditEntry.objects.filter(action="delete", object_type="network.outreachentry").exists()


def test_partners_are_listed_by_region_with_their_contact(client_for):
    region = RegionFactory(name="Carlisle")
    contact = PersonFactory(full_name="Morwenna Quill")
    organisation = OrganisationFactory(name="Example City of Sanctuary")
    client = client_for(Role.COORDINATOR)
    client.post(
        reverse("network:partner_create"),
        {
            "organisation": organisation.pk,
            "region": region.pk,
            "kind": "city_of_sanctuary",
            "contact": contact.pk,
        },
    )
    partner = Partner.objects.get()
    page = client.get(reverse("network:partner_list") + f"?region={region.pk}").content.decode()
    assert "Example City of Sanctuary" in page and "Morwenna Quill" in page
    # The same organisation twice in one region is refused with the form, not a crash.
    again = client.post(
        reverse("network:partner_create"),
        {"organisation": organisation.pk, "region": region.pk, "kind": "other"},
    )
    assert again.status_code == 200 and Partner.objects.count() == 1
    assert client_for(Role.VOLUNTEER).get(reverse("network:partner_list")).status_code == 403
    client.post(reverse("network:partner_delete", args=[partner.pk]))
    assert not Partner.objects.exists()


def test_subject_access_finds_a_contact_in_the_log():
    _region, _conference, introduction, _s = _chain()
    found = {data.label: n for data, n in records_summary(introduction.introduced_by)}
    assert found["network.outreachentry"] == 1
