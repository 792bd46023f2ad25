"""Writes to courses, sessions, head counts, outcomes and feedback, each with its audit row.

Registrations have their own module (`chorus.training.registrations`): the waiting
list and the mail they send need a transaction of their own.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chorus.impact.income import income_record
from chorus.media.models import Placement
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create, audited_update
from chorus.training.models import (
    Course,
    CourseKind,
    Feedback,
    HeadCount,
    Outcome,
    Registration,
    Session,
)
from chorus.training.registrations import waitlist_move


def course_create(*, actor: Any, **fields: Any) -> Course:
    return audited_create(actor=actor, instance=Course(**fields))


def course_update(*, actor: Any, course: Course, **fields: Any) -> Course:
    audited_update(actor=actor, instance=course, fields=fields)
    return course


def _check_session(session: Session) -> None:
    if session.ends_at and session.starts_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": "The session must end after it starts."})
    kind = session.course.kind
    if kind != CourseKind.BESPOKE and (session.client_id or session.fee is not None):
        raise ValidationError("Only bespoke sessions have a client and a fee.")
    if kind == CourseKind.REGIONAL and not session.region_id:
        raise ValidationError({"region": "A regional training day needs its region."})


def _record_fee(*, actor: Any, session: Session) -> None:
    """A bespoke session's paid fee is earned income, kept by impact's income service.

    It counts in the financial year of the session (the accruals basis: income is
    recognised when the training is given). Unpaid, or no fee, removes the entry.
    """
    if session.course.kind != CourseKind.BESPOKE:
        return
    paid = session.fee if session.fee_paid and session.fee else None
    client = session.client.name if session.client is not None else "a client"
    income_record(
        actor=actor,
        source="earned",
        amount=paid,
        received_on=session.starts_at.date(),
        description=f"Bespoke training for {client}",
        reference=f"training.session:{session.pk}",
    )


def fees_record_all(*, actor: Any) -> int:
    """Record every bespoke session's paid fee as income; returns how many fees are paid.

    For sessions marked paid before income was kept (an upgrade): each fee is recorded
    under its session's reference, so running this again changes nothing.
    """
    sessions = Session.objects.filter(
        course__kind=CourseKind.BESPOKE, fee_paid=True, fee__gt=0
    ).select_related("course", "client")
    paid = 0
    for session in sessions.order_by("pk").iterator(chunk_size=500):
        with transaction.atomic():
            _record_fee(actor=actor, session=session)
        paid += 1
    return paid


@transaction.atomic
def session_create(*, actor: Any, **fields: Any) -> Session:
    session = Session(**fields)
    _check_session(session)
    audited_create(actor=actor, instance=session)
    _record_fee(actor=actor, session=session)
    return session


@transaction.atomic
def session_update(*, actor: Any, session: Session, **fields: Any) -> Session:
    """Change a session. More places (or no limit) move the waiting list on."""
    locked = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    probe = copy.copy(locked)
    for name, value in fields.items():
        setattr(probe, name, value)
    _check_session(probe)
    changes = audited_update(actor=actor, instance=locked, fields=fields)
    if {"fee", "fee_paid", "starts_at", "client", "client_id"} & set(changes):
        _record_fee(actor=actor, session=locked)
    waitlist_move(session=locked)
    return locked


@transaction.atomic
def session_cancel(*, actor: Any, session: Session) -> Session:
    """Cancel a session: everyone on it is told by the co-ordinator, not by Chorus."""
    audited_update(actor=actor, instance=session, fields={"status": Session.Status.CANCELLED})
    return session


@transaction.atomic
def head_count_record(*, actor: Any, session: Session, **fields: Any) -> HeadCount:
    if not fields.get("count"):
        raise ValidationError({"count": "Count at least one person."})
    return audited_create(actor=actor, instance=HeadCount(session=session, **fields))


@transaction.atomic
def head_count_delete(*, actor: Any, head_count: HeadCount) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=head_count,
        changes={"count": {"from": head_count.count, "to": None}},
    )
    head_count.delete()


@transaction.atomic
def outcome_add(
    *,
    actor: Any,
    session: Session,
    placement: Placement | None = None,
    url: str = "",
    title: str = "",
) -> Outcome:
    """Record a placement or an article an event led to (a placement once)."""
    if placement is None and not url:
        raise ValidationError("Choose a placement or give the article's address.")
    if placement is not None and session.outcomes.filter(placement=placement).exists():
        raise ValidationError("This placement is already recorded for this event.")
    return audited_create(
        actor=actor,
        instance=Outcome(session=session, placement=placement, url=url, title=title),
    )


@transaction.atomic
def outcome_delete(*, actor: Any, outcome: Outcome) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=outcome)
    outcome.delete()


@transaction.atomic
def feedback_record(
    *,
    session: Session,
    registration: Registration | None,
    anonymous: bool,
    confidence_before: int,
    confidence_after: int,
    language: str,
    quote: str,
    quote_permission: str,
) -> Feedback:
    """Save a feedback form. One per registration; anonymous forms name no registration."""
    if registration is not None:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.feedback_given:
            raise ValidationError("Feedback was already given for this place. Thank you!")
        if registration.status != Registration.Status.ATTENDED:
            raise ValidationError("Feedback opens once you have been checked in.")
    if quote_permission == Feedback.QuotePermission.YES and (anonymous or registration is None):
        quote_permission = Feedback.QuotePermission.ANONYMOUSLY
    feedback = audited_create(
        actor=None,
        instance=Feedback(
            session=session,
            registration=None if anonymous else registration,
            confidence_before=confidence_before,
            confidence_after=confidence_after,
            language=language.strip()[:100],
            quote=quote.strip(),
            quote_permission=quote_permission if quote.strip() else Feedback.QuotePermission.NO,
        ),
    )
    if registration is not None:
        Registration.objects.filter(pk=registration.pk).update(feedback_given=True)
    return feedback


def session_export_record(*, actor: Any, session: Session, what: str) -> None:
    """Audit that a list of a session's attendees left Chorus (a CSV, certificates)."""
    audit_record(actor=actor, action=AuditAction.EXPORT, instance=session, note=what)
