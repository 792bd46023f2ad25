"""axe-core checks the storytellers, safeguarding and programme pages in a real browser.

The safeguarding lead sees the most of each page (every field, every form), so the
scan runs as them, with every <details> form opened.
"""

from __future__ import annotations

import datetime

import pytest
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
from tests.browser.conftest import sign_in
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

    sign_in(page, lead.username, secret)
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
