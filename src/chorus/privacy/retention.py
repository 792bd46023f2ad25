"""The retention schedule, for every kind of record registered with a retention rule.

Apps say which of their records are reviewed, after how long and by which fields
(`registry.RetentionRule`; storytellers' rule lives in `chorus.voices.privacy`).

1. Every night, records inactive for their rule's period (activity field older than
   that) are flagged for review (`retention_flag_inactive`).
2. A reviewer keeps them (activity starts again from today) or confirms their erasure.
3. Every night, records flagged more than ERASURE_GRACE_DAYS ago whose erasure a
   reviewer confirmed have their person erased (`retention_erase_confirmed`). Nobody is
   erased without a reviewer's confirmation, however long ago they were flagged.
4. Every night, kept import files older than CHORUS_IMPORT_FILE_RETENTION_DAYS are
   deleted (`chorus.privacy.kept_files`).

Every step is safe to run twice and safe to interrupt.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from chorus.privacy import registry
from chorus.privacy.erasure import person_erase
from chorus.privacy.models import AuditAction, ErasureReason, RetentionDecision
from chorus.privacy.registry import PersonalData, RetentionRule
from chorus.privacy.services import audit_record, audited_update

# Time between the flag and a confirmed erasure, to reach the person and ask them first.
ERASURE_GRACE_DAYS = 30


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(day.day, last_day))


def retention_cutoff(rule: RetentionRule, today: datetime.date | None = None) -> datetime.date:
    """Records last active before this date are due for a retention review."""
    return months_before(today or timezone.localdate(), rule.months())


def erasure_due_on(flagged_on: datetime.date) -> datetime.date:
    return flagged_on + datetime.timedelta(days=ERASURE_GRACE_DAYS)


def _rule(entry: PersonalData) -> RetentionRule:
    if entry.retention is None:
        raise ValueError(f"{entry.label} is not reviewed for retention.")
    return entry.retention


def _live(entry: PersonalData) -> models.QuerySet[Any]:
    """The kind's records that are not gone (erased)."""
    rule = _rule(entry)
    records = entry.model._default_manager.all()
    return records.exclude(**rule.gone) if rule.gone else records


@dataclass(frozen=True)
class Flagged:
    """One record waiting for (or past) a retention review, as the reviewer sees it."""

    entry: PersonalData
    record: models.Model
    erasure_confirmed: bool

    @property
    def rule(self) -> RetentionRule:
        return _rule(self.entry)

    @property
    def kind(self) -> str:
        return self.entry.label

    @property
    def pk(self) -> Any:
        return self.record.pk

    @property
    def reference(self) -> str:
        return str(getattr(self.record, self.rule.reference_field))

    @property
    def person_id(self) -> Any:
        return getattr(self.record, f"{self.rule.person_field}_id")

    @property
    def flagged_on(self) -> datetime.date:
        return getattr(self.record, self.rule.flag_field)

    @property
    def last_active_on(self) -> datetime.date | None:
        return getattr(self.record, self.rule.activity_field)

    @property
    def erasure_due_on(self) -> datetime.date:
        return erasure_due_on(self.flagged_on)

    @property
    def details(self) -> list[tuple[str, Any]]:
        return [(title, getattr(self.record, name)) for name, title in self.rule.details.items()]


def _confirmed(entry: PersonalData) -> set[tuple[int, datetime.date]]:
    return set(
        RetentionDecision.objects.filter(
            record_type=entry.label, decision=RetentionDecision.Decision.ERASE
        ).values_list("record_id", "flagged_on")
    )


def flagged_records(entry: PersonalData) -> list[Flagged]:
    """One kind's records waiting for (or past) a retention review, oldest flag first."""
    rule = _rule(entry)
    records = (
        _live(entry)
        .filter(**{f"{rule.flag_field}__isnull": False})
        .select_related(*[name for name in rule.details if _is_relation(entry, name)])
        .order_by(rule.flag_field, rule.reference_field)
    )
    confirmed = _confirmed(entry)
    return [
        Flagged(entry, record, (record.pk, getattr(record, rule.flag_field)) in confirmed)
        for record in records
    ]


def _is_relation(entry: PersonalData, name: str) -> bool:
    return bool(entry.model._meta.get_field(name).is_relation)


def all_flagged() -> list[Flagged]:
    return [flagged for entry in registry.retention_rules() for flagged in flagged_records(entry)]


def find_flagged(kind: str, pk: int) -> Flagged | None:
    """The flagged record of that kind and id, or None (unknown, not flagged, or gone)."""
    entry = registry.registration_for(kind)
    if entry is None or entry.retention is None:
        return None
    return next((f for f in flagged_records(entry) if f.pk == pk), None)


def retention_flag_inactive(*, today: datetime.date | None = None) -> int:
    """Flag records inactive for their retention period. Returns how many were flagged.

    Already-flagged and erased records are left alone, so running it twice flags
    nobody twice.
    """
    today = today or timezone.localdate()
    flagged = 0
    for entry in registry.retention_rules():
        rule = _rule(entry)
        due = (
            _live(entry)
            .filter(
                **{
                    f"{rule.activity_field}__lt": retention_cutoff(rule, today),
                    rule.flag_field: None,
                }
            )
            .order_by("pk")
        )
        for pk in list(due.values_list("pk", flat=True)):
            with transaction.atomic():
                # Checked again under the transaction: a reviewer may have acted meanwhile.
                if not due.filter(pk=pk).update(**{rule.flag_field: today}):
                    continue
                audit_record(
                    actor=None,
                    action=AuditAction.UPDATE,
                    object_type=entry.label,
                    object_id=str(pk),
                    object_repr=f"{rule.noun.capitalize()} flagged for retention review",
                    changes={rule.flag_field: {"from": None, "to": str(today)}},
                    note=f"retention: inactive for more than {rule.months()} months",
                )
            flagged += 1
    return flagged


@transaction.atomic
def retention_keep(*, actor: Any, flagged: Flagged) -> None:
    """Keep a flagged record: its activity counts from today and the flag is lifted."""
    rule = flagged.rule
    RetentionDecision.objects.update_or_create(
        record_type=flagged.kind,
        record_id=flagged.pk,
        flagged_on=flagged.flagged_on,
        defaults={"decision": RetentionDecision.Decision.KEEP, "decided_by": actor},
    )
    audited_update(
        actor=actor,
        instance=flagged.record,
        fields={rule.activity_field: timezone.localdate(), rule.flag_field: None},
    )


@transaction.atomic
def retention_confirm_erasure(*, actor: Any, flagged: Flagged) -> RetentionDecision:
    """Confirm that a flagged record's person is erased once the grace period is over."""
    decision, _ = RetentionDecision.objects.update_or_create(
        record_type=flagged.kind,
        record_id=flagged.pk,
        flagged_on=flagged.flagged_on,
        defaults={"decision": RetentionDecision.Decision.ERASE, "decided_by": actor},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=flagged.record,
        changes={"retention_decision": {"from": None, "to": "erase"}},
        note="retention: erasure confirmed",
    )
    return decision


def retention_erase_confirmed(*, today: datetime.date | None = None) -> int:
    """Erase the people whose erasure a reviewer confirmed, once the grace period is over.

    DESTROYS DATA (through `person_erase`). Records without a confirmed decision are
    never erased here. One transaction per person. Returns how many were erased.
    """
    today = today or timezone.localdate()
    erased = 0
    for entry in registry.retention_rules():
        rule = _rule(entry)
        due = RetentionDecision.objects.filter(
            record_type=entry.label,
            decision=RetentionDecision.Decision.ERASE,
            carried_out_on=None,
            flagged_on__lte=today - datetime.timedelta(days=ERASURE_GRACE_DAYS),
        )
        for decision_pk in list(due.order_by("pk").values_list("pk", flat=True)):
            with transaction.atomic():
                # Checked again under the transaction: a reviewer may have kept them meanwhile.
                decision = due.select_for_update().filter(pk=decision_pk).first()
                if decision is None:
                    continue
                # The decision must answer the record's current flag, not an older one.
                record = (
                    _live(entry)
                    .select_related(rule.person_field)
                    .filter(pk=decision.record_id, **{rule.flag_field: decision.flagged_on})
                    .first()
                )
                if record is None:
                    continue
                person_erase(
                    actor=None,
                    person=getattr(record, rule.person_field),
                    reason=ErasureReason.RETENTION,
                )
                decision.carried_out_on = today
                decision.save(update_fields=["carried_out_on"])
            erased += 1
    return erased
