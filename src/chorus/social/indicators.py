"""Social media's figures, registered with impact's indicator registry (SocialConfig.ready)."""

from __future__ import annotations

import datetime

from django.db.models import Min
from django.urls import reverse

from chorus.impact.indicators import Indicator, Period, Result, Row, indicator, register_area
from chorus.social import selectors
from chorus.social.models import Post

HUMAN_JOURNEYS = "Human Journeys"


def _first_post_on() -> datetime.date | None:
    first = Post.objects.aggregate(first=Min("published_at"))["first"]
    return first.date() if first else None


register_area(code="social", title="Social media", first_record_on=_first_post_on)


def _list_url(**params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("social:post_list") + (f"?{query}" if query else "")


@indicator(
    code="social.human_journeys_stories",
    title="Human Journeys stories",
    definition="""Posts published in the period on the account named Human Journeys that
        feature lived-experience storytelling: a storyteller recorded as featured (a use of
        their story, with consent), or people with lived experience described on the
        post. Each post counts once, however many people it features.""",
    version=1,
    counts_people=False,
    unit="posts",
    kind="count",
)
def _human_journeys(ind: Indicator, period: Period) -> Result:
    posts = selectors.in_period(period.start, period.end).filter(
        selectors.storytelling_q(), account__name__iexact=HUMAN_JOURNEYS
    )
    return Result(
        ind,
        period,
        value=posts.count(),
        records_url=_list_url(storytelling="yes"),
        records=lambda: Post.objects.filter(pk__in=posts.values("pk")),
    )


def _top_phrase(result: Result) -> str:
    top = result.value
    if not top:
        return ""
    return f"{top['value']:,} {top['metric']}, reaching {top['reach']:,} accounts"


@indicator(
    code="social.top_post",
    title="The top post",
    definition="""The post published in the period with the highest view-type count in
        its latest export, under the platform's own name for it: "plays" or
        "impressions" for figures exported before April 2025, "views" after. The names
        are never merged (their definitions differ); reach is the accounts it reached.""",
    version=1,
    counts_people=False,
    unit="views of one post",
    kind="breakdown",
    row_key="metric",
    phrase=_top_phrase,
)
def _top_post(ind: Indicator, period: Period) -> Result:
    top = selectors.performance(period.start, period.end, top=1).top
    if not top:
        return Result(ind, period, value=None, records_url=_list_url())
    best = top[0]
    url = reverse("social:post_detail", args=[best.post.pk])
    value = {
        "post": best.post.pk,
        "metric": best.view_metric,
        "value": best.view_value,
        "reach": best.values.get("reach"),
    }
    return Result(
        ind,
        period,
        value=value,
        records_url=url,
        rows=(
            Row(
                key=best.view_metric,
                label=best.view_metric.title(),
                value=best.view_value,
                records_url=url,
            ),
        ),
        records=lambda: Post.objects.filter(pk=best.post.pk),
    )


@indicator(
    code="social.storytelling_engagement_ratio",
    title="Engagement of storytelling posts against other posts",
    definition="""The mean engagement rate of posts in the period that feature
        lived-experience storytelling, divided by the mean engagement rate of the other
        posts. A post's engagement rate is (likes + comments + saves + shares) ÷ reach,
        from its latest export; posts with no reach are left out. Above 1: storytelling
        posts engage more.""",
    version=1,
    counts_people=False,
    unit="times",
    kind="ratio",
)
def _engagement_ratio(ind: Indicator, period: Period) -> Result:
    result = selectors.performance(period.start, period.end, top=0)
    ratio = result.ratio
    return Result(
        ind,
        period,
        value=round(ratio, 2) if ratio is not None else None,
        records_url=reverse("social:performance")
        + f"?start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}",
    )
