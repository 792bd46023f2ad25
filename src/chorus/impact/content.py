"""The report-content registry: records an app offers the impact report to show.

Figures come from the indicator registry; this one carries the things a report shows
beside them: highlighted records (the stories that reached the widest audiences),
consented quotes. A section staff choose from (`chosen`, the default) offers
`candidates` and the annual report shows only the records chosen; one that is not
chosen (consented quotes) is shown as `items` gives it. Each app registers its sections from its
own module, loaded from its AppConfig.ready(); impact knows none of them. A section's
`items` reads only what may be shown in a report (a section of quotes checks consent
itself) and never writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from chorus.impact.periods import Period

__all__ = ["Item", "Section", "collect", "get_section", "register", "sections"]


@dataclass(frozen=True)
class Item:
    """One record as a report shows it."""

    title: str  # "Why I volunteer at the food bank"
    detail: str  # "Example Evening News, 3 March 2023"
    record_id: int  # the record's primary key, which a published report can hash
    link: str = ""  # where a reader can see it (the published story), if anywhere


@dataclass(frozen=True)
class Section:
    key: str  # "<area>.<name>", like indicator codes
    title: str
    description: str
    items: Callable[[Period], list[Item]] = field(repr=False, compare=False)
    order: int = 100
    # What staff choose from for the annual report (its highlights); `items` by default.
    candidates: Callable[[Period], list[Item]] | None = field(
        default=None, repr=False, compare=False
    )
    # Chosen for the annual report by staff (True), or shown as `items` gives them.
    chosen: bool = True

    def choices(self, period: Period) -> list[Item]:
        return (self.candidates or self.items)(period)


_SECTIONS: dict[str, Section] = {}


def register(
    *,
    key: str,
    title: str,
    description: str,
    items: Callable[[Period], list[Item]],
    order: int = 100,
    candidates: Callable[[Period], list[Item]] | None = None,
    chosen: bool = True,
) -> Section:
    if "." not in key:
        raise ValueError(f"Report content key {key!r} must be '<area>.<name>'.")
    if key in _SECTIONS:
        raise ValueError(f"Report content {key!r} is registered twice.")
    section = Section(
        key=key,
        title=title,
        description=" ".join(description.split()),
        items=items,
        order=order,
        candidates=candidates,
        chosen=chosen,
    )
    _SECTIONS[key] = section
    return section


def get_section(key: str) -> Section | None:
    return _SECTIONS.get(key)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


@dataclass(frozen=True)
class Filled:
    section: Section
    items: list[Item]


def collect(period: Period) -> list[Filled]:
    """Every section with its items for the period, leaving out those with none."""
    filled = [Filled(section, section.items(period)) for section in sections()]
    return [f for f in filled if f.items]
