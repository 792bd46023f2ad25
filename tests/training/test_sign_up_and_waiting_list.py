"""The public sign-up, confirming a place, the waiting list and its hold window, cancelling."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from chorus.training import registrations
from chorus.training.forms import CONSENT_WORDING
from chorus.training.models import Registration
from chorus.training.tasks import training_mail_round
from tests.training.conftest import PUBLIC, make_registration, make_session

pytestmark = pytest.mark.django_db


def _link(message, name: str) -> str:
    found = re.search(rf"{re.escape(PUBLIC)}/training/{name}/([\w-]+)/", message.body)
    assert found, message.body
    return found.group(0)[len(PUBLIC) :]


def _sign_up(client, session, email="ama@example.org", name="Ama Mensah-Oyelaran", **extra):
    return client.post(
        reverse("training:book", args=[session.pk]),
        {"name": name, "email": email, "agree": "on", **extra},
    )


def test_a_sign_up_is_confirmed_through_the_link_and_gets_the_calendar_file(client_committing):
    session = make_session(capacity=10, online_url="https://zoom.example.org/j/1")
    response = _sign_up(client_committing, session)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:book_sent", args=[session.pk])
    registration = Registration.objects.get()
    assert registration.status == "pending"
    assert registration.consent_wording == CONSENT_WORDING
    (ask,) = mail.outbox
    assert ask.to == ["ama@example.org"]
    # Nothing typed on the public page reaches the mail: not even the name.
    assert "Ama" not in ask.body and "Ama" not in ask.subject
    place = _link(ask, "place")

    assert client_committing.get(place).status_code == 200
    assert Registration.objects.get().status == "pending"  # a GET changes nothing
    client_committing.post(place, {"action": "confirm"})
    assert Registration.objects.get().status == "registered"
    confirmation = mail.outbox[-1]
    assert confirmation.subject.startswith("You have a place")
    name, data, mimetype = confirmation.attachments[0]
    assert name == "session.ics" and mimetype.startswith("text/calendar")
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == session.name
    assert event.decoded("DTSTART") == session.starts_at.replace(microsecond=0)
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -datetime.timedelta(hours=1)
    assert "https://zoom.example.org/j/1" in str(event["DESCRIPTION"])


def test_the_page_answers_the_same_for_an_address_already_registered(client_committing):
    session = make_session(capacity=10)
    make_registration(session, email="ama@example.org")
    first = _sign_up(client_committing, session, email="AMA@example.org")
    fresh = _sign_up(client_committing, session, email="new@example.org")
    assert first.status_code == fresh.status_code == 302
    assert first["Location"] == fresh["Location"]
    assert Registration.objects.filter(session=session).count() == 2
    already = next(m for m in mail.outbox if m.to == ["ama@example.org"])
    assert "already on the list" in already.body


def test_a_full_session_puts_people_on_the_waiting_list_and_a_cancellation_offers_the_place(
    client_committing,
):
    session = make_session(capacity=1)
    holder = make_registration(session, email="holder@example.org")
    _sign_up(client_committing, session, email="first@example.org")
    _sign_up(client_committing, session, email="second@example.org")
    for message in mail.outbox[-2:]:
        client_committing.post(_link(message, "place"), {"action": "confirm"})
    first = Registration.objects.get(email_hash=registrations.email_hash("first@example.org"))
    second = Registration.objects.get(email_hash=registrations.email_hash("second@example.org"))
    assert (first.status, second.status) == ("waiting", "waiting")

    holder_page = reverse("training:place", args=[holder.token])
    assert "Cancel my place" in client_committing.get(holder_page).content.decode()
    client_committing.post(reverse("training:place_cancel", args=[holder.token]))
    holder.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert holder.status == "cancelled"
    assert first.status == "offered" and second.status == "waiting"
    held = first.hold_until - timezone.now()
    assert datetime.timedelta(hours=47) < held <= datetime.timedelta(hours=48)
    offer = next(m for m in mail.outbox if m.to == ["first@example.org"] and "free" in m.subject)
    client_committing.post(_link(offer, "place"), {"action": "accept"})
    first.refresh_from_db()
    assert first.status == "registered" and first.hold_until is None
    assert mail.outbox[-1].attachments  # the confirmation carries the calendar file


def test_an_offer_not_taken_in_time_goes_to_the_next_person():
    session = make_session(capacity=1)
    holder = make_registration(session)
    first = make_registration(session, status="waiting")
    second = make_registration(session, status="waiting")
    registrations.registration_cancel(actor=None, registration=holder)
    first.refresh_from_db()
    assert first.status == "offered"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        assert training_mail_round.call()["expired"] == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "expired"
    assert second.status == "offered"


def test_more_places_move_the_waiting_list_on(users):
    from chorus.training.services import session_update

    session = make_session(capacity=1)
    make_registration(session)
    waiting = make_registration(session, status="waiting")
    session_update(actor=users["coordinator"], session=session, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "offered"


def test_the_form_refuses_without_agreement_and_ignores_robots(client_committing):
    session = make_session()
    refused = _sign_up(client_committing, session, agree="")
    assert refused.status_code == 200
    assert "Tick the box to agree" in refused.content.decode()
    robot = client_committing.post(
        reverse("training:book", args=[session.pk]),
        {"name": "x", "email": "bot@example.org", "agree": "on", "website": "http://spam"},
    )
    assert robot.status_code == 302
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_sign_ups_are_throttled_per_address(client_committing):
    session = make_session()
    for index in range(20):
        assert (
            _sign_up(client_committing, session, email=f"p{index}@example.org").status_code == 302
        )
    assert _sign_up(client_committing, session, email="late@example.org").status_code == 429


def test_private_and_past_sessions_and_unknown_links_say_not_found(client):
    private = make_session(is_public=False)
    past = make_session(days=-1)
    for session in (private, past):
        assert client.get(reverse("training:book", args=[session.pk])).status_code == 404
    assert client.get(reverse("training:place", args=["no-such-token"])).status_code == 404
    assert client.get(reverse("training:feedback", args=["no-such-token"])).status_code == 404


def test_the_calendar_feed_lists_upcoming_public_sessions_without_their_links(client):
    shown = make_session(online_url="https://zoom.example.org/j/secret")
    make_session(is_public=False)
    make_session(days=-3)
    response = client.get("/training/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [shown.name]
    assert b"secret" not in response.content
    assert events[0].walk("VALARM") == []
