"""Support around a storyteller: mentoring, involvement payments, wellbeing and aftercare."""

from __future__ import annotations

import datetime
import decimal
import json

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.lib import crypto
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.voices.models import (
    InvolvementPayment,
    MentoringSession,
    StoryUse,
    WellbeingCheckIn,
)
from tests.factories import ConsentFactory, PlacementFactory, StorytellerFactory

pytestmark = pytest.mark.django_db

NOTE = "Invented wellbeing note: finding the interview hard"
MENTORING_NOTE = "Invented mentoring note about rehearsing"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def storyteller():
    return StorytellerFactory(reference="S-0007", last_active_on=datetime.date(2022, 1, 1))


def _detail(storyteller) -> str:
    return reverse("voices:storyteller_detail", args=[storyteller.pk])


def _audit_dump() -> str:
    return json.dumps(list(AuditEntry.objects.values()), default=str)


def test_it_records_a_mentoring_session(client_for, users, storyteller):
    url = reverse("voices:storyteller_mentoring_add", args=[storyteller.pk])
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        url,
        {
            "mentoring-held_on": "2023-06-14",
            "mentoring-mentor": "",
            "mentoring-notes": MENTORING_NOTE,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(storyteller) + "#mentoring"
    session = MentoringSession.objects.get()
    assert session.mentor == users[Role.SAFEGUARDING_LEAD]
    assert session.notes == MENTORING_NOTE
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="voices.mentoringsession"
    ).exists()
    assert MENTORING_NOTE not in _audit_dump()
    storyteller.refresh_from_db()
    assert storyteller.last_active_on == datetime.date(2023, 6, 14)


def test_it_records_a_payment(client_for, storyteller):
    url = reverse("voices:storyteller_payment_add", args=[storyteller.pk])
    response = client_for(Role.ADMIN).post(
        url,
        {
            "payment-kind": "fee",
            "payment-amount": "50.00",
            "payment-method": "voucher",
            "payment-paid_on": "2023-06-10",
            "payment-note": "ITV interview",
        },
    )
    assert response.status_code == 302
    payment = InvolvementPayment.objects.get()
    assert (payment.kind, payment.amount, payment.method) == (
        "fee",
        decimal.Decimal("50.00"),
        "voucher",
    )
    assert payment.paid_on == datetime.date(2023, 6, 10)
    create = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="voices.involvementpayment"
    )
    assert create.changes["amount"] == {"from": None, "to": "50.00"}
    html = client_for(Role.MEDIA_OFFICER).get(_detail(storyteller)).content.decode()
    assert "£50.00" in html and "Voucher" in html and "Involvement fee" in html


def test_it_refuses_a_payment_of_nothing_and_shows_why_on_the_profile(client_for, storyteller):
    url = reverse("voices:storyteller_payment_add", args=[storyteller.pk])
    response = client_for(Role.ADMIN).post(
        url, {"payment-kind": "travel", "payment-amount": "0", "payment-method": "cash"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter an amount above zero." in html
    assert "<details open>" in html
    assert not InvolvementPayment.objects.exists()


def test_it_records_aftercare_after_a_placement_with_encrypted_notes(client_for, storyteller):
    placement = PlacementFactory(published_on=datetime.date(2023, 6, 1))
    use = StoryUse.objects.create(
        storyteller=storyteller,
        kind=StoryUse.Kind.PLACEMENT,
        object_id=placement.pk,
        description=placement.outlet.name,
        used_on=placement.published_on,
        media_type="online",
        identity_level="pseudonym",
        consent=ConsentFactory(storyteller=storyteller),
    )
    url = reverse("voices:storyteller_check_in_add", args=[storyteller.pk])
    response = client_for(Role.SAFEGUARDING_LEAD).post(
        url,
        {
            "checkin-kind": "aftercare",
            "checkin-held_on": "2023-06-03",
            "checkin-appearance": str(use.pk),
            "checkin-follow_up_needed": "on",
            "checkin-notes": NOTE,
        },
    )
    assert response.status_code == 302
    check_in = WellbeingCheckIn.objects.get()
    assert check_in.appearance == use and check_in.follow_up_needed
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM voices_wellbeingcheckin")
        (stored,) = cursor.fetchone()
    assert stored.startswith(crypto.PREFIX) and NOTE not in stored
    assert NOTE not in _audit_dump()

    lead = client_for(Role.SAFEGUARDING_LEAD).get(_detail(storyteller)).content.decode()
    assert NOTE in lead and placement.outlet.name in lead
    media = client_for(Role.MEDIA_OFFICER).get(_detail(storyteller)).content.decode()
    assert NOTE not in media
    assert "Aftercare after a media appearance" in media and "Needed" in media


def test_it_offers_only_placements_that_used_their_story_for_aftercare(client_for, storyteller):
    someone_else = StorytellerFactory()
    other = StoryUse.objects.create(
        storyteller=someone_else,
        kind=StoryUse.Kind.PLACEMENT,
        object_id=PlacementFactory().pk,
        media_type="online",
        identity_level="anonymous",
        consent=ConsentFactory(storyteller=someone_else),
    )
    url = reverse("voices:storyteller_check_in_add", args=[storyteller.pk])
    response = client_for(Role.ADMIN).post(
        url,
        {
            "checkin-kind": "aftercare",
            "checkin-held_on": "2023-06-03",
            "checkin-appearance": other.pk,
        },
    )
    assert response.status_code == 200
    assert not WellbeingCheckIn.objects.exists()


def test_it_hides_mentoring_notes_from_the_media_officer(client_for, storyteller):
    MentoringSession.objects.create(
        storyteller=storyteller, held_on=datetime.date(2023, 5, 1), notes=MENTORING_NOTE
    )
    media = client_for(Role.MEDIA_OFFICER).get(_detail(storyteller)).content.decode()
    assert "1 May 2023" in media and MENTORING_NOTE not in media
    # The media officer sees the records but gets no forms to add to them.
    assert reverse("voices:storyteller_payment_add", args=[storyteller.pk]) not in media


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MEDIA_OFFICER, 403),
        (Role.COORDINATOR, 404),
        (Role.VOLUNTEER, 404),
        (Role.READ_ONLY, 404),
        (Role.DIGITAL_OFFICER, 403),
    ],
)
def test_it_lets_only_storyteller_editors_record_support(client_for, storyteller, role, status):
    client = client_for(role)
    for name, data in (
        ("voices:storyteller_mentoring_add", {"mentoring-held_on": "2023-06-14"}),
        (
            "voices:storyteller_payment_add",
            {"payment-kind": "fee", "payment-amount": "5", "payment-method": "cash"},
        ),
        (
            "voices:storyteller_check_in_add",
            {"checkin-kind": "check_in", "checkin-held_on": "2023-06-14"},
        ),
    ):
        assert client.post(reverse(name, args=[storyteller.pk]), data).status_code == status
    assert not MentoringSession.objects.exists()
    assert not InvolvementPayment.objects.exists()
    assert not WellbeingCheckIn.objects.exists()
