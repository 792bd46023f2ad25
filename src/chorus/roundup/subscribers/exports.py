"""Subscribers as a CSV file, each with the consent they gave (the lawful basis for mailing).

Read-only but for the audit row: exporting personal data is recorded (who, how many,
with which filters). The file goes through `chorus.lib.csv_export`, so it opens safely
in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from chorus.lib.csv_export import csv_lines
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.privacy.services import audit_record
from chorus.roundup.models import Subscriber, SubscriberConsent

HEADER = (
    "email",
    "name",
    "organisation",
    "status",
    "frequency",
    "sections",
    "signed up",
    "confirmed",
    "unsubscribed",
    "consent given",
    "consent method",
    "consent confirmed",
    "consent basis",
    "consent wording",
)


def subscribers_filtered(*, q: str = "", status: str = "") -> QuerySet[Subscriber]:
    """The subscribers the list and the export show for these filters, by address."""
    found = Subscriber.objects.order_by("email", "pk")
    q = q.strip()
    if q:
        found = found.filter(
            Q(email__icontains=q) | Q(name__icontains=q) | Q(organisation__icontains=q)
        )
    if status:
        found = found.filter(status=status)
    return found


def _when(value: Any) -> str:
    return value.isoformat(timespec="minutes") if value else ""


def subscriber_row(subscriber: Subscriber) -> list[str]:
    """One subscriber and the consent that stands (the newest), before neutralising."""
    consents = list(subscriber.consents.all())  # newest first: prefetched in that order
    consent = consents[0] if consents else None
    return [
        subscriber.email,
        subscriber.name,
        subscriber.organisation,
        str(subscriber.get_status_display()),
        str(subscriber.get_frequency_display()),
        subscriber.sections_label,
        _when(subscriber.created_at),
        _when(subscriber.confirmed_at),
        _when(subscriber.unsubscribed_at),
        _when(consent.given_at) if consent else "",
        str(consent.get_method_display()) if consent else "no consent recorded",
        _when(consent.confirmed_at) if consent else "",
        consent.basis if consent else "",
        consent.wording if consent else "",
    ]


def subscribers_csv_lines(subscribers: QuerySet[Subscriber]) -> Iterator[str]:
    """The file, line by line: a query for the subscribers and one for all their consents."""
    newest_first = SubscriberConsent.objects.order_by("-given_at", "-pk")
    rows: Iterable[Subscriber] = subscribers.prefetch_related(
        Prefetch("consents", queryset=newest_first)
    )
    return csv_lines(HEADER, (subscriber_row(subscriber) for subscriber in rows))


def subscribers_export_record(*, actor: Any, filters: str, row_count: int) -> AuditEntry:
    """The audit row for a download of subscribers: who, how many, with which filters."""
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=Subscriber._meta.label_lower,
        note=f"{row_count} subscribers as CSV; filters: {filters or 'none'}",
    )
