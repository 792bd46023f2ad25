"""Reads of the network: member counts, partners, the outreach log and its chains."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from chorus.media.models import Pitch, Placement
from chorus.network.models import MemberSnapshot, OutreachEntry, OutreachLead, Partner
from chorus.people.models import Region
from chorus.voices.models import StorytellerProfile

# --- The Google group ---------------------------------------------------------------


def snapshots() -> QuerySet[MemberSnapshot]:
    """Every member count, oldest first."""
    return MemberSnapshot.objects.order_by("taken_on")


def snapshot_on_or_before(day: datetime.date) -> MemberSnapshot | None:
    """The latest count taken on or before `day`, or None."""
    return MemberSnapshot.objects.filter(taken_on__lte=day).order_by("-taken_on").first()


def earliest_snapshot_date() -> datetime.date | None:
    return MemberSnapshot.objects.order_by("taken_on").values_list("taken_on", flat=True).first()


def has_snapshot_between(start: datetime.date, end: datetime.date) -> bool:
    return MemberSnapshot.objects.filter(taken_on__range=(start, end)).exists()


# --- Partners -----------------------------------------------------------------------


def partners() -> QuerySet[Partner]:
    return Partner.objects.select_related(
        "organisation", "region", "region__parent", "contact"
    ).order_by("region__name", "organisation__name")


def partners_filter(
    *, q: str = "", region: Region | None = None, kind: str = ""
) -> QuerySet[Partner]:
    found = partners()
    if q:
        found = found.filter(
            Q(organisation__name__icontains=q) | Q(contact__full_name__icontains=q)
        )
    if region is not None:
        found = found.filter(region__in=_with_children(region))
    if kind:
        found = found.filter(kind=kind)
    return found


def partners_in(regions: Iterable[Region]) -> QuerySet[Partner]:
    return partners().filter(region__in=list(regions))


def _with_children(region: Region) -> list[int]:
    ids = [region.pk]
    frontier = [region.pk]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


# --- The outreach log -----------------------------------------------------------------


def outreach_base() -> QuerySet[OutreachEntry]:
    return OutreachEntry.objects.select_related(
        "region", "region__parent", "introduced_by", "led_from"
    )


def outreach_filter(
    *,
    q: str = "",
    kind: str = "",
    region: Region | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[OutreachEntry]:
    """The log, newest first, searched by title and filtered. Notes are not searched:
    they may name people, and a search that matched on them would hint at what they say."""
    found = outreach_base()
    if q:
        found = found.filter(
            Q(title__icontains=q)
            | Q(organisations__name__icontains=q)
            | Q(introduced_by__full_name__icontains=q)
        ).distinct()
    if kind:
        found = found.filter(kind=kind)
    if region is not None:
        found = found.filter(region__in=_with_children(region))
    if date_from:
        found = found.filter(happened_on__gte=date_from)
    if date_to:
        found = found.filter(happened_on__lte=date_to)
    return found.order_by("-happened_on", "-id")


def outreach_count_in(regions: Iterable[Region]) -> int:
    return OutreachEntry.objects.filter(region__in=list(regions)).count()


def _with_links(entries: QuerySet[OutreachEntry]) -> QuerySet[OutreachEntry]:
    return entries.select_related("region", "introduced_by").prefetch_related(
        # Only what an entry shows of the storyteller: no other field is decrypted.
        Prefetch(
            "storyteller",
            queryset=StorytellerProfile.objects.only("id", "reference", "media_name", "status"),
        ),
        "organisations",
        "people",
        Prefetch("placements", queryset=Placement.objects.select_related("outlet")),
        Prefetch("pitches", queryset=Pitch.objects.defer("idea").prefetch_related("outlets")),
        Prefetch("leads", queryset=OutreachLead.objects.order_by("on", "pk")),
    )


@dataclass
class Link:
    """One entry in a chain, and the entries that followed from it."""

    entry: OutreachEntry
    followed: list[Link] = field(default_factory=list)
    # An earlier step the chain came from, read briefly (title, kind and date).
    elsewhere: bool = False


REGION_ENTRIES = 30  # a region page shows its latest outreach; the log has the rest
EARLIER_LEVELS = 5  # how far back a region page follows a chain before its first entry


def chains_in(regions: Iterable[Region], *, limit: int = 30) -> tuple[list[Link], int]:
    """The region's latest outreach as chains, oldest first: each entry under the one it
    followed from.

    The newest `limit` entries of the region are read with everything they led to. The
    entries they followed from, up to EARLIER_LEVELS back, are read briefly (title,
    kind, date) to show where each chain began; their own page has the rest. Returns the
    chains and how many entries the region has in all.
    """
    region_ids = [region.pk for region in regions]
    in_region = OutreachEntry.objects.filter(region__in=region_ids)
    total = in_region.count()
    ids = list(in_region.order_by("-happened_on", "-id").values_list("pk", flat=True)[:limit])
    entries = {entry.pk: entry for entry in _with_links(OutreachEntry.objects.filter(pk__in=ids))}
    wanted = {e.led_from_id for e in entries.values() if e.led_from_id} - set(entries)
    earlier: set[int] = set()
    for _level in range(EARLIER_LEVELS):
        if not wanted:
            break
        found = list(
            OutreachEntry.objects.filter(pk__in=wanted)
            .select_related("region")
            .only("id", "kind", "title", "happened_on", "led_from_id", "region__name")
        )
        for entry in found:
            entries[entry.pk] = entry
            earlier.add(entry.pk)
        wanted = {e.led_from_id for e in found if e.led_from_id} - set(entries)
    links = {pk: Link(entry, elsewhere=pk in earlier) for pk, entry in entries.items()}
    roots = []
    for link in sorted(links.values(), key=lambda lk: (lk.entry.happened_on, lk.entry.pk)):
        parent = links.get(link.entry.led_from_id) if link.entry.led_from_id else None
        if parent is None:
            roots.append(link)
        else:
            parent.followed.append(link)
    return roots, total


def chain_of(entry: OutreachEntry) -> tuple[list[OutreachEntry], list[Link]]:
    """What led to this entry (earliest first) and what followed from it (as a tree)."""
    before: list[OutreachEntry] = []
    earlier = entry.led_from
    seen = {entry.pk}
    while earlier is not None and earlier.pk not in seen:
        seen.add(earlier.pk)
        before.insert(0, earlier)
        earlier = earlier.led_from
    root = Link(entry)
    frontier = [root]
    while frontier:
        by_parent: dict[int, Link] = {link.entry.pk: link for link in frontier}
        children = list(
            _with_links(OutreachEntry.objects.filter(led_from_id__in=list(by_parent)))
            .exclude(pk__in=seen)
            .order_by("happened_on", "pk")
        )
        frontier = []
        for child in children:
            seen.add(child.pk)
            link = Link(child)
            by_parent[child.led_from_id].followed.append(link)  # type: ignore[index]
            frontier.append(link)
    return before, root.followed


def outreach_with_links(pk: int) -> OutreachEntry:
    return _with_links(OutreachEntry.objects.all()).get(pk=pk)
