"""Load the demo's social media: Human Journeys on Instagram, July 2022 – June 2023.

Called by `chorus.demo.loader.load` inside its transaction, after the storytellers
network and the media desk's campaigns. Every person and handle is invented. Through
the services, so every post has its audit row and every storyteller featured is a use
of their story that asked both judges.

The posts feature the network's own (invented) storytellers, anonymously, each one
whose consent covers social media and who is not held; the captions name no one.
The figures the seed report gives come out of it exactly: 95 Human Journeys posts
featuring a person with lived experience in 2022/23, and the top post (a storyteller's
reel on the Refugee Ban Bill) with 3,074 plays reaching 2,659 accounts. Its figures
come from a pre-April-2025 export, so reels carry plays and images impressions. The
other posts (event notices, campaign graphics) engage less than the storytelling ones.
Idempotent: nothing is added when the Human Journeys account is there.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chorus.accounts.models import User
from chorus.social import services
from chorus.social.models import Account, Platform, Post, PostKind
from chorus.voices.models import IdentityLevel, StorytellerProfile

if TYPE_CHECKING:
    from chorus.demo.summary import Summary

HANDLE = "humanjourneys.demo"
STORIES = 95
OTHERS = 40
EXPORTED_ON = datetime.date(2023, 7, 5)
TOP_INDEX = 66  # the Refugee Ban Bill reel, in March 2023
TOP_PLAYS, TOP_REACH = 3074, 2659
# Hashtags by month: the campaigns running then (the media desk's campaigns link them).
TAGS = {
    (2022, 8): "#StoriesFromAfghanistan",
    (2022, 12): "#MigrantsDay",
    (2023, 2): "#UnheardVoices",
    (2023, 3): "#RefugeeBanBill",
    (2023, 6): "#RefugeeWeek2023",
}
KINDS = (PostKind.REEL, PostKind.IMAGE, PostKind.CAROUSEL)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, hour, 0, tzinfo=timezone.get_current_timezone()
    )


def _candidates() -> list[StorytellerProfile]:
    """The network's active storytellers already active after these posts.

    Featuring them then leaves their last activity as it was, so nothing else in the
    demo (the retention review) moves.
    """
    return list(
        StorytellerProfile.objects.filter(
            status=StorytellerProfile.Status.ACTIVE, last_active_on__gte=datetime.date(2023, 7, 1)
        ).order_by("reference")
    )


def _feature(actor: User, post: Post, candidates: list[StorytellerProfile], start: int) -> None:
    """Feature the next storyteller, in turn, whose consent covers it and who is not held."""
    for step in range(len(candidates)):
        storyteller = candidates[(start + step) % len(candidates)]
        try:
            with transaction.atomic():
                services.post_feature_storyteller(
                    actor=actor,
                    post=post,
                    storyteller=storyteller,
                    identity_level=IdentityLevel.ANONYMOUS,
                )
        except ValidationError:
            continue  # refused by a judge: the next one
        return
    raise RuntimeError(f"No demo storyteller may be featured in {post}.")


def _figures(rng: random.Random, kind: str, storytelling: bool) -> dict[str, int]:
    reach = rng.randint(900, 2400) if storytelling else rng.randint(700, 2000)
    rate = rng.uniform(0.08, 0.13) if storytelling else rng.uniform(0.03, 0.06)
    engaged = round(reach * rate)
    comments = engaged // 10
    saves = engaged // 8
    shares = engaged // 7
    values = {
        "reach": reach,
        "likes": engaged - comments - saves - shares,
        "comments": comments,
        "saves": saves,
        "shares": shares,
        "follows": rng.randint(0, 6),
    }
    # Before April 2025: reels count plays, images and carousels impressions.
    if kind == PostKind.REEL:
        values["plays"] = min(round(reach * rng.uniform(1.1, 1.4)), TOP_PLAYS - 1)
    else:
        values["impressions"] = min(round(reach * rng.uniform(1.1, 1.3)), TOP_PLAYS - 1)
    return values


def load_social(*, users: dict[str, User], summary: Summary) -> None:
    """Create the demo's social media (of 2022/23, whatever the day), unless it is there."""
    exists = Account.objects.filter(platform=Platform.INSTAGRAM, handle=HANDLE).exists()
    summary.add("Social media posts", not exists, STORIES + OTHERS)
    if exists:
        return
    digital = users["digital"]
    account = services.account_create(
        actor=digital,
        platform=Platform.INSTAGRAM,
        handle=HANDLE,
        name="Human Journeys",
        account_id="17841400000009001",
    )
    candidates = _candidates()
    rng = random.Random(2023)
    start = datetime.date(2022, 7, 2)
    for index in range(STORIES):
        day = start + datetime.timedelta(days=index * 363 // STORIES)
        kind = PostKind.REEL if index == TOP_INDEX else KINDS[index % 3]
        tag = TAGS.get((day.year, day.month), "#HumanJourneys")
        caption = (
            f"Why the Refugee Ban Bill matters, in a storyteller's own words. {tag}"
            if index == TOP_INDEX
            else f"Human Journeys {index + 1}: a journey in their own words. {tag}"
        )
        post = services.post_create(
            actor=digital,
            account=account,
            published_at=_at(day, 18),
            kind=kind,
            caption=caption,
            permalink=f"https://www.instagram.com/p/DEMOHJ{index:03d}/",
            platform_post_id=str(17990000000000000 + index),
        )
        _feature(digital, post, candidates, index * 7)
        values = _figures(rng, kind, storytelling=True)
        if index == TOP_INDEX:
            values.update(plays=TOP_PLAYS, reach=TOP_REACH)
        services.metrics_record(post=post, exported_on=EXPORTED_ON, values=values)
        if index == TOP_INDEX:
            # Exports taken a week and four weeks after it went out: the same age as others.
            for age, share in ((7, 0.71), (28, 0.93)):
                early = {k: round(v * share) for k, v in values.items()}
                services.metrics_record(
                    post=post, exported_on=day + datetime.timedelta(days=age), values=early
                )
    for index in range(OTHERS):
        day = start + datetime.timedelta(days=4 + index * 359 // OTHERS)
        kind = KINDS[(index + 1) % 3]
        post = services.post_create(
            actor=digital,
            account=account,
            published_at=_at(day, 12),
            kind=kind,
            caption=f"Join us: events and resources, week {index + 1}. #HumanJourneys",
            permalink=f"https://www.instagram.com/p/DEMOHJX{index:03d}/",
            platform_post_id=str(17991000000000000 + index),
        )
        services.metrics_record(
            post=post, exported_on=EXPORTED_ON, values=_figures(rng, kind, storytelling=False)
        )
