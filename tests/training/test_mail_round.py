"""Reminders the day before and the follow-up with the feedback link, each sent once."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from chorus.training.tasks import training_mail_round
from tests.training.conftest import PUBLIC, make_registration, make_session

pytestmark = pytest.mark.django_db


def test_a_reminder_goes_24_hours_before_once_with_the_calendar_file():
    soon = make_session(days=0.5, online_url="https://zoom.example.org/j/9")
    later = make_session(days=3)
    reminded = make_registration(soon, email="soon@example.org")
    make_registration(soon, status="cancelled", email="gone@example.org")
    make_registration(later, email="later@example.org")
    assert training_mail_round.call()["reminders"] == 1
    (message,) = mail.outbox
    assert message.to == ["soon@example.org"] and message.subject.startswith("Tomorrow")
    assert "https://zoom.example.org/j/9" in message.body
    assert message.attachments
    reminded.refresh_from_db()
    assert reminded.reminder_sent_at is not None
    assert training_mail_round.call()["reminders"] == 0


def test_the_follow_up_thanks_attendees_with_their_feedback_link():
    session = make_session(days=-0.2, hours=1)
    came = make_registration(session, status="attended", email="came@example.org")
    make_registration(session, status="no_show", email="absent@example.org")
    assert training_mail_round.call()["follow_ups"] == 1
    (message,) = mail.outbox
    assert message.to == ["came@example.org"]
    assert f"{PUBLIC}/training/feedback/{came.token}/" in message.body
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert training_mail_round.call()["follow_ups"] == 0
