from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
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


# Backends that keep mail inside the machine: links in it reach no one.
_MAIL_STAYS_HERE = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
_UNSET_PUBLIC_URL = "http://127.0.0.1:8000"  # settings' default, for the demo and development


@register(Tags.security, deploy=True)
def public_url_for_mail(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Mail that leaves Chorus links back to it (confirm, unsubscribe, the archive): with mail
    configured, CHORUS_PUBLIC_URL must be the live https address."""
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    url = settings.CHORUS_PUBLIC_URL
    if backend in _MAIL_STAYS_HERE or url.startswith("https://"):
        return []
    problem = (
        f"CHORUS_PUBLIC_URL is not set, so mail would link to {url}"
        if url == _UNSET_PUBLIC_URL
        else f"CHORUS_PUBLIC_URL is {url}, not an https address"
    )
    return [
        Error(
            f"Mail is configured but {problem}: subscribers' confirm and unsubscribe links "
            "would not reach this Chorus, or would travel unencrypted.",
            hint="Set CHORUS_PUBLIC_URL to the address the public uses, starting with "
            "https://, e.g. https://chorus.example.org.",
            id="chorus.E104",
        )
    ]
