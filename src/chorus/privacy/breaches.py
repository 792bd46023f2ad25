"""The breach log: recording a personal-data breach, who was told, and the ICO clock.

Every write is audited with the change it makes. The 72-hour deadline runs from when
the charity became aware of the breach (`found_at`); until the breach is reported to
the ICO, judged not reportable, or closed, those who answer for it see a countdown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from chorus.privacy.models import AuditAction, Breach, BreachNotice
from chorus.privacy.services import audit_record, audited_create, audited_update


@transaction.atomic
def breach_create(*, actor: Any, **fields: Any) -> Breach:
    breach = Breach(recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    for name, value in fields.items():
        setattr(breach, name, value)
    return audited_create(actor=actor, instance=breach)


@transaction.atomic
def breach_update(*, actor: Any, breach: Breach, **fields: Any) -> dict[str, Any]:
    return audited_update(actor=actor, instance=breach, fields=fields)


@transaction.atomic
def breach_notice_add(
    *, actor: Any, breach: Breach, told: str, told_at: datetime.datetime, how: str = ""
) -> BreachNotice:
    """Record that someone was told. Telling the ICO marks the breach as reported."""
    notice = BreachNotice(
        breach=breach,
        told=told,
        told_at=told_at,
        how=how,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audited_create(actor=actor, instance=notice)
    if told == BreachNotice.Told.ICO and breach.ico_reported_at is None:
        audited_update(
            actor=actor,
            instance=breach,
            fields={"ico_reported_at": told_at, "ico_decision": Breach.IcoDecision.REPORT},
        )
    return notice


@transaction.atomic
def breach_close(*, actor: Any, breach: Breach) -> Breach:
    if breach.closed_at is None:
        audited_update(actor=actor, instance=breach, fields={"closed_at": timezone.now()})
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=breach, note="breach closed")
    return breach


# --- Reads -------------------------------------------------------------------------------


def breaches_awaiting_ico() -> QuerySet[Breach]:
    """Open breaches neither reported to the ICO nor judged not reportable, oldest first."""
    return (
        Breach.objects.filter(closed_at__isnull=True, ico_reported_at__isnull=True)
        .exclude(ico_decision=Breach.IcoDecision.NOT_REPORTABLE)
        .order_by("found_at", "pk")
    )


def breach_list(*, status: str = "") -> QuerySet[Breach]:
    breaches = Breach.objects.all()
    if status == "open":
        breaches = breaches.filter(closed_at__isnull=True)
    elif status == "closed":
        breaches = breaches.filter(closed_at__isnull=False)
    elif status == "awaiting_ico":
        breaches = breaches.filter(
            ~Q(ico_decision=Breach.IcoDecision.NOT_REPORTABLE),
            closed_at__isnull=True,
            ico_reported_at__isnull=True,
        )
    return breaches


@dataclass(frozen=True)
class Countdown:
    deadline: datetime.datetime
    overdue: bool
    hours: int
    minutes: int

    @property
    def text(self) -> str:
        span = f"{self.hours} h {self.minutes:02d} min"
        return f"overdue by {span}" if self.overdue else f"{span} left"


def countdown(breach: Breach, *, now: datetime.datetime | None = None) -> Countdown:
    """Time left before the ICO must be told (or how long ago that was)."""
    now = now or timezone.now()
    left = breach.ico_deadline - now
    overdue = left < datetime.timedelta(0)
    total_minutes = int(abs(left).total_seconds() // 60)
    return Countdown(
        deadline=breach.ico_deadline,
        overdue=overdue,
        hours=total_minutes // 60,
        minutes=total_minutes % 60,
    )


def panel_shown(request: HttpRequest) -> bool:
    return breaches_awaiting_ico().exists()


def panel_context(request: HttpRequest) -> dict[str, Any]:
    now = timezone.now()
    return {"breaches": [(b, countdown(b, now=now)) for b in breaches_awaiting_ico()]}
