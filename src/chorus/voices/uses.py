"""Every use of a storyteller's story, described by the app it was a use in.

voices records each use (`StoryUse`: whose story, under which consent, and the
follow-up after a withdrawal), but what it was a use *in* (a placement, a pitch, and
later a post, a podcast episode, a report's case study) belongs to the app that owns
that record. Each such app registers a provider here, from its AppConfig.ready():
given a storyteller, the provider returns their uses in its records, each with a
label, a date, a link and what to do about it after a withdrawal. The consent,
withdrawal and follow-up pages list uses through `describe`; voices imports none of
those apps.

A use no provider describes (a post or an archive entry typed in by hand) is shown
from its own description.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from chorus.voices.models import StorytellerProfile, StoryUse


@dataclass(frozen=True)
class UseEntry:
    """One use of a story as the pages show it."""

    use_id: int  # the StoryUse row described
    label: str  # "ITV News: “I wanted to be a teacher again”"
    on: datetime.date | None = None  # when the story was used (published, pitched…)
    link: str = ""  # where to see it, when there is somewhere
    suggested: str = ""  # what to do about it after a withdrawal
    status: str = ""  # where it stands, in a word or two ("pitched"), if it matters


Provider = Callable[[StorytellerProfile], Iterable[UseEntry]]

_providers: dict[str, Provider] = {}


def register_provider(key: str, provider: Provider) -> None:
    """Register (or replace, on a reload) the provider of one app's uses of stories."""
    _providers[key] = provider


def providers() -> dict[str, Provider]:
    return dict(_providers)


_SUGGESTED_BY_KIND = {
    StoryUse.Kind.POST: "Unpublish the post",
    StoryUse.Kind.ARCHIVE: "Remove from the round-up archive",
}


def _own_entry(use: StoryUse) -> UseEntry:
    return UseEntry(
        use_id=use.pk,
        label=use.description or str(use.get_kind_display()),
        on=use.recorded_at.date() if use.recorded_at else None,
        suggested=_SUGGESTED_BY_KIND.get(StoryUse.Kind(use.kind), "Stop using the story"),
    )


def describe(storyteller: StorytellerProfile, uses: Sequence[StoryUse]) -> list[UseEntry]:
    """The entry of each of these uses of the storyteller's story, in the order given.

    Every registered provider is asked once; a use none describes gets an entry from
    its own description.
    """
    wanted = {use.pk for use in uses}
    described: dict[int, UseEntry] = {}
    for provider in _providers.values():
        for entry in provider(storyteller):
            if entry.use_id in wanted:
                described.setdefault(entry.use_id, entry)
    return [described.get(use.pk) or _own_entry(use) for use in uses]
