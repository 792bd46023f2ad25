"""Feedback forms, results per session and course, and certificates of attendance."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from chorus.accounts.roles import Role
from chorus.training.models import Feedback, Session
from chorus.training.selectors import feedback_results
from tests.training.conftest import make_registration, make_session

pytestmark = pytest.mark.django_db


def _give(client, token, before, after, **extra):
    data = {
        "confidence_before": before,
        "confidence_after": after,
        "quote_permission": "no",
        **extra,
    }
    return client.post(reverse("training:feedback", args=[token]), data)


def test_an_attendee_gives_feedback_once_and_may_leave_their_name_off(client):
    session = make_session(days=-1)
    named = make_registration(session, status="attended")
    unnamed = make_registration(session, status="attended")
    _give(
        client,
        named.token,
        2,
        4,
        language="Farsi, with an interpreter",
        quote="Useful",
        quote_permission="yes",
    )
    _give(client, unnamed.token, 3, 3, anonymous="on")
    feedback = {f.confidence_after: f for f in Feedback.objects.all()}
    assert feedback[4].registration == named and feedback[4].language.startswith("Farsi")
    assert feedback[4].quote_permission == "yes"
    assert feedback[3].registration is None
    again = client.get(reverse("training:feedback", args=[named.token]))
    assert "You can give it once per session" in again.content.decode()
    assert Feedback.objects.count() == 2


def test_the_rooms_link_is_anonymous_and_cannot_quote_a_name(client):
    session = make_session(days=-1)
    _give(client, session.feedback_token, 1, 5, quote="Brilliant", quote_permission="anonymously")
    feedback = Feedback.objects.get()
    assert feedback.registration is None and feedback.quote == "Brilliant"
    assert _give(client, session.feedback_token, 1, 5, quote_permission="yes").status_code == 200
    assert Feedback.objects.count() == 1  # "with my name" is not offered without a name


def test_feedback_waits_for_check_in(client):
    session = make_session(days=-1)
    registered = make_registration(session)
    page = client.get(reverse("training:feedback", args=[registered.token]))
    assert "Feedback opens after the session" in page.content.decode()


def test_results_give_response_rate_share_whose_confidence_rose_and_mean_change(client_for):
    session = make_session(days=-1)
    for _ in range(4):
        make_registration(session, status="attended")
    for before, after in ((1, 4), (2, 3), (3, 3)):
        Feedback.objects.create(session=session, confidence_before=before, confidence_after=after)
    results = feedback_results(Session.objects.filter(pk=session.pk))
    assert results.response_rate == 0.75
    assert results.rose_share == 2 / 3
    assert results.mean_change == pytest.approx(4 / 3)
    course_page = client_for(Role.READ_ONLY).get(
        reverse("training:course_detail", args=[session.course_id])
    )
    assert "67% (2 of 3)" in course_page.content.decode()
    assert "1.3 points" in course_page.content.decode()


def test_an_attendee_downloads_their_certificate(client):
    session = make_session(days=-1, place="Carlisle")
    attended = make_registration(session, status="attended", name="Juniper Aldana-Rowe")
    response = client.get(reverse("training:place_certificate", args=[attended.token]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Certificate of attendance" in text
    assert "Juniper Aldana-Rowe" in text and session.name in text
    absent = make_registration(session, status="no_show")
    assert client.get(reverse("training:place_certificate", args=[absent.token])).status_code == 404


def test_certificates_in_bulk_have_a_page_per_attendee(client_for):
    session = make_session(days=-1)
    for name in ("Corin Baptiste", "Esme Quarrie", "Idris Fenwick-Olu"):
        make_registration(session, status="attended", name=name)
    make_registration(session, status="no_show", name="Absent Person")
    response = client_for(Role.COORDINATOR).get(
        reverse("training:session_certificates", args=[session.pk])
    )
    reader = PdfReader(io.BytesIO(response.content))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 3
    assert not any("Absent Person" in text for text in texts)
