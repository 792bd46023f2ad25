from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from chorus.roundup.delivery.webhooks import TRACKING_VIEWS


@register()
def mail_provider_is_known(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """ANYMAIL_WEBHOOK_PROVIDER must name a provider whose reports Chorus can read."""
    provider = settings.ANYMAIL_WEBHOOK_PROVIDER
    if provider and provider not in TRACKING_VIEWS:
        return [
            Error(
                f"ANYMAIL_WEBHOOK_PROVIDER={provider!r} is not a mail provider Chorus knows.",
                hint=f"Use one of: {', '.join(sorted(TRACKING_VIEWS))}.",
                id="chorus.E102",
            )
        ]
    if provider:
        try:
            TRACKING_VIEWS[provider].view_class()  # type: ignore[attr-defined]
        except ImproperlyConfigured as exc:
            # Its reports would fail with a server error instead of suppressing anyone.
            return [
                Error(
                    f"The {provider} report address cannot work: {exc}",
                    hint="Chorus sets only ANYMAIL_WEBHOOK_SECRET; use a provider that "
                    "needs nothing else (postmark, sendgrid, brevo, mailjet, sparkpost).",
                    id="chorus.E103",
                )
            ]
    if not provider and not settings.ANYMAIL["WEBHOOK_SECRET"].startswith("unset:"):
        return [
            Warning(
                "ANYMAIL_WEBHOOK_SECRET is set but ANYMAIL_WEBHOOK_PROVIDER is not: "
                "bounce and complaint reports are answered 404 and suppress no one.",
                hint="Set ANYMAIL_WEBHOOK_PROVIDER to your mail provider, e.g. postmark.",
                id="chorus.W102",
            )
        ]
    return []
