"""Each role's everyday pages, as the staff guide shows them.

Every role signs in and opens the pages its guide page (docs/guide/<role>.md) walks
through; each must open with its heading and the header's search box. With
CHORUS_GUIDE_SCREENSHOTS=1 the test also writes the guide's screenshots.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.media.models import JournalistRequest
from chorus.monitoring.models import Article
from chorus.roundup.models import Edition, EditionItem
from chorus.training.models import Course, CourseKind, Session
from tests.browser.conftest import guide_screenshot, sign_in
from tests.factories import (
    TEST_PASSWORD,
    OutletFactory,
    PlacementFactory,
    StorytellerFactory,
    give_totp,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]


def _records() -> dict[str, int]:
    outlet = OutletFactory(name="Northern Echo Example", domains=["echo-example.test"])
    PlacementFactory(outlet=outlet, headline="Welcome week in Darlington, in her own words")
    request = JournalistRequest.objects.create(
        outlet=outlet,
        received_on=timezone.localdate(),
        brief="Looking for someone who rebuilt a career after arriving in the UK",
        format="interview",
        media_type="broadcast",
        identity_level_acceptable="first_name",
    )
    StorytellerFactory(reference="S-0101")
    article = Article.objects.create(
        url="https://example.org/news/welcome",
        url_key="guide-1",
        title="Council opens a welcome centre for new arrivals",
        published_at=timezone.now(),
    )
    edition = Edition.objects.create(issue_date=timezone.localdate(), title="Today's round-up")
    EditionItem.objects.create(
        edition=edition, article=article, headline=article.title, url=article.url
    )
    course = Course.objects.create(title="Media masterclass", kind=CourseKind.MASTERCLASS)
    start = timezone.now() + datetime.timedelta(days=7)
    session = Session.objects.create(
        course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    return {"request": request.pk, "edition": edition.pk, "session": session.pk}


# (screenshot name, address, the heading the page shows) for each role's guide page.
def _tour(ids: dict[str, int]) -> dict[Role, list[tuple[str, str]]]:
    return {
        Role.ADMIN: [("home", "/"), ("staff", "/staff/"), ("audit", "/privacy/audit/")],
        Role.SAFEGUARDING_LEAD: [
            ("home", "/"),
            ("concerns", "/voices/safeguarding/"),
            ("storytellers", "/voices/"),
        ],
        Role.MEDIA_OFFICER: [
            ("placement-new", "/media/placements/new/"),
            ("request", f"/media/requests/{ids['request']}/"),
            ("search", "/search/?q=S-0101"),
        ],
        Role.COORDINATOR: [
            ("roundup", f"/roundup/editions/{ids['edition']}/"),
            ("training", f"/training/sessions/{ids['session']}/"),
            ("concern-raise", "/voices/concerns/raise/"),
        ],
        Role.DIGITAL_OFFICER: [("social", "/social/"), ("search", "/search/?q=welcome")],
        Role.DIRECTOR: [("home", "/"), ("annual", "/annual/"), ("funders", "/funders/")],
        Role.VOLUNTEER: [
            ("roundup", f"/roundup/editions/{ids['edition']}/"),
            ("checkin", f"/training/sessions/{ids['session']}/check-in/"),
            ("concern-raise", "/voices/concerns/raise/"),
        ],
        Role.READ_ONLY: [("home", "/"), ("placements", "/media/placements/")],
    }


def test_every_roles_guide_pages_open_with_the_search_box(browser, live_server):
    tour = _tour(_records())
    for role, stops in tour.items():
        user = User.objects.create_user(
            username=f"guide-{role.value}", password=TEST_PASSWORD, role=role
        )
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 800}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, user.username, give_totp(user))
        for name, address in stops:
            response = page.goto(address)
            assert response is not None and response.status == 200, (role, address)
            expect(page.locator("main h1").first).to_be_visible()
            expect(page.locator("header [role=search] input[name=q]")).to_be_visible()
            guide_screenshot(page, f"{role.value.replace('_', '-')}-{name}")
        context.close()
