"""A person signs up for a full masterclass in Chromium, waits, gets the place when someone
cancels, is checked in by a co-ordinator, gives feedback and downloads a certificate.
axe-core checks every page on the way."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.training.models import Course, CourseKind, Feedback, Registration, Session
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]
NAME = "Oriel Vantongeren"


def _serious(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _path(message, live_server) -> str:
    found = re.search(r"https?://[^/\s]+(/training/(?:place|feedback)/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_sign_up_wait_get_the_place_check_in_feedback_and_certificate(page, settings, live_server):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    coordinator = User.objects.create_user(
        username="coordinator-training", password=TEST_PASSWORD, role=Role.COORDINATOR
    )
    course = Course.objects.create(title="Media masterclass", kind=CourseKind.MASTERCLASS)
    start = timezone.now() + datetime.timedelta(days=2)
    session = Session.objects.create(
        course=course,
        title="Pitching to broadcasters",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        capacity=1,
        is_public=True,
        place="Online",
    )
    holder = Registration.objects.create(
        session=session,
        status="registered",
        source="staff",
        name="Place Holder",
        email="holder@example.org",
        identity_key="holder",
    )
    problems: list[str] = []

    page.goto(f"/training/book/{session.pk}/")
    expect(page.get_by_text("This session is full")).to_be_visible()
    problems += _serious(page)
    page.get_by_label("Name").fill(NAME)
    page.get_by_label("Email address").fill("oriel@example.org")
    page.get_by_label("I agree to the above").check()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    page.goto(_path(mail.outbox[-1], live_server))
    problems += _serious(page)
    page.get_by_role("button", name="Confirm my place").click()
    expect(page.get_by_text("You are on the waiting list")).to_be_visible()

    # The person holding the place cancels through their own link.
    page.goto(f"/training/place/{holder.token}/")
    page.get_by_role("link", name="Cancel my place").click()
    problems += _serious(page)
    page.get_by_role("button", name="Cancel my place").click()
    expect(page.get_by_text("Your place is cancelled")).to_be_visible()

    offer = next(m for m in mail.outbox if m.to == ["oriel@example.org"] and "free" in m.subject)
    page.goto(_path(offer, live_server))
    expect(page.get_by_text("A place is free for you")).to_be_visible()
    problems += _serious(page)
    page.get_by_role("button", name="Take the place").click()
    expect(page.get_by_text("You have a place")).to_be_visible()
    mine = Registration.objects.get(email_hash__gt="", status="registered")
    place_path = f"/training/place/{mine.token}/"

    # The co-ordinator checks them in on the check-in list.
    staff = page.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    staff_page = staff.new_page()
    sign_in(staff_page, coordinator.username, None)
    staff_page.goto(f"/training/sessions/{session.pk}/check-in/")
    problems += _serious(staff_page)
    staff_page.get_by_role("button", name=f"Arrived: {NAME}").click()
    expect(staff_page.get_by_text("1 of 1 arrived")).to_be_visible()
    staff.close()

    page.goto(f"/training/feedback/{mine.token}/")
    problems += _serious(page)
    page.locator("fieldset", has_text="Before today I felt").get_by_text("2", exact=True).click()
    page.locator("fieldset", has_text="Now I feel").get_by_text("4", exact=True).click()
    page.get_by_label("Which language did you take part in?").fill("English")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    feedback = Feedback.objects.get()
    assert (feedback.confidence_before, feedback.confidence_after) == (2, 4)

    page.goto(place_path)
    problems += _serious(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate of attendance (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    assert NAME in pdf.pages[0].extract_text()
    assert problems == []
