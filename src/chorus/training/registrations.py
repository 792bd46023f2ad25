"""Registrations: sign-up, confirmation, the waiting list, cancellation and attendance.

Every write is a keyword-only `registration_<verb>` function with its audit row, in one
transaction that locks the session's row, so two people never take the last place and
a freed place is offered once. Mail goes out through tasks queued when the
transaction commits (`chorus.training.tasks`).

The waiting list moves on by itself: when a place frees up before the session starts,
the first person waiting is offered it and holds it for HOLD_HOURS (never past the
start); an offer not taken in time expires and the next person is offered the place.
"""

from __future__ import annotations

import datetime
import json
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from chorus.lib import crypto
from chorus.media.models import Outlet
from chorus.people.models import Person
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create, audited_update
from chorus.training.models import AttendeeKind, Registration, Session

S = Registration.Status
HOLD_HOURS = 48
# A confirmation link from the sign-up mail works this long.
CONFIRM_DAYS = 7


def email_hash(email: str) -> str:
    """A keyed hash of the address, the same for any capitalisation of it."""
    email = email.strip().lower()
    if not email:
        return ""
    return salted_hmac("chorus.training.email", email, algorithm="sha256").hexdigest()


def _identity(registration: Registration) -> str:
    if registration.email_hash:
        return f"e:{registration.email_hash}"
    if registration.person_id:
        return f"p:{registration.person_id}"
    return f"r:{registration.token[:40]}"


def places_taken(session: Session) -> int:
    return session.registrations.filter(status__in=Registration.HOLDS_PLACE).count()


def places_left(session: Session) -> int | None:
    """Free places, or None when the session has no limit."""
    if session.capacity is None:
        return None
    return max(session.capacity - places_taken(session), 0)


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("course").get(pk=session.pk)


def _mail_on_commit(kind: str, registration: Registration) -> None:
    from chorus.training import tasks  # tasks imports this module's callers' mails

    transaction.on_commit(partial(tasks.mail_registration.enqueue, kind, registration.pk))


def _set(actor: Any, registration: Registration, note: str = "", **fields: Any) -> None:
    changes = audited_update(actor=actor, instance=registration, fields=fields)
    if note and changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=registration, note=note)


def _new(
    *,
    actor: Any,
    session: Session,
    status: str,
    source: str,
    name: str = "",
    email: str = "",
    person: Person | None = None,
    organisation_name: str = "",
    attendee_kind: str = AttendeeKind.SECTOR,
    outlet: Outlet | None = None,
    by_pseudonym: bool = False,
    consent_wording: str = "",
) -> Registration:
    if session.course.for_lived_experience and attendee_kind == AttendeeKind.SECTOR:
        # Everyone on a course for people with lived experience comes as such, unless
        # staff say otherwise (a support worker as "other").
        attendee_kind = AttendeeKind.LIVED_EXPERIENCE
    registration = Registration(
        session=session,
        status=status,
        source=source,
        name=name.strip(),
        email=email.strip(),
        email_hash=email_hash(email),
        person=person,
        organisation_name=organisation_name.strip(),
        attendee_kind=attendee_kind,
        outlet=outlet,
        by_pseudonym=by_pseudonym,
        lived_experience=session.course.for_lived_experience
        or attendee_kind == AttendeeKind.LIVED_EXPERIENCE,
        consent_wording=consent_wording,
        consented_at=timezone.now() if consent_wording else None,
    )
    if status == S.WAITING:
        registration.waiting_since = timezone.now()
    if status == S.ATTENDED:
        registration.checked_in_at = timezone.now()
    registration.identity_key = _identity(registration)
    return audited_create(actor=actor, instance=registration)


def _live_for_email(session: Session, email: str) -> Registration | None:
    digest = email_hash(email)
    if not digest:
        return None
    return (
        session.registrations.filter(email_hash=digest, status__in=Registration.LIVE)
        .order_by("pk")
        .first()
    )


# --- The public sign-up -------------------------------------------------------------------


def enqueue_sign_up(
    *, session: Session, name: str, email: str, organisation: str, wording: str
) -> None:
    """Hand a public sign-up to a task once this transaction commits.

    The page answers the same whatever the address, and does the same work: looking
    the address up, writing and mailing happen in the task. The task's arguments wait
    in the queue, so they are encrypted.
    """
    from chorus.training import tasks  # tasks imports this module

    sealed = crypto.encrypt(
        json.dumps(
            {
                "session": session.pk,
                "name": name,
                "email": email,
                "organisation": organisation,
                "wording": wording,
            }
        )
    )
    transaction.on_commit(partial(tasks.sign_up.enqueue, sealed))


def sign_up_from_task(sealed: str) -> Registration | None:
    fields = json.loads(crypto.decrypt(sealed))
    session = Session.objects.select_related("course").filter(pk=fields["session"]).first()
    if session is None:
        return None
    return registration_request(
        session=session,
        name=fields["name"],
        email=fields["email"],
        organisation=fields["organisation"],
        wording=fields["wording"],
    )


@transaction.atomic
def registration_request(
    *, session: Session, name: str, email: str, organisation: str, wording: str
) -> Registration | None:
    """A sign-up from the public page: a pending registration and a link to confirm it.

    Someone already on the session gets a mail with the link to their place instead;
    nothing changes. Nothing is recorded for a cancelled or past session.
    """
    session = _locked(session)
    if session.is_cancelled or session.starts_at <= timezone.now() or not session.is_public:
        return None
    existing = _live_for_email(session, email)
    if existing is not None:
        _mail_on_commit("already", existing)
        return existing
    registration = _new(
        actor=None,
        session=session,
        status=S.PENDING,
        source=Registration.Source.WEB,
        name=name,
        email=email,
        organisation_name=organisation,
        consent_wording=wording,
    )
    _mail_on_commit("confirm", registration)
    return registration


def confirm_expired(registration: Registration) -> bool:
    age = timezone.now() - registration.requested_at
    return registration.status == S.PENDING and age > datetime.timedelta(days=CONFIRM_DAYS)


@transaction.atomic
def registration_confirm(*, registration: Registration) -> Registration:
    """The address's owner confirms: a place if one is free, else the waiting list."""
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != S.PENDING:
        return registration
    if confirm_expired(registration) or session.is_cancelled:
        _set(None, registration, status=S.EXPIRED)
        return registration
    left = places_left(session)
    if left is None or left > 0:
        _set(None, registration, status=S.REGISTERED)
        _mail_on_commit("registered", registration)
    else:
        _set(None, registration, status=S.WAITING, waiting_since=timezone.now())
        _mail_on_commit("waiting", registration)
    return registration


@transaction.atomic
def registration_accept_offer(*, registration: Registration) -> Registration:
    """Take a place offered from the waiting list, while the offer holds."""
    _locked(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != S.OFFERED:
        return registration
    if registration.hold_until and registration.hold_until < timezone.now():
        _expire_offer(registration)
        return registration
    _set(None, registration, status=S.REGISTERED, hold_until=None)
    _mail_on_commit("registered", registration)
    return registration


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    """Cancel a place (or a place on the waiting list); the waiting list moves on."""
    session = _locked(registration.session)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (S.PENDING, S.OFFERED, S.REGISTERED, S.WAITING):
        return registration
    held = registration.status in Registration.HOLDS_PLACE
    _set(actor, registration, status=S.CANCELLED, hold_until=None)
    if registration.email:
        _mail_on_commit("cancelled", registration)
    if held:
        waitlist_move(session=session)
    return registration


def _hold_until(session: Session) -> datetime.datetime:
    hold = timezone.now() + datetime.timedelta(hours=HOLD_HOURS)
    return min(hold, session.starts_at)


def waitlist_move(*, session: Session) -> list[Registration]:
    """Offer each free place to the next person waiting. Call with the session locked."""
    offered: list[Registration] = []
    if session.is_cancelled or session.starts_at <= timezone.now():
        return offered
    left = places_left(session)
    if left is None:
        # No limit: everyone waiting has a place.
        waiting = list(session.registrations.filter(status=S.WAITING))
        left = len(waiting)
    queue = session.registrations.filter(status=S.WAITING).order_by("waiting_since", "pk")
    for registration in list(queue[:left]):
        _set(None, registration, status=S.OFFERED, hold_until=_hold_until(session))
        _mail_on_commit("offered", registration)
        offered.append(registration)
    return offered


def _expire_offer(registration: Registration) -> None:
    _set(None, registration, status=S.EXPIRED, hold_until=None)
    waitlist_move(session=_locked(registration.session))


def registrations_expire(*, now: datetime.datetime | None = None) -> int:
    """Expire offers past their hold and sign-ups never confirmed. Returns how many."""
    now = now or timezone.now()
    expired = 0
    lapsed = Registration.objects.filter(status=S.OFFERED, hold_until__lt=now)
    for pk in list(lapsed.values_list("pk", flat=True)):
        with transaction.atomic():
            registration = Registration.objects.select_related("session").get(pk=pk)
            _locked(registration.session)
            registration = Registration.objects.select_for_update().get(pk=pk)
            if (
                registration.status == S.OFFERED
                and registration.hold_until
                and (registration.hold_until < now)
            ):
                _expire_offer(registration)
                expired += 1
    stale = Registration.objects.filter(
        status=S.PENDING, requested_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS)
    )
    for registration in list(stale):
        with transaction.atomic():
            _set(None, registration, status=S.EXPIRED)
            expired += 1
    return expired


# --- Staff --------------------------------------------------------------------------------


@transaction.atomic
def registration_add(
    *,
    actor: Any,
    session: Session,
    status: str,
    name: str = "",
    email: str = "",
    organisation_name: str = "",
    attendee_kind: str = AttendeeKind.SECTOR,
    outlet: Outlet | None = None,
    by_pseudonym: bool = False,
    send_mail: bool = False,
    source: str = Registration.Source.STAFF,
) -> Registration:
    """Register someone by hand (or from an import). A pseudonym stands in for a name.

    An address already known in the people directory links the registration to that
    person. A place is refused when the session is full (register them as waiting).
    """
    session = _locked(session)
    if status not in (S.REGISTERED, S.ATTENDED, S.NO_SHOW, S.WAITING):
        raise ValidationError("Register someone as registered, attended, no-show or waiting.")
    if not (name.strip() or email.strip()):
        raise ValidationError("Give a name, a pseudonym or an email address.")
    if email and _live_for_email(session, email) is not None:
        raise ValidationError("Someone with this email address is already on this session.")
    left = places_left(session)
    if status == S.REGISTERED and left is not None and left <= 0:
        raise ValidationError("The session is full: add them to the waiting list instead.")
    person = None
    if email and not by_pseudonym:
        person = Person.objects.filter(email__iexact=email.strip()).order_by("pk").first()
    registration = _new(
        actor=actor,
        session=session,
        status=status,
        source=source,
        name=name,
        email=email,
        person=person,
        organisation_name=organisation_name,
        attendee_kind=attendee_kind,
        outlet=outlet,
        by_pseudonym=by_pseudonym,
    )
    if send_mail and email and status in (S.REGISTERED, S.WAITING):
        _mail_on_commit("registered" if status == S.REGISTERED else "waiting", registration)
    return registration


@transaction.atomic
def registration_attendance(
    *, actor: Any, registration: Registration, attended: bool
) -> Registration:
    """Check someone in (attended) or mark them as a no-show; either can be undone."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    allowed = (S.REGISTERED, S.ATTENDED, S.NO_SHOW, S.OFFERED, S.WAITING, S.PENDING)
    if registration.status not in allowed:
        raise ValidationError("A cancelled or expired registration cannot be checked in.")
    if attended:
        _set(
            actor,
            registration,
            status=S.ATTENDED,
            checked_in_at=timezone.now(),
            checked_in_by=actor if getattr(actor, "is_authenticated", False) else None,
            hold_until=None,
        )
    else:
        _set(
            actor,
            registration,
            status=S.NO_SHOW,
            checked_in_at=None,
            checked_in_by=None,
            hold_until=None,
        )
    return registration


@transaction.atomic
def registration_storyteller_link(
    *, actor: Any, registration: Registration, storyteller: Any
) -> Registration:
    """Link a lived-experience trainee to their storyteller profile (or unlink: None)."""
    if storyteller is not None and not registration.lived_experience:
        raise ValidationError("Only a lived-experience registration links to a storyteller.")
    _set(actor, registration, storyteller=storyteller)
    return registration


def registration_mark_sent(*, registration: Registration, field: str) -> None:
    """Record that the reminder or follow-up went (no audit row: nothing anyone decided)."""
    Registration.objects.filter(pk=registration.pk).update(**{field: timezone.now()})


def registration_read(*, actor: Any, registration: Registration, purpose: str) -> None:
    """Audit one read of a registration's identity (a certificate, the check-in)."""
    audit_record(actor=actor, action=AuditAction.VIEW, instance=registration, note=purpose)
