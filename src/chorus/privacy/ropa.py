"""The record of processing activities (UK GDPR Article 30), made from the registry.

Each kind of personal data registered with privacy becomes one entry: its purpose,
lawful basis, Article 9 condition, retention and the roles that may see it (read from
the access matrix through the areas the registration names). What a registration does
not say is shown as "not stated", never guessed: the record must be true to be of use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from chorus.accounts.access import MATRIX
from chorus.accounts.roles import Role
from chorus.lib.csv_export import csv_lines
from chorus.privacy import registry
from chorus.privacy.kept_files import import_file_retention_days

NOT_STATED = "not stated"

HEADER = (
    "kind of personal data",
    "record type",
    "purpose",
    "lawful basis",
    "article 9 condition",
    "retention",
    "who may see it",
)


@dataclass(frozen=True)
class Activity:
    kind: str
    record_type: str
    purpose: str
    lawful_basis: str
    article9: str
    retention: str
    seen_by: str

    def as_row(self) -> tuple[str, ...]:
        return (
            self.kind,
            self.record_type,
            self.purpose,
            self.lawful_basis,
            self.article9,
            self.retention,
            self.seen_by,
        )


def roles_seeing(areas: Iterable[str]) -> str:
    """The roles that may view any of these areas, in the matrix's order of roles."""
    areas = tuple(areas)
    if not areas:
        return NOT_STATED
    allowed: set[Role] = set()
    for area in areas:
        allowed |= set(MATRIX[area]["view"])
    return ", ".join(str(role.label) for role in Role if role in allowed) or "no one"


def _retention(entry: registry.PersonalData) -> str:
    rule = entry.retention
    if rule is None:
        return NOT_STATED
    return (
        f"reviewed after {rule.months()} months without activity; erased when a reviewer confirms"
    )


def activities() -> list[Activity]:
    """One entry per registered kind of personal data, then the kept import files."""
    found = [
        Activity(
            kind=entry.title,
            record_type=entry.label,
            purpose=entry.purpose or NOT_STATED,
            lawful_basis=str(entry.lawful_basis) if entry.lawful_basis else NOT_STATED,
            article9=str(entry.article9) if entry.article9 else NOT_STATED,
            retention=_retention(entry),
            seen_by=roles_seeing(entry.access_areas),
        )
        for entry in registry.personal_data()
    ]
    days = import_file_retention_days()
    found += [
        Activity(
            kind=f"Uploaded files ({files.model._meta.app_label})",
            record_type=files.label,
            purpose=files.purpose or NOT_STATED,
            lawful_basis=str(files.lawful_basis),
            article9=NOT_STATED,
            retention=f"files deleted {days} days after upload",
            seen_by=roles_seeing(files.seen_in()),
        )
        for files in registry.kept_files()
    ]
    return found


def activities_csv_lines() -> Iterator[str]:
    return csv_lines(HEADER, (activity.as_row() for activity in activities()))
