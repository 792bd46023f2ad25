"""The network in a real browser: the safeguarding lead, a co-ordinator and a volunteer walk
the region page, the outreach log and the Google group; axe-core checks each page, and a
screenshot of each is kept under test-artifacts/network/."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.network import services
from chorus.network.models import MemberSnapshot
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import (
    TEST_PASSWORD,
    OrganisationFactory,
    PersonFactory,
    PlacementFactory,
    RegionFactory,
    StorytellerFactory,
    give_totp,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
D = datetime.date


def _carlisle() -> int:
    north_west = RegionFactory(name="North West")
    carlisle = RegionFactory(name="Carlisle", parent=north_west)
    contact = PersonFactory(full_name="Morwenna Quill")
    services.partner_create(
        actor=None,
        organisation=OrganisationFactory(name="Example City of Sanctuary"),
        region=carlisle,
        kind="city_of_sanctuary",
        contact=contact,
    )
    conference = services.outreach_create(
        actor=None, kind="conference", happened_on=D(2022, 9, 17), title="A sector conference"
    )
    introduction = services.outreach_create(
        actor=None,
        kind="introduction",
        happened_on=D(2022, 10, 4),
        title="An introduction in Carlisle",
        region=carlisle,
        led_from=conference,
        introduced_by=contact,
        storyteller=StorytellerFactory(region=carlisle, media_name="Tahmineh"),
        placements=[PlacementFactory(headline="A first-person piece")],
    )
    services.outreach_lead_add(
        actor=None, entry=introduction, kind="training_session", label="A training day"
    )
    for month, members in ((4, 1062), (5, 1081), (6, 1100)):
        services.snapshot_record(actor=None, taken_on=D(2023, month, 28), members=members)
    return carlisle.pk


def _serious(axe: Axe, page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    ("role", "sees_names"),
    [(Role.SAFEGUARDING_LEAD, True), (Role.COORDINATOR, False), (Role.VOLUNTEER, False)],
)
def test_each_role_walks_the_network_and_axe_finds_nothing_serious(page, role, sees_names):
    carlisle = _carlisle()
    user = User.objects.create_user(username=f"{role}-nw", password=TEST_PASSWORD, role=role)
    secret = give_totp(user) if role == Role.SAFEGUARDING_LEAD else None
    sign_in(page, user.username, secret)
    axe = Axe()
    out = ARTIFACTS / "network"
    out.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}

    page.goto(f"/network/regions/{carlisle}/")
    page.get_by_role("heading", name="Carlisle", level=1).wait_for()
    text = page.locator("main").inner_text()
    assert ("Tahmineh" in text) is sees_names
    assert ("Morwenna Quill" in text) is (role != Role.VOLUNTEER)
    assert "A first-person piece" in text or role == Role.VOLUNTEER
    page.screenshot(path=str(out / f"region-{role}.png"), full_page=True)
    problems["region"] = _serious(axe, page)

    response = page.goto("/network/outreach/")
    assert response is not None
    if role == Role.VOLUNTEER:
        assert response.status == 403
    else:
        assert response.status == 200
        page.get_by_role("link", name="An introduction in Carlisle").click()
        page.get_by_role("heading", name="The chain").wait_for()
        page.screenshot(path=str(out / f"outreach-entry-{role}.png"), full_page=True)
        problems["entry"] = _serious(axe, page)
        page.goto("/network/outreach/")
        page.screenshot(path=str(out / f"outreach-{role}.png"), full_page=True)
        problems["outreach"] = _serious(axe, page)

    page.goto("/network/group/")
    page.screenshot(path=str(out / f"group-{role}.png"), full_page=True)
    problems["group"] = _serious(axe, page)
    if role == Role.COORDINATOR:
        page.get_by_role("link", name="Record a count").click()
        page.get_by_label("Counted on").fill("2023-07-28")
        page.get_by_label("Members").fill("1114")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("1,114 members on 28 July 2023").first.wait_for()
        assert MemberSnapshot.objects.filter(members=1114).exists()
    assert {k: v for k, v in problems.items() if v} == {}
