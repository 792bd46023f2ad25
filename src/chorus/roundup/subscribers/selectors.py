"""Reads about round-up subscribers. The delivery code asks three things here:
`confirmed_recipients(sections)` (who gets an edition), `is_suppressed(email)`
(checked again just before each message) and `list_headers(subscriber)` (the
RFC 8058 one-click unsubscribe headers)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.urls import reverse

from chorus.lib import mail
from chorus.privacy.subject_access import serialise
from chorus.roundup.subscribers.models import (
    Subscriber,
    Suppression,
)


def normalise_email(email: str) -> str:
    """Trimmed, with the domain in lower case (the mailbox part is the owner's business)."""
    email = email.strip()
    local, at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if at else email


def by_email[M: (Subscriber, Suppression)](queryset: QuerySet[M], email: str) -> QuerySet[M]:
    # LOWER(email) = LOWER(…): the expression of the unique index, so the index is used, and
    # the database lower-cases both sides the same way.
    return queryset.alias(email_lower=Lower("email")).filter(
        email_lower=Lower(Value(email.strip()))
    )


def subscriber_for_email(email: str) -> Subscriber | None:
    return by_email(Subscriber.objects.all(), email).first()


def suppression_for(email: str) -> Suppression | None:
    return by_email(Suppression.objects.all(), email).first()


def is_suppressed(email: str) -> bool:
    """Must nothing more be sent to this address (bounced, complained, refused, unsubscribed)?"""
    return by_email(Suppression.objects.all(), email).exists()


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
        unsubscribe_url=public_url("roundup:unsubscribe", subscriber),
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
        "roundup.suppression": list(by_email(Suppression.objects.all(), email)),
        "roundup.recipient": list(subscriber.deliveries.order_by("pk")) if subscriber else [],
    }
    return {label: [serialise(r) for r in rows] for label, rows in records.items()}


# --- Suppression -------------------------------------------------------------------
