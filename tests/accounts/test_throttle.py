"""Sign-in throttling behind a proxy: per address, per username and per both.

Requests come from the proxy on 127.0.0.1 (trusted by default) and name the visitor in
X-Forwarded-For, as nginx does in production (deploy/nginx.conf).
"""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import hotp_value
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.accounts.throttle import KNOWN_BROWSER_COOKIE
from tests.factories import TEST_PASSWORD, UserFactory, give_totp

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


def _visitor(address: str) -> Client:
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def _login(client: Client, username: str, password: str):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def _totp(secret: str) -> str:
    if 30 - time.time() % 30 < 2:  # a code read at the end of its window may expire
        time.sleep(2)
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def _later(seconds: float):
    """Move the clock on (a TOTP code is accepted once, so a second sign-in needs a new one)."""
    now = datetime.datetime.now(tz=datetime.UTC)
    return time_machine.travel(now + datetime.timedelta(seconds=seconds))


@pytest.fixture
def admin_and_secret(db):
    user = UserFactory(role=Role.ADMIN, username="admin")
    return user, give_totp(user)


def _sign_in_admin(client: Client, secret: str) -> None:
    first = _login(client, "admin", TEST_PASSWORD)
    assert first["Location"] == reverse("mfa_authenticate")
    second = client.post(reverse("mfa_authenticate"), {"code": _totp(secret)})
    assert second.status_code == 302, second.content.decode()[:500]
    assert "_auth_user_id" in client.session


def test_a_quick_burst_of_failures_behind_the_proxy_locks_out_no_one_else(admin_and_secret):
    # The security review's finding: 21 quick failures locked `admin` out for everybody.
    _, secret = admin_and_secret
    stranger = _visitor("203.0.113.49")
    for n in range(21):
        _login(stranger, f"random-{n}", "not-a-password")
    _sign_in_admin(_visitor("198.51.100.9"), secret)


def test_random_usernames_from_one_address_do_not_lock_admin_out_elsewhere(
    admin_and_secret, settings
):
    _, secret = admin_and_secret
    stranger = _visitor("203.0.113.50")
    # Spread over a few minutes, under allauth's limit on sign-in posts a minute.
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        with _later(n * 10):
            answer = _login(stranger, f"guess{n}", "not-a-password")
        assert TOO_MANY not in answer.content.decode()
    with _later(settings.LOGIN_FAILURES_PER_ADDRESS * 10):
        # The stranger's address is now refused, whatever it tries…
        assert TOO_MANY in _login(stranger, "admin", TEST_PASSWORD).content.decode()
        # …and the admin, at another address behind the same proxy, signs in.
        _sign_in_admin(_visitor("198.51.100.10"), secret)


def test_a_cool_off_for_one_address_leaves_the_user_free_elsewhere(users, settings):
    stranger = _visitor("203.0.113.51")
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        _login(stranger, "coordinator", "wrong-password")
    assert TOO_MANY in _login(stranger, "coordinator", TEST_PASSWORD).content.decode()
    office = _visitor("198.51.100.11")
    assert _login(office, "coordinator", TEST_PASSWORD).status_code == 302
    assert "_auth_user_id" in office.session


def test_a_spoofed_forwarded_header_does_not_escape_the_limit(users, settings):
    # A client talking to Chorus directly (not through the proxy) invents an address
    # for every try; it is still counted as itself.
    for n in range(settings.LOGIN_ATTEMPTS_LIMIT):
        spoofer = Client(REMOTE_ADDR="203.0.113.52", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
        _login(spoofer, "coordinator", "wrong-password")
    again = Client(REMOTE_ADDR="203.0.113.52", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert TOO_MANY in _login(again, "coordinator", TEST_PASSWORD).content.decode()


def test_many_addresses_guessing_one_username_stop_strangers_but_not_its_owner(
    admin_and_secret, settings
):
    _, secret = admin_and_secret
    # The admin signed in from their usual browser last week.
    usual = _visitor("198.51.100.12")
    _sign_in_admin(usual, secret)
    assert KNOWN_BROWSER_COOKIE in usual.cookies
    usual.post(reverse("account_logout"))
    assert "_auth_user_id" not in usual.session

    # A botnet tries the admin's password from many addresses, once each.
    for n in range(settings.LOGIN_FAILURES_PER_USERNAME):
        _login(_visitor(f"203.0.113.{n + 1}"), "admin", f"guess-{n}")

    # Now a new address is refused even with the right password (no more guessing)…
    fresh = _login(_visitor("192.0.2.99"), "admin", TEST_PASSWORD)
    assert TOO_MANY in fresh.content.decode()
    # …while the admin's usual browser still gets in, for as long as the attack lasts.
    with _later(60):
        _sign_in_admin(usual, secret)


def test_the_known_browser_mark_comes_only_after_the_second_factor(admin_and_secret):
    client = _visitor("198.51.100.13")
    _login(client, "admin", TEST_PASSWORD)  # the password alone
    assert KNOWN_BROWSER_COOKIE not in client.cookies
    _, secret = admin_and_secret
    client.post(reverse("mfa_authenticate"), {"code": _totp(secret)})
    cookie_value = client.cookies[KNOWN_BROWSER_COOKIE].value
    assert "admin" not in cookie_value  # it names nobody


def test_a_forged_known_browser_mark_is_ignored(admin_and_secret, settings):
    for n in range(settings.LOGIN_FAILURES_PER_USERNAME):
        _login(_visitor(f"203.0.113.{n + 1}"), "admin", f"guess-{n}")
    forger = _visitor("192.0.2.98")
    forger.cookies[KNOWN_BROWSER_COOKIE] = "admin:forged-signature"
    assert TOO_MANY in _login(forger, "admin", TEST_PASSWORD).content.decode()
