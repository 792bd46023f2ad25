"""Playwright driving Debian's Chromium against a live Chorus server."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import hotp_value

CHROMIUM = os.environ.get("CHORUS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; the test's own
# database calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make browser` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _seeded_segments(transactional_db) -> None:
    # Browser tests run in transactional mode, whose clean-up empties every table,
    # including the audience segments a migration seeds; put them back first.
    from importlib import import_module

    from django.apps import apps

    seed = import_module("chorus.media.migrations.0002_seed_audience_segments").seed
    seed(apps, None)


def totp_now(secret: str) -> str:
    # A code read in the last seconds of its 30-second window may expire before it is checked.
    if 30 - time.time() % 30 < 3:
        time.sleep(3)
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def sign_in(page, username: str, secret: str | None) -> None:
    """Sign in through the real form, with the authenticator code when the user has one."""
    from tests.factories import TEST_PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if secret:
        page.get_by_label("Code").fill(totp_now(secret))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/")


# The staff guide (docs/guide/) is illustrated with screenshots taken by the browser
# tests: run them with CHORUS_GUIDE_SCREENSHOTS=1 to write the images again.
GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "guide" / "img"
GUIDE_VIEWPORT = {"width": 1280, "height": 800}


def guide_screenshot(page, name: str) -> None:
    """Save what the page shows as docs/guide/img/<name>.png, when asked to."""
    if os.environ.get("CHORUS_GUIDE_SCREENSHOTS") != "1":
        return
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(GUIDE_VIEWPORT)
    page.screenshot(path=str(GUIDE_IMAGES / f"{name}.png"))
