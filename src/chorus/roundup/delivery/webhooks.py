"""Bounces, complaints and unsubscribes reported by the mail provider (django-anymail).

Anymail's webhook views (under /anymail/, behind the HTTP basic-auth secret
ANYMAIL_WEBHOOK_SECRET) turn each provider's report into a tracking event; the
receiver below only maps the event to a suppression and calls the service. A hard
bounce, a refusal, a spam complaint or an unsubscribe at the provider stops every
later message to the address; a soft bounce (a full mailbox, a server that is down)
changes nothing, because the provider retries it.

Only the configured provider's report address is served, at
/anymail/<provider>/tracking/ (`tracking_webhook`): anymail ships a webhook for
every provider it knows, and those of providers Chorus is not set up for failed
with a server error when anyone posted to them (they miss their provider's
settings). Every other address under /anymail/ is not found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anymail import urls as anymail_urls
from anymail.signals import AnymailTrackingEvent, EventType, tracking
from django.conf import settings
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from chorus.roundup.models import Suppression
from chorus.roundup.subscribers.services import suppression_record

SUPPRESSING_EVENTS = {
    EventType.BOUNCED: Suppression.Reason.HARD_BOUNCE,
    EventType.REJECTED: Suppression.Reason.SMTP_REJECTED,
    EventType.COMPLAINED: Suppression.Reason.COMPLAINT,
    EventType.UNSUBSCRIBED: Suppression.Reason.UNSUBSCRIBED,
}
# Providers that report a soft bounce as "bounced" and say so only in their own field.
_SOFT_BOUNCE_TYPES = {"Postmark": ("Type", {"SoftBounce", "Transient", "DnsError"})}


def _is_soft_bounce(event: AnymailTrackingEvent, esp_name: str) -> bool:
    field, soft = _SOFT_BOUNCE_TYPES.get(esp_name, ("", set()))
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    return bool(field) and raw.get(field) in soft


def suppression_reason(event: AnymailTrackingEvent, esp_name: str) -> str | None:
    """The reason to suppress the event's recipient for, or None to leave it alone."""
    reason = SUPPRESSING_EVENTS.get(event.event_type)
    if reason is None or not event.recipient:
        return None
    if event.event_type == EventType.BOUNCED and _is_soft_bounce(event, esp_name):
        return None
    return reason


@receiver(tracking, dispatch_uid="chorus.roundup.suppress_on_tracking_event")
def suppress_on_tracking_event(
    sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any
) -> None:
    reason = suppression_reason(event, esp_name)
    if reason is None:
        return
    said = " ".join(str(part) for part in (event.description, event.mta_response) if part)
    suppression_record(
        email=event.recipient, reason=reason, detail=f"{esp_name}: {said}" if said else esp_name
    )


# --- The provider's report address -----------------------------------------------

_SUFFIX = "_tracking_webhook"

# Provider name (as in the address) → anymail's tracking view for it.
TRACKING_VIEWS: dict[str, Callable[..., Any]] = {
    pattern.name.removesuffix(_SUFFIX): pattern.callback
    for pattern in anymail_urls.urlpatterns
    if pattern.name and pattern.name.endswith(_SUFFIX)
}


@csrf_exempt
def tracking_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    view = TRACKING_VIEWS.get(provider)
    if view is None or provider != settings.ANYMAIL_WEBHOOK_PROVIDER:
        raise Http404("No mail provider reports to this address.")
    response: HttpResponse = view(request)
    return response
