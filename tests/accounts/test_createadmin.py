"""The first admin of a new install, made on the command line, and keys made before
Chorus can start."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry


@pytest.mark.django_db
def test_the_first_admin_is_made_audited_with_the_password_given(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long invented passphrase 7\n"))
    out = io.StringIO()
    call_command(
        "createadmin", "alex", "--email", "alex@example.org", "--password-stdin", stdout=out
    )
    user = User.objects.get(username="alex")
    assert user.role == Role.ADMIN and user.email == "alex@example.org"
    assert user.check_password("a long invented passphrase 7")
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()
    assert "two-factor" in out.getvalue()


@pytest.mark.django_db
def test_a_weak_password_or_a_taken_name_makes_nothing(monkeypatch, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="too short"):
        call_command("createadmin", "sam", "--email", "s@example.org", "--password-stdin")
    assert not User.objects.filter(username="sam").exists()
    User.objects.create_user(username="Sam", password="x")
    with pytest.raises(CommandError, match="already an account called sam"):
        call_command("createadmin", "sam", "--email", "s@example.org", "--password-stdin")


@pytest.mark.django_db
def test_two_passwords_that_differ_make_nothing(monkeypatch):
    answers = iter(["an invented passphrase one", "an invented passphrase two"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("createadmin", "kim", "--email", "k@example.org")
    assert not User.objects.filter(username="kim").exists()


def test_newkey_needs_no_settings_and_prints_a_key_fernet_reads(tmp_path):
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no SECRET_KEY, no keys
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "chorus.cli", "newkey"],
        env=bare,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    key = done.stdout.strip()
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"
