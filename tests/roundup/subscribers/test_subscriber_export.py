"""Subscribers export to CSV with the consent each gave, for roles that manage subscribers."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.roundup.models import Subscriber, SubscriberConsent

pytestmark = pytest.mark.django_db

EXPORT = reverse("roundup:subscriber_export")
WHEN = datetime.datetime(2023, 5, 2, 9, 30, tzinfo=datetime.UTC)


def _rows(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the encoding from the byte-order mark
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def listed():
    web = Subscriber.objects.create(
        email="reader@example.org", name="Invented Reader", status=Subscriber.Status.CONFIRMED
    )
    SubscriberConsent.objects.create(
        subscriber=web,
        given_at=WHEN - datetime.timedelta(days=400),
        method=SubscriberConsent.Method.IMPORT,
        wording="Old list",
        basis="Asked at a 2021 event",
    )
    SubscriberConsent.objects.create(
        subscriber=web,
        given_at=WHEN,
        method=SubscriberConsent.Method.WEB_FORM,
        wording="You will get the daily round-up.",
        confirmed_at=WHEN + datetime.timedelta(minutes=5),
    )
    Subscriber.objects.create(
        email="=HYPERLINK(1)@example.org",
        organisation="=cmd|' /C calc'!A0",
        status=Subscriber.Status.UNSUBSCRIBED,
    )
    return web


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.DIGITAL_OFFICER])
def test_it_exports_subscribers_with_the_consent_that_stands(client_for, listed, role):
    response = client_for(role).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert [row["email"] for row in rows] == ["'=HYPERLINK(1)@example.org", "reader@example.org"]
    reader = rows[1]
    assert reader["consent method"] == "Sign-up form, confirmed by email"
    assert reader["consent given"] == "2023-05-02T09:30+00:00"
    assert reader["consent confirmed"] == "2023-05-02T09:35+00:00"
    assert reader["consent wording"] == "You will get the daily round-up."
    # A formula typed by a stranger stays text in the spreadsheet.
    assert rows[0]["organisation"].startswith("'=")
    assert rows[0]["consent method"] == "no consent recorded"


def test_it_exports_what_the_list_shows_and_audits_the_export(client_for, users, listed):
    response = client_for(Role.COORDINATOR).get(EXPORT, {"status": "confirmed", "q": "reader"})
    assert [row["email"] for row in _rows(response)] == ["reader@example.org"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == users[Role.COORDINATOR]
    assert entry.object_type == "roundup.subscriber"
    assert entry.note == "1 subscribers as CSV; filters: search: reader; status: confirmed"
    assert "reader@example.org" not in entry.note


def test_the_list_links_to_the_export_of_what_it_shows(client_for, listed):
    html = (
        client_for(Role.COORDINATOR)
        .get(reverse("roundup:subscriber_list"), {"status": "confirmed"})
        .content.decode()
    )
    assert f'href="{EXPORT}?status=confirmed"' in html


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.READ_ONLY, Role.MEDIA_OFFICER])
def test_roles_that_do_not_manage_subscribers_cannot_export(client_for, listed, role):
    response = client_for(role).get(EXPORT)
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
