"""Round-up subscribers: preferences, unsubscribing, suppression, staff additions, imports.

Every write is one transaction that writes its audit rows with it. Signing up and
confirming are in `signup`; the reads the delivery code relies on in `selectors`.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import smtplib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from crontask import cron
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from chorus.lib import mail
from chorus.privacy.models import AuditAction
from chorus.privacy.services import (
    audit_created_many,
    audit_record,
    audited_create,
    audited_update,
    created_fields,
)
from chorus.roundup.subscribers.models import (
    CONFIRMATION_DAYS,
    Subscriber,
    SubscriberConsent,
    Suppression,
)
from chorus.roundup.subscribers.selectors import by_email, normalise_email, public_url

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


class SubscriberError(Exception):
    """A change staff asked for that cannot be made. The message says why, in plain words."""


def _suppression_add(
    *, actor: Any, email: str, reason: str, detail: str
) -> tuple[Suppression, bool]:
    """The address's suppression, added if missing. Call inside a transaction.

    An unsubscribe is replaced by a harder reason (a bounce or a complaint), never the
    other way round: the harder reason is what stops a later sign-up from mailing it.
    """
    existing = by_email(Suppression.objects.select_for_update(), email).first()
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
        return by_email(Suppression.objects.all(), email).get(), False
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=suppression,
        changes=created_fields(suppression),
    )
    return suppression, True


def unsubscribe_suppression_lift(*, actor: Any, email: str, note: str) -> None:
    """Remove an unsubscribe from the suppression list once the person has opted in again."""
    for suppression in by_email(Suppression.objects.select_for_update(), email).filter(
        reason=Suppression.Reason.UNSUBSCRIBED
    ):
        audit_record(actor=actor, action=AuditAction.DELETE, instance=suppression, note=note)
        suppression.delete()


def suppression_record(
    *, email: str, reason: str, detail: str = "", actor: Any = None
) -> Suppression:
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
        subscriber = by_email(Subscriber.objects.select_for_update(), email).first()
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


def suppression_record_smtp_refusal(*, email: str, code: int, message: str | bytes = "") -> bool:
    """Suppress an address the mail server refused for good (a 5xx answer). True if it did.

    A 4xx answer is temporary (a full mailbox, greylisting): the address is kept and
    the message tried again later by the caller.
    """
    if not 500 <= code < 600:
        return False
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    suppression_record(
        email=email, reason=Suppression.Reason.SMTP_REJECTED, detail=f"{code} {text}".strip()
    )
    return True


# --- Signing up and confirming -------------------------------------------------------


def mail_allowance_take(*, email: str) -> bool:
    """Count one sign-up email to this address; False once today's allowance is used."""
    key = "roundup:signup-mail:" + hashlib.sha256(email.lower().encode("utf-8")).hexdigest()
    cache.add(key, 0, timeout=_DAY_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_DAY_SECONDS)
        count = 1
    return count <= MAILS_PER_ADDRESS_PER_DAY


def subscriber_mail_send(*, subscriber: Subscriber, kind: str, request: str = "") -> bool:
    """Send one sign-up email ("confirm" or "already_subscribed"). False if it failed.

    The email carries nothing a visitor typed (not even the name): whoever fills in the
    form chooses the address it goes to. `request` is a signed sign-up (see
    `signed_request`) that the confirmation link carries. A refusal for good (5xx)
    suppresses the address; any other failure is logged and the person can simply ask
    again.
    """
    confirm_url = public_url("roundup:subscribe_confirm", subscriber)
    if request:
        confirm_url += "?" + urlencode({"request": request})
    context = {
        "subscriber": subscriber,
        "confirm_url": confirm_url,
        "preferences_url": public_url("roundup:preferences", subscriber),
        "unsubscribe_url": public_url("roundup:unsubscribe", subscriber),
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
        suppression_record_smtp_refusal(email=subscriber.email, code=code, message=answer)
        logger.warning("Sign-up email to subscriber #%s refused (%s)", subscriber.pk, code)
        return False
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Sign-up email to subscriber #%s failed: %s", subscriber.pk, type(exc))
        return False
    return True


def signups_pending_expire(*, now: datetime.datetime | None = None) -> int:
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


def subscriber_preferences_update(
    *, subscriber: Subscriber, sections: list[str], frequency: str, actor: Any = None
) -> dict[str, Any]:
    """Change which sections and how often. Returns what changed (nothing: no write)."""
    return audited_update(
        actor=actor,
        instance=subscriber,
        fields={"sections": list(sections), "frequency": frequency},
    )


def subscriber_unsubscribe(*, subscriber: Subscriber, how: str, actor: Any = None) -> bool:
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
        suppression = by_email(Suppression.objects.all(), email).first()
        if suppression is not None and suppression.reason != Suppression.Reason.UNSUBSCRIBED:
            raise SubscriberError(
                f"{email} is on the suppression list ({suppression.get_reason_display()}): "
                "the round-up must not be sent to it."
            )
        existing = by_email(Subscriber.objects.select_for_update(), email).first()
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
        unsubscribe_suppression_lift(actor=actor, email=email, note="added again by staff")
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
    audit_created_many(
        actor=actor, instances=(*subscribers, *consents), note=f"imported from {source}"
    )
    return subscribers


@cron("20 4 * * *")  # nightly: sign-ups never confirmed within the week expire
@task
def expire_pending_signups() -> int:
    return signups_pending_expire()
