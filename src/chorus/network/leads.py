"""Kinds of things outreach can lead to in apps that build on the network.

The network imports no app above it, so a training day an outreach entry led to is
an `OutreachLead` (kind, id, label). The app owning the kind registers, from its
AppConfig.ready(), how to link one and who may follow the link; a lead of a kind
nobody registered shows its label alone.

    leads.register_kind("training_session", link=session_url, visible=may_see_training)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LeadKind:
    kind: str
    # The address of the record of that id, or "" when there is none to open.
    link: Callable[[int], str]
    # May this viewer see leads of this kind at all?
    visible: Callable[[Any], bool]


_KINDS: dict[str, LeadKind] = {}


def register_kind(kind: str, *, link: Callable[[int], str], visible: Callable[[Any], bool]) -> None:
    _KINDS[kind] = LeadKind(kind=kind, link=link, visible=visible)


def shown(kind: str, object_id: int | None, viewer: Any) -> tuple[bool, str]:
    """(may the viewer see it, the link to it or "")."""
    registered = _KINDS.get(kind)
    if registered is None:
        return True, ""
    if not registered.visible(viewer):
        return False, ""
    return True, registered.link(object_id) if object_id is not None else ""
