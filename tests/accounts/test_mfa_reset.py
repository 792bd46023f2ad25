"""An admin resets a lost second factor: audited, and the person re-enrols at sign-in."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_reset_removes_the_factor_signs_them_out_and_is_audited(client_for, users):
    media = users[Role.MEDIA_OFFICER]
    theirs = Client()
    theirs.force_login(media)
    assert Authenticator.objects.filter(user=media).exists()

    response = client_for(Role.ADMIN).post(f"/staff/{media.pk}/mfa-reset/")

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=media).exists()
    assert theirs.get(reverse("impact:dashboard")).status_code == 302  # signed out
    row = AuditEntry.objects.get(
        object_type="accounts.user", object_id=str(media.pk), action="update"
    )
    assert row.actor_username == "admin"
    assert "second factor reset" in row.note and "re-enrols" in row.note


def test_after_a_reset_the_person_must_enrol_again_before_anything_else(
    client_for, users, settings
):
    settings.CHORUS_DEMO = False
    client_for(Role.ADMIN).post(f"/staff/{users[Role.MEDIA_OFFICER].pk}/mfa-reset/")
    client = Client()
    signed_in = client.post(reverse("account_login"), {"login": "media", "password": TEST_PASSWORD})
    assert signed_in.status_code == 302
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_confirmation_page_says_what_will_go(client_for, users):
    page = client_for(Role.ADMIN).get(f"/staff/{users[Role.SAFEGUARDING_LEAD].pk}/mfa-reset/")
    assert "TOTP Authenticator" in page.content.decode()
    assert "must set up a new one" in page.content.decode()


def test_an_admin_cannot_reset_their_own_second_factor(client_for, users):
    admin = users[Role.ADMIN]
    client_for(Role.ADMIN).post(f"/staff/{admin.pk}/mfa-reset/")
    assert Authenticator.objects.filter(user=admin).exists()


def test_only_admins_may_reset(client_for, users):
    target = users[Role.MEDIA_OFFICER]
    assert (
        client_for(Role.SAFEGUARDING_LEAD).post(f"/staff/{target.pk}/mfa-reset/").status_code == 403
    )
    assert Authenticator.objects.filter(user=target).exists()
