"""Demo mode is not debug mode: real error pages, and never a passing deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def _chorus_python(code: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh process set up the way `chorus` sets itself up."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "CHORUS_DEMO", "DATABASE_URL", "CHORUS_ENCRYPTION_KEYS"}
    }
    clean.update(CHORUS_DATA_DIR=str(data_dir), **env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", textwrap.dedent(code)],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        umask=0o022,  # what a shell usually hands on: files 0644 unless Chorus says otherwise
    )


# --- Demo mode ------------------------------------------------------------------------


def test_the_demo_shows_the_real_not_found_page_without_the_list_of_addresses(tmp_path):
    result = _chorus_python(
        """
        import os
        os.environ["DJANGO_SETTINGS_MODULE"] = "chorus.settings"
        import django
        django.setup()
        from django.conf import settings
        from django.test import Client
        response = Client(HTTP_HOST="127.0.0.1").get("/no-such-page/")
        print("DEBUG", settings.DEBUG)
        print("STATUS", response.status_code)
        print(response.content.decode())
        """,
        tmp_path / "demo",
        CHORUS_DEMO="1",
    )
    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout
    assert "STATUS 404" in result.stdout
    assert "There is nothing at this address" in result.stdout
    assert "Demo — fictional data" in result.stdout
    # Django's technical page names the URLconf and lists every pattern in it.
    assert "URLconf" not in result.stdout
    assert "roundup/subscribers/" not in result.stdout


@pytest.mark.parametrize("debug", [False, True])
def test_the_deploy_check_fails_whenever_demo_mode_is_on(settings, debug):
    settings.CHORUS_DEMO = True
    settings.DEBUG = debug
    with pytest.raises(SystemCheckError, match="chorus.E001"):
        call_command("check", "--deploy", "--tag", "security")


# --- Mail links to the live address -------------------------------------------------------

SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "smtp.example.org"},
    }
}


@pytest.mark.parametrize(
    ("public_url", "problem"),
    [
        ("http://127.0.0.1:8000", "CHORUS_PUBLIC_URL is not set"),
        (
            "http://chorus.example.org",
            "CHORUS_PUBLIC_URL is http://chorus.example.org, not an https",
        ),
    ],
)
def test_the_deploy_check_fails_when_mail_would_link_to_a_wrong_address(
    settings, public_url, problem
):
    settings.MAILERS = SMTP
    settings.CHORUS_PUBLIC_URL = public_url
    with pytest.raises(SystemCheckError, match="chorus.E104") as failed:
        call_command("check", "--deploy", "--tag", "security")
    assert problem in str(failed.value)
    assert "https://" in str(failed.value)  # the hint says what to set


@pytest.mark.parametrize(
    ("mailers", "public_url"),
    [
        (SMTP, "https://chorus.example.org"),
        (
            {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}},
            "http://127.0.0.1:8000",
        ),
    ],
)
def test_the_deploy_check_passes_with_an_https_address_or_no_mail(
    settings, mailers, public_url, capsys
):
    settings.MAILERS = mailers
    settings.CHORUS_PUBLIC_URL = public_url
    call_command("check", "--deploy", "--tag", "security")
    assert "chorus.E104" not in capsys.readouterr().err
