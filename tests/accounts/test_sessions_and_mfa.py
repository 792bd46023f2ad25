from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse, set_script_prefix

from chorus.accounts import services
from chorus.accounts.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in_client(username: str) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_it_signs_out_a_user_after_the_idle_timeout(users, settings):
    client = _signed_in_client("coordinator")
    assert client.get(reverse("impact:dashboard")).status_code == 200
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(
        minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES + 1
    )
    with time_machine.travel(later):
        response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("impact:dashboard")).status_code == 302


def test_it_keeps_an_active_user_signed_in(users, settings):
    client = _signed_in_client("coordinator")
    start = datetime.datetime.now(tz=datetime.UTC)
    step = datetime.timedelta(minutes=settings.SESSION_IDLE_TIMEOUT_MINUTES - 5)
    for i in range(1, 4):
        with time_machine.travel(start + step * i):
            assert client.get(reverse("impact:dashboard")).status_code == 200


def test_it_ends_every_session_when_a_user_is_disabled(users):
    laptop = _signed_in_client("coordinator")
    phone = _signed_in_client("coordinator")
    services.user_deactivate(actor=users[Role.ADMIN], user=users[Role.COORDINATOR])
    for client in (laptop, phone):
        response = client.get(reverse("impact:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_it_lets_an_admin_disable_an_account_from_the_staff_page(client_for, users):
    victim = _signed_in_client("digital")
    admin = client_for(Role.ADMIN)
    member = users[Role.DIGITAL_OFFICER]
    response = admin.post(
        reverse("accounts:staff_edit", args=[member.pk]),
        {"first_name": "", "last_name": "", "email": "", "role": Role.DIGITAL_OFFICER},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert victim.get(reverse("impact:dashboard")).status_code == 302


def test_it_refuses_to_let_an_admin_disable_themselves(client_for, users):
    admin = client_for(Role.ADMIN)
    me = users[Role.ADMIN]
    response = admin.post(
        reverse("accounts:staff_edit", args=[me.pk]), {"role": Role.ADMIN, "email": ""}
    )
    assert response.status_code == 200
    assert "cannot disable your own account" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_it_creates_a_staff_account_with_a_role(client_for):
    admin = client_for(Role.ADMIN)
    response = admin.post(
        reverse("accounts:staff_create"),
        {
            "username": "newvolunteer",
            "first_name": "Sam",
            "last_name": "Ode",
            "email": "",
            "role": Role.VOLUNTEER,
        },
    )
    assert response.status_code == 302
    listing = admin.get(reverse("accounts:staff_list"), {"q": "newvolunteer"}).content.decode()
    assert "newvolunteer" in listing and "Volunteer" in listing


def test_it_refuses_a_duplicate_username(client_for):
    admin = client_for(Role.ADMIN)
    response = admin.post(
        reverse("accounts:staff_create"), {"username": "Coordinator", "role": Role.VOLUNTEER}
    )
    assert "already has this username" in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.SAFEGUARDING_LEAD, Role.MEDIA_OFFICER, Role.DIGITAL_OFFICER]
)
def test_it_requires_mfa_for_roles_with_sensitive_access(role, make_user):
    from chorus.accounts.models import User

    user = User.objects.create_user(username=f"nomfa-{role}", password=TEST_PASSWORD, role=role)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("media:placement_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up pages stay reachable (allauth asks for the password again first).
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    assert setup.status_code == 200
    assert setup.request["PATH_INFO"].startswith("/accounts/")


def test_it_does_not_require_mfa_of_a_coordinator(make_user):
    from chorus.accounts.models import User

    user = User.objects.create_user(
        username="coord-nomfa", password=TEST_PASSWORD, role=Role.COORDINATOR
    )
    client = Client()
    client.force_login(user)
    assert client.get(reverse("impact:dashboard")).status_code == 200


def test_it_waives_mfa_in_demo_mode_and_says_so(settings):
    from chorus.accounts.models import User

    settings.CHORUS_DEMO = True
    user = User.objects.create_user(
        username="demo-media", password=TEST_PASSWORD, role=Role.MEDIA_OFFICER
    )
    client = Client()
    client.force_login(user)
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 200
    assert "Demo — fictional data" in response.content.decode()


def test_it_asks_for_the_totp_code_at_sign_in_when_mfa_is_set_up(users):
    from allauth.mfa.models import Authenticator

    client = Client()
    response = client.post(reverse("account_login"), {"login": "media", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone does not sign in.
    assert client.get(reverse("impact:dashboard")).status_code == 302
    assert Authenticator.objects.filter(user=users[Role.MEDIA_OFFICER]).exists()


def test_it_fails_the_deploy_check_in_demo_mode_without_debug(settings):
    settings.CHORUS_DEMO = True
    settings.DEBUG = False
    with pytest.raises(SystemCheckError, match="chorus.E001"):
        call_command("check", "--deploy", "--tag", "security")


def test_it_passes_the_demo_check_when_demo_mode_is_off(settings, capsys):
    settings.CHORUS_DEMO = False
    call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")


@pytest.fixture
def media_officer_without_mfa(db):
    from chorus.accounts.models import User

    user = User.objects.create_user(
        username="media-nomfa", password=TEST_PASSWORD, role=Role.MEDIA_OFFICER
    )
    client = Client()
    client.force_login(user)
    yield client
    # The handler sets the script prefix for the thread from SCRIPT_NAME: put it back.
    set_script_prefix("/")


@pytest.mark.parametrize("script_name", ["/accounts", "/accounts/", "/static", "/healthz"])
def test_it_requires_mfa_whatever_script_name_the_client_sends(
    media_officer_without_mfa, script_name
):
    response = media_officer_without_mfa.get(
        reverse("voices:concern_overview"), SCRIPT_NAME=script_name
    )
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("mfa_activate_totp"))


def test_it_still_lets_a_user_without_mfa_reach_the_set_up_page_and_healthz(
    media_officer_without_mfa,
):
    setup = media_officer_without_mfa.get(reverse("mfa_activate_totp"))
    # allauth asks for the password again first; what matters is that it is not our redirect.
    assert setup.status_code in (200, 302)
    assert setup.get("Location", "") != reverse("mfa_activate_totp")
    assert media_officer_without_mfa.get(reverse("healthz")).status_code == 200


def test_it_marks_staff_pages_no_store_whatever_script_name_the_client_sends(client_for):
    client = client_for(Role.COORDINATOR)
    try:
        response = client.get(reverse("impact:dashboard"), SCRIPT_NAME="/static")
    finally:
        set_script_prefix("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
