"""What error reports (the debug page, mailed tracebacks) may show of the settings.

Django hides settings whose names look secret (KEY, PASS, TOKEN …), but a
connection URL carries its password inside: `DATABASE_URL`, `REDIS_URL` and the
cache's LOCATION would be shown in full. This filter hides settings named like a
URL or DSN outright, and masks the `user:password@` part of any URL in any other
setting or request value.
"""

from __future__ import annotations

import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter

# `scheme://user:password@host` or `scheme://token@host`: everything between :// and @.
_URL_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.\-]*://)[^/@\s]+@", re.IGNORECASE)


class SecretMaskingFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN", flags=re.IGNORECASE
    )

    def cleanse_setting(self, key: Any, value: Any) -> Any:
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str):
            return _URL_USERINFO.sub(
                lambda m: f"{m.group('scheme')}{self.cleansed_substitute}@", cleansed
            )
        return cleansed
