"""Social media in a real browser: the digital officer imports Meta's export, finds the top
post under its own metric, and is refused, with the reason, when featuring a storyteller
whose consent leaves out social media. axe-core checks each page; screenshots are kept
under test-artifacts/social/."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.social.models import Post
from chorus.voices.models import StoryUse
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import TEST_PASSWORD, ConsentFactory, give_totp

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "meta_posts_before_april_2025.csv"


def _serious(axe: Axe, page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_digital_officer_imports_finds_the_top_post_and_is_refused_with_the_reason(page):
    print_only = ConsentFactory(media_types=["print", "online"])
    user = User.objects.create_user(
        username="digital-social", password=TEST_PASSWORD, role=Role.DIGITAL_OFFICER
    )
    sign_in(page, user.username, give_totp(user))
    axe = Axe()
    out = ARTIFACTS / "social"
    out.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}

    page.goto("/social/")
    page.get_by_role("link", name="Import Meta export").click()
    page.get_by_label("Spreadsheet (CSV)").set_input_files(str(EXPORT))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("button", name="Import 60 posts").click()
    page.get_by_text("60 posts added").wait_for()
    assert Post.objects.count() == 60

    page.goto("/social/performance/?start=2022-07-01&end=2023-06-30")
    page.get_by_text("3074 plays, reach 2659").wait_for()
    page.screenshot(path=str(out / "performance.png"), full_page=True)
    problems["performance"] = _serious(axe, page)

    page.get_by_role("link", name="Why the Refugee Ban Bill matters").click()
    page.get_by_role("heading", name="Figures", exact=True).wait_for()
    assert "What the figures mean" in page.locator("main").inner_text()
    problems["post"] = _serious(axe, page)

    page.get_by_role("link", name="Feature a storyteller").click()
    page.get_by_label("Storyteller:", exact=True).select_option(
        label=print_only.storyteller.reference
    )
    page.get_by_label("How identifiable in the post").select_option("first_name")
    page.get_by_role("button", name="Feature").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Refused:" in alert.inner_text()
    assert "does not cover social media" in alert.inner_text()
    page.screenshot(path=str(out / "refused.png"), full_page=True)
    problems["feature"] = _serious(axe, page)
    assert not StoryUse.objects.filter(kind=StoryUse.Kind.POST).exists()
    assert {k: v for k, v in problems.items() if v} == {}
