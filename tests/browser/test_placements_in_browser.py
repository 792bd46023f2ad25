"""A media officer signs in with two-factor, records a placement, and sees the dashboard change.

Then axe-core checks each main page for serious or critical accessibility problems.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.impact.periods import Period
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, OutletFactory, PlacementFactory, give_totp

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]


def _placements_figure(page) -> str:
    return page.locator("[data-indicator='media.placements'] .figure").inner_text().strip()


@pytest.fixture
def media_officer(db) -> tuple[User, str]:
    user = User.objects.create_user(
        username="media-browser", password=TEST_PASSWORD, role=Role.MEDIA_OFFICER
    )
    return user, give_totp(user)


def test_it_records_a_placement_and_the_dashboard_counts_it(page, media_officer):
    user, secret = media_officer
    OutletFactory(name="Metro", domains=["metro.co.uk"])
    today = timezone.localdate()
    in_period = Period.financial_year_containing(today).start
    PlacementFactory(published_on=in_period, url="https://metro.co.uk/earlier-story")

    sign_in(page, user.username, secret)
    assert _placements_figure(page) == "1"

    page.goto("/media/placements/new/")
    page.get_by_label("Link").fill("https://metro.co.uk/2026/11/a-new-life-in-carlisle")
    page.get_by_label("Headline").focus()  # leaving the link field fills the outlet from its domain
    # expect() polls from Playwright's own script, which the page's CSP does not govern
    # (a string passed to wait_for_function is eval'd in the page and CSP forbids that).
    expect(page.locator("#id_outlet_name")).to_have_value("Metro")
    page.get_by_label("Published on").fill(today.isoformat())
    page.get_by_label("Headline").fill("A new life in Carlisle, in his own words")
    page.get_by_label("Format").select_option(label="First-person piece")
    # He is not in the storytellers network: the piece quotes someone outside it.
    page.get_by_label("Quotes someone with lived experience outside the network").check()
    page.get_by_label("Who, in a few words").fill("A man from Carlisle, first name only")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "A new life in Carlisle" in page.content()

    page.goto("/")
    assert _placements_figure(page) == "2"


def test_it_has_no_serious_accessibility_problems_on_the_main_pages(page, media_officer):
    user, secret = media_officer
    PlacementFactory(published_on=timezone.localdate())
    axe = Axe()
    problems: dict[str, list[str]] = {}
    page.goto("/accounts/login/")
    pages = ["/accounts/login/"]
    results = {"/accounts/login/": axe.run(page)}
    sign_in(page, user.username, secret)
    for path in [
        "/",
        "/report/",
        "/media/placements/",
        "/media/placements/new/",
        "/media/placements/import/",
        "/media/outlets/",
        "/media/campaigns/",
        "/people/",
    ]:
        page.goto(path)
        pages.append(path)
        results[path] = axe.run(page)
    for path, result in results.items():
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            problems[path] = bad
    assert problems == {}, problems
    assert len(pages) == 9


def test_an_import_preview_has_no_accessibility_problems_and_reflows(page, media_officer, tmp_path):
    """The preview of an uploaded spreadsheet: a wide table of rows, each with its
    problems, in a box of its own that scrolls and takes keyboard focus (WCAG 1.4.10)."""
    from tests.browser.test_wcag_sweep import AXE_OPTIONS

    user, secret = media_officer
    OutletFactory(name="Metro", domains=["metro.co.uk"])
    sheet = tmp_path / "coverage.csv"
    sheet.write_text(
        "date,outlet,headline,url,format,lived experience,campaign\r\n"
        "2023-06-19,Metro,A long headline about a new life in Carlisle after the crossing,"
        "https://metro.co.uk/2023/06/19/a-long-address-for-a-new-life-in-carlisle,Interview,yes,\r\n"
        "32/06/2023,Teesside Today,A row with a bad date,https://tt.example/2,feature,no,\r\n",
        encoding="utf-8",
    )
    sign_in(page, user.username, secret)
    page.goto("/media/placements/import/")
    page.set_input_files("input[type=file]", str(sheet))
    page.get_by_role("button", name="Upload and check").click()
    expect(page).to_have_url(re.compile(r"/media/placements/import/\d+/$"))
    page.context.add_init_script(script=Axe().axe_script)
    page.reload()
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert [f"{v['id']} ({v['impact']})" for v in result["violations"]] == []
    table_box = page.locator(".table-wrap").first
    assert table_box.get_attribute("tabindex") == "0"
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.scrollingElement.scrollWidth") == 320
