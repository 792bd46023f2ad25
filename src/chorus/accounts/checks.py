from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_not_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Demo mode waives MFA; it must never run on a production configuration."""
    if settings.CHORUS_DEMO and not settings.DEBUG:
        return [
            Error(
                "CHORUS_DEMO is on while DEBUG is off.",
                hint="Demo mode waives two-factor authentication and shows fictional data. "
                "Unset CHORUS_DEMO in production.",
                id="chorus.E001",
            )
        ]
    return []
