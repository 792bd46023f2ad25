"""Reads of the media desk shared by views, the import and the impact indicators."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from chorus.lib.weburl import domain_candidates, host_of
from chorus.media.models import AudienceSegment, Outlet, OutletDomain, Placement


def outlet_for_url(url: str) -> Outlet | None:
    """The outlet that publishes at this URL's domain (or a parent domain), if known."""
    host = host_of(url)
    if not host:
        return None
    candidates = domain_candidates(host)
    matches = {
        d.domain: d.outlet
        for d in OutletDomain.objects.filter(domain__in=candidates).select_related("outlet")
    }
    for candidate in candidates:
        if candidate in matches:
            return matches[candidate]
    return None


def outlet_by_name(name: str) -> Outlet | None:
    return Outlet.objects.filter(name__iexact=name.strip()).first()


def outlets_with_counts() -> QuerySet[Outlet]:
    return (
        Outlet.objects.select_related("segment")
        .prefetch_related("domains")
        .annotate(placement_count=Count("placements"))
    )


def placements_base() -> QuerySet[Placement]:
    return Placement.objects.select_related("outlet", "outlet__segment", "campaign", "region")


def default_segment() -> AudienceSegment:
    """The segment new outlets get until someone reviews them."""
    segment, _ = AudienceSegment.objects.get_or_create(
        slug="unknown", defaults={"name": "Unknown", "position": 90}
    )
    return segment
