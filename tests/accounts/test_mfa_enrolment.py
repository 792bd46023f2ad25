"""Staff an admin creates with an email address can enrol two-factor sign-in."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from chorus.accounts import services
from chorus.accounts.models import User
from chorus.accounts.roles import Role
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

REFUSAL = "verified your email address"


def _set_password_through_the_reset_link(client: Client, email: str) -> None:
    client.post(reverse("account_reset_password"), {"email": email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"password1": TEST_PASSWORD, "password2": TEST_PASSWORD}
    )
    assert response.status_code == 302


def _open_totp_activation(client: Client):
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if page.redirect_chain and "reauthenticate" in page.redirect_chain[-1][0]:
        page = client.post(page.redirect_chain[-1][0], {"password": TEST_PASSWORD}, follow=True)
    return page


def test_a_media_officer_an_admin_creates_can_enrol_two_factor(client_for):
    admin = client_for(Role.ADMIN)
    created = admin.post(
        reverse("accounts:staff_create"),
        {
            "username": "newmedia",
            "first_name": "Noor",
            "last_name": "Example",
            "email": "noor.example@example.org",
            "role": Role.MEDIA_OFFICER,
        },
    )
    assert created.status_code == 302
    member = Client()
    _set_password_through_the_reset_link(member, "noor.example@example.org")
    signed_in = member.post(
        reverse("account_login"), {"login": "newmedia", "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302

    page = _open_totp_activation(member)

    assert page.status_code == 200
    assert page.request["PATH_INFO"] == reverse("mfa_activate_totp")
    html = page.content.decode()
    assert REFUSAL not in html
    assert 'name="code"' in html


def test_an_account_made_outside_the_staff_page_can_enrol_too(db):
    # createsuperuser, or an account from before: allauth files the address unverified.
    user = User.objects.create_user(
        username="oldadmin", password=TEST_PASSWORD, email="old.admin@example.org", role=Role.ADMIN
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=False)
    client = Client()
    client.post(reverse("account_login"), {"login": "oldadmin", "password": TEST_PASSWORD})
    page = _open_totp_activation(client)
    assert page.request["PATH_INFO"] == reverse("mfa_activate_totp")
    assert REFUSAL not in page.content.decode()


def test_it_records_the_address_an_admin_gives_as_verified(users):
    admin = users[Role.ADMIN]
    user = services.user_create(
        actor=admin, username="newcoord", role=Role.COORDINATOR, email="first@example.org"
    )
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("first@example.org", True)
    ]
    services.user_update(actor=admin, user=user, email="second@example.org")
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")
    ) == [("second@example.org", True, True)]
    services.user_update(actor=admin, user=user, email="")
    assert not EmailAddress.objects.filter(user=user).exists()
