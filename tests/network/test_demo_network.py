"""The demo tells both regional stories and gives the seed's group figure."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chorus.accounts.models import User
from chorus.network.models import MemberSnapshot, OutreachEntry, OutreachLead, Partner
from chorus.people.models import Region
from chorus.training.models import Session
from chorus.voices.models import StoryUse
from tests.demo.test_demo_load import REAL_NAME
from tests.factories import give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load() -> str:
    out = StringIO()
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", password="a-demo-password-for-tests", stdout=out)
    return out.getvalue()


def _carlisle_page(username: str) -> str:
    client = Client()
    user = User.objects.get(username=username)
    give_totp(user)  # roles that must use two-factor have set it up
    client.force_login(user)
    carlisle = Region.objects.get(name="Carlisle")
    return client.get(reverse("network:region_detail", args=[carlisle.pk])).content.decode()


def test_the_group_figure_is_the_seeds():
    _load()
    out = StringIO()
    call_command("report", "--from", "2022-07-01", "--to", "2023-06-30", stdout=out)
    indicators = json.loads(out.getvalue())["indicators"]
    assert indicators["network.members"]["value"] == 1100
    assert MemberSnapshot.objects.get(taken_on=datetime.date(2023, 6, 28)).members == 1100
    # The media figures are the seed's still: the Carlisle story reused the year's placements.
    assert indicators["media.placements"]["value"] == 177
    assert indicators["media.lived_experience_share"]["numerator"] == 115


def test_the_carlisle_chain_is_whole_for_the_safeguarding_lead():
    _load()
    introduction = OutreachEntry.objects.get(storyteller__isnull=False)
    assert introduction.led_from.title == "City of Sanctuary conference"
    assert introduction.introduced_by.full_name == "Gwen Tallis"
    outlets = sorted(p.outlet.name for p in introduction.placements.all())
    assert outlets == ["ITV News", "Metro", "PA Media"]
    # Each is a recorded use of his story, through media's services (both judges asked).
    uses = StoryUse.objects.filter(storyteller=introduction.storyteller, kind="placement")
    assert sorted(u.description for u in uses) == outlets
    # Their first consent (a later one may add what a creative project needed).
    assert introduction.storyteller.consents.order_by("given_on").first().language == "Farsi"

    page = _carlisle_page("safeguarding")
    assert "2 entries in the outreach log" in page
    for text in (
        "City of Sanctuary conference",
        "Gwen Tallis",
        introduction.storyteller.reference,
        "Farhad",
        "ITV News",
        "Metro",
        "PA Media",
        "Training day in Carlisle for 10 asylum seekers and refugees",
        "More people in Carlisle come forward",
        "Carlisle City of Sanctuary",
    ):
        assert text in page, text


def test_a_volunteer_sees_only_counts_of_carlisle():
    _load()
    page = _carlisle_page("volunteer")
    for text in (
        "City of Sanctuary conference",
        "Gwen Tallis",
        "Farhad",
        "S-0061",
        "Training day in Carlisle for 10",
    ):
        assert text not in page, text
    assert "1 partner organisation here" in page
    # The introduction and those who came forward; the conference was not in Carlisle.
    assert "2 entries in the outreach log" in page
    assert "storytellers live here" in page


def test_stockton_leads_to_a_training_day_and_a_pitch_to_look_north():
    _load()
    meeting = OutreachEntry.objects.get(title="Meeting with local charities in Stockton-on-Tees")
    lead = OutreachLead.objects.get(entry=meeting)
    assert lead.on == datetime.date(2024, 1, 27)
    # The lead is the training app's session of that day, and links to it.
    session = Session.objects.get(pk=lead.object_id)
    assert session.region.name == "Stockton-on-Tees" and session.starts_at.date() == lead.on
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    entry_page = client.get(reverse("network:outreach_detail", args=[meeting.pk])).content.decode()
    assert reverse("training:session_detail", args=[session.pk]) in entry_page
    (pitch_entry,) = meeting.led_to.all()
    (pitch,) = pitch_entry.pitches.all()
    assert [o.name for o in pitch.outlets.all()] == ["BBC Look North"]
    assert Partner.objects.filter(region__name="Stockton-on-Tees").count() == 2


def test_it_creates_nothing_twice_and_names_no_real_person():
    _load()
    counts = (OutreachEntry.objects.count(), Partner.objects.count(), StoryUse.objects.count())
    second = _load()
    assert "Outreach stories: 0 created" in second
    assert "Uses of stories: 0 created" in second
    assert (
        OutreachEntry.objects.count(),
        Partner.objects.count(),
        StoryUse.objects.count(),
    ) == counts
    texts = [*OutreachEntry.objects.values_list("title", "notes")]
    found = [m.group(0) for pair in texts for t in pair for m in REAL_NAME.finditer(t)]
    assert found == []
