"""Writing the audit log.

Every service that creates, changes or deletes a record calls `audit_record` inside
its own transaction, so a change and its audit row commit or roll back together.
Values of fields listed in a model's SENSITIVE_FIELDS never reach the log.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from chorus.lib.bulk import insert_rows
from chorus.privacy.models import AuditAction, AuditEntry

REDACTED = "changed"
# Bookkeeping fields every row has; their change says nothing a reader needs.
_ALWAYS_IGNORED = frozenset({"id", "created_at", "updated_at"})


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        # A stored file is recorded by its name, never its content.
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _sensitive(instance: models.Model) -> frozenset[str]:
    return frozenset(getattr(instance, "SENSITIVE_FIELDS", frozenset()))


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The current value of each concrete field, to diff against after a change."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        values[field.name] = getattr(instance, field.name)
    return values


def diff(before: dict[str, Any], instance: models.Model) -> dict[str, Any]:
    """Fields whose value differs from `before`, with values for non-sensitive fields only."""
    ignored = _ALWAYS_IGNORED | frozenset(getattr(instance, "AUDIT_IGNORED_FIELDS", frozenset()))
    sensitive = _sensitive(instance)
    changes: dict[str, Any] = {}
    for name, old in before.items():
        if name in ignored:
            continue
        new = getattr(instance, name)
        if old != new:
            changes[name] = (
                REDACTED if name in sensitive else {"from": _plain(old), "to": _plain(new)}
            )
    return changes


def created_fields(instance: models.Model) -> dict[str, Any]:
    """The fields a new record was created with (the non-empty ones), as a change from nothing."""
    changes = diff({name: None for name in snapshot(instance)}, instance)
    return {
        name: change
        for name, change in changes.items()
        if change == REDACTED
        and getattr(instance, name) not in (None, "")
        or change != REDACTED
        and change["to"] not in (None, "")
    }


@transaction.atomic
def audited_create[M: models.Model](*, actor: Any, instance: M) -> M:
    """Validate and save a new record, and write its CREATE audit row with it."""
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, instance=instance, changes=created_fields(instance)
    )
    return instance


@transaction.atomic
def audited_update(*, actor: Any, instance: models.Model, fields: dict[str, Any]) -> dict[str, Any]:
    """Set `fields`, validate, save only what changed, and audit it. Returns the changes.

    Nothing is written, not even an audit row, when no value actually changed.
    """
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    changes = diff(before, instance)
    if changes:
        touched = [name for name in ("updated_at",) if hasattr(instance, name)]
        instance.save(update_fields=[*changes, *touched])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=instance, changes=changes)
    return changes


def _actor_fields(actor: Any) -> dict[str, Any]:
    """Who an audit row names: a signed-in user, or no one (a task, a visitor)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return {
        "actor": actor if authenticated else None,
        "actor_username": actor.get_username() if authenticated else "",
    }


def audit_list_view(
    *, actor: Any, model: type[models.Model], ids: Iterable[Any], title: str, note: str
) -> AuditEntry | None:
    """One VIEW row for a list page, naming the records it showed (None when it showed none).

    Asking later who saw a person's record finds these rows as surely as a view of the
    record itself (`chorus.privacy.selectors.audit_entries`, subject access), without a
    row per record burying real changes in the log.
    """
    shown = [str(pk) for pk in ids]
    if not shown:
        return None
    # A single insert, no savepoint: list pages are read often and cheaply.
    return AuditEntry.objects.create(
        **_actor_fields(actor),
        action=AuditAction.VIEW,
        object_type=model._meta.label_lower,
        object_repr=f"{title} ({len(shown)} shown)"[:200],
        note=note[:300],
        shown=shown,
    )


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Add one audit row. Call it inside the transaction of the change it records."""
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk or "")
        object_repr = object_repr or _safe_repr(instance)
    with transaction.atomic():
        return AuditEntry.objects.create(
            **_actor_fields(actor),
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            changes=changes or {},
            note=note[:300],
        )


def audit_record_many(
    *,
    actor: Any,
    action: AuditAction | str,
    records: Iterable[tuple[models.Model, dict[str, Any]]],
    note: str = "",
) -> int:
    """One audit row per (record, changes), as `audit_record` writes them, in batches.

    For many records saved together (an import's bulk insert or update): one insert per
    record made a 10,000-row import spend most of its time on the log. Call it inside
    the transaction that saved the records. Returns how many rows were written.
    """
    who = _actor_fields(actor)
    return insert_rows(
        AuditEntry,
        (
            {
                **who,
                "action": action,
                "object_type": instance._meta.label_lower,
                "object_id": str(instance.pk or ""),
                "object_repr": _safe_repr(instance)[:200],
                "changes": changes,
                "note": note[:300],
            }
            for instance, changes in records
        ),
    )


def audit_created_many(*, actor: Any, instances: Iterable[models.Model], note: str = "") -> int:
    """A CREATE row for each of many records just saved together."""
    return audit_record_many(
        actor=actor,
        action=AuditAction.CREATE,
        records=((instance, created_fields(instance)) for instance in instances),
        note=note,
    )


def _safe_repr(instance: models.Model) -> str:
    # A model can say how it is named in the log (for example without a person's name).
    audit_label = getattr(instance, "audit_label", None)
    if callable(audit_label):
        return str(audit_label())
    return str(instance)
