"""Delivery errors: a class anyone watching a send can read, and replies kept without addresses."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.lib.redact import redact_addresses
from chorus.roundup.delivery import sending
from chorus.roundup.delivery import services as delivery
from chorus.roundup.delivery.errors import classify
from chorus.roundup.models import DeliveryError, Recipient, Send
from tests.roundup.delivery.test_delivery import approved_edition, readers, smtp  # noqa: F401

pytestmark = pytest.mark.django_db

R = Recipient.Status


def _send_with_problems(smtp):  # noqa: F811
    fine, gone, busy = readers(3)
    smtp.recorder.replies[gone.email] = [f"550 5.1.1 <{gone.email}>: Recipient address rejected"]
    smtp.recorder.replies[busy.email] = [f"450 4.2.1 Mailbox {busy.email} busy, try later"]
    send = delivery.send_schedule(
        edition=approved_edition(), actor=None, send_at=timezone.now(), enqueue=False
    )
    sending.send_deliver(send_id=send.pk)
    return send, gone, busy


def test_a_volunteer_sees_the_class_and_the_reply_but_no_address(client_for, smtp):  # noqa: F811
    send, gone, busy = _send_with_problems(smtp)

    page = client_for(Role.VOLUNTEER).get(reverse("roundup:send_detail", args=[send.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert gone.email not in text and busy.email not in text
    assert "@example.org" not in text
    assert "1 failed (mailbox unavailable): 550 5.1.1 &lt;address&gt;: Recipient address" in text
    assert "1 waiting to retry (temporary failure): 450 4.2.1 Mailbox &lt;address&gt; busy" in text


def test_the_ledger_stores_the_class_and_a_redacted_reply(smtp):  # noqa: F811
    send, gone, busy = _send_with_problems(smtp)

    failed = Recipient.objects.get(send=send, email=gone.email)
    deferred = Recipient.objects.get(send=send, email=busy.email)

    assert failed.error_class == DeliveryError.MAILBOX_UNAVAILABLE
    assert failed.last_error == "550 5.1.1 <address>: Recipient address rejected"
    assert deferred.error_class == DeliveryError.TEMPORARY
    assert deferred.last_error == "450 4.2.1 Mailbox <address> busy, try later"


def test_those_who_manage_subscribers_still_see_whose_address_failed(client_for, smtp):  # noqa: F811
    send, gone, _ = _send_with_problems(smtp)

    text = client_for(Role.COORDINATOR).get(reverse("roundup:send_detail", args=[send.pk]))
    text = text.content.decode()

    assert f"<td>{gone.email}</td>" in text
    assert "Mailbox unavailable" in text and "Temporary failure" in text


def test_a_message_sent_after_a_deferral_clears_its_class(smtp):  # noqa: F811
    send, _, busy = _send_with_problems(smtp)
    Recipient.objects.filter(send=send, email=busy.email).update(next_attempt_at=timezone.now())

    sending.send_deliver(send_id=send.pk)

    row = Recipient.objects.get(send=send, email=busy.email)
    assert row.status == R.SENT and row.error_class == "" and row.last_error == ""


def test_the_migration_redacts_replies_stored_before_it(smtp):  # noqa: F811
    (reader,) = readers(1)
    send = delivery.send_schedule(
        edition=approved_edition(), actor=None, send_at=timezone.now(), enqueue=False
    )
    row = Recipient.objects.get(send=send)
    Recipient.objects.filter(pk=row.pk).update(
        status=R.FAILED, last_error=f"550 5.1.1 <{reader.email}>: User unknown", error_class=""
    )
    Send.objects.filter(pk=send.pk).update(
        last_error="Could not reach the mail server: relay refused for postmaster@example.net"
    )
    migration = importlib.import_module("chorus.roundup.migrations.0004_recipient_error_class")

    migration.redact_stored_replies(apps, None)

    row.refresh_from_db()
    assert row.last_error == "550 5.1.1 <address>: User unknown"
    assert row.error_class == DeliveryError.MAILBOX_UNAVAILABLE
    assert "postmaster@example.net" not in Send.objects.get(pk=send.pk).last_error


@pytest.mark.parametrize(
    ("kind", "code", "text", "expected"),
    [
        ("recipient", 550, "5.1.1 No such user", DeliveryError.MAILBOX_UNAVAILABLE),
        ("recipient", 552, "5.2.2 Mailbox full", DeliveryError.MAILBOX_UNAVAILABLE),
        ("recipient", 550, "No such user here", DeliveryError.MAILBOX_UNAVAILABLE),
        ("recipient", 451, "4.3.0 Try again", DeliveryError.TEMPORARY),
        ("message", 421, "Service not available", DeliveryError.TEMPORARY),
        ("message", 554, "5.7.1 Message rejected as spam", DeliveryError.REJECTED),
        ("message", 550, "Content refused", DeliveryError.REJECTED),
        ("connection", None, "Connection unexpectedly closed", DeliveryError.CONNECTION),
        ("invalid", None, "Invalid address", DeliveryError.INVALID_ADDRESS),
    ],
)
def test_each_reply_falls_in_a_class(kind, code, text, expected):
    assert classify(kind, code, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("550 <sam@example.org>: rejected", "550 <address>: rejected"),
        ("Mailbox sam@example.org.", "Mailbox <address>."),
        ('550 "sam jones"@example.org unknown', "550 <address> unknown"),
        ("User sam.jones unknown", "User <address> unknown"),
        ("bob+news@x.co.uk, alice@y.org", "<address>, <address>"),
        ("451 4.3.0 Try again later", "451 4.3.0 Try again later"),
    ],
)
def test_addresses_are_taken_out_of_text(text, expected):
    assert redact_addresses(text, "sam.jones@example.org") == expected
