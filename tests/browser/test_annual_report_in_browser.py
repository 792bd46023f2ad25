"""The annual report in a real browser: the admin writes the welcome, publishes 2022/23,
downloads the PDF (read back with pypdf), corrects a placement behind a figure and
publishes version 2 with a note; version 1 stays as it was. Screenshots are kept under
test-artifacts/annual-report/."""

from __future__ import annotations

import datetime
import io

import pypdf
import pytest

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.impact.models import PublishedReport
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import TEST_PASSWORD, OutletFactory, PlacementFactory, give_totp, segment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
WELCOME = "Welcome to a year in which seven stories reached the mixed middle."


def test_the_admin_publishes_the_report_downloads_the_pdf_and_corrects_it(page):
    outlet = OutletFactory(name="Example Evening News", segment=segment("mixed-middle"))
    placements = [
        PlacementFactory(outlet=outlet, published_on=datetime.date(2022, 8, 1 + n))
        for n in range(7)
    ]
    admin = User.objects.create_user(
        username="admin-report", password=TEST_PASSWORD, role=Role.ADMIN
    )
    sign_in(page, admin.username, give_totp(admin))
    out = ARTIFACTS / "annual-report"
    out.mkdir(parents=True, exist_ok=True)

    page.goto("/annual/")
    page.get_by_label("From").fill("2022-07-01")
    page.get_by_label("To").fill("2023-06-30")
    page.get_by_role("button", name="Open the draft").click()
    page.get_by_role("link", name="Edit the words").click()
    page.get_by_label("Welcome").fill(WELCOME)
    page.get_by_role("button", name="Save").click()
    page.get_by_text(WELCOME).wait_for()
    page.screenshot(path=str(out / "draft.png"), full_page=True)

    page.get_by_role("link", name="Publish…").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Version 1 is published.").wait_for()
    page.screenshot(path=str(out / "published-v1.png"), full_page=True)
    first_url = page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = download.value.path().read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 10
    for heading in ("Contents", "Welcome", "Media work", "Training", "Lived experience"):
        assert heading in text
    assert WELCOME.split(" in which")[0] in text
    assert "Stories placed\n7" in text
    assert "Funders" in text and "Income" in text  # the sections of the funders area

    # A placement behind the figure was in fact published in July 2023: correct it.
    page.goto(f"/media/placements/{placements[0].pk}/edit/")
    page.get_by_label("Published on").fill("2023-07-05")
    page.get_by_role("button", name="Save").click()
    page.goto("/annual/")
    page.get_by_role("link", name="Impact report 2022/23").last.click()
    page.get_by_role("link", name="Publish…").click()
    page.get_by_label("What changed since the last version").fill(
        "One story was published in July 2023, not August 2022."
    )
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Version 2 is published.").wait_for()
    assert "One story was published in July 2023" in page.locator("main").inner_text()
    assert page.locator('[data-code="media.placements"] .figure').inner_text() == "6"
    page.screenshot(path=str(out / "published-v2.png"), full_page=True)

    page.goto(first_url)
    assert page.locator('[data-code="media.placements"] .figure').inner_text() == "7"
    first = PublishedReport.objects.get(version=1)
    assert bytes(first.pdf) == pdf
