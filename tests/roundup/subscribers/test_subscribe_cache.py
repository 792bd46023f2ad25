"""The empty sign-up form is kept in the cache; each visitor still gets their own CSRF token."""

from __future__ import annotations

import re

import pytest
from django.test import Client, TestCase

from chorus.roundup.models import Subscriber

pytestmark = pytest.mark.django_db

SIGN_UP = "/news/subscribe/"
FIELDS = "roundup/public/_subscribe_fields.html"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.CHORUS_PUBLIC_URL = "https://news.example.org"
    settings.ROUNDUP_FROM_EMAIL = "Round-up <roundup@example.org>"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _token(body: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match, body[:500]
    return match.group(1).decode()


def _sign_up(visitor: Client, email: str, token: str) -> int:
    form = {"email": email, "sections": ["uk"], "frequency": "daily", "website": ""}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return visitor.post(SIGN_UP, {**form, "csrfmiddlewaretoken": token}).status_code


def test_two_visitors_each_sign_up_with_the_form_the_cache_gave_them(mailoutbox):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(SIGN_UP)
    second_page = second.get(SIGN_UP)
    # The second visitor's form came from the cache, not from the form's template…
    assert FIELDS in [t.name for t in first_page.templates]
    assert FIELDS not in [t.name for t in second_page.templates]
    assert 'name="email"' in second_page.content.decode()
    # …but the token in it is their own.
    first_token, second_token = _token(first_page.content), _token(second_page.content)
    assert first_token != second_token

    assert _sign_up(first, "first@example.org", first_token) == 302
    assert _sign_up(second, "second@example.org", second_token) == 302
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "first@example.org",
        "second@example.org",
    }
    assert sorted(m.to[0] for m in mailoutbox) == ["first@example.org", "second@example.org"]


def test_a_visitor_without_the_token_is_refused():
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(SIGN_UP)
    stranger = Client(enforce_csrf_checks=True)
    # Someone else's page (and so their token) does not sign this visitor up.
    assert _sign_up(visitor, "forged@example.org", _token(stranger.get(SIGN_UP).content)) == 403
    assert not Subscriber.objects.exists()


def test_a_form_sent_back_with_mistakes_shows_them_and_what_was_typed():
    visitor = Client()
    visitor.get(SIGN_UP)
    response = visitor.post(SIGN_UP, {"email": "not an address", "name": "Amira", "website": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and 'value="Amira"' in body
    # The next visitor still gets the empty form.
    fresh = Client().get(SIGN_UP).content.decode()
    assert "There is a problem" not in fresh and 'value="Amira"' not in fresh
