"""An expired consent is never shown as "Active", and the list filters by consent running out."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from chorus.accounts.roles import Role
from tests.factories import ConsentFactory, StorytellerFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2023, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def network():
    expired = ConsentFactory(
        storyteller=StorytellerFactory(reference="S-0201"), expires_on=D(2023, 5, 31)
    ).storyteller
    expiring = ConsentFactory(
        storyteller=StorytellerFactory(reference="S-0202"), expires_on=D(2023, 7, 1)
    ).storyteller
    fine = ConsentFactory(
        storyteller=StorytellerFactory(reference="S-0203"), expires_on=D(2024, 1, 1)
    ).storyteller
    # Expired, then renewed: the newer consent stands.
    renewed = StorytellerFactory(reference="S-0204")
    ConsentFactory(storyteller=renewed, given_on=D(2021, 1, 1), expires_on=D(2022, 1, 1))
    ConsentFactory(storyteller=renewed, given_on=D(2022, 3, 1))
    # Withdrawn before its end: withdrawn, not "expiring".
    withdrawn = ConsentFactory(
        storyteller=StorytellerFactory(reference="S-0205"),
        expires_on=D(2023, 6, 20),
        withdrawn_on=D(2023, 6, 1),
    ).storyteller
    return {
        "expired": expired,
        "expiring": expiring,
        "fine": fine,
        "renewed": renewed,
        "withdrawn": withdrawn,
    }


def _row(html: str, reference: str) -> str:
    match = re.search(rf"<tr>\s*<td><a [^>]*>{reference}</a>.*?</tr>", html, re.S)
    assert match, reference
    return match.group(0)


@pytest.mark.parametrize("role", [Role.MEDIA_OFFICER, Role.SAFEGUARDING_LEAD])
def test_the_list_never_calls_someone_with_an_expired_consent_active_or_available(
    client_for, network, role
):
    html = client_for(role).get(reverse("voices:storyteller_list")).content.decode()
    expired = _row(html, "S-0201")
    assert "Active" not in expired and ">Available<" not in expired
    assert "Consent expired 31 May 2023" in expired
    assert "Not available" in expired
    withdrawn = _row(html, "S-0205")
    assert "Active" not in withdrawn and "Consent withdrawn" in withdrawn
    expiring = _row(html, "S-0202")
    assert "Active" in expiring and "Consent expires 1 July 2023" in expiring
    for reference in ("S-0203", "S-0204"):
        row = _row(html, reference)
        assert "Active" in row and "Available" in row and "Consent" not in row


def test_the_profile_and_consent_pages_do_not_say_active(client_for, network):
    client = client_for(Role.MEDIA_OFFICER)
    pk = network["expired"].pk
    for url in (
        reverse("voices:storyteller_detail", args=[pk]),
        reverse("voices:storyteller_consents", args=[pk]),
    ):
        html = client.get(url).content.decode()
        status = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", html, re.S)
        assert status, url
        assert "Active" not in status.group(1), url
        assert "Consent expired 31 May 2023" in status.group(1), url
    html = client.get(reverse("voices:storyteller_detail", args=[pk])).content.decode()
    availability = re.search(r"<dt>Availability</dt><dd>(.*?)</dd>", html, re.S)
    assert availability and "Not available" in availability.group(1)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("expired", {"S-0201"}),
        ("expiring", {"S-0202"}),
        ("expiring_or_expired", {"S-0201", "S-0202"}),
        ("", {"S-0201", "S-0202", "S-0203", "S-0204", "S-0205"}),
    ],
)
def test_the_list_filters_by_consent_expiring_or_expired(client_for, network, choice, expected):
    html = (
        client_for(Role.MEDIA_OFFICER)
        .get(reverse("voices:storyteller_list"), {"consent": choice})
        .content.decode()
    )
    shown = set(re.findall(r">(S-02\d\d)</a>", html))
    assert shown == expected
