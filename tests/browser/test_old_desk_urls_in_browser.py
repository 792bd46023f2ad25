"""Requests and pitches moved from /desk/ to /media/: bookmarks and open forms still work.

A media officer follows an old bookmark and lands on the new page, and a pitch form
from a tab opened before the move (posting to /desk/) still saves the pitch.
"""

from __future__ import annotations

import pytest

from chorus.accounts.models import User
from chorus.accounts.roles import Role
from chorus.media.models import Pitch
from tests.browser.conftest import sign_in
from tests.factories import TEST_PASSWORD, give_totp

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]


@pytest.fixture
def media_officer(db) -> tuple[User, str]:
    user = User.objects.create_user(
        username="media-desk-moved", password=TEST_PASSWORD, role=Role.MEDIA_OFFICER
    )
    return user, give_totp(user)


def test_an_old_bookmark_opens_the_new_page(page, media_officer, live_server):
    user, secret = media_officer
    sign_in(page, user.username, secret)

    response = page.goto("/desk/requests/?status=open")
    assert response is not None and response.status == 200
    assert page.url == f"{live_server.url}/media/requests/?status=open"
    assert (
        page.get_by_role("link", name="Requests", exact=True).get_attribute("aria-current")
        == "page"
    )


def test_a_pitch_form_opened_before_the_move_still_saves(page, media_officer, live_server):
    user, secret = media_officer
    sign_in(page, user.username, secret)

    page.goto("/media/pitches/new/")
    # The tab was opened when the form still posted to the old address.
    page.evaluate("document.querySelector('form.stacked').action = '/desk/pitches/new/'")
    page.get_by_label("Title").fill("A first winter in Hartlepool")
    page.locator("#id_media_type").select_option("online")
    page.locator("#id_identity_level").select_option("first_name")
    page.locator("#id_status").select_option("idea")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()

    pitch = Pitch.objects.get(title="A first winter in Hartlepool")
    assert page.url == f"{live_server.url}/media/pitches/{pitch.pk}/"
    assert "A first winter in Hartlepool" in page.content()
