"""The retention schedule for storytellers' records.

1. Every night, storytellers inactive for CHORUS_RETENTION_MONTHS (last_active_on older
   than that) are flagged for review (`retention_flag_inactive`).
2. A reviewer keeps them (activity starts again from today) or confirms their erasure.
3. Every night, storytellers flagged more than ERASURE_GRACE_DAYS ago whose erasure a
   reviewer confirmed are erased (`retention_erase_confirmed`). Nobody is erased
   without a reviewer's confirmation, however long ago they were flagged.

Every step is safe to run twice and safe to interrupt.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from chorus.privacy.erasure import person_erase
from chorus.privacy.models import AuditAction, ErasureReason, RetentionDecision
from chorus.privacy.services import audit_record, audited_update
from chorus.voices.models import StorytellerProfile

# Time between the flag and a confirmed erasure, to reach the person and ask them first.
ERASURE_GRACE_DAYS = 30


def retention_months() -> int:
    return int(getattr(settings, "CHORUS_RETENTION_MONTHS", 24))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(day.day, last_day))


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Storytellers last active before this date are due for a retention review."""
    return months_before(today or timezone.localdate(), retention_months())


def flagged_storytellers() -> QuerySet[StorytellerProfile]:
    """Storytellers waiting for (or past) a retention review, oldest flag first."""
    confirmed = RetentionDecision.objects.filter(
        storyteller=OuterRef("pk"),
        flagged_on=OuterRef("flagged_for_erasure_on"),
        decision=RetentionDecision.Decision.ERASE,
    )
    return (
        StorytellerProfile.objects.filter(flagged_for_erasure_on__isnull=False)
        .exclude(status=StorytellerProfile.Status.ERASED)
        .select_related("region")
        .annotate(erasure_confirmed=Exists(confirmed))
        .order_by("flagged_for_erasure_on", "reference")
    )


def erasure_due_on(flagged_on: datetime.date) -> datetime.date:
    return flagged_on + datetime.timedelta(days=ERASURE_GRACE_DAYS)


def retention_flag_inactive(*, today: datetime.date | None = None) -> int:
    """Flag storytellers inactive for the retention period. Returns how many were flagged.

    Already-flagged and erased storytellers are left alone, so running it twice flags
    nobody twice.
    """
    today = today or timezone.localdate()
    cutoff = retention_cutoff(today)
    due = (
        StorytellerProfile.objects.filter(last_active_on__lt=cutoff, flagged_for_erasure_on=None)
        .exclude(status=StorytellerProfile.Status.ERASED)
        .order_by("pk")
    )
    flagged = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the transaction: a reviewer may have acted meanwhile.
            if not due.filter(pk=pk).update(flagged_for_erasure_on=today):
                continue
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                object_type="voices.storytellerprofile",
                object_id=str(pk),
                object_repr="Storyteller flagged for retention review",
                changes={"flagged_for_erasure_on": {"from": None, "to": str(today)}},
                note=f"retention: inactive for more than {retention_months()} months",
            )
        flagged += 1
    return flagged


@transaction.atomic
def retention_keep(*, actor: Any, storyteller: StorytellerProfile) -> None:
    """Keep a flagged storyteller: their activity counts from today and the flag is lifted."""
    flagged_on = storyteller.flagged_for_erasure_on
    if flagged_on is not None:
        RetentionDecision.objects.update_or_create(
            storyteller=storyteller,
            flagged_on=flagged_on,
            defaults={"decision": RetentionDecision.Decision.KEEP, "decided_by": actor},
        )
    audited_update(
        actor=actor,
        instance=storyteller,
        fields={"last_active_on": timezone.localdate(), "flagged_for_erasure_on": None},
    )


@transaction.atomic
def retention_confirm_erasure(*, actor: Any, storyteller: StorytellerProfile) -> RetentionDecision:
    """Confirm that a flagged storyteller is to be erased once the grace period is over."""
    if storyteller.flagged_for_erasure_on is None:
        raise ValueError("Only a storyteller flagged for retention review can be confirmed.")
    decision, _ = RetentionDecision.objects.update_or_create(
        storyteller=storyteller,
        flagged_on=storyteller.flagged_for_erasure_on,
        defaults={"decision": RetentionDecision.Decision.ERASE, "decided_by": actor},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=storyteller,
        changes={"retention_decision": {"from": None, "to": "erase"}},
        note="retention: erasure confirmed",
    )
    return decision


def retention_erase_confirmed(*, today: datetime.date | None = None) -> int:
    """Erase storytellers whose erasure a reviewer confirmed and whose grace period is over.

    DESTROYS DATA (through `person_erase`). Storytellers without a confirmed decision
    are never erased here. One transaction per person. Returns how many were erased.
    """
    today = today or timezone.localdate()
    due = RetentionDecision.objects.filter(
        decision=RetentionDecision.Decision.ERASE,
        carried_out_on=None,
        flagged_on__lte=today - datetime.timedelta(days=ERASURE_GRACE_DAYS),
        # The decision must answer the storyteller's current flag, not an older one.
        storyteller__flagged_for_erasure_on=F("flagged_on"),
    ).exclude(storyteller__status=StorytellerProfile.Status.ERASED)
    erased = 0
    for decision_pk in list(due.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the transaction: a reviewer may have kept them meanwhile.
            decision = due.select_related("storyteller__person").filter(pk=decision_pk).first()
            if decision is None:
                continue
            person_erase(
                actor=None, person=decision.storyteller.person, reason=ErasureReason.RETENTION
            )
            decision.carried_out_on = today
            decision.save(update_fields=["carried_out_on"])
        erased += 1
    return erased
