"""Load the demo round-up: three sent editions, today's draft, and the readers.

Called by `chorus.demo.loader.load` inside its transaction, after the monitoring (see
`chorus.demo.monitoring.loader`), whose news it lets in morning by morning: each of the
three past editions is built on its morning by the real `edition_draft_build` from the
news that had come in by then and marked sent, then the rest comes in and today's
draft is built.

Idempotent: editions are found by their date and subscribers by address, before
anything is created.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from chorus.accounts.models import User
from chorus.demo.monitoring.loader import HOUR, News
from chorus.demo.roundup import data as rd
from chorus.demo.summary import Summary
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create
from chorus.roundup.editions import services as editions
from chorus.roundup.editions.archive import archive_changed
from chorus.roundup.models import Edition, Subscriber, SubscriberConsent, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services
from chorus.roundup.subscribers.forms import CONSENT_WORDING

# When the old subscriber list was imported, before the demo's "now".
IMPORTED_DAYS_AGO = 120


def load_roundup(
    *,
    today: datetime.date,
    users: dict[str, User],
    news: News,
    summary: Summary,
) -> None:
    """Create whatever part of the demo round-up is missing."""
    now = news.now
    editor = users.get("coordinator")
    for days in rd.PAST_EDITION_DAYS:
        built_at = now - datetime.timedelta(days=days)
        news.arrive_before(built_at)
        day = today - datetime.timedelta(days=days)
        exists = Edition.objects.filter(issue_date=day, kind=Edition.Kind.DAILY).exists()
        summary.add("Round-up editions", not exists)
        if not exists:
            _past_edition(day, built_at, intro=rd.PAST_EDITION_INTROS[days], editor=editor)
    news.arrive_all()
    draft_exists = Edition.objects.filter(issue_date=today, kind=Edition.Kind.DAILY).exists()
    # Tops up an existing draft with nothing: no story is newer than the first run's.
    editions.edition_draft_build(day=today, now=now)
    summary.add("Round-up editions", not draft_exists)
    news.add_to(summary)
    _load_subscribers(now, summary)
    _load_historic_readers(summary)


def _past_edition(
    day: datetime.date, built_at: datetime.datetime, *, intro: str, editor: User | None
) -> None:
    """The edition of `day`, built that morning and sent: what the public archive shows."""
    edition = editions.edition_draft_build(day=day, now=built_at)
    sent_at = built_at + datetime.timedelta(minutes=30)
    Edition.objects.filter(pk=edition.pk).update(
        intro=intro,
        status=Edition.Status.SENT,
        approved_by=editor,
        approved_at=built_at + datetime.timedelta(minutes=20),
        send_at=sent_at,
        published_at=sent_at,
    )
    archive_changed()


# --- Subscribers ----------------------------------------------------------------------


def _load_subscribers(now: datetime.datetime, summary: Summary) -> None:
    imported_at = now - datetime.timedelta(days=IMPORTED_DAYS_AGO)
    for index, (email, name, organisation) in enumerate(rd.CONFIRMED):
        if _exists(email, summary):
            continue
        _imported(
            index,
            email,
            name,
            organisation,
            imported_at,
            sections=rd.CONFIRMED_SECTIONS.get(index, []),
            frequency=Subscriber.Frequency.WEEKLY if index in rd.WEEKLY else None,
        )
    for email, name, organisation, hours in rd.PENDING:
        if _exists(email, summary):
            continue
        asked_at = now - hours * HOUR
        subscriber = audited_create(
            actor=None,
            instance=Subscriber(
                email=email,
                name=name,
                organisation=organisation,
                status=Subscriber.Status.PENDING,
                created_at=asked_at,
                signup_requested_at=asked_at,
            ),
        )
        audited_create(
            actor=None,
            instance=SubscriberConsent(
                subscriber=subscriber,
                given_at=asked_at,
                method=SubscriberConsent.Method.WEB_FORM,
                wording=CONSENT_WORDING,
            ),
        )
    offset = len(rd.CONFIRMED)
    for number, (email, name, organisation) in enumerate(rd.UNSUBSCRIBED):
        if _exists(email, summary):
            continue
        subscriber = _imported(offset + number, email, name, organisation, imported_at)
        subscriber_services.subscriber_unsubscribe(subscriber=subscriber, how="unsubscribe page")
    email, name, organisation = rd.SUPPRESSED
    if not _exists(email, summary):
        _imported(offset + len(rd.UNSUBSCRIBED), email, name, organisation, imported_at)
        subscriber_services.suppression_record(
            email=email, reason=Suppression.Reason.HARD_BOUNCE, detail=rd.BOUNCE_DETAIL
        )


def _historic_days() -> list[datetime.date]:
    """The day each historic reader confirmed: spread evenly, over a thousand by June 2023."""

    def spread(first: datetime.date, last: datetime.date, count: int) -> list[datetime.date]:
        span = (last - first).days
        return [
            first + datetime.timedelta(days=span * i // max(count - 1, 1)) for i in range(count)
        ]

    return spread(
        rd.HISTORIC_FIRST_DAY, rd.HISTORIC_JUNE_2023, rd.HISTORIC_READERS_BY_JUNE_2023
    ) + spread(
        rd.HISTORIC_JUNE_2023 + datetime.timedelta(days=7),
        rd.HISTORIC_LAST_DAY,
        rd.HISTORIC_READERS_AFTER,
    )


def _load_historic_readers(summary: Summary) -> None:
    """The list kept before Chorus, in bulk: one audit row, as for the demo placements."""
    days = _historic_days()
    emails = [f"reader-{number:04d}@example.org" for number in range(1, len(days) + 1)]
    existing = set(Subscriber.objects.filter(email__in=emails).values_list("email", flat=True))
    new = []
    for email, day in zip(emails, days, strict=True):
        summary.add("Round-up subscribers", email not in existing)
        if email in existing:
            continue
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        new.append(
            (
                Subscriber(
                    email=email, status=Subscriber.Status.CONFIRMED, created_at=at, confirmed_at=at
                ),
                at,
            )
        )
    if not new:
        return
    created = Subscriber.objects.bulk_create([s for s, _ in new], batch_size=500)
    SubscriberConsent.objects.bulk_create(
        [
            SubscriberConsent(
                subscriber=subscriber,
                given_at=at,
                method=SubscriberConsent.Method.IMPORT,
                wording=subscriber_services.IMPORT_WORDING,
                basis=rd.IMPORT_BASIS,
                confirmed_at=at,
            )
            for subscriber, (_, at) in zip(created, new, strict=True)
        ],
        batch_size=500,
    )
    audit_record(
        actor=None,
        action=AuditAction.IMPORT,
        object_type="roundup.subscriber",
        object_repr=f"{len(new)} round-up readers from the list kept before Chorus",
        note="demo data: round-up list",
    )


def _exists(email: str, summary: Summary) -> bool:
    found = subscriber_selectors.subscriber_for_email(email) is not None
    summary.add("Round-up subscribers", not found)
    return found


def _imported(
    index: int,
    email: str,
    name: str,
    organisation: str,
    imported_at: datetime.datetime,
    *,
    sections: list[str] | None = None,
    frequency: str | None = None,
) -> Subscriber:
    """A reader from the list kept before Chorus, confirmed with the consent it recorded."""
    subscriber = audited_create(
        actor=None,
        instance=Subscriber(
            email=email,
            name=name,
            organisation=organisation,
            sections=list(sections or []),
            frequency=frequency or Subscriber.Frequency.DAILY,
            status=Subscriber.Status.CONFIRMED,
            created_at=imported_at,
            confirmed_at=imported_at,
        ),
    )
    # The old list knows the day each person agreed, some time in 2021.
    agreed_on = datetime.date(2021, 1 + index % 12, 1 + (index * 7) % 28)
    audited_create(
        actor=None,
        instance=SubscriberConsent(
            subscriber=subscriber,
            given_at=timezone.make_aware(datetime.datetime.combine(agreed_on, datetime.time(12))),
            method=SubscriberConsent.Method.IMPORT,
            wording=subscriber_services.IMPORT_WORDING,
            basis=rd.IMPORT_BASIS,
            confirmed_at=imported_at,
        ),
    )
    return subscriber
