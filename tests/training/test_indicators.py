"""Figures: distinct people, head counts, cancelled sessions, and trainees who later spoke."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chorus.impact.indicators import Period, get_indicator
from chorus.training.models import HeadCount, Session
from chorus.voices.models import StoryUse
from tests.factories import ConsentFactory, RegionFactory
from tests.training.conftest import make_registration, make_session

pytestmark = pytest.mark.django_db


def _period_around(session: Session) -> Period:
    day = timezone.localtime(session.starts_at).date()
    return Period(day - datetime.timedelta(days=30), day + datetime.timedelta(days=30))


def test_masterclass_participants_count_each_person_once_plus_head_counts():
    first = make_session(days=-20)
    second = make_session(days=-10)
    cancelled = make_session(days=-15, status=Session.Status.CANCELLED)
    for session in (first, second):
        make_registration(session, status="attended", email="same@example.org")
    make_registration(first, status="attended", email="other@example.org")
    make_registration(second, status="no_show", email="absent@example.org")
    make_registration(cancelled, status="attended", email="ghost@example.org")
    HeadCount.objects.create(session=second, attendee_kind="sector", count=7)
    result = get_indicator("training.masterclass_participants").compute(_period_around(first))
    assert result.value == 2 + 7
    assert len(result.record_ids) == 3  # the attendances behind the named part


def test_participants_by_region_are_people_counts_per_region():
    north = RegionFactory(name="Invented Town")
    day = make_session(kind="regional", days=-5, region=north)
    make_registration(day, status="attended")
    HeadCount.objects.create(session=day, attendee_kind="lived_experience", count=3)
    result = get_indicator("training.participants_by_region").compute(_period_around(day))
    assert result.value == [{"region": "Invented Town", "value": 4}]
    assert result.counts_people is True


def test_trainees_who_spoke_to_the_media_within_12_months_are_counted():
    session = make_session(lived=True, days=-400)
    trained_on = timezone.localtime(session.starts_at).date()
    spoke, too_late, before = (ConsentFactory() for _ in range(3))
    for consent, days_after in ((spoke, 200), (too_late, 400), (before, -10)):
        registration = make_registration(session, status="attended")
        registration.storyteller = consent.storyteller
        registration.save()
        StoryUse.objects.create(
            storyteller=consent.storyteller,
            kind=StoryUse.Kind.PLACEMENT,
            object_id=1,
            used_on=trained_on + datetime.timedelta(days=days_after),
            media_type="online",
            identity_level="first_name",
            consent=consent,
        )
    result = get_indicator("training.trainees_in_media").compute(_period_around(session))
    assert result.value == 1
    assert result.counts_people is True


def test_a_period_without_regional_days_says_so_in_words():
    result = get_indicator("training.participants_by_region").compute(
        Period(datetime.date(2001, 1, 1), datetime.date(2001, 12, 31))
    )
    assert result.value == []
    assert result.display == "none"  # a link on the dashboard always has text
