"""Bounces, complaints and refusals: the mail provider's webhooks and SMTP answers suppress."""

from __future__ import annotations

import base64
import json
import smtplib
from typing import Any

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from chorus.privacy.models import AuditAction, AuditEntry
from chorus.roundup.models import Subscriber, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services
from chorus.roundup.subscribers import signup
from chorus.roundup.subscribers.forms import CONSENT_WORDING

pytestmark = pytest.mark.django_db

SECRET = "postmark:correct-horse-battery-staple"
POSTMARK = "/anymail/postmark/tracking/"


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    settings.ANYMAIL_WEBHOOK_PROVIDER = "postmark"


def _subscriber(email: str = "reader@example.org", **fields: object) -> Subscriber:
    fields.setdefault("status", Subscriber.Status.CONFIRMED)
    return Subscriber.objects.create(email=email, **fields)


def _postmark_bounce(email: str, kind: str = "HardBounce", **fields: Any) -> dict[str, Any]:
    """A bounce webhook as Postmark sends it (from Postmark's documentation)."""
    payload = {
        "RecordType": "Bounce",
        "MessageStream": "broadcast",
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": 1 if kind == "HardBounce" else 4096,
        "Name": "Hard bounce" if kind == "HardBounce" else "Soft bounce",
        "Tag": "roundup",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, "
        "mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "roundup@example.org",
        "BouncedAt": "2026-11-20T06:33:54.9070259Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Migration news round-up",
        "Content": "",
    }
    payload.update(fields)
    return payload


def _postmark_complaint(email: str) -> dict[str, Any]:
    return _postmark_bounce(
        email,
        RecordType="SpamComplaint",
        Type="SpamComplaint",
        TypeCode=512,
        Name="Spam complaint",
        Description="The subscriber explicitly marked this message as spam.",
        Details="Test spam complaint details",
    )


def _post(payload: dict[str, Any], secret: str | None = SECRET):
    headers = {}
    if secret is not None:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(secret.encode()).decode()
    return Client(enforce_csrf_checks=True).post(
        POSTMARK, json.dumps(payload), content_type="application/json", **headers
    )


def test_a_hard_bounce_reported_by_the_provider_suppresses_the_address():
    subscriber = _subscriber()
    answer = _post(_postmark_bounce("Reader@Example.org"))
    assert answer.status_code == 200

    suppression = Suppression.objects.get()
    assert suppression.reason == Suppression.Reason.HARD_BOUNCE
    assert suppression.detail.startswith("Postmark: ")
    assert "550 5.1.1" in suppression.detail
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUPPRESSED
    assert subscriber_selectors.is_suppressed("reader@example.org")
    assert list(subscriber_selectors.confirmed_recipients({"uk"})) == []
    assert AuditEntry.objects.filter(
        object_type="roundup.suppression", action=AuditAction.CREATE
    ).exists()
    audit = AuditEntry.objects.get(object_type="roundup.subscriber", action=AuditAction.UPDATE)
    assert audit.changes["status"] == {"from": "confirmed", "to": "suppressed"}


def test_a_spam_complaint_suppresses_the_address():
    subscriber = _subscriber()
    assert _post(_postmark_complaint("reader@example.org")).status_code == 200
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINT
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUPPRESSED


def test_a_soft_bounce_changes_nothing():
    subscriber = _subscriber()
    assert _post(_postmark_bounce("reader@example.org", kind="SoftBounce")).status_code == 200
    assert _post(_postmark_bounce("reader@example.org", kind="Transient")).status_code == 200
    assert not Suppression.objects.exists()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


@pytest.mark.parametrize("secret", [None, "postmark:wrong-password"])
def test_a_report_without_the_right_secret_is_refused_and_suppresses_no_one(secret):
    subscriber = _subscriber()
    answer = _post(_postmark_bounce("reader@example.org"), secret=secret)
    assert answer.status_code in (400, 401, 403)
    assert not Suppression.objects.exists()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_reports_are_refused_while_no_secret_is_configured(settings):
    # The settings' own default when ANYMAIL_WEBHOOK_SECRET is unset: a secret nobody has.
    settings.ANYMAIL = {"WEBHOOK_SECRET": "unset:a-random-value-nobody-knows"}
    _subscriber()
    assert _post(_postmark_bounce("reader@example.org"), secret=":").status_code == 400
    assert not Suppression.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "/anymail/mailgun/tracking/",
        "/anymail/sendgrid/tracking/",
        "/anymail/amazon_ses/tracking/",
        "/anymail/mandrill/",
        "/anymail/postmark/inbound/",
        "/anymail/no-such-provider/tracking/",
    ],
)
def test_the_addresses_of_providers_not_configured_are_not_found(address):
    subscriber = _subscriber()
    for secret in (None, SECRET):
        headers = {}
        if secret:
            headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(secret.encode()).decode()
        answer = Client().post(
            address,
            json.dumps(_postmark_bounce("reader@example.org")),
            content_type="application/json",
            **headers,
        )
        assert answer.status_code == 404, (address, answer.status_code)
    assert not Suppression.objects.exists()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_no_provider_configured_means_no_report_address_at_all(settings):
    settings.ANYMAIL_WEBHOOK_PROVIDER = ""
    _subscriber()
    assert _post(_postmark_bounce("reader@example.org")).status_code == 404
    assert not Suppression.objects.exists()


def test_a_provider_name_chorus_does_not_know_stops_start_up_checks(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.ANYMAIL_WEBHOOK_PROVIDER = "postmarc"
    with pytest.raises(SystemCheckError, match=r"chorus\.E102(?s:.*)postmark"):
        call_command("check")


def test_a_provider_whose_reports_need_settings_chorus_lacks_stops_start_up_checks(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.ANYMAIL_WEBHOOK_PROVIDER = "mailgun"
    with pytest.raises(SystemCheckError, match=r"chorus\.E103(?s:.*)MAILGUN_WEBHOOK_SIGNING_KEY"):
        call_command("check")


def _event(event_type: str, recipient: str = "reader@example.org") -> AnymailTrackingEvent:
    return AnymailTrackingEvent(
        event_type=event_type, recipient=recipient, esp_event={}, description="from the test"
    )


@pytest.mark.parametrize(
    ("event_type", "reason", "status"),
    [
        ("rejected", Suppression.Reason.SMTP_REJECTED, Subscriber.Status.SUPPRESSED),
        ("unsubscribed", Suppression.Reason.UNSUBSCRIBED, Subscriber.Status.UNSUBSCRIBED),
        ("bounced", Suppression.Reason.HARD_BOUNCE, Subscriber.Status.SUPPRESSED),
    ],
)
def test_each_kind_of_report_suppresses_for_its_own_reason(event_type, reason, status):
    from chorus.roundup.delivery import webhooks  # noqa: F401  (connects the receiver

    subscriber = _subscriber()
    tracking.send(sender=None, event=_event(event_type), esp_name="Mailgun")
    assert Suppression.objects.get().reason == reason
    subscriber.refresh_from_db()
    assert subscriber.status == status


@pytest.mark.parametrize("event_type", ["deferred", "delivered", "opened", "clicked"])
def test_other_reports_change_nothing(event_type):
    from chorus.roundup.delivery import webhooks  # noqa: F401

    _subscriber()
    tracking.send(sender=None, event=_event(event_type), esp_name="Mailgun")
    assert not Suppression.objects.exists()


def test_a_bounce_after_an_unsubscribe_keeps_the_harder_reason_and_blocks_signing_up_again(
    mailoutbox,
):
    subscriber = _subscriber()
    subscriber_services.subscriber_unsubscribe(subscriber=subscriber, how="unsubscribe page")
    _post(_postmark_bounce("reader@example.org"))
    assert Suppression.objects.get().reason == Suppression.Reason.HARD_BOUNCE
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUPPRESSED

    signup.subscription_request(email="reader@example.org", wording=CONSENT_WORDING)
    assert mailoutbox == []
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUPPRESSED


# --- SMTP answers -------------------------------------------------------------------------


def test_a_permanent_smtp_refusal_suppresses_and_a_temporary_one_does_not():
    _subscriber("gone@example.org")
    _subscriber("full@example.org")
    assert subscriber_services.suppression_record_smtp_refusal(
        email="gone@example.org", code=550, message=b"5.1.1 User unknown"
    )
    assert not subscriber_services.suppression_record_smtp_refusal(
        email="full@example.org", code=452, message="4.2.2 Mailbox full"
    )
    suppression = Suppression.objects.get()
    assert suppression.email == "gone@example.org"
    assert suppression.reason == Suppression.Reason.SMTP_REJECTED
    assert suppression.detail == "550 5.1.1 User unknown"
    assert Subscriber.objects.get(email="full@example.org").status == Subscriber.Status.CONFIRMED


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient for good, as for an address that is gone."""

    def send_messages(self, email_messages):
        recipients = {m.to[0]: (550, b"5.1.1 No such user here") for m in email_messages}
        raise smtplib.SMTPRecipientsRefused(recipients)


def test_a_confirmation_email_the_mail_server_refuses_suppresses_the_address(settings):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.roundup.delivery.test_bounces.RefusingBackend"}
    }
    subscriber = signup.subscription_request(email="gone@example.org", wording=CONSENT_WORDING)
    assert subscriber is not None
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUPPRESSED
    assert Suppression.objects.get().reason == Suppression.Reason.SMTP_REJECTED
