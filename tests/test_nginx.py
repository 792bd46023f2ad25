"""Chorus behind a real nginx running deploy/nginx.conf, as in production.

Each visitor connects to nginx from its own address; Chorus must count each one
separately, and a visitor writing its own X-Forwarded-For must gain nothing by it.
"""

from __future__ import annotations

import pytest

from chorus.accounts.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]

LOGIN = "/accounts/login/"
TOO_MANY = "Too many failed login attempts"


def _sign_in(visitor, password: str, headers: dict[str, str] | None = None):
    return visitor.submit(LOGIN, {"login": "coordinator", "password": password}, headers)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR, username="coordinator")


def test_nginx_serves_static_files_and_passes_https_on(nginx):
    (nginx.static / "probe.txt").write_text("from nginx", encoding="utf-8")
    static = nginx.client().get("/static/probe.txt")
    assert static.status == 200
    assert static.text == "from nginx"
    assert "max-age" in static.header("Cache-Control")
    # Chorus knows the visitor came over HTTPS (X-Forwarded-Proto), so it sends HSTS.
    page = nginx.client().get(LOGIN)
    assert page.status == 200
    assert page.header("Strict-Transport-Security").startswith("max-age=")
    assert "nginx/" not in page.header("Server")  # no version on show
    # Plain HTTP is sent to HTTPS.
    plain = nginx.client().get(LOGIN, https=False)
    assert plain.status == 301
    assert plain.header("Location").startswith("https://")


def test_two_visitors_behind_nginx_have_their_own_sign_in_counters(nginx, coordinator, settings):
    guesser = nginx.client(source="127.0.0.2")
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        assert TOO_MANY not in _sign_in(guesser, "wrong-password").text
    refused = _sign_in(guesser, TEST_PASSWORD)
    assert TOO_MANY in refused.text
    assert "sessionid" not in guesser.cookies

    # The coordinator, at another address, signs in through the same nginx.
    colleague = nginx.client(source="127.0.0.3")
    answer = _sign_in(colleague, TEST_PASSWORD)
    assert answer.status == 302, answer.text[:300]
    assert colleague.get("/").status == 200


def test_a_visitor_forging_x_forwarded_for_is_still_counted_as_itself(nginx, coordinator, settings):
    forger = nginx.client(source="127.0.0.4")
    for n in range(settings.LOGIN_ATTEMPTS_LIMIT):
        _sign_in(forger, "wrong-password", {"X-Forwarded-For": f"192.0.2.{n + 1}"})
    refused = _sign_in(forger, TEST_PASSWORD, {"X-Forwarded-For": "198.51.100.99, 192.0.2.200"})
    assert TOO_MANY in refused.text
    assert "sessionid" not in forger.cookies


def test_the_access_log_keeps_paths_but_never_query_strings_or_referrers(nginx):
    visitor = nginx.client()
    visitor.get("/accounts/login/?next=/search/%3Fq%3DInventedname+Qwertyson")
    visitor.get(
        "/healthz?token=invented-secret-token", headers={"Referer": "https://x.example/?q=Zorbly"}
    )
    log = nginx.access_log()
    assert '"GET /accounts/login/ HTTP/' in log and '"GET /healthz HTTP/' in log
    for secret in ("Inventedname", "Qwertyson", "invented-secret-token", "Zorbly", "?"):
        assert secret not in log
