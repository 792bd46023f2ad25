"""An outreach entry as one viewer may see it: what it led to, behind each area's rules.

Placements are public coverage (every role sees them). Pitches need the pitches area.
The storyteller an entry led to is shown only to roles voices lets see storytellers
(with the media name only to those who see sensitive details, the read audited); to
everyone else the entry says nothing of them. Leads into other apps follow the rule
their app registered (`chorus.network.leads`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from chorus.accounts.access import can
from chorus.network import leads
from chorus.network.models import OutreachEntry
from chorus.network.selectors import Link
from chorus.voices.access import may_see_sensitive
from chorus.voices.models import StorytellerProfile
from chorus.voices.services import storytellers_listed_record


@dataclass(frozen=True)
class Lens:
    """What one viewer may see of the areas an entry reaches into."""

    viewer: Any
    storytellers: bool
    storyteller_names: bool
    pitches: bool
    people: bool

    @classmethod
    def of(cls, viewer: Any) -> Lens:
        return cls(
            viewer=viewer,
            storytellers=can(viewer, "storytellers", "view"),
            storyteller_names=may_see_sensitive(viewer),
            pitches=can(viewer, "pitches", "view"),
            people=can(viewer, "people", "view"),
        )


@dataclass
class Shown:
    """One entry, trimmed to the lens, with the entries that followed from it."""

    entry: OutreachEntry
    storyteller: StorytellerProfile | None = None
    storyteller_name: str = ""
    pitches: list[Any] = field(default_factory=list)
    leads: list[tuple[str, str]] = field(default_factory=list)  # (label, link)
    followed: list[Shown] = field(default_factory=list)
    elsewhere: bool = False

    @property
    def storyteller_url(self) -> str:
        if self.storyteller is None:
            return ""
        return reverse("voices:storyteller_detail", args=[self.storyteller.pk])


def show(entry: OutreachEntry, lens: Lens) -> Shown:
    shown = Shown(entry=entry)
    profile = entry.storyteller
    if (
        profile is not None
        and lens.storytellers
        and profile.status != StorytellerProfile.Status.ERASED
    ):
        shown.storyteller = profile
        if lens.storyteller_names:
            shown.storyteller_name = profile.media_name
    if lens.pitches:
        shown.pitches = list(entry.pitches.all())
    for lead in entry.leads.all():
        visible, link = leads.shown(lead.kind, lead.object_id, lens.viewer)
        if visible:
            shown.leads.append((lead.label, link))
    return shown


def show_links(links: Iterable[Link], lens: Lens) -> list[Shown]:
    out = []
    for link in links:
        # An earlier step, read briefly: its title, kind and date only.
        shown = Shown(entry=link.entry) if link.elsewhere else show(link.entry, lens)
        shown.elsewhere = link.elsewhere
        shown.followed = show_links(link.followed, lens)
        out.append(shown)
    return out


def _walk(shown: Iterable[Shown]) -> Iterable[Shown]:
    for item in shown:
        yield item
        yield from _walk(item.followed)


def record_names_read(*, viewer: Any, shown: Iterable[Shown], where: str) -> None:
    """Audit a page that showed storytellers' media names (one row for the page)."""
    profiles = [
        item.storyteller
        for item in _walk(shown)
        if item.storyteller is not None and item.storyteller_name
    ]
    if profiles:
        storytellers_listed_record(
            actor=viewer, profiles=profiles, purpose=f"media name shown in {where}"
        )
