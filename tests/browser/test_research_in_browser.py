"""Research in a real browser: the digital officer records a study, a message variant and a
result (its interval and n beside the effect), publishes a toolkit version, and a visitor
downloads it (the counter goes up, nobody is recorded); the admin walks every research
page. axe-core checks each page; screenshots are kept under test-artifacts/research/."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry
from chorus.research.models import Study, ToolkitVersion
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import TEST_PASSWORD, give_totp

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PDF = b"%PDF-1.7\n% safe routes toolkit (test)\n%%EOF\n"


def _serious(axe: Axe, page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_digital_officer_records_a_study_and_publishes_a_toolkit_that_is_downloaded(
    page, browser, live_server, tmp_path
):
    user = User.objects.create_user(
        username="digital-research", password=TEST_PASSWORD, role=Role.DIGITAL_OFFICER
    )
    sign_in(page, user.username, give_totp(user))
    axe = Axe()
    out = ARTIFACTS / "research"
    out.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}

    page.goto("/research/")
    problems["studies"] = _serious(axe, page)
    page.get_by_role("link", name="Add a study").first.click()
    page.get_by_label("Title").fill("Safe routes focus groups")
    page.get_by_label("Method").select_option(label="Focus group")
    page.get_by_label("Started on").fill("2022-10-11")
    page.get_by_label("Ended on").fill("2022-10-13")
    page.get_by_label("Constituencies or places").fill("Somewhere North, Somewhere South")
    page.get_by_label("Sample size").fill("16")
    problems["study form"] = _serious(axe, page)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Safe routes focus groups").wait_for()
    study = Study.objects.get()

    page.get_by_role("link", name="Add a variant").click()
    page.get_by_label("Label").fill("A")
    page.get_by_label("Frame").fill("Fairness and order")
    page.get_by_label("Text").fill("Safe routes are fair and orderly.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Added the message variant.").wait_for()

    page.get_by_role("link", name="Add a result").click()
    page.get_by_label("Variant").select_option(label=f"{study}: A")
    page.get_by_label("Outcome").fill("Support for more safe routes")
    page.get_by_label("Segment").fill("Mixed middle")
    page.get_by_label("Effect").fill("12")
    page.get_by_label("Interval, low").fill("3")
    page.get_by_label("Interval, high").fill("21")
    page.get_by_label("n (people it was measured on)").fill("16")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Added the result.").wait_for()
    row = page.get_by_role("row").filter(has_text="Support for more safe routes")
    cells = row.get_by_role("cell").all_inner_texts()
    # The effect never stands alone: its interval and n are in the same row.
    assert cells[:6] == [
        "Support for more safe routes",
        "A",
        "Mixed middle",
        "12.00",
        "3.00 to 21.00",
        "16",
    ]
    page.screenshot(path=str(out / "study.png"), full_page=True)
    problems["study"] = _serious(axe, page)

    page.goto("/research/toolkits/")
    page.get_by_role("link", name="Add a toolkit").first.click()
    page.get_by_label("Title").fill("Safe routes messaging toolkit")
    page.get_by_label("Slug").fill("safe-routes")
    page.get_by_label("Safe routes focus groups").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Not published: only staff can see it.").wait_for()
    document = tmp_path / "safe-routes.pdf"
    document.write_bytes(PDF)
    page.get_by_role("link", name="Upload a new version").click()
    page.get_by_label("Document").set_input_files(str(document))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Uploaded version 1 as a draft.").wait_for()
    assert "Draft (internal)" in page.locator("main").inner_text()

    visitor = browser.new_context(base_url=live_server.url, locale="en-GB")
    anonymous = visitor.new_page()
    assert anonymous.goto("/research/published/safe-routes/").status == 404

    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published version 1.").wait_for()
    page.screenshot(path=str(out / "toolkit.png"), full_page=True)
    problems["toolkit"] = _serious(axe, page)

    audit_rows = AuditEntry.objects.count()
    anonymous.goto("/research/published/safe-routes/")
    problems["public page"] = _serious(axe, anonymous)
    anonymous.screenshot(path=str(out / "public.png"), full_page=True)
    with anonymous.expect_download() as waiting:
        anonymous.get_by_role("link", name="Download the toolkit").click()
    downloaded = waiting.value
    assert downloaded.suggested_filename == "safe-routes-v1.pdf"
    assert open(downloaded.path(), "rb").read() == PDF
    visitor.close()
    assert ToolkitVersion.objects.get().downloads == 1
    assert AuditEntry.objects.count() == audit_rows
    page.reload()
    assert "1 download)" in page.locator("main").inner_text()
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_admin_walks_every_research_page_and_axe_finds_nothing_serious(page):
    import datetime

    from chorus.research import services

    admin = User.objects.create_user(
        username="admin-research", password=TEST_PASSWORD, role=Role.ADMIN
    )
    study = services.study_create(
        actor=admin,
        title="Destitution Narrative workshops",
        method="workshop",
        started_on=datetime.date(2022, 11, 1),
        ended_on=datetime.date(2024, 4, 30),
    )
    finding = services.finding_create(
        actor=admin,
        title="Work opens the story",
        statement="x",
        review_by=datetime.date(2027, 4, 30),
    )
    services.quote_create(
        actor=admin,
        study=study,
        finding=finding,
        text="Of course we wanted to work.",
        context="a participant in a workshop",
        consent_given=True,
    )
    toolkit = services.toolkit_create(actor=admin, title="Destitution toolkit", slug="destitution")
    services.message_line_create(
        actor=admin, toolkit=toolkit, text="People want to work.", finding=finding
    )
    sign_in(page, admin.username, give_totp(admin))
    axe = Axe()
    out = ARTIFACTS / "research"
    out.mkdir(parents=True, exist_ok=True)
    problems: dict[str, list[str]] = {}
    line = toolkit.lines.get()
    for name, url in (
        ("studies", "/research/"),
        ("study", f"/research/{study.pk}/"),
        ("quotes", f"/research/{study.pk}/quotes/"),
        ("quote form", f"/research/{study.pk}/quotes/new/"),
        ("findings", "/research/findings/"),
        ("finding", f"/research/findings/{finding.pk}/"),
        ("toolkits", "/research/toolkits/"),
        ("toolkit", f"/research/toolkits/{toolkit.pk}/"),
        ("link coverage", f"/research/messages/{line.pk}/link/"),
        ("message form", f"/research/messages/{line.pk}/edit/"),
    ):
        response = page.goto(url)
        assert response.status == 200, name
        problems[name] = _serious(axe, page)
    page.goto(f"/research/{study.pk}/quotes/")
    assert "Kept until 30 April 2027" in page.locator("main").inner_text()
    page.screenshot(path=str(out / "quotes.png"), full_page=True)
    assert {k: v for k, v in problems.items() if v} == {}
