"""Reads of `social`: posts, what they feature, their figures and what performs."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from chorus.social.models import VIEW_TYPE, Account, Metric, MetricSnapshot, Post
from chorus.voices.models import StoryUse

ENGAGEMENT_FORMULA = "(likes + comments + saves + shares) ÷ reach"
_ENGAGEMENT = (Metric.LIKES, Metric.COMMENTS, Metric.SAVES, Metric.SHARES)


def _features() -> QuerySet[StoryUse]:
    return StoryUse.objects.filter(kind=StoryUse.Kind.POST, object_id=OuterRef("pk"))


def posts() -> QuerySet[Post]:
    return Post.objects.select_related("account", "campaign").annotate(
        features_storyteller=Exists(_features())
    )


def storytelling_q() -> Q:
    """Posts featuring lived-experience storytelling: a storyteller, or people described."""
    return Q(lived_experience=True) | Q(features_storyteller=True)


def posts_filter(
    *,
    q: str = "",
    account: Account | None = None,
    kind: str = "",
    campaign: Any = None,
    storytelling: str = "",
    flagged: bool = False,
) -> QuerySet[Post]:
    found = posts()
    if q:
        found = found.filter(
            Q(caption__icontains=q)
            | Q(hashtags__icontains=q)
            | Q(platform_post_id=q)
            | Q(permalink=q)
        )
    if account is not None:
        found = found.filter(account=account)
    if kind:
        found = found.filter(kind=kind)
    if campaign is not None:
        found = found.filter(campaign=campaign)
    if storytelling == "yes":
        found = found.filter(storytelling_q())
    elif storytelling == "no":
        found = found.exclude(storytelling_q())
    if flagged:
        found = found.exclude(others_featured="")
    return found


def in_period(start: datetime.date, end: datetime.date) -> QuerySet[Post]:
    return posts().filter(published_at__date__gte=start, published_at__date__lte=end)


def featured_uses(post: Post) -> list[StoryUse]:
    return list(
        StoryUse.objects.filter(kind=StoryUse.Kind.POST, object_id=post.pk)
        .select_related("storyteller", "consent")
        .order_by("recorded_at")
    )


def accounts_with_counts() -> list[Account]:
    return list(Account.objects.annotate(post_count=Count("posts")).order_by("platform", "handle"))


# --- Figures ------------------------------------------------------------------------


@dataclass
class Figures:
    """A post's latest figure of each metric, under the platform's names."""

    post: Post
    values: dict[str, int] = field(default_factory=dict)
    exported_on: dict[str, datetime.date] = field(default_factory=dict)

    @property
    def view_metric(self) -> str:
        """The view-type count this post has (views, plays or impressions), largest first."""
        present = [m for m in VIEW_TYPE if m in self.values]
        return max(present, key=lambda m: self.values[m]) if present else ""

    @property
    def view_value(self) -> int:
        return self.values.get(self.view_metric, 0) if self.view_metric else 0

    @property
    def engagement_rate(self) -> float | None:
        reach = self.values.get(Metric.REACH)
        if not reach:
            return None
        return sum(self.values.get(m, 0) for m in _ENGAGEMENT) / reach


def latest_figures(posts_or_ids: Iterable[Post | int]) -> dict[int, Figures]:
    """Each post's latest exported figure of each metric (the newest export wins)."""
    given = list(posts_or_ids)
    found: dict[int, Figures] = {}
    if not given:
        return found
    posts_by_id = {p.pk: p for p in given if isinstance(p, Post)}
    ids = [p.pk if isinstance(p, Post) else p for p in given]
    missing = [pk for pk in ids if pk not in posts_by_id]
    if missing:
        posts_by_id.update(Post.objects.select_related("account", "campaign").in_bulk(missing))
    for post_id, metric, value, exported_on in (
        MetricSnapshot.objects.filter(post_id__in=ids)
        .order_by("post_id", "metric", "exported_on")
        .values_list("post_id", "metric", "value", "exported_on")
    ):
        figures = found.setdefault(post_id, Figures(posts_by_id[post_id]))
        figures.values[metric] = value
        figures.exported_on[metric] = exported_on
    return found


def snapshots_by_export(post: Post) -> list[tuple[datetime.date, int, dict[str, int]]]:
    """The post's figures export by export: (day, the post's age then, metric → value)."""
    table: dict[tuple[datetime.date, int], dict[str, int]] = defaultdict(dict)
    for snap in post.metrics.order_by("exported_on"):
        table[(snap.exported_on, snap.age_days)][snap.metric] = snap.value
    return [(day, age, values) for (day, age), values in table.items()]


def at_age(post: Post, days: int) -> dict[str, int]:
    """The figures of the export taken when the post was `days` old, if there was one."""
    return dict(post.metrics.filter(age_days=days).values_list("metric", "value"))


# --- What performs ------------------------------------------------------------------


@dataclass
class Group:
    label: str
    posts: int = 0
    rates: list[float] = field(default_factory=list)

    @property
    def mean_rate(self) -> float | None:
        return sum(self.rates) / len(self.rates) if self.rates else None

    @property
    def measured(self) -> int:
        return len(self.rates)


@dataclass
class Performance:
    storytelling: Group
    other: Group
    by_campaign: list[Group]
    by_kind: list[Group]
    top: list[Figures]

    @property
    def ratio(self) -> float | None:
        a, b = self.storytelling.mean_rate, self.other.mean_rate
        return a / b if a is not None and b else None


def performance(
    start: datetime.date, end: datetime.date, *, account: Account | None = None, top: int = 10
) -> Performance:
    found = in_period(start, end)
    if account is not None:
        found = found.filter(account=account)
    rows = list(found)
    figures = latest_figures(rows)
    storytelling, other = Group("Featuring lived-experience storytelling"), Group("Other posts")
    campaigns: dict[str, Group] = {}
    kinds: dict[str, Group] = {}
    for post in rows:
        story = post.lived_experience or post.features_storyteller  # type: ignore[attr-defined]
        rate = figures[post.pk].engagement_rate if post.pk in figures else None
        campaign = post.campaign.name if post.campaign else "No campaign"
        for group in (
            storytelling if story else other,
            campaigns.setdefault(campaign, Group(campaign)),
            kinds.setdefault(post.kind, Group(str(post.get_kind_display()))),
        ):
            group.posts += 1
            if rate is not None:
                group.rates.append(rate)
    ranked = sorted(
        (f for f in figures.values() if f.view_metric),
        key=lambda f: (-f.view_value, f.post.pk),
    )
    return Performance(
        storytelling=storytelling,
        other=other,
        by_campaign=sorted(campaigns.values(), key=lambda g: (-g.posts, g.label)),
        by_kind=sorted(kinds.values(), key=lambda g: (-g.posts, g.label)),
        top=ranked[:top],
    )
