"""Consent pages are part of voices' one URL namespace, at their old addresses."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from chorus.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_consent_pages_are_named_in_the_voices_namespace_at_the_same_addresses():
    assert reverse("voices:withdrawals") == "/voices/consent/withdrawals/"
    assert reverse("voices:storyteller_consents", args=[4]) == "/voices/consent/storytellers/4/"
    assert reverse("voices:story_use_remove", args=[9]) == "/voices/consent/uses/9/remove/"
    assert resolve("/voices/consent/withdrawals/").namespace == "voices"
    with pytest.raises(NoReverseMatch):
        reverse("consent:withdrawals")


def test_the_withdrawals_page_marks_storytellers_as_the_current_section(client_for):
    html = client_for(Role.SAFEGUARDING_LEAD).get("/voices/consent/withdrawals/").content.decode()
    assert 'href="/voices/" aria-current="page">Storytellers' in html
