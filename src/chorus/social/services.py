"""Writes of `social`. Each is one transaction that also writes its audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chorus.accounts.access import can
from chorus.lib.bulk import insert_rows
from chorus.media.models import Campaign
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_created_many,
    audit_record,
    audit_record_many,
    audited_create,
    audited_update,
    diff,
    snapshot,
)
from chorus.social.models import Account, MetricSnapshot, Post, Takedown
from chorus.voices.consent.services import story_use_record, story_use_remove
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


@transaction.atomic
def post_delete(*, actor: Any, post: Post) -> None:
    """Delete a post recorded by mistake (entered twice, or on the wrong account).

    The audit row keeps what it was; the storytellers it featured lose that use, each
    removal audited. A post that was taken down is never deleted: its takedown log is
    the record that a withdrawal was acted on.
    """
    if post.taken_down_at is not None or post.takedowns.exists():
        raise ValidationError(
            "This post was taken down, so it stays in Chorus: its takedown log is the "
            "record that it was removed."
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=post,
        changes={
            "account": {"from": f"@{post.account.handle}", "to": None},
            "published_at": {"from": post.published_at.isoformat(), "to": None},
            "kind": {"from": post.kind, "to": None},
            "permalink": {"from": post.permalink, "to": None},
            "platform_post_id": {"from": post.platform_post_id, "to": None},
        },
    )
    for use in StoryUse.objects.filter(kind=StoryUse.Kind.POST, object_id=post.pk).select_related(
        "storyteller", "consent"
    ):
        story_use_remove(actor=actor, use=use, reason=f"Post deleted: {post}"[:300])
    post.delete()


def post_export_record(*, actor: Any, filters: str, row_count: int) -> None:
    """The audit row for a download of posts: who, how many, with which filters."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="social.post",
        note=f"{row_count} posts as CSV; filters: {filters or 'none'}",
    )


def metrics_record_many(
    *, figures: list[tuple[Post, datetime.date, dict[str, int]]]
) -> dict[int, tuple[int, int, int]]:
    """Store exports' figures for many posts under their own names, dated the export's day.

    A second import of the same day replaces that day's figures. Returns each post's
    (created, updated, unchanged), by post id. Reads the figures already there in one
    query and writes in batches. Called inside the import's transaction, which audits it.
    """
    posts = {post.pk for post, _, _ in figures}
    days = {day for _, day, _ in figures}
    existing = {
        (snap.post_id, snap.metric, snap.exported_on): snap
        for snap in MetricSnapshot.objects.filter(post__in=posts, exported_on__in=days)
    }
    counts: dict[int, tuple[int, int, int]] = {}
    fresh: list[dict[str, Any]] = []
    changed: list[MetricSnapshot] = []
    tz = timezone.get_current_timezone()
    for post, exported_on, values in figures:
        age = max((exported_on - timezone.localdate(post.published_at, tz)).days, 0)
        created = updated = unchanged = 0
        for metric, value in values.items():
            snap = existing.get((post.pk, metric, exported_on))
            if snap is None:
                fresh.append(
                    {
                        "post_id": post.pk,
                        "metric": metric,
                        "value": value,
                        "exported_on": exported_on,
                        "age_days": age,
                    }
                )
                created += 1
            elif snap.value != value or snap.age_days != age:
                snap.value, snap.age_days = value, age
                changed.append(snap)
                updated += 1
            else:
                unchanged += 1
        counts[post.pk] = (created, updated, unchanged)
    insert_rows(MetricSnapshot, fresh)
    MetricSnapshot.objects.bulk_update(changed, ["value", "age_days"], batch_size=1000)
    return counts


def metrics_record(
    *, post: Post, exported_on: datetime.date, values: dict[str, int]
) -> tuple[int, int, int]:
    """One post's figures from one export (see `metrics_record_many`)."""
    return metrics_record_many(figures=[(post, exported_on, values)])[post.pk]


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
    tz = timezone.get_current_timezone()
    posts = []
    for fields in rows:
        tags = hashtags_in(fields.get("caption", ""))
        post = Post(
            hashtags=tags,
            campaign=campaign_for(tags, timezone.localdate(fields["published_at"], tz), campaigns),
            **fields,
        )
        post.full_clean(exclude=_CHECKED_RELATIONS, validate_constraints=False)
        posts.append(post)
    Post.objects.bulk_create(posts, batch_size=500)
    metrics_record_many(
        figures=[
            (post, exported_on, values)
            for post, (exported_on, values) in zip(posts, metrics, strict=True)
        ]
    )
    audit_created_many(actor=actor, instances=posts)
    return posts


_IMPORT_UPDATES = (
    "caption",
    "permalink",
    "platform_post_id",
    "kind",
    "published_at",
    "duration_sec",
)


@transaction.atomic
def post_update_many(*, actor: Any, updates: list[tuple[Post, dict[str, Any]]]) -> set[int]:
    """Update many posts at once from an import, each change with its audit row.

    `updates` pairs each post (read in the same transaction) with the fields an export
    gives it (of `_IMPORT_UPDATES`). Only posts whose values changed are written, in
    batches; returns their ids.
    """
    changed: list[tuple[Post, dict[str, Any]]] = []
    for post, fields in updates:
        unknown = set(fields) - set(_IMPORT_UPDATES)
        if unknown:
            raise ValueError(f"Not a field an import updates: {sorted(unknown)}")
        before = snapshot(post)
        for name, value in fields.items():
            setattr(post, name, value)
        changes = diff(before, post)
        if changes:
            post.full_clean(exclude=_CHECKED_RELATIONS, validate_constraints=False)
            changed.append((post, changes))
    touched = sorted({name for _, changes in changed for name in changes})
    if touched:
        now = timezone.now()
        for post, _ in changed:
            post.updated_at = now
        Post.objects.bulk_update(
            [post for post, _ in changed], [*touched, "updated_at"], batch_size=500
        )
        audit_record_many(actor=actor, action=AuditAction.UPDATE, records=changed)
    return {post.pk for post, _ in changed}
