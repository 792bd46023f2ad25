from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.media.models import Outlet, Placement, PlacementFormat
from chorus.privacy.models import AuditAction, AuditEntry
from tests.factories import CampaignFactory, OutletFactory, PlacementFactory, RegionFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("media:placement_create")


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "published_on": "2023-06-19",
        "url": "https://www.itv.com/news/2023-06-19/refugee-week",
        "outlet_name": "ITV News",
        "headline": "“I wanted to be a teacher again”",
        "format": PlacementFormat.INTERVIEW,
        "quotes_outside_network": "on",
        "outside_voice_note": "A teacher from Syria, quoted by first name",
        "is_humanising": "on",
        "campaign": "",
        "region": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_it_shows_the_form_wired_for_outlet_lookup_and_suggestions(client_for):
    page = client_for(Role.MEDIA_OFFICER).get(CREATE).content.decode()
    assert f'data-outlet-lookup="{reverse("media:outlet_lookup")}"' in page
    assert 'id="id_outlet_name"' in page
    assert 'list="outlet-options"' in page
    assert f'data-outlet-suggest="{reverse("media:outlet_suggest")}"' in page
    assert '<datalist id="outlet-options"></datalist>' in page
    assert '<p id="outlet-from-url" class="hint" aria-live="polite"></p>' in page
    assert 'type="date"' in page
    assert "<script>" not in page and 'style="' not in page


def test_it_adds_a_placement_to_a_known_outlet_and_audits_it(client_for, users):
    itv = OutletFactory(name="ITV News")
    week = CampaignFactory(name="Refugee Week 2023")
    region = RegionFactory(name="North East")
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE, _form(outlet_name="itv news", campaign=week.pk, region=region.pk, notes="Via Sam")
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.outlet == itv
    assert placement.published_on == datetime.date(2023, 6, 19)
    assert placement.quotes_outside_network is True
    assert placement.outside_voice_note == "A teacher from Syria, quoted by first name"
    assert placement.campaign == week and placement.region == region
    assert placement.created_by == users[Role.MEDIA_OFFICER]
    entry = AuditEntry.objects.get(object_type="media.placement", action=AuditAction.CREATE)
    assert entry.actor_username == "media"
    assert entry.changes["headline"]["to"] == "“I wanted to be a teacher again”"
    assert Outlet.objects.count() == 1  # no new outlet


def test_it_fills_in_the_outlet_from_the_links_domain(client_for):
    sky = OutletFactory(name="Sky News", domains=["sky.com"])
    client = client_for(Role.MEDIA_OFFICER)
    response = client.post(
        CREATE, _form(outlet_name="", url="https://news.sky.com/story/a-new-home-123"), follow=True
    )
    assert Placement.objects.get().outlet == sky
    assert "Outlet filled in from the link: Sky News." in response.content.decode()


def test_it_asks_for_the_outlet_when_the_links_website_is_unknown(client_for):
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE, _form(outlet_name="", url="https://unknown.example/story")
    )
    assert response.status_code == 200
    assert "Chorus does not know the website of this link" in response.content.decode()
    assert not Placement.objects.exists()


def test_it_creates_an_unknown_outlet_flagged_for_segment_review_and_says_so(client_for):
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE,
        _form(outlet_name="Teesside Today", url="https://www.teessidetoday.example/a"),
        follow=True,
    )
    outlet = Outlet.objects.get(name="Teesside Today")
    assert outlet.needs_segment_review is True
    assert outlet.segment.slug == "unknown"
    assert outlet.domain_list == ["teessidetoday.example"]
    assert Placement.objects.get().outlet == outlet
    page = response.content.decode()
    assert "‘Teesside Today’ is a new outlet" in page
    assert "needing segment review" in page
    assert AuditEntry.objects.filter(object_type="media.outlet", action=AuditAction.CREATE).exists()


def test_it_refuses_a_link_another_placement_already_has(client_for):
    existing = PlacementFactory(
        url="https://www.itv.com/news/story",
        headline="The first telling",
        outlet=OutletFactory(name="ITV News"),
    )
    response = client_for(Role.MEDIA_OFFICER).post(
        CREATE, _form(url="https://www.itv.com/news/story")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another placement already has this link: ‘The first telling’ (ITV News" in page
    assert list(Placement.objects.all()) == [existing]


def test_it_edits_a_placement_and_audits_only_what_changed(client_for):
    itv = OutletFactory(name="ITV News")
    placement = PlacementFactory(outlet=itv, url="https://www.itv.com/news/one", headline="Old")
    url = reverse("media:placement_edit", args=[placement.pk])
    client = client_for(Role.MEDIA_OFFICER)
    form_page = client.get(url).content.decode()
    assert 'value="ITV News"' in form_page
    assert 'value="2022-09-01"' in form_page  # ISO date for <input type="date">
    response = client.post(
        url,
        _form(
            published_on="2022-09-01",
            url="https://www.itv.com/news/one",  # its own link is not a duplicate
            headline="New headline",
            format=PlacementFormat.INTERVIEW,
            quotes_outside_network="",
        ),
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.headline == "New headline"
    entry = AuditEntry.objects.get(object_type="media.placement", action=AuditAction.UPDATE)
    assert entry.changes["headline"] == {"from": "Old", "to": "New headline"}
    assert "outlet" not in entry.changes


def test_it_asks_before_deleting_and_then_deletes_with_an_audit_row(client_for):
    placement = PlacementFactory(headline="To be removed")
    url = reverse("media:placement_delete", args=[placement.pk])
    client = client_for(Role.MEDIA_OFFICER)
    confirm = client.get(url)
    assert "Delete this placement?" in confirm.content.decode()
    assert "To be removed" in confirm.content.decode()
    assert Placement.objects.filter(pk=placement.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Placement.objects.filter(pk=placement.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert entry.object_type == "media.placement"
    assert entry.changes["headline"]["from"] == "To be removed"


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR])
def test_it_refuses_changes_to_staff_who_may_only_look(client_for, role):
    placement = PlacementFactory()
    client = client_for(role)
    assert client.post(CREATE, _form()).status_code == 403
    edit = reverse("media:placement_edit", args=[placement.pk])
    assert client.post(edit, _form(headline="Changed")).status_code == 403
    assert client.post(reverse("media:placement_delete", args=[placement.pk])).status_code == 403
    placement.refresh_from_db()
    assert placement.headline != "Changed"
    assert Placement.objects.count() == 1


def test_it_looks_up_the_outlet_of_a_link(client_for):
    bbc = OutletFactory(name="BBC News", domains=["bbc.co.uk"])
    client = client_for(Role.MEDIA_OFFICER)
    found = client.get(reverse("media:outlet_lookup"), {"url": "https://www.bbc.co.uk/news/uk-1"})
    assert found.json() == {"id": bbc.pk, "name": "BBC News"}
    missing = client.get(reverse("media:outlet_lookup"), {"url": "https://nowhere.example/x"})
    assert missing.status_code == 404
    assert "error" in missing.json()


def test_it_suggests_outlets_with_prefix_matches_first(client_for):
    for name in ["The Northern Echo", "Echo Radio", "Liverpool Echo", "BBC News"]:
        OutletFactory(name=name)
    for n in range(12):
        OutletFactory(name=f"Echo Weekly {n:02d}")
    response = client_for(Role.MEDIA_OFFICER).get(reverse("media:outlet_suggest"), {"q": "echo"})
    names = [r["name"] for r in response.json()["results"]]
    assert len(names) == 10
    assert names[0] == "Echo Radio"
    assert all(name.startswith("Echo") for name in names)
    everything = client_for(Role.MEDIA_OFFICER).get(
        reverse("media:outlet_suggest"), {"q": "liverpool"}
    )
    assert everything.json()["results"] == [
        {"id": Outlet.objects.get(name="Liverpool Echo").pk, "name": "Liverpool Echo"}
    ]
