"""The visitor's address: from X-Forwarded-For only when a trusted proxy sent the request."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from chorus.lib.clientip import client_ip


def _ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_a_client_talking_directly_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert _ip("198.51.100.20", "203.0.113.5") == "198.51.100.20"
    assert _ip("198.51.100.20", "127.0.0.1") == "198.51.100.20"


def test_the_forwarded_address_is_used_when_the_peer_is_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    assert _ip("127.0.0.1", "203.0.113.5") == "203.0.113.5"
    assert _ip("::1", "2001:db8::7") == "2001:db8::7"
    assert _ip("127.0.0.1") == "127.0.0.1"  # nobody in front of it: the peer itself


def test_it_walks_right_to_left_past_trusted_proxies_only(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    # The client wrote "192.0.2.66" itself; the load balancer and nginx added the rest.
    chain = "192.0.2.66, 198.51.100.4, 10.1.2.3"
    assert _ip("10.0.0.2", chain) == "198.51.100.4"
    # Two headers arrive joined with a comma; ports and brackets are dropped.
    assert _ip("10.0.0.2", "192.0.2.66, 198.51.100.4:5123") == "198.51.100.4"
    assert _ip("10.0.0.2", "[2001:db8::9]:443") == "2001:db8::9"
    assert _ip("10.0.0.2", "::ffff:198.51.100.4") == "198.51.100.4"


def test_an_unreadable_or_all_trusted_chain_gives_the_nearest_known_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert _ip("10.0.0.2", "203.0.113.5, not-an-address") == "10.0.0.2"
    assert _ip("10.0.0.2", "10.9.9.9, 10.0.0.3") == "10.9.9.9"
    assert _ip("10.0.0.2", "") == "10.0.0.2"


def test_no_proxy_is_trusted_when_the_setting_is_empty(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip("127.0.0.1", "203.0.113.5") == "127.0.0.1"


def test_a_bad_entry_in_the_setting_fails_loudly(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "proxy.example.org"]
    with pytest.raises(ImproperlyConfigured, match="proxy.example.org"):
        _ip("127.0.0.1", "203.0.113.5")


def _settings_with(proxies: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHORUS_TRUSTED_PROXIES": proxies, "CHORUS_DATA_DIR": str(tmp_path)}
    code = "import chorus.settings as s; print(s.TRUSTED_PROXIES)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_the_environment_variable_is_read_and_checked_at_start(tmp_path):
    good = _settings_with("10.0.0.0/8, 192.0.2.7", tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == "['10.0.0.0/8', '192.0.2.7']"
    bad = _settings_with("10.0.0.0/8,proxy.example.org", tmp_path)
    assert bad.returncode != 0
    assert "CHORUS_TRUSTED_PROXIES" in bad.stderr and "proxy.example.org" in bad.stderr
