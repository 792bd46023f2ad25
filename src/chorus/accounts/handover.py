"""What a leaver must hand over: open work assigned to them, registered by the apps.

`accounts` knows no domain app. An app whose records are assigned to a member of staff
(a safeguarding action they own, say) registers a function here from its
AppConfig.ready(); the leaver checklist asks each one what is still open for the person
and links to it. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class OpenWork:
    key: str
    title: str  # e.g. "Open safeguarding actions they own"
    items: Callable[[Any], QuerySet[Any]]
    # A URL for one item, or "" when there is no page to link to.
    url: Callable[[Any], str] = lambda item: ""


@dataclass(frozen=True)
class Handover:
    work: OpenWork
    items: list[Any]

    @property
    def links(self) -> list[tuple[str, str]]:
        return [(str(item), self.work.url(item)) for item in self.items]


_OPEN_WORK: dict[str, OpenWork] = {}


def register(work: OpenWork) -> OpenWork:
    """Add a kind of open work (registering the same key again replaces it)."""
    _OPEN_WORK[work.key] = work
    return work


def open_work_of(user: Any) -> list[Handover]:
    """Each registered kind with the person's open items (kinds with none included)."""
    return [
        Handover(work, list(work.items(user)))
        for work in sorted(_OPEN_WORK.values(), key=lambda w: w.key)
    ]
