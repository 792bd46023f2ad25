"""The round-up's figures, registered with impact's indicator registry (RoundupConfig.ready)."""

from __future__ import annotations

import datetime

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from chorus.impact.indicators import Indicator, Period, Result, indicator, register_area
from chorus.roundup.subscribers.models import Subscriber, Suppression


def _first_confirmed_on() -> datetime.date | None:
    first = Subscriber.objects.aggregate(first=Min("confirmed_at"))["first"]
    return timezone.localdate(first) if first else None


register_area(code="roundup", title="The daily round-up", first_record_on=_first_confirmed_on)


@indicator(
    code="roundup.subscribers",
    title="Round-up recipients",
    definition="""Subscribers confirmed on the period's last day: confirmed by the end of
        that day, and neither unsubscribed nor suppressed (bounced, complained) by then.
        Each address once.""",
    version=1,
    counts_people=True,
    unit="subscribers",
    kind="count",
)
def _subscribers(ind: Indicator, period: Period) -> Result:
    day_after = period.end + datetime.timedelta(days=1)
    end = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))
    suppressed = Suppression.objects.filter(created_at__lt=end).values("email")
    subscribers = (
        Subscriber.objects.filter(confirmed_at__lt=end)
        .filter(Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=end))
        .exclude(email__in=suppressed)
    )
    return Result(
        ind,
        period,
        value=subscribers.count(),
        records_url=reverse("roundup:subscriber_list") + "?status=confirmed",
        records=lambda: subscribers,
    )
