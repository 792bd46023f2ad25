"""Every consent URL with every role: what the access matrix says, and nothing to outsiders."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from chorus.accounts.access import can
from chorus.accounts.roles import Role
from chorus.voices.consent import urls as consent_urls
from tests.factories import ConsentFactory, PlacementFactory, StorytellerFactory, record_use

pytestmark = pytest.mark.django_db

# What the pk of each consent URL names.
PK_OF = {
    "storyteller_consents": "storyteller",
    "consent_create": "storyteller",
    "consent_withdraw": "storyteller",
    "withdrawal_uses": "storyteller",
    "story_use_follow_up": "use",
    "story_use_remove": "use",
}


def consent_url_names() -> list[str]:
    return sorted(p.name for p in consent_urls.urlpatterns)


@pytest.fixture
def records(users):
    consent = ConsentFactory(storyteller=StorytellerFactory(reference="S-0042"))
    placement = PlacementFactory()
    use = record_use(
        actor=users[Role.ADMIN],
        storyteller=consent.storyteller,
        kind="placement",
        placement=placement,
        media_type="online",
        identity_level="anonymous",
    )
    return {"storyteller": consent.storyteller.pk, "use": use.pk, "placement": placement.pk}


def _url(name: str, records: dict[str, int]) -> str:
    if name in PK_OF:
        return reverse(f"voices:{name}", args=[records[PK_OF[name]]])
    return reverse(f"voices:{name}")


def test_every_consent_url_is_walked():
    unknown = [name for name in consent_url_names() if name not in PK_OF and name != "withdrawals"]
    assert unknown == []


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_what_the_matrix_says(role, users, records):
    client = Client()
    client.force_login(users[role])
    for name in consent_url_names():
        url = _url(name, records)
        view = get_resolver().resolve(url).func
        area, action = view.chorus_access
        response = client.get(url)
        if can(users[role], area, action):
            assert response.status_code in (200, 405), f"{role} {url}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{role} {url}: {response.status_code}"
            assert "S-0042" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, records):
    for name in consent_url_names():
        response = client.get(_url(name, records))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), name
