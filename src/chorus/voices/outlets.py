"""What consent knows of outlets, without knowing the app that keeps them.

A consent may exclude outlets by name (their organisation in `people`), by kind and by
audience. The kinds are codes voices owns (`OutletKind`; media's outlets use them).
The audiences are segments another app defines and edits: it registers them here
(`register_audiences`, from its AppConfig.ready()) as codes and names, and a consent
stores their codes. Whoever asks the judge hands it the outlet as plain data
(`OutletFacts`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


class OutletKind(models.TextChoices):
    NATIONAL_PRESS = "national_press", "National press"
    REGIONAL_PRESS = "regional_press", "Regional press"
    TV = "tv", "TV"
    RADIO = "radio", "Radio"
    ONLINE = "online", "Online"
    MAGAZINE = "magazine", "Magazine"
    AGENCY = "agency", "News agency"
    PODCAST = "podcast", "Podcast"


@dataclass(frozen=True)
class OutletFacts:
    """An outlet as the consent judge reads it: plain data, no model."""

    organisation_id: int | None  # the outlet's organisation in `people`
    kind: str  # an OutletKind code
    segment: str  # the code of its audience segment ("" when it has none)
    name: str  # for the judge's reasons, e.g. "excludes The Daily Example"
    segment_name: str = ""

    @property
    def kind_label(self) -> str:
        try:
            return str(OutletKind(self.kind).label)
        except ValueError:
            return self.kind

    def __str__(self) -> str:
        return self.name


AudienceChoices = Callable[[], list[tuple[str, str]]]
OutletChoices = Callable[[], list[tuple[str, OutletFacts]]]

_audiences: list[AudienceChoices] = []
_outlets: list[OutletChoices] = []


def register_audiences(choices: AudienceChoices) -> None:
    """Register the audience segments outlets can have: a function giving (code, name)s."""
    if choices not in _audiences:
        _audiences.append(choices)


def audience_choices() -> list[tuple[str, str]]:
    """Every registered audience segment as (code, name), in the order given."""
    return [choice for choices in _audiences for choice in choices()]


def register_outlets(choices: OutletChoices) -> None:
    """Register the outlets a use can be checked against: (key, OutletFacts)s by name."""
    if choices not in _outlets:
        _outlets.append(choices)


def outlet_choices() -> list[tuple[str, OutletFacts]]:
    """Every registered outlet as (key, facts), in the order given."""
    return [choice for choices in _outlets for choice in choices()]
