"""The journalist directory as a CSV file (through `chorus.lib.csv_export`).

The columns are the ones the "journalists" import reads, so a download can be edited
and imported into another Chorus. Nothing here writes to the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from chorus.lib.csv_export import csv_lines
from chorus.people.models import Person

HEADER = (
    "name",
    "email",
    "phone",
    "outlet",
    "beats",
    "region",
    "preferred contact",
    "do not contact",
    "do not contact reason",
    "former outlets",
)


def journalist_row(person: Person) -> list[str]:
    """One person from `selectors.journalists_visible_to` as the export's cells."""
    roles = list(person.journalist_roles.all())
    current = [role for role in roles if role.is_current]
    beats: list[str] = []
    for role in current:
        for beat in role.beat_list:
            if beat.casefold() not in {b.casefold() for b in beats}:
                beats.append(beat)
    profile = getattr(person, "journalist_profile", None)
    return [
        person.full_name,
        person.email,
        person.phone,
        "; ".join(role.outlet.name for role in current),
        ", ".join(beats),
        str(profile.region.name) if profile and profile.region else "",
        str(profile.get_preferred_contact_display())
        if profile and profile.preferred_contact
        else "",
        "yes" if profile and profile.do_not_contact else "no",
        profile.do_not_contact_reason if profile else "",
        "; ".join(role.outlet.name for role in roles if not role.is_current),
    ]


def journalists_csv_lines(people: Iterable[Person]) -> Iterator[str]:
    return csv_lines(HEADER, (journalist_row(person) for person in people))
