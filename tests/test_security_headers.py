from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from chorus.accounts.roles import Role

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def test_it_sends_a_strict_content_security_policy(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "url_name",
    [
        "impact:dashboard",
        "media:placement_list",
        "media:outlet_list",
        "people:person_list",
        "privacy:audit_log",
    ],
)
def test_it_renders_pages_without_inline_script_or_style(client_for, url_name):
    html = client_for(Role.ADMIN).get(reverse(url_name)).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert not INLINE_STYLE.search(html)


def test_it_marks_signed_in_pages_no_store(client_for):
    response = client_for(Role.COORDINATOR).get(reverse("impact:dashboard"))
    assert response["Cache-Control"] == "no-store"


def test_it_uses_secure_cookies_and_hsts_when_debug_is_off():
    # The test settings are the production ones (DEBUG off); only the HTTPS redirect is
    # switched off because the test client speaks plain HTTP.
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert settings.SESSION_COOKIE_HTTPONLY
