"""Requests and pitches live under /media/; the old /desk/ addresses redirect there."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from chorus.accounts.roles import Role
from chorus.media.models import Pitch

pytestmark = pytest.mark.django_db


def test_requests_and_pitches_have_media_addresses():
    assert reverse("media:request_list") == "/media/requests/"
    assert reverse("media:request_match", args=[7]) == "/media/requests/7/match/"
    assert reverse("media:pitch_detail", args=[3]) == "/media/pitches/3/"
    with pytest.raises(NoReverseMatch):
        reverse("desk:request_list")


def test_an_old_address_redirects_for_good_keeping_the_path_and_the_query(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    response = client.get("/desk/requests/?status=open&q=small+boat")
    assert response.status_code == 301
    assert response["Location"] == "/media/requests/?status=open&q=small+boat"
    response = client.get("/desk/requests/12/match/?shown=1")
    assert response.status_code == 301
    assert response["Location"] == "/media/requests/12/match/?shown=1"
    response = client.head("/desk/pitches/")
    assert response.status_code == 301
    assert response["Location"] == "/media/pitches/"


def test_a_bookmark_of_the_old_list_still_opens_the_list(client_for):
    response = client_for(Role.MEDIA_OFFICER).get("/desk/pitches/", follow=True)
    assert response.redirect_chain == [("/media/pitches/", 301)]
    assert response.status_code == 200
    assert "Pitches" in response.content.decode()


def test_a_form_posted_to_an_old_address_is_posted_again_to_the_new_one(client_for):
    client = client_for(Role.MEDIA_OFFICER)
    data = {
        "title": "A first winter in Middlesbrough",
        "idea": "How a family found a community garden.",
        "media_type": "online",
        "identity_level": "first_name",
        "status": "idea",
        "follow_up_on": "",
        "notes": "",
    }
    response = client.post("/desk/pitches/new/", data)
    assert response.status_code == 308
    assert response["Location"] == "/media/pitches/new/"

    response = client.post("/desk/pitches/new/", data, follow=True)
    assert response.status_code == 200
    pitch = Pitch.objects.get(title="A first winter in Middlesbrough")
    assert response.redirect_chain[-1][0] == reverse("media:pitch_detail", args=[pitch.pk])


def test_an_old_address_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/desk/requests/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_old_address_gives_no_more_than_the_new_one(client_for):
    # A volunteer may not see requests: the redirect leads to the same refusal.
    response = client_for(Role.VOLUNTEER).get("/desk/requests/", follow=True)
    assert response.redirect_chain == [("/media/requests/", 301)]
    assert response.status_code == 403
