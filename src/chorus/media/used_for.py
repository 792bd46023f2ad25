"""What a placement was used for elsewhere in Chorus: areas tell media, media asks.

`media` imports no area above it. An area that links its own records to placements
(research: the toolkit message a placement used) registers a function here from its
AppConfig.ready(); the placement page calls every one and shows what they return,
read only: (label, url) pairs, e.g. ("Message line used: “Fair and orderly” (Safe
routes toolkit)", "/research/toolkits/1/"). A function returns nothing the viewer may
not open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chorus.media.models import Placement

UsedFor = Callable[[Placement, Any], list[tuple[str, str]]]

_PROVIDERS: dict[str, UsedFor] = {}


def register(name: str, links: UsedFor) -> None:
    """Add (or replace, on reload) the function an area answers with for a placement."""
    _PROVIDERS[name] = links


def used_for(placement: Placement, viewer: Any) -> list[tuple[str, str]]:
    """Every (label, url) the registered areas give for this placement, for this viewer."""
    found: list[tuple[str, str]] = []
    for name in sorted(_PROVIDERS):
        found.extend(_PROVIDERS[name](placement, viewer))
    return found
