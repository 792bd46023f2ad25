"""The post page's figures with their definitions, and "what performs"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.social import services
from chorus.social.models import Account

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


def _post(users, account, day, *, caption="", lived=False, kind="reel"):
    return services.post_create(
        actor=users[Role.ADMIN],
        account=account,
        published_at=datetime.datetime(day.year, day.month, day.day, 18, tzinfo=TZ),
        kind=kind,
        caption=caption,
        lived_experience=lived,
    )


@pytest.fixture
def account():
    return Account.objects.create(platform="instagram", handle="pages_invented")


def test_the_post_page_shows_each_metric_under_its_own_name_with_its_definition(
    client_for, users, account
):
    post = _post(users, account, datetime.date(2023, 3, 1))
    services.metrics_record(
        post=post,
        exported_on=datetime.date(2023, 3, 8),
        values={"plays": 900, "reach": 800, "likes": 40, "comments": 4, "saves": 2, "shares": 4},
    )
    services.metrics_record(
        post=post,
        exported_on=datetime.date(2025, 5, 1),
        values={
            "views": 1500,
            "reach": 1000,
            "likes": 60,
            "comments": 10,
            "saves": 20,
            "shares": 10,
        },
    )
    page = client_for(Role.READ_ONLY).get(reverse("social:post_detail", args=[post.pk]))
    html = page.content.decode()
    assert '<th scope="col">Plays</th>' in html and '<th scope="col">Views</th>' in html
    assert "replaced Impressions and Plays" in html  # the definition beside the figures
    # At 7 days old: the first export's figures.
    assert "7 days: " in html and "plays 900" in html
    assert "28 days: no export taken at that age" in html
    # Latest export: (60 + 10 + 20 + 10) / 1000.
    assert (
        "Engagement rate: <strong>0.100</strong> = (likes + comments + saves + shares) ÷ reach"
        in html
    )


def test_what_performs_sets_storytelling_against_other_posts(client_for, users, account):
    exported = datetime.date(2023, 7, 5)
    story = _post(users, account, datetime.date(2023, 2, 1), caption="A journey", lived=True)
    other = _post(users, account, datetime.date(2023, 2, 2), caption="An event", kind="image")
    services.metrics_record(
        post=story,
        exported_on=exported,
        values={"plays": 2000, "reach": 1000, "likes": 100, "comments": 0, "saves": 0, "shares": 0},
    )
    services.metrics_record(
        post=other,
        exported_on=exported,
        values={
            "impressions": 1200,
            "reach": 1000,
            "likes": 50,
            "comments": 0,
            "saves": 0,
            "shares": 0,
        },
    )
    page = client_for(Role.VOLUNTEER).get(
        reverse("social:performance"), {"start": "2022-07-01", "end": "2023-06-30"}
    )
    html = page.content.decode()
    assert "(likes + comments + saves + shares) ÷ reach" in html
    assert "<strong>2.00×</strong>" in html  # 0.100 ÷ 0.050
    assert "2000 plays, reach 1000" in html  # the top post, under its own metric
    assert "Reel" in html and "Image" in html  # by kind
    empty = client_for(Role.VOLUNTEER).get(
        reverse("social:performance"), {"start": "2019-01-01", "end": "2019-12-31"}
    )
    assert "No posts with figures in this period." in empty.content.decode()
