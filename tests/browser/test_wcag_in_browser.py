"""WCAG 2.2 AA checks axe's rules miss, measured in Chromium on the demo data set.

Focus rings keep 3:1 against every background they sit on (1.4.11), small links are
at least 24 px targets (2.5.8), the busiest pages reflow at 320 px (1.4.10), a form
that fails moves focus to an error summary (3.3.1), and the round-up draft says what
include / leave out did.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.roundup.models import Edition
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, give_totp
from tests.monitoring.factories import make_story

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]

REFLOW_PAGES = [
    "/media/placements/",
    "/media/outlets/",
    "/media/campaigns/",
    "/roundup/sources/",  # moved to /monitoring/sources/; the old address redirects
    "/monitoring/sources/",
    "/report/",
    "/voices/",
    "/people/",
    "/roundup/subscribers/",
]

# The colour of the focus ring and of the first opaque background behind the element.
COLOURS_JS = """el => {
  const ring = getComputedStyle(el).outlineColor;
  let node = el.parentElement, bg = 'rgb(255, 255, 255)';
  while (node) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && c !== 'transparent' && !c.endsWith(', 0)')) { bg = c; break; }
    node = node.parentElement;
  }
  return [ring, bg, getComputedStyle(el).outlineStyle];
}"""


def _luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _focus_contrast(page, locator) -> float:
    locator.focus()
    ring, background, style = locator.evaluate(COLOURS_JS)
    assert style != "none"
    return round(_contrast(ring, background), 2)


def _small_targets(page, selector: str) -> list[str]:
    boxes = page.locator(selector).evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => {"
        " const r = e.getBoundingClientRect();"
        " return [e.textContent.trim(), Math.round(r.width), Math.round(r.height)]; })"
    )
    assert boxes, selector
    return [f"{text} {w}×{h}" for text, w, h in boxes if w < 24 or h < 24]


@pytest.fixture
def admin(db) -> tuple[User, str]:
    call_command("demo_load", password=TEST_PASSWORD, stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.get(username="admin")
    return user, give_totp(user)


def test_focus_targets_and_reflow_on_the_busiest_pages(page, admin, settings):
    settings.CHORUS_DEMO = True
    page.goto("/accounts/login/")
    # The demo banner sits in a landmark of its own.
    expect(page.get_by_role("region", name="Demo notice")).to_contain_text("fictional data")
    assert _small_targets(page, "a:text('Forgot your password?')") == []
    sign_in(page, admin[0].username, admin[1])

    page.goto("/media/placements/")
    contrasts = {
        "link on white": _focus_contrast(page, page.locator("main td a").first),
        "field on the grey filter panel": _focus_contrast(
            page, page.locator(".filters input").first
        ),
        "button on the grey filter panel": _focus_contrast(
            page, page.locator(".filters button").first
        ),
        "link in the purple header": _focus_contrast(
            page, page.locator(".site-header nav a").first
        ),
    }
    assert min(contrasts.values()) >= 3, contrasts
    # The wide table scrolls in its own box, which the keyboard can reach and which is named.
    wrap = page.locator(".table-wrap").first
    assert wrap.get_attribute("tabindex") == "0"
    expect(page.get_by_role("region", name="Placements")).to_be_visible()

    Edition.objects.create(
        issue_date=timezone.localdate() - datetime.timedelta(days=400),
        title="An old morning round-up",
        status=Edition.Status.SENT,
        published_at=timezone.now(),
    )
    small: dict[str, list[str]] = {}
    for path, selector in [
        ("/roundup/", "nav[aria-label='Round-up'] a"),
        ("/monitoring/sources/", "main td a"),
        ("/news/archive/", "main li a"),
    ]:
        page.goto(path)
        small[path] = _small_targets(page, selector)
    assert small == {path: [] for path in small}

    page.goto("/roundup/subscribers/suppressions/")
    described = page.locator("#id_q").get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_have_text("Email address")

    page.set_viewport_size({"width": 320, "height": 640})
    widths = {}
    for path in REFLOW_PAGES:
        page.goto(path)
        widths[path] = page.evaluate("document.scrollingElement.scrollWidth")
    assert widths == {path: 320 for path in REFLOW_PAGES}


def test_a_failed_form_moves_focus_to_an_error_summary_that_links_to_each_field(page):
    user = User.objects.create_user(
        username="media-errors", password=TEST_PASSWORD, role=Role.MEDIA_OFFICER
    )
    sign_in(page, user.username, give_totp(user))
    page.goto("/media/outlets/new/")
    page.get_by_role("button", name="Save").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("^Name"))
    link.click()
    expect(page.locator("#id_name")).to_be_focused()


def test_a_failed_sign_in_moves_focus_to_its_error_summary(page):
    User.objects.create_user(
        username="coordinator-typo", password=TEST_PASSWORD, role=Role.COORDINATOR
    )
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("coordinator-typo")
    page.get_by_label("Password").fill(TEST_PASSWORD + "x")
    page.get_by_role("button", name="Sign In").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("not correct")


def test_the_round_up_draft_announces_what_include_and_leave_out_did(page):
    user = User.objects.create_user(
        username="coordinator-live", password=TEST_PASSWORD, role=Role.COORDINATOR
    )
    make_story("Council objects to asylum hotel", relevance=0.8)
    sign_in(page, user.username, None)
    page.goto("/roundup/")
    page.get_by_role("button", name="Build today's draft").click()
    story = page.locator("li", has_text="Council objects to asylum hotel")
    story.get_by_role("button", name="Leave out").click()
    expect(page.locator("[data-announce]")).to_have_text(
        "Left out: Council objects to asylum hotel"
    )
    story.get_by_role("button", name="Include").click()
    expect(page.locator("[data-announce]")).to_have_text(
        "Included: Council objects to asylum hotel"
    )
    assert Edition.objects.get().items.filter(included=True).count() == 1
