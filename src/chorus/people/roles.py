"""What a person is elsewhere in Chorus: areas tell the directory, the directory asks.

`people` imports no area. An area that keeps its own record of a person (media's
journalist directory…) registers a function here from its AppConfig.ready(); the
person page calls every one and shows what they return: (label, url) pairs, e.g.
("Journalist: directory entry", "/media/journalists/12/"). A function returns nothing
for people it holds no record of, and nothing the viewer may not open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chorus.people.models import Person

RoleLinks = Callable[[Person, Any], list[tuple[str, str]]]

_PROVIDERS: dict[str, RoleLinks] = {}


def register(name: str, links: RoleLinks) -> None:
    """Add (or replace, on reload) the function an area answers with for a person."""
    _PROVIDERS[name] = links


def roles_of(person: Person, viewer: Any) -> list[tuple[str, str]]:
    """Every (label, url) the registered areas give for this person, for this viewer."""
    found: list[tuple[str, str]] = []
    for name in sorted(_PROVIDERS):
        found.extend(_PROVIDERS[name](person, viewer))
    return found
