"""What the media desk adds to the safeguarding lead's inbox (`chorus.voices.inbox`)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from chorus.media.models import JournalistRequest, RequestCandidate
from chorus.voices.consent import day
from chorus.voices.inbox import InboxItem
from chorus.voices.models import StorytellerProfile

_CLOSED = (JournalistRequest.Status.DONE, JournalistRequest.Status.DECLINED)


def candidates_waiting(on: datetime.date) -> list[InboxItem]:
    """Storytellers put forward for an open request who wait for the lead's clearance."""
    rows = (
        RequestCandidate.objects.filter(status=RequestCandidate.Status.SAFEGUARDING)
        .exclude(request__status__in=_CLOSED)
        .exclude(storyteller__status=StorytellerProfile.Status.ERASED)
        .order_by("request__received_on", "pk")
        .values_list(
            "request_id",
            "request__received_on",
            "request__outlet__name",
            "storyteller__reference",
        )
    )
    return [
        InboxItem(
            text=f"{reference} put forward for {outlet}'s request of {day(received_on)}",
            url=reverse("media:request_detail", args=[request_id]),
            when=received_on,
        )
        for request_id, received_on, outlet, reference in rows
    ]
