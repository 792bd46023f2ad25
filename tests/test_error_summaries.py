"""Every form that fails says so in one error summary (WCAG 3.3.1): the sign-in page,
the judges' refusals (worded "Refused: …") and a formset's rows, which the summary
numbers and links to. chorus.js moves focus to the summary; the browser test
tests/browser/test_wcag_in_browser.py checks that part."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from tests.factories import TEST_PASSWORD
from tests.voices.test_storytellers import CREATE, _profile_form

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(
    r'<div class="error-summary" role="alert" tabindex="-1" data-error-summary>(.*?)</div>', re.S
)


def _summary(response) -> str:
    found = SUMMARY.findall(response.content.decode())
    assert len(found) == 1, "one error summary on the page"
    return found[0]


def test_a_failed_sign_in_says_so_in_the_error_summary_once(make_user):
    user = make_user(Role.COORDINATOR, username="summary-coordinator")
    response = Client().post(
        reverse("account_login"), {"login": user.username, "password": TEST_PASSWORD + "x"}
    )
    assert response.status_code == 200
    summary = _summary(response)
    assert "not correct" in summary
    # Not repeated above the fields as well.
    assert response.content.decode().count("not correct") == 1


def test_a_sign_in_with_empty_fields_links_each_to_its_field():
    response = Client().post(reverse("account_login"), {"login": "", "password": ""})
    summary = _summary(response)
    assert 'href="#id_login"' in summary
    assert 'href="#id_password"' in summary


def test_a_formset_row_in_error_is_numbered_in_the_summary(client_for):
    response = client_for(Role.ADMIN).post(
        CREATE, _profile_form(**{"languages-1-level": "not-a-level"})
    )
    assert response.status_code == 200
    summary = _summary(response)
    assert '<a href="#id_languages-1-level">Level (row 2):' in summary


def test_a_formset_error_of_its_own_is_in_the_summary(client_for):
    response = client_for(Role.ADMIN).post(
        CREATE, _profile_form(**{"languages-1-language": "FARSI"})
    )
    assert "FARSI is listed twice." in _summary(response)
