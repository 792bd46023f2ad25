"""The mail provider's report address: only the provider named in ANYMAIL_WEBHOOK_PROVIDER answers.

Anymail ships a webhook for every provider it knows. Mounted wholesale, those of
providers Chorus is not set up for failed with a server error when anyone posted
to them (they miss their provider's settings). Only the configured provider's
tracking address is served, at /anymail/<provider>/tracking/; every other
address under /anymail/ (other providers, inbound mail) is not found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

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


urlpatterns = [
    path("<slug:provider>/tracking/", tracking_webhook, name="mail_provider_tracking_webhook"),
]
