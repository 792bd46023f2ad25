"""What the header's search box finds in the round-up: editions, by title."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from chorus.lib import search
from chorus.lib.search import Hit
from chorus.roundup.models import Edition


def find_editions(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    editions = Edition.objects.filter(title__icontains=query).order_by("-issue_date", "-pk")
    return [
        Hit(
            label=edition.title,
            url=reverse("roundup:edition_detail", args=[edition.pk]),
            detail=f"{edition.get_kind_display()}, {edition.issue_date:%d %b %Y}, "
            f"{edition.get_status_display().lower()}",
            pk=edition.pk,
        )
        for edition in editions[:limit]
    ]


def register_searchers() -> None:
    search.register(
        key="editions",
        title="Round-up editions",
        access_area="roundup",
        find=find_editions,
        order=80,
    )
