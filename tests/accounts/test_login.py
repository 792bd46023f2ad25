from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_it_signs_in_a_coordinator_and_shows_the_dashboard(client, users):
    response = _login(client, "coordinator", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("impact:dashboard")).status_code == 200


def test_it_gives_the_same_answer_for_unknown_users_and_wrong_passwords(client, users):
    unknown = _login(client, "nobody-by-this-name", "whatever-password")
    wrong = _login(client, "coordinator", "not-the-password")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors


def test_it_throttles_repeated_failures_then_lets_the_user_in_after_the_cool_off(
    client, users, settings
):
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        _login(client, "coordinator", "wrong-password")
    throttled = _login(client, "coordinator", TEST_PASSWORD)
    assert "Too many failed login attempts" in throttled.content.decode()
    assert "_auth_user_id" not in client.session
    # After the cool-off the right password works again: a cool-off, never a permanent lock.
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(
        seconds=settings.LOGIN_COOLOFF_SECONDS + 5
    )
    with time_machine.travel(later):
        response = _login(client, "coordinator", TEST_PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_it_starts_a_new_session_on_sign_in(client, users):
    client.get(reverse("account_login"))
    client.session["marker"] = "x"
    before = client.cookies.get("sessionid")
    before_key = before.value if before else None
    _login(client, "coordinator", TEST_PASSWORD)
    assert client.cookies["sessionid"].value != before_key


def test_it_records_sign_ins_and_failures_in_the_audit_log(client, users):
    _login(client, "coordinator", "wrong-password")
    _login(client, "coordinator", TEST_PASSWORD)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert AuditAction.LOGIN in actions
    assert AuditAction.LOGIN_FAILED in actions
    assert not AuditEntry.objects.filter(note__contains="wrong-password").exists()


def test_it_sends_a_media_officer_without_mfa_to_set_it_up(client, make_user):
    user = make_user(Role.COORDINATOR, username="newmedia")
    user.role = Role.MEDIA_OFFICER
    user.save()
    client.force_login(user)
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_it_does_not_keep_what_was_typed_as_an_unknown_username(client, users):
    # Someone types their password into the username box.
    _login(client, "Tr0ub4dor&3-horse", "anything")
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert "Tr0ub4dor" not in f"{entry.note} {entry.object_repr} {entry.changes}"
    assert entry.note == "username tried: (unknown username)"
    assert not AuditEntry.objects.filter(note__contains="Tr0ub4dor").exists()


def test_it_keeps_the_username_tried_when_the_account_exists(client, users):
    _login(client, "Coordinator", "not-the-password")
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.note == "username tried: Coordinator"


def test_it_scrubs_unknown_usernames_from_failed_sign_ins_recorded_before(users):
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "chorus.accounts.migrations.0002_scrub_unknown_usernames_from_failed_sign_ins"
    )
    typed_password = AuditEntry.objects.create(
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        note="username tried: Tr0ub4dor&3-horse",
    )
    real_account = AuditEntry.objects.create(
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        note="username tried: coordinator",
    )
    migration.scrub(apps, None)
    typed_password.refresh_from_db()
    real_account.refresh_from_db()
    assert typed_password.note == "username tried: (unknown username)"
    assert real_account.note == "username tried: coordinator"


def test_the_sign_in_page_does_not_invite_people_to_sign_up(client):
    # Sign-up is closed: staff accounts are made by an admin.
    html = client.get(reverse("account_login")).content.decode()
    assert "sign up" not in html.lower()
    assert reverse("account_signup") not in html
    assert "Accounts are made by an administrator of Chorus" in html
