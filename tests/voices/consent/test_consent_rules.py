"""Every rule of the consent judge, `consent_covers`, and the words it gives staff."""

from __future__ import annotations

import datetime

import pytest

from chorus.media.models import OutletKind
from chorus.media.story_uses import outlet_facts
from chorus.voices.consent import ConsentStatus, consent_covers, consent_status
from chorus.voices.models import StorytellerProfile
from tests.factories import ConsentFactory, OutletFactory, StorytellerFactory, segment

pytestmark = pytest.mark.django_db

D = datetime.date
# The default consent: given 10 Jan 2022, print and online, first name at most, no face.
ON = D(2023, 6, 1)


def covers(storyteller, **use):
    use.setdefault("media_type", "online")
    use.setdefault("identity_level", "first_name")
    use.setdefault("on", ON)
    if use.get("outlet") is not None:
        use["outlet"] = outlet_facts(use["outlet"])  # the judge reads plain data
    return consent_covers(storyteller=storyteller, **use)


@pytest.fixture
def consent():
    return ConsentFactory()


@pytest.fixture
def storyteller(consent):
    return consent.storyteller


def test_it_covers_a_use_within_the_consent_and_names_the_consent(storyteller, consent):
    coverage = covers(storyteller, outlet=OutletFactory())
    assert coverage.covered and coverage
    assert coverage.consent == consent
    assert coverage.reason == "Covered by the consent given on 10 January 2022."


def test_it_refuses_without_any_consent():
    coverage = covers(StorytellerFactory())
    assert not coverage
    assert coverage.consent is None
    assert coverage.reason == "No consent has been recorded for this storyteller."


@pytest.mark.parametrize(
    "status", [StorytellerProfile.Status.LEFT, StorytellerProfile.Status.ERASED]
)
def test_it_refuses_when_the_storyteller_left_even_with_consent(storyteller, status):
    storyteller.status = status
    storyteller.save()
    coverage = covers(storyteller)
    assert not coverage
    assert "left the network" in coverage.reason


def test_it_refuses_after_expiry_and_covers_up_to_the_last_day(storyteller, consent):
    consent.expires_on = D(2022, 12, 31)
    consent.save()
    assert covers(storyteller, on=D(2022, 12, 31))
    coverage = covers(storyteller, on=D(2023, 1, 1))
    assert not coverage
    assert coverage.reason == "The consent given on 10 January 2022 expired on 31 December 2022."


def test_it_refuses_from_the_day_of_withdrawal(storyteller, consent):
    consent.withdrawn_on = D(2023, 3, 1)
    consent.save()
    coverage = covers(storyteller, on=D(2023, 3, 1))
    assert not coverage
    assert coverage.reason == "The consent given on 10 January 2022 was withdrawn on 1 March 2023."


def test_it_still_covers_a_use_made_before_a_later_withdrawal(storyteller, consent):
    consent.withdrawn_on = D(2023, 3, 1)
    consent.save()
    assert covers(storyteller, on=D(2023, 2, 28)).consent == consent


def test_it_refuses_a_use_before_consent_was_given(storyteller):
    coverage = covers(storyteller, on=D(2022, 1, 9))
    assert not coverage
    assert coverage.reason == (
        "No consent had been given by 9 January 2022: the first was given on 10 January 2022."
    )


def test_it_refuses_a_media_type_not_agreed(storyteller):
    coverage = covers(storyteller, media_type="broadcast")
    assert not coverage
    assert coverage.reason == (
        "The consent given on 10 January 2022 does not cover broadcast (TV / radio)."
    )
    assert covers(storyteller, media_type="print")


def test_it_refuses_a_more_identifying_level_and_allows_less_identifying_ones(storyteller):
    coverage = covers(storyteller, identity_level="named")
    assert not coverage
    assert coverage.reason == (
        "The consent given on 10 January 2022 allows at most: first name only; "
        "this use would be: full name."
    )
    for level in ("first_name", "pseudonym", "anonymous"):
        assert covers(storyteller, identity_level=level), level


def test_it_refuses_showing_a_face_unless_agreed(storyteller, consent):
    coverage = covers(storyteller, face_shown=True)
    assert not coverage
    assert coverage.reason == (
        "The consent given on 10 January 2022 does not allow their face to be shown."
    )
    consent.face_shown = True
    consent.save()
    assert covers(storyteller, face_shown=True)


def test_it_refuses_an_excluded_outlet_only(storyteller, consent):
    excluded = OutletFactory(name="The Daily Example")
    consent.excluded_organisations.add(excluded.organisation)
    coverage = covers(storyteller, outlet=excluded)
    assert not coverage
    assert coverage.reason == "The consent given on 10 January 2022 excludes The Daily Example."
    assert covers(storyteller, outlet=OutletFactory())
    assert covers(storyteller, outlet=None)


def test_it_refuses_an_excluded_kind_of_outlet(storyteller, consent):
    consent.excluded_outlet_kinds = [OutletKind.TV]
    consent.save()
    tv = OutletFactory(name="Example TV", kind=OutletKind.TV)
    coverage = covers(storyteller, outlet=tv)
    assert not coverage
    assert coverage.reason == (
        "The consent given on 10 January 2022 excludes TV outlets such as Example TV."
    )
    assert covers(storyteller, outlet=OutletFactory(kind=OutletKind.NATIONAL_PRESS))


def test_it_refuses_an_outlet_whose_audience_is_excluded(storyteller, consent):
    consent.excluded_audiences = ["hostile-leaning"]
    consent.save()
    hostile = OutletFactory(segment=segment("hostile-leaning"))
    coverage = covers(storyteller, outlet=hostile)
    assert not coverage
    assert coverage.reason == (
        "The consent given on 10 January 2022 excludes outlets whose audience is hostile-leaning."
    )
    assert covers(storyteller, outlet=OutletFactory(segment=segment("mixed-middle")))


def test_the_newest_consent_stands_and_its_reason_is_given(storyteller, consent):
    # The first consent allowed broadcast; the newer one narrows it to online only.
    consent.media_types = ["print", "online", "broadcast"]
    consent.save()
    newer = ConsentFactory(storyteller=storyteller, given_on=D(2023, 1, 5), media_types=["online"])
    coverage = covers(storyteller, media_type="broadcast")
    assert not coverage
    assert (
        coverage.reason
        == "The consent given on 5 January 2023 does not cover broadcast (TV / radio)."
    )
    assert covers(storyteller, media_type="online").consent == newer
    # Before the newer consent was given, the first one stood.
    assert covers(storyteller, media_type="broadcast", on=D(2022, 12, 1)).consent == consent


def test_an_expired_newer_consent_does_not_revive_an_older_one(storyteller):
    ConsentFactory(storyteller=storyteller, given_on=D(2023, 1, 5), expires_on=D(2023, 5, 1))
    coverage = covers(storyteller)
    assert not coverage
    assert coverage.reason == "The consent given on 5 January 2023 expired on 1 May 2023."


def test_a_new_consent_after_a_withdrawal_covers_new_uses(storyteller, consent):
    consent.withdrawn_on = D(2023, 2, 1)
    consent.save()
    renewed = ConsentFactory(storyteller=storyteller, given_on=D(2023, 4, 1))
    assert not covers(storyteller, on=D(2023, 3, 1))
    assert covers(storyteller, on=D(2023, 4, 1)).consent == renewed


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({}, ConsentStatus.IN_FORCE),
        ({"expires_on": D(2023, 5, 31)}, ConsentStatus.EXPIRED),
        ({"expires_on": D(2023, 6, 1)}, ConsentStatus.IN_FORCE),
        ({"withdrawn_on": D(2023, 6, 1)}, ConsentStatus.WITHDRAWN),
        ({"withdrawn_on": D(2023, 6, 2)}, ConsentStatus.IN_FORCE),
        ({"given_on": D(2023, 6, 2)}, ConsentStatus.NOT_YET_VALID),
    ],
)
def test_it_gives_the_status_of_a_consent_on_a_day(consent, changes, status):
    for name, value in changes.items():
        setattr(consent, name, value)
    assert consent_status(consent, ON) == status


def test_it_judges_in_three_queries_whatever_the_exclusions(
    storyteller, consent, django_assert_num_queries
):
    consent.excluded_organisations.add(OutletFactory().organisation, OutletFactory().organisation)
    consent.excluded_audiences = ["hostile-leaning"]
    consent.save()
    facts = outlet_facts(OutletFactory())
    with django_assert_num_queries(2):  # consents, the excluded outlets' organisations
        assert consent_covers(
            storyteller=storyteller,
            outlet=facts,
            media_type="online",
            identity_level="first_name",
            on=ON,
        )
