"""What the header's search box finds at the media desk: outlets, journalists,
placements and journalists' requests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from chorus.lib import search
from chorus.lib.search import Hit
from chorus.media.journalists.selectors import journalists_search
from chorus.media.models import JournalistRequest, Outlet
from chorus.media.selectors import placements_filter


def _filtered(name: str, query: str) -> str:
    return f"{reverse(name)}?{urlencode({'q': query})}"


def find_outlets(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    outlets = Outlet.objects.filter(name__icontains=query).order_by("name", "pk")[:limit]
    return [
        Hit(label=o.name, url=_filtered("media:outlet_list", o.name), detail="Outlet", pk=o.pk)
        for o in outlets
    ]


def find_journalists(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    people = journalists_search(viewer=viewer, q=query).order_by("full_name", "pk")[:limit]
    return [
        Hit(
            label=person.full_name,
            url=reverse("media:journalist_detail", args=[person.pk]),
            detail="Journalist",
            pk=person.pk,
        )
        for person in people
    ]


def find_placements(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    placements = placements_filter(q=query)[:limit]
    return [
        Hit(
            label=p.headline,
            url=_filtered("media:placement_list", p.headline),
            detail=f"{p.outlet.name}, {p.published_on:%d %b %Y}",
            pk=p.pk,
        )
        for p in placements
    ]


def find_requests(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    found = (
        JournalistRequest.objects.select_related("outlet")
        .filter(Q(brief__icontains=query) | Q(outlet__name__icontains=query))
        .order_by("-received_on", "-pk")[:limit]
    )
    return [
        Hit(
            label=r.brief[:120],
            url=reverse("media:request_detail", args=[r.pk]),
            detail=f"{r.outlet.name}, received {r.received_on:%d %b %Y}",
            pk=r.pk,
        )
        for r in found
    ]


def register_searchers() -> None:
    search.register(
        key="outlets",
        title="Outlets",
        access_area="outlets",
        find=find_outlets,
        more_url=lambda q: _filtered("media:outlet_list", q),
        order=30,
    )
    search.register(
        key="journalists",
        title="Journalists",
        access_area="journalists",
        find=find_journalists,
        more_url=lambda q: _filtered("media:journalist_list", q),
        order=40,
    )
    search.register(
        key="placements",
        title="Placements",
        access_area="placements",
        find=find_placements,
        more_url=lambda q: _filtered("media:placement_list", q),
        order=50,
    )
    search.register(
        key="requests",
        title="Requests",
        access_area="requests",
        find=find_requests,
        order=60,
    )
