"""The training days on a region's page: counts for everyone, names for those who may."""

from __future__ import annotations

import pytest

from chorus.accounts.roles import Role
from chorus.people.regions import sections_for
from chorus.privacy.models import AuditEntry
from chorus.training.models import HeadCount
from tests.factories import RegionFactory
from tests.training.conftest import make_registration, make_session

pytestmark = pytest.mark.django_db


def _section(region, user):
    return next(s for s in sections_for(region, user) if s.key == "training_days")


def test_the_lead_sees_names_a_volunteer_only_counts(users):
    north = RegionFactory(name="Invented Borough")
    town = RegionFactory(name="Invented Village", parent=north)
    day = make_session(kind="regional", lived=True, days=-5, region=town)
    make_registration(day, status="attended", name="Wren")
    make_registration(day, status="no_show", name="Absent")
    HeadCount.objects.create(session=day, attendee_kind="lived_experience", count=3)

    lead = _section(north, users[Role.SAFEGUARDING_LEAD])
    assert lead.count == 4 and lead.people_count is True
    assert lead.context["rows"][0]["names"] == ["Wren"]
    assert AuditEntry.objects.filter(actor_username="safeguarding", shown__isnull=False).exists()

    volunteer = _section(north, users[Role.VOLUNTEER])
    assert volunteer.count == 4
    assert volunteer.context["rows"][0]["names"] == []
