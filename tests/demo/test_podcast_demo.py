"""The demo's podcast and creative project: the seed's figure, through both judges."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from chorus.social.models import Award, Episode, Guest, ListenFigure, Participant, Project
from chorus.voices.models import StoryUse
from tests.demo.test_demo_load import REAL_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load() -> None:
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", password="a-demo-password-for-tests", stdout=StringIO())


def test_the_demo_has_the_pilots_six_episodes_and_inlimbo():
    _load()
    out = StringIO()
    call_command("report", "--from", "2022-07-01", "--to", "2023-06-30", stdout=out)
    indicators = json.loads(out.getvalue())["indicators"]
    assert indicators["podcast.episodes"]["value"] == 6
    # Every guest is a use of a story judged as a podcast, anonymous when they chose it.
    guests = Guest.objects.select_related("use")
    assert guests.count() == 12
    assert {g.use.media_type for g in guests} == {"podcast"}
    assert all(g.use.identity_level == "anonymous" for g in guests if g.anonymous)
    assert {g.anonymous for g in guests} == {True, False}
    # Two sources, each under its own metric.
    assert set(ListenFigure.objects.values_list("source", "metric")) == {
        ("host", "downloads"),
        ("spotify", "streams"),
    }
    award = Award.objects.get()
    assert (award.year, award.outcome) == (2024, "shortlisted")
    # inLIMBO: each participant's images and exhibition are uses of their story.
    project = Project.objects.get(name="inLIMBO")
    assert project.partners.count() == 2
    participants = Participant.objects.filter(project=project)
    assert participants.count() == 5
    uses = StoryUse.objects.filter(kind=StoryUse.Kind.CREATIVE, object_id=project.pk)
    assert sorted(uses.values_list("media_type", flat=True)) == ["exhibition"] * 5 + ["photo"] * 5
    notes = " ".join(Episode.objects.values_list("show_notes", flat=True))
    assert "podcast@example.org" not in notes
    assert REAL_NAME.search(notes) is None


def test_loading_the_demo_twice_adds_no_episode_or_project():
    _load()
    _load()
    assert Episode.objects.count() == 6
    assert Project.objects.count() == 1
    assert Guest.objects.count() == 12
