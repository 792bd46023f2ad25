"""Writes of `social`. Each is one transaction that also writes its audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chorus.accounts.access import can
from chorus.media.models import Campaign
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_record,
    audited_create,
    audited_update,
    created_fields,
)
from chorus.social.models import Account, MetricSnapshot, Post, Takedown
from chorus.voices.consent.services import story_use_record
from chorus.voices.models import MediaType, StorytellerProfile, StoryUse


@transaction.atomic
def account_create(
    *, actor: Any, platform: str, handle: str, name: str = "", account_id: str = ""
) -> Account:
    return audited_create(
        actor=actor,
        instance=Account(
            platform=platform,
            handle=handle.strip().lstrip("@"),
            name=name.strip(),
            account_id=account_id.strip(),
        ),
    )


def campaign_for(
    hashtags: str, on: datetime.date | None = None, campaigns: list[Campaign] | None = None
) -> Campaign | None:
    """The media campaign whose hashtag the post carries: the same campaign, linked.

    A hashtag used year after year (#MigrantsDay) names the campaign running that day,
    or else the one that started last before it.
    """
    tags = {tag.lstrip("#").casefold() for tag in hashtags.split() if tag.startswith("#")}
    if not tags:
        return None
    matching = [
        campaign
        for campaign in (
            campaigns
            if campaigns is not None
            else Campaign.objects.exclude(hashtag="").order_by("starts_on", "pk")
        )
        if campaign.hashtag.lstrip("#").casefold() in tags
    ]
    if on is not None:
        running = [
            c for c in matching if (c.starts_on or on) <= on <= (c.ends_on or c.starts_on or on)
        ]
        before = [c for c in matching if c.starts_on and c.starts_on <= on]
        matching = running or before[-1:] or matching
    return matching[0] if matching else None


def hashtags_in(text: str) -> str:
    seen: list[str] = []
    for word in text.replace("\n", " ").split():
        tag = "#" + word.lstrip("#").rstrip(".,!?;:)")
        if word.startswith("#") and len(tag) > 1 and tag.casefold() not in map(str.casefold, seen):
            seen.append(tag)
    return " ".join(seen)[:500]


@transaction.atomic
def post_create(
    *,
    actor: Any,
    account: Account,
    published_at: datetime.datetime,
    kind: str,
    caption: str = "",
    permalink: str = "",
    platform_post_id: str = "",
    duration_sec: int | None = None,
    hashtags: str | None = None,
    campaign: Campaign | None = None,
    others_featured: str = "",
    lived_experience: bool = False,
) -> Post:
    """Add a post; its hashtags default to those in the caption, its campaign to theirs."""
    tags = hashtags_in(caption) if hashtags is None else hashtags.strip()
    return audited_create(
        actor=actor,
        instance=Post(
            account=account,
            published_at=published_at,
            kind=kind,
            caption=caption,
            permalink=permalink.strip(),
            platform_post_id=platform_post_id.strip(),
            duration_sec=duration_sec,
            hashtags=tags,
            campaign=campaign or campaign_for(tags, timezone.localdate(published_at)),
            others_featured=others_featured.strip(),
            lived_experience=lived_experience or bool(others_featured.strip()),
        ),
    )


@transaction.atomic
def post_update(*, actor: Any, post: Post, **fields: Any) -> dict[str, Any]:
    allowed = {
        "kind",
        "caption",
        "permalink",
        "platform_post_id",
        "duration_sec",
        "hashtags",
        "campaign",
        "others_featured",
        "lived_experience",
        "published_at",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not a post's editable field: {sorted(unknown)}")
    return audited_update(actor=actor, instance=post, fields=fields)


@transaction.atomic
def post_feature_storyteller(
    *,
    actor: Any,
    post: Post,
    storyteller: StorytellerProfile,
    identity_level: str,
    face_shown: bool = False,
) -> StoryUse:
    """Feature a storyteller in a post: a use of their story of media type "social".

    Both judges are asked (through `story_use_record`), on the post's publication day;
    a refusal raises ValidationError with the judge's reason.
    """
    if post.taken_down_at is not None:
        raise ValidationError("This post was taken down: it features no one any more.")
    if StoryUse.objects.filter(
        kind=StoryUse.Kind.POST, object_id=post.pk, storyteller=storyteller
    ).exists():
        raise ValidationError(
            "%(ref)s is already featured in this post.", params={"ref": storyteller.reference}
        )
    use = story_use_record(
        actor=actor,
        storyteller=storyteller,
        kind=StoryUse.Kind.POST,
        object_id=post.pk,
        description=f"@{post.account.handle}: {post}"[:300],
        media_type=MediaType.SOCIAL,
        identity_level=identity_level,
        face_shown=face_shown,
        on=timezone.localdate(post.published_at),
    )
    if not post.lived_experience:
        audited_update(actor=actor, instance=post, fields={"lived_experience": True})
    return use


@transaction.atomic
def post_take_down(
    *, actor: Any, post: Post, reason: str, removed_at: datetime.datetime | None = None
) -> Takedown:
    """Record that someone removed the post from the platform (the takedown log)."""
    if not reason.strip():
        raise ValidationError("Say why the post was taken down (a withdrawal, a mistake…).")
    when = removed_at or timezone.now()
    takedown = audited_create(
        actor=actor,
        instance=Takedown(
            post=post,
            removed_by=actor if getattr(actor, "is_authenticated", False) else None,
            removed_at=when,
            reason=reason.strip()[:300],
        ),
    )
    if post.taken_down_at is None:
        audited_update(actor=actor, instance=post, fields={"taken_down_at": when})
    return takedown


def metrics_record(
    *, post: Post, exported_on: datetime.date, values: dict[str, int]
) -> tuple[int, int, int]:
    """Store an export's figures for a post under their own names, dated the export's day.

    A second import of the same day replaces that day's figures. Returns (created,
    updated, unchanged). Called inside the import's transaction, which audits it.
    """
    age = max((exported_on - timezone.localdate(post.published_at)).days, 0)
    existing = {
        snap.metric: snap
        for snap in MetricSnapshot.objects.filter(post=post, exported_on=exported_on)
    }
    created = updated = unchanged = 0
    fresh = []
    for metric, value in values.items():
        snap = existing.get(metric)
        if snap is None:
            fresh.append(
                MetricSnapshot(
                    post=post, metric=metric, value=value, exported_on=exported_on, age_days=age
                )
            )
            created += 1
        elif snap.value != value or snap.age_days != age:
            snap.value, snap.age_days = value, age
            snap.save(update_fields=["value", "age_days"])
            updated += 1
        else:
            unchanged += 1
    MetricSnapshot.objects.bulk_create(fresh)
    return created, updated, unchanged


def media_names_reveal(
    *, actor: Any, storytellers: list[StorytellerProfile], where: str
) -> dict[int, str]:
    """The names these storytellers use in media, for roles that may see them ({} else).

    Each read is audited; nothing else of their sensitive details is decrypted.
    """
    if not storytellers or not can(actor, "storyteller_media_names", "view"):
        return {}
    with transaction.atomic():
        for profile in storytellers:
            audit_record(
                actor=actor,
                action=AuditAction.VIEW,
                instance=profile,
                note=f"name in media shown on {where}",
            )
    return {profile.pk: profile.media_name for profile in storytellers}


_CHECKED_RELATIONS = ["account", "campaign"]


@transaction.atomic
def post_create_many(
    *, actor: Any, rows: list[dict[str, Any]], metrics: list[tuple[datetime.date, dict[str, int]]]
) -> list[Post]:
    """Create many posts at once with their figures, each post with its audit row.

    For an import: the accounts were read or created in the same transaction and the
    posts matched against those already there, so neither is checked again row by row
    (a query per row made a 10,000-row export take minutes). `metrics` is each post's
    export day and figures, in the order of `rows`.
    """
    campaigns = list(Campaign.objects.exclude(hashtag="").order_by("starts_on", "pk"))
    posts = []
    for fields in rows:
        tags = hashtags_in(fields.get("caption", ""))
        post = Post(
            hashtags=tags,
            campaign=campaign_for(tags, timezone.localdate(fields["published_at"]), campaigns),
            **fields,
        )
        post.full_clean(exclude=_CHECKED_RELATIONS, validate_constraints=False)
        posts.append(post)
    Post.objects.bulk_create(posts, batch_size=500)
    snapshots: list[MetricSnapshot] = []
    for post, (exported_on, values) in zip(posts, metrics, strict=True):
        age = max((exported_on - timezone.localdate(post.published_at)).days, 0)
        snapshots.extend(
            MetricSnapshot(
                post=post, metric=metric, value=value, exported_on=exported_on, age_days=age
            )
            for metric, value in values.items()
        )
    MetricSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    for post in posts:
        audit_record(
            actor=actor, action=AuditAction.CREATE, instance=post, changes=created_fields(post)
        )
    return posts
