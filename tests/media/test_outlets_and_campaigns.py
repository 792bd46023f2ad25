from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import Campaign, Outlet, OutletKind
from chorus.privacy.models import AuditAction, AuditEntry
from tests.factories import CampaignFactory, OutletFactory, PlacementFactory, segment

pytestmark = pytest.mark.django_db

OUTLETS = reverse("media:outlet_list")


def _names(response) -> list[str]:
    return [o.name for o in response.context["page_obj"]]


def test_it_lists_outlets_with_segment_domains_and_placement_counts(client_for):
    bbc = OutletFactory(name="BBC News", domains=["bbc.co.uk", "bbc.com"], reach_estimate=1200000)
    PlacementFactory.create_batch(3, outlet=bbc)
    OutletFactory(name="New Gazette", needs_segment_review=True, segment=segment("unknown"))
    response = client_for(Role.MEDIA_OFFICER).get(OUTLETS)
    page = response.content.decode()
    assert _names(response) == ["BBC News", "New Gazette"]
    assert "bbc.co.uk, bbc.com" in page
    assert "1,200,000" in page
    assert f'?outlet={bbc.pk}">3<' in page
    assert page.count("Needs segment review") == 1
    assert "1 outlet needs an audience segment chosen" in page


def test_it_filters_outlets_needing_review_and_searches_names_and_domains(client_for):
    OutletFactory(name="BBC News", domains=["bbc.co.uk"])
    OutletFactory(name="New Gazette", needs_segment_review=True)
    client = client_for(Role.MEDIA_OFFICER)
    assert _names(client.get(OUTLETS, {"review": "1"})) == ["New Gazette"]
    assert _names(client.get(OUTLETS, {"q": "bbc.co"})) == ["BBC News"]
    assert _names(client.get(OUTLETS, {"q": "gazette"})) == ["New Gazette"]


def test_it_saves_a_segment_inline_clears_the_review_flag_and_keeps_the_filters(client_for):
    outlet = OutletFactory(
        name="New Gazette", needs_segment_review=True, segment=segment("unknown")
    )
    client = client_for(Role.MEDIA_OFFICER)
    listing = client.get(OUTLETS, {"review": "1", "q": "gazette"}).content.decode()
    action = reverse("media:outlet_set_segment", args=[outlet.pk])
    assert f'action="{action}"' in listing
    assert f'<label class="visually-hidden" for="segment-{outlet.pk}">' in listing
    back = f"{OUTLETS}?review=1&q=gazette"
    response = client.post(action, {"segment": segment("mixed-middle").pk, "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    outlet.refresh_from_db()
    assert outlet.segment.slug == "mixed-middle"
    assert outlet.needs_segment_review is False
    entry = AuditEntry.objects.get(object_type="media.outlet", action=AuditAction.UPDATE)
    assert entry.changes["segment"] == {"from": "Unknown", "to": "Mixed middle"}


def test_it_never_redirects_a_segment_save_off_the_outlets_list(client_for):
    outlet = OutletFactory()
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:outlet_set_segment", args=[outlet.pk]),
        {"segment": segment("specialist").pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == OUTLETS


def test_it_adds_an_outlet_with_domains_from_a_list_or_links(client_for):
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:outlet_create"),
        {
            "name": "Metro",
            "kind": OutletKind.NATIONAL_PRESS,
            "segment": segment("mixed-middle").pk,
            "reach_estimate": "1000000",
            "reach_source": "PAMCo 2023",
            "domains": "metro.co.uk, https://www.metro.news/some/page\nMETRO.co.uk",
        },
    )
    assert response.status_code == 302
    outlet = Outlet.objects.get(name="Metro")
    assert outlet.domain_list == ["metro.co.uk", "metro.news"]
    assert outlet.reach_estimate == 1000000
    assert AuditEntry.objects.filter(object_type="media.outlet", action=AuditAction.CREATE).exists()


def test_it_refuses_a_domain_that_belongs_to_another_outlet(client_for):
    OutletFactory(name="BBC News", domains=["bbc.co.uk"])
    outlet = OutletFactory(name="BBC Radio 4")
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:outlet_edit", args=[outlet.pk]),
        {
            "name": "BBC Radio 4",
            "kind": OutletKind.RADIO,
            "segment": segment("mixed-middle").pk,
            "domains": "bbc.co.uk",
        },
    )
    assert response.status_code == 200
    assert (
        "Already the domain of another outlet: bbc.co.uk (BBC News)." in response.content.decode()
    )
    assert outlet.domain_list == []


def test_it_edits_an_outlet_and_its_domains(client_for):
    outlet = OutletFactory(name="Echo", domains=["echo.example"])
    url = reverse("media:outlet_edit", args=[outlet.pk])
    client = client_for(Role.MEDIA_OFFICER)
    assert "echo.example" in client.get(url).content.decode()
    client.post(
        url,
        {
            "name": "Northern Echo",
            "kind": OutletKind.REGIONAL_PRESS,
            "segment": segment("mixed-middle").pk,
            "domains": "thenorthernecho.co.uk",
        },
    )
    outlet.refresh_from_db()
    assert outlet.name == "Northern Echo"
    assert outlet.domain_list == ["thenorthernecho.co.uk"]


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY])
def test_it_refuses_outlet_changes_to_staff_who_may_only_look(client_for, role):
    outlet = OutletFactory(needs_segment_review=True)
    client = client_for(role)
    response = client.post(
        reverse("media:outlet_set_segment", args=[outlet.pk]), {"segment": segment("specialist").pk}
    )
    assert response.status_code == 403
    outlet.refresh_from_db()
    assert outlet.needs_segment_review is True
    page = client.get(OUTLETS).content.decode()
    assert '<select id="segment-' not in page


def test_it_lists_and_adds_campaigns(client_for):
    week = CampaignFactory(name="Refugee Week 2023", starts_on=datetime.date(2023, 6, 19))
    PlacementFactory.create_batch(2, campaign=week)
    client = client_for(Role.DIGITAL_OFFICER)
    page = client.get(reverse("media:campaign_list")).content.decode()
    assert "Refugee Week 2023" in page
    assert f'?campaign={week.pk}">2<' in page
    response = client.post(
        reverse("media:campaign_create"),
        {"name": "#UnheardVoices", "hashtag": "#UnheardVoices", "starts_on": "2023-12-18"},
    )
    assert response.status_code == 302
    assert Campaign.objects.filter(name="#UnheardVoices").exists()
    assert AuditEntry.objects.filter(
        object_type="media.campaign", action=AuditAction.CREATE
    ).exists()


def test_it_explains_a_campaign_that_ends_before_it_starts(client_for):
    campaign = CampaignFactory(name="Refugee Week")
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:campaign_edit", args=[campaign.pk]),
        {"name": "Refugee Week", "starts_on": "2023-06-19", "ends_on": "2023-06-01"},
    )
    assert "The campaign ends before it starts." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.ends_on is None


def test_it_refuses_a_second_campaign_with_the_same_name(client_for):
    CampaignFactory(name="Refugee Week")
    response = client_for(Role.MEDIA_OFFICER).post(
        reverse("media:campaign_create"), {"name": "refugee week"}
    )
    assert "A campaign with this name already exists." in response.content.decode()
    assert Campaign.objects.count() == 1
