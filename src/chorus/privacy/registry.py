"""The register of personal data: what each app holds about people, and why.

`privacy` knows no other app. Each app that keeps data about a person registers its
models here, from its own `privacy.py` loaded by its AppConfig.ready(), and says:

- how to find one person's records (`paths`: lookups from the model to the Person);
- its lawful basis (GDPR Article 6) and, for special-category data, the Article 9
  condition it relies on;
- how to erase it beyond blanking free text (`erase_values`, `erase`);
- how it is reviewed for retention, when it is (`retention`).

Subject access, erasure and the retention review go through this register. The
`people` app registers the Person itself (`subject=True`), which is how privacy finds
the Person model without importing it.

A model can't be forgotten: `unregistered_models()` walks the model definitions from
the Person, as the subject access export did before there was a register, and names
every model on the way that is neither registered nor declared not personal
(`declare_not_personal`). A test keeps that list empty.

Uploaded files kept after an import are registered with `register_kept_files`: they are
deleted after CHORUS_IMPORT_FILE_RETENTION_DAYS, and subject access lists those that
name the person.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

# A model is searched at most this many relations away from the Person.
MAX_DEPTH = 3


class LawfulBasis(enum.StrEnum):
    """GDPR Article 6(1): why Chorus may process the data at all."""

    CONSENT = "Art. 6(1)(a) consent"
    CONTRACT = "Art. 6(1)(b) contract"
    LEGAL_OBLIGATION = "Art. 6(1)(c) legal obligation"
    VITAL_INTERESTS = "Art. 6(1)(d) vital interests"
    PUBLIC_TASK = "Art. 6(1)(e) public task"
    LEGITIMATE_INTERESTS = "Art. 6(1)(f) legitimate interests"


class Article9Condition(enum.StrEnum):
    """GDPR Article 9(2): the condition for special-category data (origin, health, ...)."""

    EXPLICIT_CONSENT = "Art. 9(2)(a) explicit consent"
    EMPLOYMENT_SOCIAL_PROTECTION = "Art. 9(2)(b) employment and social protection"
    VITAL_INTERESTS = "Art. 9(2)(c) vital interests"
    NOT_FOR_PROFIT_MEMBERS = "Art. 9(2)(d) not-for-profit body, its members"
    MADE_PUBLIC = "Art. 9(2)(e) made public by the person"
    LEGAL_CLAIMS = "Art. 9(2)(f) legal claims"
    SUBSTANTIAL_PUBLIC_INTEREST = "Art. 9(2)(g) substantial public interest"


@dataclass(frozen=True)
class RetentionRule:
    """How records of one kind are reviewed once the person has been inactive too long.

    Every night records whose `activity_field` is older than `months()` are flagged
    (`flag_field` set to the day); a reviewer keeps them or confirms their erasure.
    """

    noun: str  # what the reviewer sees the record as, e.g. "storyteller"
    months: Callable[[], int]
    activity_field: str
    flag_field: str
    reference_field: str  # shown instead of a name
    person_field: str = "person"
    # Filter for records already gone (erased): never flagged, never listed.
    gone: Mapping[str, Any] = field(default_factory=dict)
    # Further fields shown to the reviewer, e.g. {"region": "Region"}.
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonalData:
    """One model that holds data about people, with what the law and Chorus need to know."""

    model: type[models.Model]
    lawful_basis: LawfulBasis
    purpose: str
    # Lookups from the model to the Person, e.g. "storyteller__person"; none for the
    # Person itself.
    paths: tuple[str, ...] = ()
    article9: Article9Condition | None = None
    subject: bool = False  # the Person model itself
    # Wholly about one person: what points at it is about that person too.
    owned: bool = False
    # A field holding a non-identifying reference to the person (a storyteller's code).
    reference_field: str = ""
    # Finds the records another way than by `paths` (a generic reference).
    records: Callable[[models.Model], models.QuerySet[Any]] | None = None
    # Values erasure sets besides blanking free text: a dict, or a function of the person.
    erase_values: Mapping[str, Any] | Callable[[models.Model], Mapping[str, Any]] = field(
        default_factory=dict
    )
    # Called with the person's records after blanking, when more is needed.
    erase: Callable[[models.QuerySet[Any]], None] | None = None
    retention: RetentionRule | None = None
    # The access areas (chorus.accounts.access) whose roles may see these records, for
    # the record of processing activities. Empty: not stated, and the record says so.
    access_areas: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        """How the kind is named to people, e.g. "Consents (voices)"."""
        meta = self.model._meta
        return f"{str(meta.verbose_name_plural).capitalize()} ({meta.app_label})"

    @property
    def depth(self) -> int:
        if self.subject:
            return 0
        return min((p.count("__") + 1 for p in self.paths), default=MAX_DEPTH)

    def records_of(self, person: models.Model) -> models.QuerySet[Any]:
        if self.records is not None:
            return self.records(person).order_by("pk")
        if self.subject:
            return self.model._default_manager.filter(pk=person.pk)
        matches = Q()
        for path in self.paths:
            matches |= Q(**{path: person})
        records = self.model._default_manager.filter(matches)
        if len(self.paths) > 1 or any(_crosses_many(self.model, p) for p in self.paths):
            records = records.distinct()
        return records.order_by("pk")

    def values_on_erasure(self, person: models.Model) -> dict[str, Any]:
        values = self.erase_values
        return dict(values(person) if callable(values) else values)


@dataclass(frozen=True)
class KeptFiles:
    """Uploaded files kept after an import: deleted after the import file retention period."""

    model: type[models.Model]
    purpose: str
    lawful_basis: LawfulBasis
    file_field: str = "file"
    uploaded_field: str = "uploaded_at"
    access_areas: tuple[str, ...] = ()
    # Areas known only once every app has registered (the import kinds): asked when read.
    access_areas_of: Callable[[], tuple[str, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def seen_in(self) -> tuple[str, ...]:
        """The access areas whose viewers may see the files."""
        return self.access_areas_of() if self.access_areas_of is not None else self.access_areas

    def kept(self) -> models.QuerySet[Any]:
        """Records whose file is still kept, oldest first."""
        return (
            self.model._default_manager.exclude(**{self.file_field: ""})
            .exclude(**{f"{self.file_field}__isnull": True})
            .order_by(self.uploaded_field, "pk")
        )


_registered: dict[str, PersonalData] = {}
_not_personal: dict[str, str] = {}
_kept_files: dict[str, KeptFiles] = {}


def register(entry: PersonalData) -> PersonalData:
    """Register a model holding personal data. Registering the same model again replaces it."""
    ways = [bool(entry.paths), entry.subject, entry.records is not None]
    if sum(ways) != 1:
        raise ValueError(
            f"{entry.label}: give paths to the Person, a records function, or mark it as the "
            "subject (exactly one)."
        )
    _registered[entry.label] = entry
    return entry


def declare_not_personal(model: type[models.Model], *, reason: str) -> None:
    """Say that a model which points at a person's records holds nothing about them."""
    _not_personal[model._meta.label_lower] = reason


def register_kept_files(entry: KeptFiles) -> KeptFiles:
    _kept_files[entry.label] = entry
    return entry


def personal_data() -> list[PersonalData]:
    """Every registration, the Person first, then by distance from the Person and label."""
    return sorted(_registered.values(), key=lambda e: (e.depth, e.label))


def registration_for(model: type[models.Model] | str) -> PersonalData | None:
    label = model if isinstance(model, str) else model._meta.label_lower
    return _registered.get(label)


def not_personal() -> dict[str, str]:
    return dict(_not_personal)


def kept_files() -> list[KeptFiles]:
    return sorted(_kept_files.values(), key=lambda e: e.label)


def subject_model() -> type[models.Model]:
    """The Person model, as registered by the app that defines it."""
    for entry in _registered.values():
        if entry.subject:
            return entry.model
    raise LookupError("No app registered the Person model with privacy (subject=True).")


def retention_rules() -> Iterator[PersonalData]:
    return (e for e in personal_data() if e.retention is not None)


def subject_reference(person: models.Model) -> str:
    """The person's non-identifying reference (a storyteller's code), or "person-<pk>"."""
    for entry in personal_data():
        if entry.reference_field:
            found = entry.records_of(person).values_list(entry.reference_field, flat=True)
            reference = found.first()
            if reference:
                return str(reference)
    return f"person-{person.pk}"


# --- The walk that keeps the register complete -----------------------------------------


def _crosses_many(model: type[models.Model], path: str) -> bool:
    current: Any = model
    for name in path.split("__"):
        relation = current._meta.get_field(name)
        if relation.many_to_many or relation.one_to_many:
            return True
        current = relation.related_model
    return False


def _reverse_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """Relations other models hold to this one, including hidden ones (related_name='+')."""
    return [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if isinstance(f, models.ForeignObjectRel)
        # Many-to-many tables Django makes itself are exported as a list on the owner.
        and not f.related_model._meta.auto_created
    ]


def related_models() -> dict[str, tuple[type[models.Model], list[str]]]:
    """Every model that points at a Person, or at a record a person owns, with the paths.

    Breadth-first from the Person over reverse relations (foreign keys, one-to-one and
    many-to-many, hidden ones included), through registrations marked `owned` only, at
    most MAX_DEPTH relations deep.
    """
    person = subject_model()
    start = person._meta.label_lower
    found: dict[str, tuple[type[models.Model], list[str]]] = {}
    queue: deque[tuple[type[models.Model], str, int]] = deque([(person, "", 0)])
    walked: set[str] = {start}
    while queue:
        model, path_to_person, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        for relation in _reverse_relations(model):
            holder = relation.related_model
            if not isinstance(holder, type):
                continue
            lookup = relation.field.name + (f"__{path_to_person}" if path_to_person else "")
            label = holder._meta.label_lower
            if label == start:
                continue  # a person linked to another person's record is their own export
            _, paths = found.setdefault(label, (holder, []))
            if lookup not in paths:
                paths.append(lookup)
            entry = _registered.get(label)
            if entry is not None and entry.owned and label not in walked:
                walked.add(label)
                queue.append((holder, lookup, depth + 1))
    return found


def unregistered_models() -> list[str]:
    """What the register misses: one line per model or path, empty when it is complete."""
    problems = []
    for label, (_, paths) in sorted(related_models().items()):
        if label in _not_personal:
            continue
        entry = _registered.get(label)
        if entry is None:
            problems.append(f"{label} points at a person but is not registered with privacy")
            continue
        if entry.records is None:
            missing = [p for p in paths if p not in entry.paths]
            if missing:
                problems.append(f"{label} is registered without the path(s) {', '.join(missing)}")
    return problems
