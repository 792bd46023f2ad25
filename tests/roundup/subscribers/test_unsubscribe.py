"""Unsubscribing: RFC 8058 one-click, the confirm page for people, and staff doing it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.roundup.models import Subscriber, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


def _subscriber(email: str = "reader@example.org", **fields: object) -> Subscriber:
    fields.setdefault("status", Subscriber.Status.CONFIRMED)
    return Subscriber.objects.create(email=email, **fields)


def _one_click(subscriber: Subscriber):
    """What a mail provider sends: a bare POST, no cookie, no CSRF token (RFC 8058)."""
    provider = Client(enforce_csrf_checks=True)
    return provider.post(
        reverse("roundup:unsubscribe", args=[subscriber.token]),
        ONE_CLICK,
        content_type="application/x-www-form-urlencoded",
    )


def test_every_message_carries_the_one_click_headers(settings):
    settings.CHORUS_PUBLIC_URL = "https://news.example.org"
    settings.ROUNDUP_LIST_ID = "Migration news round-up <roundup.example.org>"
    subscriber = _subscriber()
    assert subscriber_selectors.list_headers(subscriber) == {
        "List-Unsubscribe": f"<https://news.example.org/news/unsubscribe/{subscriber.token}/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "Migration news round-up <roundup.example.org>",
    }


def test_the_unsubscribe_link_opened_in_a_browser_asks_before_doing_anything(client):
    subscriber = _subscriber()
    page = client.get(reverse("roundup:unsubscribe", args=[subscriber.token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Unsubscribe from the round-up?" in text
    assert '<form method="post"' in text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert not Suppression.objects.exists()


def test_a_one_click_post_unsubscribes_at_once_without_login_or_csrf_token():
    subscriber = _subscriber()
    answer = _one_click(subscriber)
    assert answer.status_code == 200
    assert "You are unsubscribed" in answer.content.decode()

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    suppression = Suppression.objects.get()
    assert suppression.email == "reader@example.org"
    assert suppression.reason == Suppression.Reason.UNSUBSCRIBED
    audit = AuditEntry.objects.get(
        object_type="roundup.subscriber", object_id=str(subscriber.pk), action=AuditAction.UPDATE
    )
    assert "one-click" in audit.note
    assert audit.changes["status"] == {"from": "confirmed", "to": "unsubscribed"}
    assert AuditEntry.objects.filter(
        object_type="roundup.suppression", action=AuditAction.CREATE
    ).exists()
    assert list(subscriber_selectors.confirmed_recipients({"uk"})) == []
    assert subscriber_selectors.is_suppressed("reader@example.org")


def test_the_button_on_the_page_unsubscribes_too():
    subscriber = _subscriber()
    answer = Client(enforce_csrf_checks=True).post(
        reverse("roundup:unsubscribe", args=[subscriber.token])
    )
    assert answer.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert "unsubscribe page" in AuditEntry.objects.get(action=AuditAction.UPDATE).note


def test_unsubscribing_twice_answers_the_same_and_records_it_once():
    subscriber = _subscriber()
    first, second = _one_click(subscriber), _one_click(subscriber)
    assert first.status_code == second.status_code == 200
    assert Suppression.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CREATE).count() == 1
    page = Client().get(reverse("roundup:unsubscribe", args=[subscriber.token]))
    assert "You are unsubscribed" in page.content.decode()


def test_a_one_click_post_with_an_unknown_token_is_not_found():
    stranger = Subscriber(email="nobody@example.org", token="not-a-real-token")
    assert _one_click(stranger).status_code == 404
    assert not Suppression.objects.exists()


def test_a_pending_sign_up_that_unsubscribes_cannot_be_confirmed_afterwards(client):
    subscriber = _subscriber(status=Subscriber.Status.PENDING)
    _one_click(subscriber)
    client.post(reverse("roundup:subscribe_confirm", args=[subscriber.token]))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_bounced_address_stays_suppressed_for_its_bounce_when_it_also_unsubscribes():
    subscriber = _subscriber()
    subscriber_services.suppression_record(
        email="reader@example.org", reason=Suppression.Reason.HARD_BOUNCE, detail="550 no such user"
    )
    subscriber.refresh_from_db()
    assert _one_click(subscriber).status_code == 200
    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.HARD_BOUNCE
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUPPRESSED


# --- Staff ------------------------------------------------------------------------------


def test_staff_mark_a_subscriber_unsubscribed_after_a_confirm_step(client_for):
    subscriber = _subscriber()
    staff = client_for(Role.COORDINATOR)
    url = reverse("roundup:subscriber_unsubscribe", args=[subscriber.pk])

    page = staff.get(url)
    assert page.status_code == 200
    assert "Unsubscribe reader@example.org?" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    answer = staff.post(url)
    assert answer.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    audit = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="roundup.subscriber")
    assert audit.actor_username == "coordinator"
    assert audit.note == "unsubscribed: staff"
    detail = staff.get(answer["Location"]).content.decode()
    assert "is unsubscribed" in detail
    assert "Unsubscribed" in detail


def test_staff_without_access_to_subscribers_cannot_unsubscribe_anyone(client_for):
    subscriber = _subscriber()
    url = reverse("roundup:subscriber_unsubscribe", args=[subscriber.pk])
    assert client_for(Role.VOLUNTEER).post(url).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
