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
The podcast (the Un/Documented pilot: six episodes in 2022/23, two guests each among
those storytellers whose consent covers a podcast, listens from the host and Spotify,
the 2024 shortlisting) and the inLIMBO photographic project follow. The records are
plain data in `data.py`. Idempotent: each part is added only when it is not there.

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
from chorus.demo.social import data
from chorus.people import services as people_services
from chorus.people.models import Organisation, OrganisationKind
from chorus.social import services
from chorus.social.creative import services as creative
from chorus.social.models import Account, Episode, Platform, Post, PostKind, Project, Series
from chorus.social.podcast import services as podcast
from chorus.voices.consent.services import consent_record
from chorus.voices.models import IdentityLevel, MediaType, StorytellerProfile

if TYPE_CHECKING:
    from chorus.demo.summary import Summary

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
        values["plays"] = min(round(reach * rng.uniform(1.1, 1.4)), data.TOP_PLAYS - 1)
    else:
        values["impressions"] = min(round(reach * rng.uniform(1.1, 1.3)), data.TOP_PLAYS - 1)
    return values


def load_social(*, users: dict[str, User], summary: Summary) -> None:
    """Create the demo's social media, podcast and creative project, each unless it is there."""
    _load_posts(users, summary)
    _load_podcast(users, summary)
    _load_creative(users, summary)


def _load_posts(users: dict[str, User], summary: Summary) -> None:
    """Human Journeys' posts of 2022/23 (whatever the day), unless they are there."""
    exists = Account.objects.filter(platform=Platform.INSTAGRAM, handle=data.HANDLE).exists()
    summary.add("Social media posts", not exists, data.STORIES + data.OTHERS)
    if exists:
        return
    digital = users["digital"]
    account = services.account_create(
        actor=digital,
        platform=Platform.INSTAGRAM,
        handle=data.HANDLE,
        name=data.ACCOUNT_NAME,
        account_id=data.ACCOUNT_ID,
    )
    candidates = _candidates()
    rng = random.Random(2023)
    start = datetime.date(2022, 7, 2)
    for index in range(data.STORIES):
        day = start + datetime.timedelta(days=index * 363 // data.STORIES)
        kind = PostKind.REEL if index == data.TOP_INDEX else KINDS[index % 3]
        tag = data.TAGS.get((day.year, day.month), "#HumanJourneys")
        caption = (
            f"Why the Refugee Ban Bill matters, in a storyteller's own words. {tag}"
            if index == data.TOP_INDEX
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
        if index == data.TOP_INDEX:
            values.update(plays=data.TOP_PLAYS, reach=data.TOP_REACH)
        services.metrics_record(post=post, exported_on=data.EXPORTED_ON, values=values)
        if index == data.TOP_INDEX:
            # Exports taken a week and four weeks after it went out: the same age as others.
            for age, share in ((7, 0.71), (28, 0.93)):
                early = {k: round(v * share) for k, v in values.items()}
                services.metrics_record(
                    post=post, exported_on=day + datetime.timedelta(days=age), values=early
                )
    for index in range(data.OTHERS):
        day = start + datetime.timedelta(days=4 + index * 359 // data.OTHERS)
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
            post=post, exported_on=data.EXPORTED_ON, values=_figures(rng, kind, storytelling=False)
        )


def _podcast_guests(actor: User, episode: Episode, candidates: list[StorytellerProfile]) -> int:
    """The next storytellers, in turn, whose consent covers a podcast and who are not held.

    Every other one takes part anonymously with their voice disguised.
    """
    added = 0
    for storyteller in candidates[(episode.number * 5) % len(candidates) :] + candidates:
        if added == data.GUESTS_PER_EPISODE:
            break
        anonymous = (episode.number + added) % 2 == 0
        try:
            with transaction.atomic():
                podcast.episode_guest_add(
                    actor=actor,
                    episode=episode,
                    storyteller=storyteller,
                    anonymous=anonymous,
                    voice_disguised=anonymous,
                    identity_level=IdentityLevel.FIRST_NAME,
                )
        except ValidationError:
            continue  # refused by a judge (or already a guest): the next one
        added += 1
    return added


def _load_podcast(users: dict[str, User], summary: Summary) -> None:
    """The Un/Documented pilot: six episodes, guests, listens from two sources, the award."""
    exists = Series.objects.filter(title=data.SERIES_TITLE).exists()
    summary.add("Podcast episodes", not exists, len(data.EPISODES))
    if exists:
        return
    digital = users["digital"]
    series = podcast.series_create(
        actor=digital,
        title=data.SERIES_TITLE,
        description=data.SERIES_DESCRIPTION,
        starts_on=data.SERIES_STARTS_ON,
    )
    ambassador = people_services.person_create(
        actor=digital, full_name=data.FORMER_AMBASSADOR, job_title="Former ambassador"
    )
    candidates = _candidates()
    rng = random.Random(2022)
    for number, title, published_on, notes in data.EPISODES:
        episode = podcast.episode_create(
            actor=digital,
            series=series,
            number=number,
            title=title,
            published_on=published_on,
            show_notes=notes,
        )
        podcast.episode_host_add(actor=digital, episode=episode, staff=users[data.TEAM_HOST])
        podcast.episode_host_add(
            actor=digital, episode=episode, person=ambassador, role="co-presenter"
        )
        if _podcast_guests(digital, episode, candidates) < data.GUESTS_PER_EPISODE:
            raise RuntimeError(f"Too few demo storytellers may be guests in {episode}.")
        for source, first_day in data.LISTENS_DAY_ONE.items():
            for day in range(data.LISTEN_DAYS):
                podcast.listens_record(
                    episode=episode,
                    source=source,
                    on=published_on + datetime.timedelta(days=day),
                    value=max(1, round(first_day / (day + 1) * rng.uniform(0.8, 1.2))),
                )
    name, category, year, outcome = data.AWARD
    podcast.award_create(
        actor=digital, series=series, name=name, category=category, year=year, outcome=outcome
    )


def _load_creative(users: dict[str, User], summary: Summary) -> None:
    """inLIMBO: its partners and participants, each with a consent to images and exhibition.

    Each participant gave a new consent for the project: the scope of their newest one,
    with photo and exhibition added (so nothing it allowed before is refused after),
    given after every earlier use of their story, so each use still rests on its consent.
    """
    exists = Project.objects.filter(name=data.PROJECT_NAME).exists()
    summary.add("Creative projects", not exists, 1)
    if exists:
        return
    digital, lead = users["digital"], users["safeguarding"]
    partners = [
        Organisation.objects.filter(name=name).first()
        or people_services.organisation_create(
            actor=digital, name=name, kind=OrganisationKind.OTHER
        )
        for name in data.PROJECT_PARTNERS
    ]
    project = creative.project_create(
        actor=digital,
        name=data.PROJECT_NAME,
        kind=Project.Kind.PHOTO,
        description=data.PROJECT_DESCRIPTION,
        starts_on=data.PROJECT_STARTS_ON,
        shown_at=data.PROJECT_SHOWN_AT,
        shown_on=data.PROJECT_SHOWN_ON,
        partners=partners,
    )
    added = 0
    for storyteller in reversed(_candidates()):
        if added == data.PARTICIPANTS:
            break
        newest = storyteller.consents.order_by("-given_on", "-id").first()
        if newest is None or newest.withdrawn_on or newest.given_on > data.PROJECT_CONSENT_ON:
            continue
        # The new consent stands from its day: someone whose story was used after it
        # would have that use rest on a consent given later. Leave them out.
        if storyteller.uses.filter(used_on__gte=data.PROJECT_CONSENT_ON).exists():
            continue
        try:
            with transaction.atomic():
                consent_record(
                    actor=lead,
                    storyteller=storyteller,
                    given_on=data.PROJECT_CONSENT_ON,
                    how=newest.how,
                    media_types=[*newest.media_types, MediaType.PHOTO, MediaType.EXHIBITION],
                    identity_level=newest.identity_level,
                    face_shown=newest.face_shown,
                    language=newest.language,
                    interpreter=newest.interpreter,
                    information_version=newest.information_version,
                    information_given=newest.information_given,
                    excluded_organisations=list(newest.excluded_organisations.all()),
                    excluded_outlet_kinds=newest.excluded_outlet_kinds,
                    excluded_audiences=newest.excluded_audiences,
                    topics=newest.topics,
                    expires_on=newest.expires_on,
                )
                creative.project_participant_add(
                    actor=digital,
                    project=project,
                    storyteller=storyteller,
                    identity_level=IdentityLevel.ANONYMOUS,
                )
        except ValidationError:
            continue  # expired, held or otherwise refused: the next one
        added += 1
    if added < data.PARTICIPANTS:
        raise RuntimeError("Too few demo storytellers may take part in inLIMBO.")
