"""Posts as CSV: what the list shows, with each post's latest figures under Meta's names.

Who is featured is not in the file: a storyteller's reference or media name never
leaves Chorus in a spreadsheet of posts. A post that features storytelling says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import batched

from django.utils import timezone

from chorus.lib.csv_export import csv_lines
from chorus.social.models import Metric, Post
from chorus.social.selectors import latest_figures

HEADER = [
    "Account username",
    "Published",
    "Kind",
    "Caption",
    "Hashtags",
    "Campaign",
    "Permalink",
    "Post ID",
    "Lived-experience storytelling",
    "Flagged (no recorded consent)",
    "Taken down",
    *(f"{label} (latest export)" for _, label in Metric.choices),
]


def _rows(posts: Iterable[Post]) -> Iterator[list[str]]:
    # Figures are read a thousand posts at a time: one query each, whatever the count.
    for chunk in batched(posts, 1000):
        figures = latest_figures(chunk)
        for post in chunk:
            values = figures[post.pk].values if post.pk in figures else {}
            yield [
                post.account.handle,
                f"{timezone.localtime(post.published_at):%Y-%m-%d %H:%M}",
                post.get_kind_display(),
                post.caption,
                post.hashtags,
                post.campaign.name if post.campaign else "",
                post.permalink,
                post.platform_post_id,
                "yes"
                if getattr(post, "features_storyteller", False) or post.lived_experience
                else "no",
                "yes" if post.flagged else "no",
                f"{timezone.localtime(post.taken_down_at):%Y-%m-%d}" if post.taken_down_at else "",
                *(str(values[code]) if code in values else "" for code in Metric.values),
            ]


def posts_csv_lines(posts: Iterable[Post]) -> Iterator[str]:
    return csv_lines(HEADER, _rows(posts))
