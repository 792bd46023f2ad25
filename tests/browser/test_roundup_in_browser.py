"""A co-ordinator builds the morning's round-up in Chromium, leaves a story out, approves it;
a reader signs up on the public page. axe-core checks the round-up's pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.monitoring.models import NewsRegion
from chorus.roundup.models import Edition, Subscriber
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD
from tests.monitoring.factories import make_source, make_story

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]


@pytest.fixture
def coordinator(db) -> User:
    return User.objects.create_user(
        username="coordinator-browser", password=TEST_PASSWORD, role=Role.COORDINATOR
    )


def _serious(result) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_coordinator_builds_edits_and_approves_the_morning_edition(page, coordinator):
    bbc, itv = make_source(name="BBC"), make_source(name="ITV")
    make_story("Dozens rescued from dinghy in the Channel", outlets=[bbc, itv], relevance=0.9)
    make_story("Council objects to asylum hotel", outlets=[bbc], relevance=0.7)
    make_story(
        "Greek court rules on pushbacks", outlets=[itv], relevance=0.8, region=NewsRegion.EUROPE
    )
    sign_in(page, coordinator.username, None)
    page.goto("/roundup/")
    page.get_by_role("button", name="Build today's draft").click()
    expect(page.get_by_text("3 of 3 stories included")).to_be_visible()
    expect(page.get_by_role("heading", name="Europe")).to_be_visible()
    expect(page.get_by_text("BBC and ITV")).to_be_visible()

    story = page.locator("li", has_text="Council objects to asylum hotel")
    story.get_by_role("button", name="Leave out").click()
    expect(page.get_by_text("2 of 3 stories included")).to_be_visible()

    problems = _serious(Axe().run(page))
    page.get_by_role("button", name="Approve").click()
    edition = Edition.objects.get()
    assert edition.status == Edition.Status.APPROVED
    assert problems == []

    page.goto(f"/roundup/editions/{edition.pk}/preview/")
    expect(page.get_by_text("Dozens rescued from dinghy in the Channel")).to_be_visible()
    expect(page.get_by_text("Council objects to asylum hotel")).to_have_count(0)
    # The email's HTML part, framed, with its inlined styles applied as a mail client would.
    email_frame = page.frame_locator("iframe.email-preview")
    expect(
        email_frame.get_by_role("link", name="Dozens rescued from dinghy in the Channel")
    ).to_be_visible()
    expect(email_frame.locator("td.masthead")).to_have_css("background-color", "rgb(91, 42, 134)")
    expect(email_frame.get_by_text("Council objects to asylum hotel")).to_have_count(0)
    assert _serious(Axe().run(page)) == []


def test_a_reader_signs_up_on_the_public_page(page, settings):
    # The form queues the sign-up for a task; here it runs as soon as it is queued.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    page.goto("/news/subscribe/")
    assert _serious(Axe().run(page)) == []
    page.get_by_label("Email").first.fill("reader@example.org")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("inbox", exact=False).first).to_be_visible()
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.status == Subscriber.Status.PENDING


def test_reordering_the_draft_keeps_the_page_and_the_focus(page, coordinator):
    make_story("Dozens rescued from dinghy in the Channel", relevance=0.9)
    make_story("Council objects to asylum hotel", relevance=0.8)
    make_story("Charity opens a new drop-in", relevance=0.7)
    sign_in(page, coordinator.username, None)
    page.goto("/roundup/")
    page.get_by_role("button", name="Build today's draft").click()
    expect(page.get_by_text("3 of 3 stories included")).to_be_visible()
    page.evaluate("window.notReloaded = true")

    page.get_by_role("button", name="Move down: Dozens rescued from dinghy in the Channel").click()
    headlines = page.locator(".edition-item-head a")
    expect(headlines.first).to_have_text("Council objects to asylum hotel")
    assert page.evaluate("window.notReloaded") is True  # moved in place, no page load
    # Focus is put back once htmx has settled the swapped section: wait for it.
    expect(page.locator(":focus")).to_have_attribute(
        "aria-label", "Move down: Dozens rescued from dinghy in the Channel"
    )

    # Pressed again from the keyboard, it keeps going; at the bottom focus moves to "up".
    page.keyboard.press("Enter")
    expect(headlines.last).to_have_text("Dozens rescued from dinghy in the Channel")
    expect(page.locator(":focus")).to_have_attribute(
        "aria-label", "Move up: Dozens rescued from dinghy in the Channel"
    )
    assert page.evaluate("window.notReloaded") is True
    order = list(
        Edition.objects.get().items.order_by("position").values_list("headline", flat=True)
    )
    assert order[-1] == "Dozens rescued from dinghy in the Channel"

    # Each story takes less than a third of the screen.
    heights = page.locator(".edition-item").evaluate_all("els => els.map(e => e.offsetHeight)")
    viewport = page.viewport_size["height"]
    assert max(heights) < viewport / 3
