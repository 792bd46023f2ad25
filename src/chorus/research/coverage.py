"""What research tells media and social: the toolkit message lines a placement or post used.

Registered with `chorus.lib.used_for` by ResearchConfig.ready, so the placement and
post pages show "Message line used" without media or social importing research.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator

from chorus.accounts.access import can
from chorus.media.models import Placement
from chorus.research.models import MessageLine
from chorus.social.models import Post


def message_lines_used(placement: Placement, viewer: Any) -> list[tuple[str, str]]:
    return _described(MessageLine.objects.filter(placements=placement), viewer)


def message_lines_posted(post: Post, viewer: Any) -> list[tuple[str, str]]:
    return _described(MessageLine.objects.filter(posts=post), viewer)


def _described(lines: QuerySet[MessageLine], viewer: Any) -> list[tuple[str, str]]:
    if not can(viewer, "toolkits", "view"):
        return []
    lines = lines.select_related("toolkit")
    return [
        (
            f"Message line used: “{Truncator(line.text).chars(90)}” ({line.toolkit})",
            reverse("research:toolkit_detail", args=[line.toolkit_id]),
        )
        for line in lines.order_by("toolkit__title", "position", "pk")
    ]
