"""What a record was used for elsewhere in Chorus: areas above tell, the record's page asks.

An app never imports the areas built on it. An area that links its own records to
another app's (research: the toolkit message line a placement or a post used)
registers a function here, for that kind of record, from its AppConfig.ready(). The
record's page calls every function registered for its kind and shows what they
return, read only: (label, url) pairs, e.g. ("Message line used: “Fair and orderly”
(Safe routes toolkit)", "/research/toolkits/1/"). A function returns nothing the
viewer may not open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

UsedFor = Callable[[Any, Any], list[tuple[str, str]]]

_PROVIDERS: dict[str, dict[str, UsedFor]] = {}


def register(model: str, name: str, links: UsedFor) -> None:
    """Add (or replace, on reload) area `name`'s function for records of `model`
    (its label, "media.placement")."""
    _PROVIDERS.setdefault(model, {})[name] = links


def used_for(record: models.Model, viewer: Any) -> list[tuple[str, str]]:
    """Every (label, url) the registered areas give for this record, for this viewer."""
    providers = _PROVIDERS.get(record._meta.label_lower, {})
    found: list[tuple[str, str]] = []
    for name in sorted(providers):
        found.extend(providers[name](record, viewer))
    return found
