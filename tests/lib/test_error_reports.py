"""Error reports (the debug page, mailed tracebacks) never show passwords in connection URLs."""

from __future__ import annotations

import sys

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

from chorus.lib.errors import SecretMaskingFilter

DB_PASSWORD = "db-pw-Quokka-7731"  # noqa: S105  (fictional)
REDIS_PASSWORD = "redis-pw-Wombat-2290"  # noqa: S105  (fictional)


@pytest.fixture
def secret_urls(settings):
    settings.DATABASE_URL = f"postgres://chorus:{DB_PASSWORD}@db.internal:5432/chorus"
    settings.REDIS_URL = f"redis://:{REDIS_PASSWORD}@cache.internal:6379/0"
    settings.CRONTASK = {"REDIS_URL": settings.REDIS_URL}
    settings.SENTRY_DSN = f"https://{DB_PASSWORD}@errors.example.org/4"
    settings.CHORUS_FEED_MIRROR = f"https://reader:{REDIS_PASSWORD}@feeds.example.org/rss"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        }
    }


def test_error_reports_mask_passwords_in_connection_urls(secret_urls):
    safe = SecretMaskingFilter().get_safe_settings()
    shown = repr(safe)
    assert DB_PASSWORD not in shown
    assert REDIS_PASSWORD not in shown
    assert safe["DATABASE_URL"] == SecretMaskingFilter.cleansed_substitute
    # A URL in a setting not named like one keeps its address but loses its password.
    assert safe["CACHES"]["default"]["LOCATION"] == (
        f"redis://{SecretMaskingFilter.cleansed_substitute}@cache.internal:6379/0"
    )
    assert "@feeds.example.org/rss" in safe["CHORUS_FEED_MIRROR"]


def test_the_debug_page_would_not_show_the_database_or_redis_password(secret_urls):
    assert isinstance(get_default_exception_reporter_filter(), SecretMaskingFilter)
    request = RequestFactory().get("/broken/", HTTP_X_UPSTREAM=f"redis://u:{REDIS_PASSWORD}@h/0")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        html = ExceptionReporter(request, *sys.exc_info()).get_traceback_html()
    assert "DATABASE_URL" in html and "boom" in html
    assert DB_PASSWORD not in html
    assert REDIS_PASSWORD not in html
