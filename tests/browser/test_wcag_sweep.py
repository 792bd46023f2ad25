"""WCAG 2.2 AA on every page each role reaches from the navigation, on the demo data set.

Each role signs in and opens every page its main menu leads to, and every page one
link further inside those pages. axe-core checks each page once per URL pattern and
role (not once per object), with the WCAG 2.2 A/AA rules including target size, and
each page must fit a 320 px wide screen without scrolling sideways (1.4.10).
"""

from __future__ import annotations

import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from chorus.accounts.models import User
from chorus.accounts.roles import MFA_REQUIRED_ROLES
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, give_totp

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}
# Pages that act or leave (sign out, downloads, exports) are not pages to check.
SKIP_SUFFIXES = (".csv", ".pdf", ".ics", ".xlsx", ".zip", "/logout/")
ROLES = [
    "admin",
    "safeguarding",
    "media",
    "coordinator",
    "digital",
    "director",
    "volunteer",
    "readonly",
]


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    paths = []
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "tel:")):
            continue
        parts = urlsplit(href)
        if parts.netloc and not page.url.startswith(f"{parts.scheme}://{parts.netloc}"):
            continue
        if parts.path.endswith(SKIP_SUFFIXES) or not parts.path.startswith("/"):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _sideways(page) -> int:
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.scrollingElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    return width


def test_every_page_each_role_reaches_meets_wcag_22_aa(page):
    call_command("demo_load", password=TEST_PASSWORD, stdout=open("/dev/null", "w"))  # noqa: SIM115
    # axe-core goes into each page as it loads, rather than being sent again per page.
    page.context.add_init_script(script=Axe().axe_script)
    started = time.monotonic()
    by_impact: Counter[str] = Counter()
    problems: dict[str, list[str]] = {}
    too_wide: dict[str, int] = {}
    checked = 0
    for username in ROLES:
        user = User.objects.get(username=username)
        secret = give_totp(user) if user.role in MFA_REQUIRED_ROLES else None
        page.context.clear_cookies()
        sign_in(page, username, secret)
        seen: set[str] = set()
        queue = ["/", *_links(page, "nav[aria-label='Main'] a")]
        depth = {path: 0 for path in queue}
        while queue:
            path = queue.pop(0)
            pattern = _pattern(urlsplit(path).path)
            if pattern is None or pattern in seen:
                continue
            seen.add(pattern)
            try:
                response = page.goto(path)
            except PlaywrightError:  # a link that downloads a file rather than opening a page
                continue
            if (
                response is None
                or response.status != 200
                or "text/html" not in response.headers.get("content-type", "")
            ):
                continue
            checked += 1
            where = f"{username} {pattern} {path}"
            result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
            for violation in result["violations"]:
                by_impact[violation["impact"]] += 1
                problems.setdefault(where, []).append(
                    f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}×)"
                )
            width = _sideways(page)
            if width > 320:
                too_wide[where] = width
            if depth[path] < 1:
                for link in _links(page, "main a"):
                    if link not in depth:
                        depth[link] = depth[path] + 1
                        queue.append(link)
    elapsed = time.monotonic() - started
    print(
        f"\nWCAG sweep: {checked} pages in {elapsed:.0f} s; axe violations by impact: "
        f"{dict(by_impact)}"
    )
    for where, found in sorted(problems.items()):
        print(f"  {where}: {', '.join(found)}")
    for where, width in sorted(too_wide.items()):
        print(f"  {where}: {width} px wide at 320 px")
    assert checked > 8 * 5
    assert too_wide == {}
    assert problems == {}
