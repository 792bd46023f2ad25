"""The demo reproduces the seed's social media figures, with invented people and handles."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from chorus.social.models import Account, MetricSnapshot, Post
from chorus.voices.models import StoryUse
from tests.demo.test_demo_load import REAL_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load() -> None:
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", password="a-demo-password-for-tests", stdout=StringIO())


def test_the_demo_gives_the_seeds_social_figures_for_2022_23():
    _load()
    out = StringIO()
    call_command("report", "--from", "2022-07-01", "--to", "2023-06-30", stdout=out)
    indicators = json.loads(out.getvalue())["indicators"]
    assert indicators["social.human_journeys_stories"]["value"] == 95
    top = indicators["social.top_post"]["value"]
    assert top["metric"] == "plays"
    assert (top["value"], top["reach"]) == (3074, 2659)
    post = Post.objects.get(pk=top["post"])
    assert "Refugee Ban Bill" in post.caption
    assert post.kind == "reel"
    assert post.campaign is not None and post.campaign.hashtag == "#RefugeeBanBill"
    assert indicators["social.storytelling_engagement_ratio"]["value"] > 1
    # Each storytelling post's feature is a use of a story, judged as social media.
    uses = StoryUse.objects.filter(kind=StoryUse.Kind.POST)
    assert uses.count() == 95
    assert set(uses.values_list("media_type", flat=True)) == {"social"}
    # A 2022/23 export: no "views" anywhere, plays and impressions kept apart.
    assert not MetricSnapshot.objects.filter(metric="views").exists()


def test_loading_the_demo_twice_adds_no_posts_and_uses_invented_names():
    _load()
    _load()
    assert Account.objects.filter(name="Human Journeys").count() == 1
    assert Post.objects.count() == 135
    text = " ".join(Post.objects.values_list("caption", flat=True))
    assert REAL_NAME.search(text) is None
    assert StoryUse.objects.filter(kind=StoryUse.Kind.POST).count() == 95
