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
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from chorus.lib.weburl import domain_candidates, host_of
from chorus.media.models import (
    MIXED_MIDDLE,
    AudienceSegment,
    Campaign,
    Outlet,
    OutletDomain,
    Placement,
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
    if lived_experience is True:
        placements = placements_with_lived_experience(placements)
    elif lived_experience is False:
        placements = placements.exclude(
            pk__in=placements_with_lived_experience(Placement.objects.all()).values("pk")
        )
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


# --- Impact indicators and report content -------------------------------------------
#
# Each is one query whose cost does not grow with the number of rows it counts on
# the Python side. Dates are inclusive, on `published_on`.


def placements_with_lived_experience(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """The placements among `placements` that feature a lived-experience voice.

    The one definition behind the lived-experience figure, the placements list's
    filter and the records the figure links to (`features_lived_experience`).
    """
    return placements.filter(features_lived_experience())


def placements_published_between(start: datetime.date, end: datetime.date) -> QuerySet[Placement]:
    return Placement.objects.filter(published_on__range=(start, end))


def placement_totals(start: datetime.date, end: datetime.date) -> dict[str, int]:
    """How many placements, with a lived-experience voice, and at mixed-middle outlets."""
    in_period = placements_published_between(start, end)
    totals = in_period.aggregate(
        placements=Count("id"),
        # The one rule, as a condition on the same scan (no second pass over the period).
        lived_experience=Count("id", filter=features_lived_experience()),
        mixed_middle=Count("id", filter=Q(outlet__segment__slug=MIXED_MIDDLE)),
    )
    return {key: int(value or 0) for key, value in totals.items()}


def placement_counts_by_month(
    start: datetime.date, end: datetime.date
) -> dict[tuple[int, int], int]:
    """{(year, month): placements}, only for months that have any.

    Grouped by day in the database and folded into months here: truncating dates
    to months runs a Python function per row on SQLite, while there are at most a
    few thousand distinct days in any period.
    """
    rows = (
        placements_published_between(start, end)
        .values("published_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[int, int], int] = {}
    for row in rows:
        day = row["published_on"]
        key = (day.year, day.month)
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def placement_counts_by_segment(
    start: datetime.date, end: datetime.date
) -> list[tuple[AudienceSegment, int]]:
    """Every audience segment in its display order, with its placements in the period."""
    in_period = Q(outlets__placements__published_on__range=(start, end))
    segments = AudienceSegment.objects.annotate(
        n=Count("outlets__placements", filter=in_period)
    ).order_by("position", "name")
    return [(segment, segment.n) for segment in segments]


def placement_counts_by_format(start: datetime.date, end: datetime.date) -> dict[str, int]:
    """{format value: placements} for the formats that occur in the period."""
    rows = placements_published_between(start, end).values("format").annotate(n=Count("id"))
    return {row["format"]: row["n"] for row in rows.order_by()}


def earliest_placement_date() -> datetime.date | None:
    return Placement.objects.aggregate(first=Min("published_on"))["first"]


def placements_with_widest_reach(
    start: datetime.date, end: datetime.date, *, limit: int = 5
) -> list[Placement]:
    """The period's placements at the outlets with the largest estimated audiences.

    Outlets without an estimate come last; within the same reach, the newest first.
    """
    return list(
        placements_published_between(start, end)
        .select_related("outlet")
        .order_by(F("outlet__reach_estimate").desc(nulls_last=True), "-published_on", "-id")[:limit]
    )


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


def campaigns_between(start: datetime.date, end: datetime.date) -> QuerySet[Campaign]:
    """Campaigns that ran at some time from `start` to `end` (an undated end runs on)."""
    return (
        Campaign.objects.filter(starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .order_by("starts_on", "name")
    )
