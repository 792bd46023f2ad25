"""Reads about sends: who an edition goes to, and how far a send has got."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone

from chorus.roundup.models import Edition, Recipient, Send
from chorus.roundup.subscribers import selectors as subscriber_selectors


def edition_sections(edition: Edition) -> set[str]:
    """The sections that have at least one included story."""
    return set(edition.items.filter(included=True).values_list("section", flat=True).distinct())


def eligible_subscribers(edition: Edition) -> list[tuple[int, str]]:
    """(subscriber id, address) of everyone the send of `edition` goes to: those who chose
    its frequency (daily, or the weekly digest), want one of its sections, and may be sent to."""
    recipients = subscriber_selectors.confirmed_recipients(
        edition_sections(edition), frequency=edition.frequency
    )
    return list(recipients.values_list("pk", "email"))


def audience_count(edition: Edition) -> int:
    return len(eligible_subscribers(edition))


def send_progress(send: Send) -> dict[str, Any]:
    """Counts by status, how far along, the recent rate and the time left (for pages and CLI)."""
    counts = {status: 0 for status in Recipient.Status.values}
    for status, number in (
        Recipient.objects.filter(send=send)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    ):
        counts[status] = number
    total = sum(counts.values())
    finished = (
        counts[Recipient.Status.SENT]
        + counts[Recipient.Status.FAILED]
        + counts[Recipient.Status.SKIPPED]
    )
    now = timezone.now()
    window = 60
    recent = Recipient.objects.filter(
        send=send,
        status=Recipient.Status.SENT,
        sent_at__gte=now - datetime.timedelta(seconds=window),
    ).count()
    rate = recent / window
    left = total - finished
    send_status = Send.objects.filter(pk=send.pk).values_list("status", flat=True).first()
    return {
        "status": send_status,
        "status_label": str(Send.Status(send_status).label) if send_status else "",
        "total": total,
        "counts": counts,
        "finished": finished,
        "left": left,
        "percent": round(100 * finished / total, 1) if total else 100.0,
        "rate_per_second": round(rate, 1),
        "eta_seconds": round(left / rate) if rate and left else None,
    }
