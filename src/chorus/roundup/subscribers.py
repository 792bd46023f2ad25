"""Round-up subscribers: signing up, confirming, preferences, unsubscribing, suppression.

Every write is one transaction that writes its audit rows with it. The delivery code
asks three things here: `confirmed_recipients(sections)` (who gets an edition),
`is_suppressed(email)` (checked again just before each message) and
`list_headers(subscriber)` (the RFC 8058 one-click unsubscribe headers).

What this module must never do: tell a visitor whether an address subscribes. A
sign-up is answered the same way whatever the address's state, and anything worth
saying about it goes by email to that address only, a few times a day at most.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import smtplib
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from chorus.lib import crypto, mail
from chorus.monitoring.models import NewsRegion
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_record,
    audited_create,
    audited_update,
    created_fields,
)
from chorus.privacy.subject_access import serialise
from chorus.roundup.models.subscribers import (
    CONFIRMATION_DAYS,
    Subscriber,
    SubscriberConsent,
    Suppression,
)

logger = logging.getLogger(__name__)

# At most this many sign-up emails go to one address a day, whoever asks for them, so
# the form cannot be used to flood someone's inbox.
MAILS_PER_ADDRESS_PER_DAY = 3
_DAY_SECONDS = 24 * 60 * 60

ONE_CLICK_BODY = mail.ONE_CLICK_BODY
IMPORT_WORDING = (
    "Imported from the subscriber list the charity kept before Chorus. The basis recorded "
    "there is kept with this record; nothing was sent to confirm it."
)

# Signs the sign-up again that a confirmation link carries (see `signed_request`).
SIGNED_REQUEST_SALT = "chorus.roundup.signup-request"


@dataclass(frozen=True)
class SignedRequest:
    sections: list[str]
    frequency: str
    requested_at: datetime.datetime


class SubscriberError(Exception):
    """A change staff asked for that cannot be made. The message says why, in plain words."""


# --- Reads the delivery code relies on -------------------------------------------------


def normalise_email(email: str) -> str:
    """Trimmed, with the domain in lower case (the mailbox part is the owner's business)."""
    email = email.strip()
    local, at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if at else email


def _by_email[M: (Subscriber, Suppression)](queryset: QuerySet[M], email: str) -> QuerySet[M]:
    # LOWER(email) = LOWER(…): the expression of the unique index, so the index is used, and
    # the database lower-cases both sides the same way.
    return queryset.alias(email_lower=Lower("email")).filter(
        email_lower=Lower(Value(email.strip()))
    )


def subscriber_for_email(email: str) -> Subscriber | None:
    return _by_email(Subscriber.objects.all(), email).first()


def suppression_for(email: str) -> Suppression | None:
    return _by_email(Suppression.objects.all(), email).first()


def is_suppressed(email: str) -> bool:
    """Must nothing more be sent to this address (bounced, complained, refused, unsubscribed)?"""
    return _by_email(Suppression.objects.all(), email).exists()


def confirmed_recipients(
    edition_sections: set[str], *, frequency: str | None = None
) -> QuerySet[Subscriber]:
    """Confirmed subscribers who want at least one of these sections, none suppressed.

    Only CONFIRMED subscribers are ever returned: pending sign-ups, unsubscribed and
    suppressed addresses never are. `frequency` narrows to daily or weekly readers.
    """
    suppressed = Suppression.objects.alias(email_lower=Lower("email")).filter(
        email_lower=Lower(OuterRef("email"))
    )
    # An empty list means every section. Section values are plain words, so looking for
    # the quoted value in the JSON text is exact, and works on SQLite and PostgreSQL alike.
    wants = Q(sections=[])
    for section in sorted(edition_sections):
        wants |= Q(sections__icontains=f'"{section}"')
    recipients = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).filter(wants)
    if frequency:
        recipients = recipients.filter(frequency=frequency)
    return recipients.exclude(Exists(suppressed)).order_by("pk")


def public_url(url_name: str, subscriber: Subscriber) -> str:
    """The full address of one of the subscriber's own pages (confirm, preferences, unsubscribe)."""
    return settings.CHORUS_PUBLIC_URL + reverse(url_name, args=[subscriber.token])


def list_headers(subscriber: Subscriber) -> dict[str, str]:
    """The headers every round-up message carries: one-click unsubscribe (RFC 8058), List-Id."""
    return mail.list_headers(
        list_id=settings.ROUNDUP_LIST_ID,
        unsubscribe_url=public_url("news:unsubscribe", subscriber),
    )


def status_counts() -> dict[str, int]:
    """How many subscribers are in each state, every state named (zero included)."""
    counts = dict.fromkeys(Subscriber.Status.values, 0)
    for row in Subscriber.objects.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def subscriber_personal_data(email: str) -> dict[str, list[dict[str, Any]]]:
    """Everything the round-up holds about one address, for a subject access request.

    For people who are subscribers only (no Person record), whom the export by person
    cannot find: their subscriber record, consent records, suppression and deliveries.
    Reads only; the caller audits the export.
    """
    subscriber = subscriber_for_email(email)
    records: dict[str, list[Any]] = {
        "roundup.subscriber": [subscriber] if subscriber else [],
        "roundup.subscriberconsent": list(subscriber.consents.order_by("pk")) if subscriber else [],
        "roundup.suppression": list(_by_email(Suppression.objects.all(), email)),
        "roundup.recipient": list(subscriber.deliveries.order_by("pk")) if subscriber else [],
    }
    return {label: [serialise(r) for r in rows] for label, rows in records.items()}


# --- Suppression -------------------------------------------------------------------


def _suppression_add(
    *, actor: Any, email: str, reason: str, detail: str
) -> tuple[Suppression, bool]:
    """The address's suppression, added if missing. Call inside a transaction.

    An unsubscribe is replaced by a harder reason (a bounce or a complaint), never the
    other way round: the harder reason is what stops a later sign-up from mailing it.
    """
    existing = _by_email(Suppression.objects.select_for_update(), email).first()
    if existing is not None:
        if (
            existing.reason == Suppression.Reason.UNSUBSCRIBED
            and reason != Suppression.Reason.UNSUBSCRIBED
        ):
            audited_update(
                actor=actor, instance=existing, fields={"reason": reason, "detail": detail[:500]}
            )
        return existing, False
    try:
        with transaction.atomic():
            suppression = Suppression.objects.create(
                email=email, reason=reason, detail=detail[:500]
            )
    except IntegrityError:
        # Added a moment ago by another request (a webhook and a click at once).
        return _by_email(Suppression.objects.all(), email).get(), False
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=suppression,
        changes=created_fields(suppression),
    )
    return suppression, True


def _lift_unsubscribe_suppression(*, actor: Any, email: str, note: str) -> None:
    """Remove an unsubscribe from the suppression list once the person has opted in again."""
    for suppression in _by_email(Suppression.objects.select_for_update(), email).filter(
        reason=Suppression.Reason.UNSUBSCRIBED
    ):
        audit_record(actor=actor, action=AuditAction.DELETE, instance=suppression, note=note)
        suppression.delete()


def suppress(email: str, reason: str, detail: str = "", *, actor: Any = None) -> Suppression:
    """Never mail this address again, and take its subscriber (if any) off the list.

    Called for hard bounces, complaints and refusals reported by the mail provider or
    the mail server. The subscriber becomes SUPPRESSED, or UNSUBSCRIBED when the
    reason is an unsubscribe. Safe to call twice.
    """
    email = normalise_email(email)
    reason = Suppression.Reason(reason).value
    now = timezone.now()
    with transaction.atomic():
        suppression, _ = _suppression_add(actor=actor, email=email, reason=reason, detail=detail)
        subscriber = _by_email(Subscriber.objects.select_for_update(), email).first()
        if subscriber is not None:
            if reason == Suppression.Reason.UNSUBSCRIBED:
                new_status, stoppable = (
                    Subscriber.Status.UNSUBSCRIBED,
                    {Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED},
                )
            else:
                new_status, stoppable = (
                    Subscriber.Status.SUPPRESSED,
                    {
                        Subscriber.Status.PENDING,
                        Subscriber.Status.CONFIRMED,
                        Subscriber.Status.UNSUBSCRIBED,
                    },
                )
            if subscriber.status in stoppable:
                audited_update(
                    actor=actor,
                    instance=subscriber,
                    fields={
                        "status": new_status,
                        "unsubscribed_at": subscriber.unsubscribed_at or now,
                    },
                )
    return suppression


def record_smtp_refusal(email: str, code: int, message: str | bytes = "") -> bool:
    """Suppress an address the mail server refused for good (a 5xx answer). True if it did.

    A 4xx answer is temporary (a full mailbox, greylisting): the address is kept and
    the message tried again later by the caller.
    """
    if not 500 <= code < 600:
        return False
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    suppress(email, Suppression.Reason.SMTP_REJECTED, f"{code} {text}".strip())
    return True


# --- Signing up and confirming -------------------------------------------------------


def _may_mail(email: str) -> bool:
    """Count one sign-up email to this address; False once today's allowance is used."""
    key = "roundup:signup-mail:" + hashlib.sha256(email.lower().encode("utf-8")).hexdigest()
    cache.add(key, 0, timeout=_DAY_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_DAY_SECONDS)
        count = 1
    return count <= MAILS_PER_ADDRESS_PER_DAY


def _send(subscriber: Subscriber, kind: str, *, request: str = "") -> bool:
    """Send one sign-up email ("confirm" or "already_subscribed"). False if it failed.

    The email carries nothing a visitor typed (not even the name): whoever fills in the
    form chooses the address it goes to. `request` is a signed sign-up (see
    `signed_request`) that the confirmation link carries. A refusal for good (5xx)
    suppresses the address; any other failure is logged and the person can simply ask
    again.
    """
    confirm_url = public_url("news:confirm", subscriber)
    if request:
        confirm_url += "?" + urlencode({"request": request})
    context = {
        "subscriber": subscriber,
        "confirm_url": confirm_url,
        "preferences_url": public_url("news:preferences", subscriber),
        "unsubscribe_url": public_url("news:unsubscribe", subscriber),
        "days": CONFIRMATION_DAYS,
    }
    template = f"roundup/public/email/{kind}"
    content = mail.render(
        subject=render_to_string(f"{template}_subject.txt", context),
        html_template=f"{template}.html",
        text_template=f"{template}.txt",
        context=context,
    )
    try:
        mail.send(
            mail.build(
                content,
                to=[subscriber.email],
                from_email=settings.ROUNDUP_FROM_EMAIL,
                message_id_parts=("roundup", kind.replace("_", "-")),
                auto_submitted=True,
            )
        )
    except smtplib.SMTPRecipientsRefused as exc:
        code, answer = next(iter(exc.recipients.values()), (0, b""))
        record_smtp_refusal(subscriber.email, code, answer)
        logger.warning("Sign-up email to subscriber #%s refused (%s)", subscriber.pk, code)
        return False
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Sign-up email to subscriber #%s failed: %s", subscriber.pk, type(exc))
        return False
    return True


def enqueue_sign_up(
    email: str,
    *,
    name: str = "",
    organisation: str = "",
    sections: list[str] | None = None,
    frequency: str = Subscriber.Frequency.DAILY,
    wording: str,
    method: str = SubscriberConsent.Method.WEB_FORM,
) -> None:
    """Hand a sign-up from the public form to a background task, once this transaction commits.

    The form's answer must not tell anyone whether an address subscribes, not even by
    how long it takes: the page does this same work for every address, and everything
    that depends on the address (looking it up, writing, mailing) happens in the task.
    The task's arguments are stored in the task queue, so they are encrypted.
    """
    from chorus.roundup import tasks

    sealed = crypto.encrypt(
        json.dumps(
            {
                "email": email,
                "name": name,
                "organisation": organisation,
                "sections": list(sections or []),
                "frequency": frequency,
                "wording": wording,
                "method": method,
            }
        )
    )
    transaction.on_commit(partial(tasks.sign_up.enqueue, sealed))


def sign_up_from_task(sealed: str) -> None:
    """Run a sign-up `enqueue_sign_up` queued (the task's body)."""
    fields = json.loads(crypto.decrypt(sealed))
    request_subscription(fields.pop("email"), **fields)


def signed_request(subscriber: Subscriber, *, sections: list[str], frequency: str) -> str:
    """A sign-up for an address already on the list, carried by its confirmation link.

    Nothing about the subscriber changes until the link's owner confirms, so a
    stranger who types their address changes nothing. It holds only choices from the
    form's fixed lists (no typed text), and is valid for CONFIRMATION_DAYS.
    """
    return signing.dumps(
        {
            "t": subscriber.token,
            "s": list(sections),
            "f": frequency,
            "a": int(timezone.now().timestamp()),
        },
        salt=SIGNED_REQUEST_SALT,
        compress=True,
    )


def read_signed_request(subscriber: Subscriber, value: str) -> SignedRequest | None:
    """The sign-up a confirmation link carries, or None if it is not valid for this subscriber."""
    if not value or len(value) > 1000:
        return None
    try:
        data = signing.loads(
            value, salt=SIGNED_REQUEST_SALT, max_age=datetime.timedelta(days=CONFIRMATION_DAYS)
        )
    except signing.BadSignature:  # tampered with, or older than CONFIRMATION_DAYS
        return None
    if not isinstance(data, dict) or data.get("t") != subscriber.token:
        return None
    sections, frequency, at = data.get("s"), data.get("f"), data.get("a")
    if (
        not isinstance(sections, list)
        or frequency not in Subscriber.Frequency.values
        or not isinstance(at, int | float)
    ):
        return None
    valid_sections = set(NewsRegion.values)
    return SignedRequest(
        sections=[str(section) for section in sections if section in valid_sections],
        frequency=str(frequency),
        requested_at=datetime.datetime.fromtimestamp(at, tz=datetime.UTC),
    )


def request_subscription(
    email: str,
    *,
    name: str = "",
    organisation: str = "",
    sections: list[str] | None = None,
    frequency: str = Subscriber.Frequency.DAILY,
    wording: str,
    method: str = SubscriberConsent.Method.WEB_FORM,
) -> Subscriber | None:
    """Record a sign-up and email the address a link to confirm it (double opt-in).

    - a new address becomes a PENDING subscriber with a consent record of `wording`;
    - a pending or unsubscribed one is left exactly as it is: whoever typed the address
      may not be its owner. It is sent the confirmation link again, carrying the new
      sections and frequency (`signed_request`), which apply only when confirmed;
    - a pending sign-up whose link has expired holds nothing anyone confirmed, and is
      started again with the new details, as a new address would be;
    - a confirmed one is left unchanged and told by email that it already subscribes,
      with a link to its preferences (so a stranger cannot change them);
    - an address suppressed for a bounce or a complaint gets nothing at all.

    Every email counts against the address's daily allowance. Returns the subscriber,
    or None for a suppressed address Chorus has no subscriber for. The caller must
    answer the visitor the same way in every case.
    """
    email = normalise_email(email)
    sections = list(sections or [])
    now = timezone.now()
    reply = ""
    request = ""
    with transaction.atomic():
        subscriber = _by_email(Subscriber.objects.select_for_update(), email).first()
        suppression = _by_email(Suppression.objects.all(), email).first()
        details: dict[str, Any] = {
            "name": name.strip(),
            "organisation": organisation.strip(),
            "sections": sections,
            "frequency": frequency,
        }
        if suppression is not None and suppression.reason != Suppression.Reason.UNSUBSCRIBED:
            pass  # bounced, complained or refused: never mail it, whoever asks
        elif subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = audited_create(
                        actor=None,
                        instance=Subscriber(
                            email=email,
                            status=Subscriber.Status.PENDING,
                            signup_requested_at=now,
                            **details,
                        ),
                    )
            except (IntegrityError, ValidationError):
                # The same address signed up in another request a moment ago; that
                # request sends the email. Anything else wrong is the caller's to hear.
                raced = subscriber_for_email(email)
                if raced is None:
                    raise
                return raced
            audited_create(
                actor=None,
                instance=SubscriberConsent(
                    subscriber=subscriber, given_at=now, method=method, wording=wording
                ),
            )
            reply = "confirm"
        elif subscriber.status == Subscriber.Status.CONFIRMED:
            reply = "already_subscribed"
        elif subscriber.status == Subscriber.Status.PENDING and (
            subscriber.confirmation_expired(now) and subscriber.confirmed_at is None
        ):
            audited_update(
                actor=None,
                instance=subscriber,
                fields={**details, "signup_requested_at": now},
            )
            pending_consent = subscriber.consents.filter(confirmed_at__isnull=True).first()
            if pending_consent is not None:
                audited_update(
                    actor=None,
                    instance=pending_consent,
                    fields={"given_at": now, "method": method, "wording": wording},
                )
            else:
                audited_create(
                    actor=None,
                    instance=SubscriberConsent(
                        subscriber=subscriber, given_at=now, method=method, wording=wording
                    ),
                )
            reply = "confirm"
        elif subscriber.status in (Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED):
            request = signed_request(subscriber, sections=sections, frequency=frequency)
            reply = "confirm"
    if reply and subscriber is not None and _may_mail(email):
        _send(subscriber, reply, request=request)
    return subscriber


def may_confirm(
    subscriber: Subscriber, request: SignedRequest | None, now: datetime.datetime | None = None
) -> bool:
    """Would pressing the confirmation button confirm? (A pending sign-up still in date,
    or a sign-up again that the link carries, for someone pending or unsubscribed.)"""
    if request is not None:
        return subscriber.status in (Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED)
    return subscriber.status == Subscriber.Status.PENDING and not (
        subscriber.confirmation_expired(now)
    )


def confirm(
    subscriber: Subscriber,
    *,
    actor: Any = None,
    request: SignedRequest | None = None,
    wording: str = "",
) -> bool:
    """Confirm a sign-up: it starts receiving the round-up. True if it did now.

    Without `request`, a pending sign-up still in date is confirmed as it was stored.
    With one (a sign-up again, carried by its link), a pending or unsubscribed
    subscriber is confirmed with the sections and frequency it asked for; someone
    who had unsubscribed gets a new consent record of `wording`. Nothing happens to
    anyone else, or to an address suppressed for a bounce or a complaint since. The
    consent record of the sign-up gets its confirmed_at.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not may_confirm(locked, request, now):
            return False
        hard = (
            _by_email(Suppression.objects.all(), locked.email)
            .exclude(reason=Suppression.Reason.UNSUBSCRIBED)
            .exists()
        )
        if hard:
            return False
        fields: dict[str, Any] = {
            "status": Subscriber.Status.CONFIRMED,
            "confirmed_at": now,
            "unsubscribed_at": None,
        }
        if request is not None:
            fields.update(sections=request.sections, frequency=request.frequency)
        audited_update(actor=actor, instance=locked, fields=fields)
        consent = locked.consents.filter(confirmed_at__isnull=True).first()
        if consent is not None:
            audited_update(actor=actor, instance=consent, fields={"confirmed_at": now})
        elif request is not None:
            if not wording:
                raise ValueError("A sign-up again needs the wording the person agreed to.")
            audited_create(
                actor=actor,
                instance=SubscriberConsent(
                    subscriber=locked,
                    given_at=request.requested_at,
                    method=SubscriberConsent.Method.WEB_FORM,
                    wording=wording,
                    confirmed_at=now,
                ),
            )
        _lift_unsubscribe_suppression(
            actor=actor, email=locked.email, note="signed up and confirmed again"
        )
    subscriber.refresh_from_db()
    return True


def pending_expire(*, now: datetime.datetime | None = None) -> int:
    """Clear sign-ups not confirmed within CONFIRMATION_DAYS. Returns how many.

    A never-confirmed sign-up is deleted with its consent record: Chorus keeps no
    address that did not say yes. Someone who had unsubscribed and asked to come back
    without confirming is simply unsubscribed again. Safe to run twice.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=CONFIRMATION_DAYS)
    stale = Subscriber.objects.filter(status=Subscriber.Status.PENDING).filter(
        Q(signup_requested_at__lt=cutoff)
        | Q(signup_requested_at__isnull=True, created_at__lt=cutoff)
    )
    done = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            subscriber = (
                Subscriber.objects.select_for_update()
                .filter(pk=pk, status=Subscriber.Status.PENDING)
                .first()
            )
            if subscriber is None or not subscriber.confirmation_expired(now):
                continue
            if subscriber.confirmed_at is None:
                audit_record(
                    actor=None,
                    action=AuditAction.DELETE,
                    instance=subscriber,
                    object_repr=f"Subscriber #{subscriber.pk}",
                    note=f"sign-up not confirmed within {CONFIRMATION_DAYS} days",
                )
                subscriber.delete()
            else:
                audited_update(
                    actor=None,
                    instance=subscriber,
                    fields={"status": Subscriber.Status.UNSUBSCRIBED},
                )
            done += 1
    return done


# --- Preferences and unsubscribing -----------------------------------------------------


def preferences_update(
    subscriber: Subscriber, *, sections: list[str], frequency: str, actor: Any = None
) -> dict[str, Any]:
    """Change which sections and how often. Returns what changed (nothing: no write)."""
    return audited_update(
        actor=actor,
        instance=subscriber,
        fields={"sections": list(sections), "frequency": frequency},
    )


def unsubscribe(subscriber: Subscriber, *, how: str, actor: Any = None) -> bool:
    """Stop the round-up to this subscriber at once. True if this call unsubscribed them.

    Idempotent: a second call (a double click, the mail provider retrying the one-click
    POST) changes nothing. The address goes on the suppression list (UNSUBSCRIBED), and
    `how` ("one-click", "unsubscribe page", "staff", …) is kept in the audit note.
    Kept to a handful of queries: one-click POSTs come in bursts after each send.
    """
    now = timezone.now()
    with transaction.atomic():
        # A conditional UPDATE, not a read and a save: two requests at once cannot both
        # think they did it, and nothing is locked for longer than the one statement.
        changed = Subscriber.objects.filter(
            pk=subscriber.pk,
            status__in=[Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED],
        ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now)
        if changed:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=subscriber,
                changes={
                    "status": {"from": subscriber.status, "to": Subscriber.Status.UNSUBSCRIBED},
                    "unsubscribed_at": {"from": None, "to": str(now)},
                },
                note=f"unsubscribed: {how}",
            )
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = now
        _suppression_add(
            actor=actor,
            email=subscriber.email,
            reason=Suppression.Reason.UNSUBSCRIBED,
            detail=f"unsubscribed: {how}",
        )
    return bool(changed)


# --- Staff ----------------------------------------------------------------------------


def subscriber_add(
    *,
    actor: Any,
    email: str,
    name: str = "",
    organisation: str = "",
    sections: list[str] | None = None,
    frequency: str = Subscriber.Frequency.DAILY,
    method: str,
    wording: str,
    given_at: datetime.datetime | None = None,
) -> Subscriber:
    """Add a subscriber staff were asked for in person or by email: confirmed at once.

    The consent record keeps how they agreed and what they were told. Someone who had
    unsubscribed is subscribed again with the new consent. Raises SubscriberError for
    an address already on the list, or suppressed for a bounce or a complaint.
    """
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        suppression = _by_email(Suppression.objects.all(), email).first()
        if suppression is not None and suppression.reason != Suppression.Reason.UNSUBSCRIBED:
            raise SubscriberError(
                f"{email} is on the suppression list ({suppression.get_reason_display()}): "
                "the round-up must not be sent to it."
            )
        existing = _by_email(Subscriber.objects.select_for_update(), email).first()
        if existing is not None and existing.status != Subscriber.Status.UNSUBSCRIBED:
            raise SubscriberError(
                f"{email} is already on the list ({existing.get_status_display()})."
            )
        fields: dict[str, Any] = {
            "name": name.strip(),
            "organisation": organisation.strip(),
            "sections": list(sections or []),
            "frequency": frequency,
            "status": Subscriber.Status.CONFIRMED,
            "confirmed_at": now,
            "unsubscribed_at": None,
        }
        if existing is not None:
            audited_update(actor=actor, instance=existing, fields=fields)
            subscriber = existing
        else:
            subscriber = audited_create(actor=actor, instance=Subscriber(email=email, **fields))
        audited_create(
            actor=actor,
            instance=SubscriberConsent(
                subscriber=subscriber, given_at=given_at or now, method=method, wording=wording
            ),
        )
        _lift_unsubscribe_suppression(actor=actor, email=email, note="added again by staff")
    return subscriber


# --- Importing the existing list -------------------------------------------------------


def _consent_time(day: datetime.date) -> datetime.datetime:
    # The old list knows the day only: noon keeps it on that day in any time zone nearby.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@dataclass(frozen=True)
class ImportedSubscriber:
    """One checked row of an imported list (see `subscriber_imports`)."""

    email: str
    name: str
    organisation: str
    sections: list[str]
    frequency: str
    basis: str
    consented_on: datetime.date


def subscribers_create_imported(
    *, actor: Any, rows: list[ImportedSubscriber], source: str
) -> list[Subscriber]:
    """Subscribe the checked rows of an imported list, each with its consent record.

    Call it inside the import's transaction (`chorus.lib.imports` holds it), with rows
    already checked against the list, the suppression list and each other. Imported
    subscribers are CONFIRMED, each with a consent record (method IMPORT) holding the
    basis and date from the file; nothing is sent to them.
    """
    now = timezone.now()
    subscribers = [
        Subscriber(
            email=normalise_email(row.email),
            name=row.name,
            organisation=row.organisation,
            sections=row.sections,
            frequency=row.frequency,
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=now,
        )
        for row in rows
    ]
    for subscriber in subscribers:
        # Addresses were checked against the list and each other just now.
        subscriber.full_clean(validate_unique=False, validate_constraints=False)
    Subscriber.objects.bulk_create(subscribers, batch_size=500)
    consents = [
        SubscriberConsent(
            subscriber=subscriber,
            given_at=_consent_time(row.consented_on),
            method=SubscriberConsent.Method.IMPORT,
            wording=IMPORT_WORDING,
            basis=row.basis,
        )
        for row, subscriber in zip(rows, subscribers, strict=True)
    ]
    SubscriberConsent.objects.bulk_create(consents, batch_size=500)
    for record in (*subscribers, *consents):
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=record,
            changes=created_fields(record),
            note=f"imported from {source}",
        )
    return subscribers
