"""The demo's training and events reproduce the impact report's figures, with invented people."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from chorus.training.models import Registration, Session
from tests.demo.test_demo_load import REAL_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load() -> str:
    out = StringIO()
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", stdout=out)
    return out.getvalue()


def _report(start: str, end: str) -> dict:
    out = StringIO()
    call_command("report", "--from", start, "--to", end, stdout=out)
    return json.loads(out.getvalue())["indicators"]


def _regions(indicator: dict) -> dict[str, int]:
    return {row["region"]: row["value"] for row in indicator["value"]}


def test_it_reproduces_the_seed_figures_for_2022_23():
    _load()
    figures = _report("2022-07-01", "2023-06-30")
    assert figures["training.masterclass_participants"]["value"] == 226
    assert figures["training.bespoke_sessions"]["value"] == 30
    assert figures["training.bespoke_participants"]["value"] == 318
    assert figures["training.organisations_trained"]["value"] == 25
    rose = figures["training.confidence_rose_share"]
    assert (rose["value"], rose["numerator"], rose["denominator"]) == (0.9, 45, 50)
    assert _regions(figures["training.participants_by_region"]) == {"Carlisle": 10}
    assert figures["training.participants_by_region"]["counts_people"] is True
    assert figures["events.panel_attendees"]["value"] == 40
    journalists = figures["events.panel_journalist_share"]
    assert (journalists["numerator"], journalists["denominator"]) == (22, 40)
    assert journalists["value"] == 0.55
    assert figures["events.comms_meetings"]["value"] == 12


def test_stockton_comes_the_year_after():
    _load()
    figures = _report("2023-07-01", "2024-06-30")
    assert _regions(figures["training.participants_by_region"]) == {"Stockton-on-Tees": 14}


def test_it_loads_once_and_tells_the_stories_with_invented_people():
    first = _load()
    counts = (Session.objects.count(), Registration.objects.count())
    second = _load()
    assert (Session.objects.count(), Registration.objects.count()) == counts
    assert "Training sessions: 0 created" in second
    assert "Training sessions: 0 created" not in first
    names = [r.name for r in Registration.objects.all()]
    assert [name for name in names if REAL_NAME.search(name)] == []
    # The upcoming public masterclass is full, with people waiting to try the waiting list.
    upcoming = Session.objects.get(is_public=True)
    assert upcoming.registrations.filter(status="registered").count() == upcoming.capacity
    assert upcoming.registrations.filter(status="waiting").count() == 2
    # The Carlisle day is a lived-experience day: its names are pseudonyms.
    carlisle = Session.objects.get(title="Carlisle training day")
    assert carlisle.host.name == "City of Sanctuary UK"
    assert all(r.by_pseudonym and r.lived_experience for r in carlisle.registrations.all())
