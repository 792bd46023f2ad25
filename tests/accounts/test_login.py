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
