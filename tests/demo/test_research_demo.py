"""The demo's research reproduces the impact report's figures for 2022/23."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from chorus.research.models import MessageLine, Quote, Study, ToolkitVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load() -> None:
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", stdout=StringIO())


def _report(start: str, end: str) -> dict:
    out = StringIO()
    call_command("report", "--from", start, "--to", end, stdout=out)
    return json.loads(out.getvalue())["indicators"]


def test_it_reproduces_the_seed_figures_for_2022_23():
    _load()
    figures = _report("2022-07-01", "2023-06-30")
    assert figures["research.studies"]["value"] == 2
    assert figures["resources.published"]["value"] == 1
    # The Destitution Narrative toolkit is published the year after.
    later = _report("2023-07-01", "2024-06-30")
    assert later["resources.published"]["value"] == 1
    assert later["research.studies"]["value"] == 1


def test_the_focus_groups_in_two_constituencies_are_one_study_and_load_once():
    _load()
    _load()
    safe = Study.objects.get(title="Safe routes focus groups")
    assert safe.place_list == ["Stoke-on-Trent Central", "Bolton North East"]
    assert safe.partner is not None and safe.partner.name == "More in Common"
    assert Study.objects.count() == 2
    assert ToolkitVersion.objects.filter(status="published").count() == 2
    assert Quote.objects.count() == 2


def test_a_demo_message_line_runs_from_its_finding_to_a_placement_and_a_post():
    _load()
    line = MessageLine.objects.get(text__startswith="Safe routes let people apply")
    assert line.finding is not None and line.finding.evidence.exists()
    placement = line.placements.get()
    post = line.posts.get()
    assert placement.published_on >= datetime.date(2023, 3, 20)
    assert post.account.handle == "humanjourneys.demo"
    assert post.published_at.date() >= datetime.date(2023, 3, 20)
