"""Signing up to the round-up and confirming, from the public form or a staff member.

What this module must never do: tell a visitor whether an address subscribes. A
sign-up is answered the same way whatever the address's state, and anything worth
saying about it goes by email to that address only, a few times a day at most.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from chorus.lib import crypto
from chorus.monitoring.models import NewsRegion
from chorus.privacy.services import (
    audited_create,
    audited_update,
)
from chorus.roundup.subscribers.models import (
    CONFIRMATION_DAYS,
    Subscriber,
    SubscriberConsent,
    Suppression,
)
from chorus.roundup.subscribers.selectors import by_email, normalise_email, subscriber_for_email
from chorus.roundup.subscribers.services import (
    mail_allowance_take,
    subscriber_mail_send,
    unsubscribe_suppression_lift,
)

# Signs the sign-up again that a confirmation link carries (see `signed_request`).
SIGNED_REQUEST_SALT = "chorus.roundup.signup-request"


@dataclass(frozen=True)
class SignedRequest:
    sections: list[str]
    frequency: str
    requested_at: datetime.datetime


def signup_enqueue(
    *,
    email: str,
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
    transaction.on_commit(partial(sign_up.enqueue, sealed))


def sign_up_from_task(sealed: str) -> None:
    """Run a sign-up `enqueue_sign_up` queued (the task's body)."""
    fields = json.loads(crypto.decrypt(sealed))
    subscription_request(email=fields.pop("email"), **fields)


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


def subscription_request(
    *,
    email: str,
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
        subscriber = by_email(Subscriber.objects.select_for_update(), email).first()
        suppression = by_email(Suppression.objects.all(), email).first()
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
    if reply and subscriber is not None and mail_allowance_take(email=email):
        subscriber_mail_send(subscriber=subscriber, kind=reply, request=request)
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


def subscriber_confirm(
    *,
    subscriber: Subscriber,
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
            by_email(Suppression.objects.all(), locked.email)
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
        unsubscribe_suppression_lift(
            actor=actor, email=locked.email, note="signed up and confirmed again"
        )
    subscriber.refresh_from_db()
    return True


@task
def sign_up(sealed: str) -> None:
    """A sign-up from the public form (encrypted: it holds an address and a name)."""
    sign_up_from_task(sealed)
