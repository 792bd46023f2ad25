"""Raising a concern as the media officer and a volunteer, and the lead's inbox, in Chromium."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.voices.models import SafeguardingConcern
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, ConsentFactory, StorytellerFactory, give_totp

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]

# Screenshots for people to look at, when asked for (CHORUS_SHOTS=/some/folder).
SHOTS = os.environ.get("CHORUS_SHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"a-inbox-{name}.png"), full_page=True)


def _no_serious_problems(page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], [n["html"][:200] for n in v["nodes"]]) for v in serious]


def _user(username: str, role: Role) -> tuple[User, str | None]:
    user = User.objects.create_user(username=username, password=TEST_PASSWORD, role=role)
    return user, give_totp(user) if role in (Role.MEDIA_OFFICER, Role.SAFEGUARDING_LEAD) else None


def test_a_concern_goes_from_the_media_officer_and_a_volunteer_to_the_leads_inbox(page):
    today = timezone.localdate()
    held = StorytellerFactory(reference="S-0301")
    ConsentFactory(storyteller=held)
    ConsentFactory(
        storyteller=StorytellerFactory(reference="S-0302"),
        expires_on=today - datetime.timedelta(days=20),
    )
    ConsentFactory(
        storyteller=StorytellerFactory(reference="S-0303"),
        expires_on=today + datetime.timedelta(days=10),
    )

    media, media_secret = _user("media-browser", Role.MEDIA_OFFICER)
    sign_in(page, media.username, media_secret)
    page.get_by_role("link", name="Raise a concern").first.click()
    page.get_by_role("link", name="Raise a concern").last.click()
    page.get_by_label("Storyteller").select_option(label="S-0301")
    page.get_by_label("Medium").check()
    page.get_by_label("What happened, or what worries you").fill(
        "Invented: seemed frightened after the radio interview"
    )
    _shot(page, "media-raise-form")
    _no_serious_problems(page)
    page.get_by_role("button", name="Send to the safeguarding lead").click()
    page.get_by_text("your concern has been recorded").wait_for()
    assert page.get_by_role("cell", name="Medium").is_visible()
    _shot(page, "media-concerns-i-raised")
    _no_serious_problems(page)
    page.context.clear_cookies()

    volunteer, _ = _user("volunteer-browser", Role.VOLUNTEER)
    sign_in(page, volunteer.username, None)
    page.goto("/voices/concerns/raise/")
    assert page.locator("select").count() == 0  # no list of storytellers at all
    assert "S-0301" not in page.content()
    page.get_by_label("Who is it about?").fill("Invented: the man who helped at the Tuesday stall")
    page.get_by_label("High").check()
    page.get_by_label("What happened, or what worries you").fill("Invented: talked about giving up")
    _shot(page, "volunteer-raise-form")
    page.get_by_role("button", name="Send to the safeguarding lead").click()
    page.get_by_text("your concern has been recorded").wait_for()
    page.context.clear_cookies()

    lead, lead_secret = _user("lead-browser", Role.SAFEGUARDING_LEAD)
    sign_in(page, lead.username, lead_secret)
    inbox = page.get_by_role("region", name="Safeguarding inbox")
    inbox.wait_for()
    text = inbox.inner_text()
    assert "not yet linked to a storyteller" in text
    assert "about S-0301" in text
    assert "S-0302: consent expired" in text and "S-0303: consent expires" in text
    _shot(page, "lead-inbox")
    _no_serious_problems(page)

    page.get_by_role("link", name="not yet linked to a storyteller").click()
    page.get_by_role("link", name="Link to a storyteller").click()
    page.get_by_role("combobox", name="Storyteller").select_option(label="S-0301")
    _shot(page, "lead-link-form")
    page.get_by_role("button", name="Link").click()
    page.get_by_text("Concern linked to S-0301.").wait_for()
    _shot(page, "lead-linked-concern")
    unlinked = SafeguardingConcern.objects.filter(storyteller__isnull=True)
    assert not unlinked.exists()

    page.goto("/voices/?consent=expiring_or_expired")
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert "Active" not in rows.filter(has_text="S-0302").inner_text()
    _shot(page, "lead-storytellers-consent-filter")
    _no_serious_problems(page)
