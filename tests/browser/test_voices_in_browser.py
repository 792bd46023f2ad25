"""axe-core checks the storytellers, safeguarding and programme pages in a real browser.

The safeguarding lead sees the most of each page (every field, every form), so the
scan runs as them, with every <details> form opened.
"""

from __future__ import annotations

import datetime
import time

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from axe_playwright_python.sync_playwright import Axe

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.voices.models import (
    Membership,
    Programme,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
)
from tests.factories import (
    TEST_PASSWORD,
    ConsentFactory,
    RegionFactory,
    StorytellerFactory,
    ThemeFactory,
    give_totp,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]


def _sign_in(tab, username: str, secret: str) -> None:
    tab.goto("/accounts/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(TEST_PASSWORD)
    tab.get_by_role("button", name="Sign In").click()
    # A code read in the last seconds of its 30-second window may expire before it is checked.
    if 30 - time.time() % 30 < 3:
        time.sleep(3)
    tab.get_by_label("Code").fill(f"{hotp_value(secret, int(time.time()) // 30):06d}")
    tab.get_by_role("button", name="Sign In").click()
    tab.wait_for_url("**/")


def test_it_has_no_serious_accessibility_problems_on_the_voices_pages(page):  # noqa: F811
    lead = User.objects.create_user(
        username="lead-browser", password=TEST_PASSWORD, role=Role.SAFEGUARDING_LEAD
    )
    secret = give_totp(lead)
    storyteller = StorytellerFactory(
        region=RegionFactory(name="Carlisle"), name_in_media="pseudonym"
    )
    storyteller.themes.add(ThemeFactory(name="Detention"))
    StorytellerLanguage.objects.create(storyteller=storyteller, language="Farsi")
    ConsentFactory(storyteller=storyteller)
    concern = SafeguardingConcern.objects.create(
        storyteller=storyteller, raised_on=datetime.date(2023, 1, 5), level="high", summary="x"
    )
    SafeguardingAction.objects.create(concern=concern, description="Call", owner=lead)
    programme = Programme.objects.create(name="Refugee Week 2023", kind="ambassadors")
    membership = Membership.objects.create(
        programme=programme, storyteller=storyteller, joined_on=datetime.date(2023, 3, 1)
    )

    _sign_in(page, lead.username, secret)
    axe = Axe()
    problems: dict[str, list[str]] = {}
    paths = [
        "/voices/",
        "/voices/new/",
        f"/voices/{storyteller.pk}/",
        f"/voices/{storyteller.pk}/edit/",
        f"/voices/{storyteller.pk}/safeguarding/",
        f"/voices/{storyteller.pk}/safeguarding/new/",
        "/voices/safeguarding/",
        f"/voices/safeguarding/{concern.pk}/",
        f"/voices/safeguarding/{concern.pk}/edit/",
        "/voices/programmes/",
        "/voices/programmes/new/",
        f"/voices/programmes/{programme.pk}/",
        f"/voices/memberships/{membership.pk}/edit/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        result = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']}"
            for v in result.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            problems[path] = bad
    assert problems == {}, problems
