"""Subject access: everything Chorus holds about one person, found by walking the models.

The records are found from the model definitions, not from a list kept by hand: every
model that points at a Person (by foreign key, one-to-one or many-to-many, hidden
relations included), and every model that points at one of the records a person owns
outright (their storyteller profile, consents and safeguarding concerns), is searched.
A model added later is therefore exported, and erased, without anyone remembering to.

The archive holds decrypted special-category data. It is built in memory, handed to
the person asking for it, and never stored, logged or put into an audit row.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from chorus.people.models import Person
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.privacy.services import audit_record

# Records that belong to one person outright: what points at them is about that person
# too. Nothing else is walked through, so a journalist's export does not pull in the
# storytellers put forward for their requests.
OWNED_BY_PERSON = frozenset(
    {
        "people.person",
        "voices.storytellerprofile",
        "voices.consent",
        "voices.safeguardingconcern",
        "roundup.subscriber",
    }
)
MAX_DEPTH = 3
EXPORT_NOTE = "subject access export"


@dataclass
class PersonalModel:
    """A model holding data about a person, and the lookups that lead from it to them."""

    model: type[models.Model]
    paths: list[str] = field(default_factory=list)  # e.g. "storyteller__person"
    depth: int = 0

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def title(self) -> str:
        """How the kind is named to people, e.g. "Consents (voices)"."""
        meta = self.model._meta
        return f"{str(meta.verbose_name_plural).capitalize()} ({meta.app_label})"

    def records_of(self, person: Person) -> models.QuerySet[Any]:
        if not self.paths:  # the Person model itself
            return self.model._default_manager.filter(pk=person.pk)
        matches = Q()
        for path in self.paths:
            matches |= Q(**{path: person})
        records = self.model._default_manager.filter(matches)
        if len(self.paths) > 1 or any(_crosses_many(self.model, p) for p in self.paths):
            records = records.distinct()
        return records.order_by("pk")


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


def personal_data_models() -> list[PersonalModel]:
    """Every model that holds data about a person, with how to find that person's rows.

    Breadth-first from Person over reverse relations, through OWNED_BY_PERSON only, at
    most MAX_DEPTH relations deep. A model reached along several paths is searched
    along all of them.
    """
    found: dict[str, PersonalModel] = {"people.person": PersonalModel(Person, [], 0)}
    queue: deque[tuple[type[models.Model], str, int]] = deque([(Person, "", 0)])
    walked: set[str] = {"people.person"}
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
            if label == "people.person":
                continue  # a person linked to another person's record is their own export
            entry = found.setdefault(label, PersonalModel(holder, [], depth + 1))
            if lookup not in entry.paths:
                entry.paths.append(lookup)
            if label in OWNED_BY_PERSON and label not in walked:
                walked.add(label)
                queue.append((holder, lookup, depth + 1))
    return sorted(found.values(), key=lambda m: (m.depth, m.label))


# --- The archive ------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectAccessArchive:
    filename: str
    content: bytes
    counts: dict[str, int]


def records_summary(person: Person) -> list[tuple[PersonalModel, int]]:
    """How many records of each kind Chorus holds about this person (for the confirm page)."""
    return [(m, m.records_of(person).count()) for m in personal_data_models()]


def _label_of(instance: models.Model | None) -> str | None:
    if instance is None:
        return None
    audit_label = getattr(instance, "audit_label", None)
    return str(audit_label()) if callable(audit_label) else str(instance)


def serialise(instance: models.Model) -> dict[str, Any]:
    """Every field of a record, decrypted; related records as their id and name."""
    row: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.is_relation:
            related_id = getattr(instance, f.attname)
            row[f.name] = (
                None
                if related_id is None
                else {"id": related_id, "label": _label_of(getattr(instance, f.name))}
            )
        else:
            row[f.name] = f.value_from_object(instance)
    for m2m in instance._meta.many_to_many:
        row[m2m.name] = [str(related) for related in getattr(instance, m2m.name).all()]
    return row


def _audit_rows(records: dict[str, list[models.Model]]) -> list[dict[str, Any]]:
    """What the audit log says was done with this person's records (never any values)."""
    about = Q(pk__in=[])
    for label, instances in records.items():
        if instances:
            about |= Q(object_type=label, object_id__in=[str(i.pk) for i in instances])
    return [
        {
            "at": entry.at,
            "action": entry.get_action_display(),
            "record": f"{entry.object_type} #{entry.object_id}",
            "fields": entry.changed_fields,
            "note": entry.note,
        }
        for entry in AuditEntry.objects.filter(about).order_by("at", "id")
    ]


def _readme(
    person: Person, kinds: list[PersonalModel], counts: dict[str, int], at: datetime.datetime
) -> str:
    storyteller = getattr(person, "storyteller", None)
    lines = [
        "SUBJECT ACCESS EXPORT",
        "",
        f"Everything Chorus held on {timezone.localtime(at):%-d %B %Y at %H:%M}",
        f"about person #{person.pk}"
        + (f" (storyteller {storyteller.reference})." if storyteller else "."),
        "",
        "This archive contains personal and special-category data, decrypted. Send it",
        "to the person only through a secure route, keep no copy, and delete it once sent.",
        "",
        "FILES",
        "",
        "Each <app>.<record kind>.json file holds a list of records of one kind, one JSON",
        "object per record, with every field Chorus stores. A linked record appears as its",
        "id and name. Dates are ISO 8601 (YYYY-MM-DD), times are in UTC.",
        "",
    ]
    for kind in kinds:
        meta = kind.model._meta
        how = (
            "this person's own record"
            if not kind.paths
            else "records linked through " + " or ".join(p.replace("__", " > ") for p in kind.paths)
        )
        lines.append(
            f"  {kind.label}.json: {counts[kind.label]} {meta.verbose_name_plural} ({how})"
        )
    lines += [
        f"  audit_log.json: {counts['audit_log']} entries of the audit trail about these",
        "    records: when they were created, changed, viewed or exported (no values).",
        "",
        "Every kind of record that can hold data about a person is listed, including",
        "those with no records for this person, so the list shows what was searched.",
        "",
    ]
    return "\n".join(lines)


def subject_access_export(*, actor: Any, person: Person) -> SubjectAccessArchive:
    """Build the ZIP archive of everything held about `person`, and audit the export.

    The archive is returned, never stored. The audit row records that an export was
    made, by whom and about which record; it holds no values.
    """
    at = timezone.now()
    kinds = personal_data_models()
    with transaction.atomic():
        records = {kind.label: list(kind.records_of(person)) for kind in kinds}
        audit = _audit_rows(records)
        audit_record(actor=actor, action=AuditAction.EXPORT, instance=person, note=EXPORT_NOTE)
    counts = {label: len(rows) for label, rows in records.items()}
    counts["audit_log"] = len(audit)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(person, kinds, counts, at))
        for kind in kinds:
            rows = [serialise(instance) for instance in records[kind.label]]
            archive.writestr(f"{kind.label}.json", _json(rows))
        archive.writestr("audit_log.json", _json(audit))
    return SubjectAccessArchive(
        filename=f"subject-access-person-{person.pk}-{at:%Y%m%d}.zip",
        content=buffer.getvalue(),
        counts=counts,
    )


def _json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False) + "\n"
