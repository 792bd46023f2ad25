from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_not_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Demo mode waives MFA and relaxes HTTPS; it must never pass a production check."""
    if settings.CHORUS_DEMO:
        return [
            Error(
                "CHORUS_DEMO is on.",
                hint="Demo mode waives two-factor authentication, does not insist on HTTPS "
                "and shows fictional data. Unset CHORUS_DEMO in production.",
                id="chorus.E001",
            )
        ]
    return []
