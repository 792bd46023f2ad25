"""The public sign-up is limited per visitor address and per email address, never for
everyone at once, and the visitor's address is read through the proxy (deploy/nginx.conf)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from chorus.privacy.models import AuditEntry
from chorus.roundup.models import Subscriber
from chorus.roundup.subscribers.public_views import (
    SIGNUPS_PER_EMAIL_PER_HOUR,
    SIGNUPS_PER_IP_PER_HOUR,
    _too_many_for_email,
)

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("roundup:subscribe")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # The form queues its work for a task; here the task runs as soon as it is queued.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class SignUpClient(Client):
    """A browser whose sign-ups run their queued task, as a worker would, once committed."""

    def post(self, path, *args, **kwargs):  # type: ignore[override]
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(path, *args, **kwargs)


def _form(email: str) -> dict[str, object]:
    return {"email": email, "sections": ["uk"], "frequency": "daily", "website": ""}


def _through_proxy(address: str) -> Client:
    return SignUpClient(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def test_sign_ups_from_one_visitor_do_not_close_the_form_for_others(mailoutbox):
    busy = _through_proxy("203.0.113.70")
    for n in range(SIGNUPS_PER_IP_PER_HOUR):
        assert busy.post(SIGN_UP, _form(f"reader{n}@example.org")).status_code == 302
    assert busy.post(SIGN_UP, _form("one-more@example.org")).status_code == 429
    # Another visitor behind the same proxy signs up as usual.
    answer = _through_proxy("198.51.100.70").post(SIGN_UP, _form("newcomer@example.org"))
    assert answer.status_code == 302
    assert Subscriber.objects.filter(email="newcomer@example.org").exists()


def test_a_spoofed_forwarded_header_does_not_reset_the_limit():
    for n in range(SIGNUPS_PER_IP_PER_HOUR):
        SignUpClient(REMOTE_ADDR="203.0.113.71", HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}").post(
            SIGN_UP, _form(f"reader{n}@example.org")
        )
    again = Client(REMOTE_ADDR="203.0.113.71", HTTP_X_FORWARDED_FOR="192.0.2.250")
    assert again.post(SIGN_UP, _form("one-more@example.org")).status_code == 429


def test_one_email_signed_up_over_and_over_is_left_alone_after_the_limit(mailoutbox):
    start = timezone.now()
    for n in range(SIGNUPS_PER_EMAIL_PER_HOUR):
        with time_machine.travel(start + datetime.timedelta(minutes=n)):
            _through_proxy(f"203.0.113.{n + 1}").post(SIGN_UP, _form("target@example.org"))
    subscriber = Subscriber.objects.get(email="target@example.org")
    requested_at = subscriber.signup_requested_at
    entries = AuditEntry.objects.count()

    # More sign-ups for the same address, each from a new visitor, within the hour:
    # the usual answer (it says nothing about anyone), and nothing is recorded or changed.
    for n in range(3):
        with time_machine.travel(start + datetime.timedelta(minutes=10 + n)):
            answer = _through_proxy(f"198.51.100.{n + 1}").post(
                SIGN_UP, _form("Target@EXAMPLE.org")
            )
        assert answer.status_code == 302
        assert answer["Location"] == reverse("roundup:subscribe_sent")
    subscriber.refresh_from_db()
    assert subscriber.signup_requested_at == requested_at
    assert AuditEntry.objects.count() == entries

    # An hour later the address's count has lapsed: it is a sign-up like any other
    # (which, for an address still pending, resends the confirmation within its own limit).
    with time_machine.travel(start + datetime.timedelta(minutes=75)):
        assert not _too_many_for_email("Target@example.org")
