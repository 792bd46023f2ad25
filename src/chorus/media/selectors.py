"""Reads of the media desk shared by views, the import and the impact indicators."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from chorus.lib.weburl import domain_candidates, host_of
from chorus.media.models import (
    AudienceSegment,
    Campaign,
    Outlet,
    OutletDomain,
    Placement,
    PlacementImport,
)
from chorus.voices.models import StoryUse


def features_lived_experience() -> Q:
    """The one rule for "this placement features lived experience", as a filter.

    A storyteller is recorded as speaking in it (a placement use of their story), or
    it is marked as quoting someone with lived experience outside the network. The
    placements list, the export and the impact figure all ask this.
    """
    spoke = StoryUse.objects.filter(kind=StoryUse.Kind.PLACEMENT, object_id=OuterRef("pk"))
    return Q(quotes_outside_network=True) | Q(Exists(spoke))


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
    """Placements with what lists show, `lived_experience` included (True or False)."""
    return Placement.objects.select_related(
        "outlet", "outlet__segment", "campaign", "region", "region__parent"
    ).annotate(
        lived_experience=ExpressionWrapper(features_lived_experience(), output_field=BooleanField())
    )


def placement_voices(placement: Placement) -> QuerySet[StoryUse]:
    """The storytellers recorded as speaking in a placement, first recorded first."""
    return (
        StoryUse.objects.filter(kind=StoryUse.Kind.PLACEMENT, object_id=placement.pk)
        .select_related("storyteller", "consent")
        .order_by("recorded_at", "id")
    )


def default_segment() -> AudienceSegment:
    """The segment new outlets get until someone reviews them."""
    segment, _ = AudienceSegment.objects.get_or_create(
        slug="unknown", defaults={"name": "Unknown", "position": 90}
    )
    return segment


# --- Placements list, export and impact indicators ---------------------------------

# Sort keys the list and the export accept, and the ordering each stands for. Anything
# else falls back to the default, so a hand-edited URL can never order by a hidden field.
PLACEMENT_SORTS: dict[str, tuple[str, ...]] = {
    "-published_on": ("-published_on", "-id"),
    "published_on": ("published_on", "id"),
    "outlet": ("outlet__name", "-published_on", "-id"),
    "-outlet": ("-outlet__name", "-published_on", "-id"),
    "headline": ("headline", "-published_on", "-id"),
    "-headline": ("-headline", "-published_on", "-id"),
}
DEFAULT_PLACEMENT_SORT = "-published_on"


def placements_filter(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    outlet: Outlet | int | None = None,
    segment: AudienceSegment | str | None = None,
    format: str = "",  # the name the filters and the dashboard links use
    lived_experience: bool | None = None,
    campaign: Campaign | int | None = None,
    q: str = "",
    sort: str = DEFAULT_PLACEMENT_SORT,
) -> QuerySet[Placement]:
    """Placements matching every given filter; dates are inclusive, on `published_on`.

    `outlet` and `campaign` take a record or its id, `segment` a record or its slug.
    Each word of `q` must appear in the headline, the outlet's name or the notes.
    """
    placements = placements_base()
    if date_from is not None:
        placements = placements.filter(published_on__gte=date_from)
    if date_to is not None:
        placements = placements.filter(published_on__lte=date_to)
    if outlet is not None:
        placements = placements.filter(outlet=outlet)
    if segment is not None:
        if isinstance(segment, AudienceSegment):
            placements = placements.filter(outlet__segment=segment)
        else:
            placements = placements.filter(outlet__segment__slug=segment)
    if format:
        placements = placements.filter(format=format)
    if lived_experience is not None:
        lived = features_lived_experience()
        placements = placements.filter(lived if lived_experience else ~lived)
    if campaign is not None:
        placements = placements.filter(campaign=campaign)
    for word in q.split():
        placements = placements.filter(
            Q(headline__icontains=word) | Q(outlet__name__icontains=word) | Q(notes__icontains=word)
        )
    return placements.order_by(*PLACEMENT_SORTS.get(sort, PLACEMENT_SORTS[DEFAULT_PLACEMENT_SORT]))


def placement_with_url(url: str, *, exclude_pk: int | None = None) -> Placement | None:
    """Another placement already recorded at this link, if any."""
    url = url.strip()
    if not url:
        return None
    found = placements_base().filter(url=url)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.first()


def placements_with_urls(urls: Iterable[str]) -> dict[str, Placement]:
    """Existing placements by link, for checking an import in one query."""
    wanted = {u for u in urls if u}
    if not wanted:
        return {}
    return {p.url: p for p in Placement.objects.select_related("outlet").filter(url__in=wanted)}


# --- Outlets and campaigns ---------------------------------------------------------


def outlets_search(
    *, q: str = "", needs_review: bool = False, segment: AudienceSegment | None = None
) -> QuerySet[Outlet]:
    """Outlets with their placement counts; `q` matches the name or one of the domains."""
    outlets = outlets_with_counts()
    if q:
        outlets = outlets.filter(
            Q(name__icontains=q)
            | Q(pk__in=OutletDomain.objects.filter(domain__icontains=q).values("outlet"))
        )
    if needs_review:
        outlets = outlets.filter(needs_segment_review=True)
    if segment is not None:
        outlets = outlets.filter(segment=segment)
    return outlets.order_by("name")


def outlet_suggestions(q: str, *, limit: int = 10) -> list[Outlet]:
    """Outlets whose name contains `q`, those starting with it first."""
    q = q.strip()
    if not q:
        return []
    return list(
        Outlet.objects.filter(name__icontains=q)
        .annotate(is_prefix=Case(When(name__istartswith=q, then=Value(0)), default=Value(1)))
        .order_by("is_prefix", "name")[:limit]
    )


def outlets_by_folded_name() -> dict[str, Outlet]:
    """Every outlet keyed by its case-folded name.

    Folded in Python rather than with SQL LOWER(), which on SQLite leaves non-ASCII
    letters alone: "Élan" and "élan" must be the same outlet.
    """
    return {o.name.casefold(): o for o in Outlet.objects.only("id", "name")}


def outlets_for_hosts(hosts: Iterable[str]) -> dict[str, Outlet]:
    """For each host, the outlet publishing at it or a parent domain (only known ones)."""
    candidates_by_host = {h: domain_candidates(h) for h in hosts if h}
    every = {c for cs in candidates_by_host.values() for c in cs}
    if not every:
        return {}
    known = {
        d.domain: d.outlet
        for d in OutletDomain.objects.filter(domain__in=every).select_related("outlet")
    }
    found: dict[str, Outlet] = {}
    for host, candidates in candidates_by_host.items():
        for candidate in candidates:
            if candidate in known:
                found[host] = known[candidate]
                break
    return found


def campaigns_with_counts() -> QuerySet[Campaign]:
    return Campaign.objects.annotate(placement_count=Count("placements"))


def campaigns_by_folded_name() -> dict[str, Campaign]:
    """Every campaign under its case-folded name and hashtag (with and without '#')."""
    found: dict[str, Campaign] = {}
    for campaign in Campaign.objects.all():
        found.setdefault(campaign.name.casefold(), campaign)
        tag = campaign.hashtag.strip().casefold()
        if tag:
            found.setdefault(tag, campaign)
            found.setdefault(tag.lstrip("#"), campaign)
    return found


def placement_imports_recent(*, limit: int = 20) -> QuerySet[PlacementImport]:
    return PlacementImport.objects.select_related("uploaded_by").order_by("-uploaded_at", "-id")[
        :limit
    ]
