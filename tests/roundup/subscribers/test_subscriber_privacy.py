"""A subscriber who is also a person in Chorus: their subject access export and erasure."""

from __future__ import annotations

import pytest

from chorus.accounts.roles import Role
from chorus.privacy.erasure import person_erase
from chorus.privacy.models import ErasureReason
from chorus.privacy.subject_access import records_summary
from chorus.roundup.models import Subscriber
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber():
    person = PersonFactory(full_name="Invented Reader")
    return Subscriber.objects.create(
        email="reader@example.org",
        name="Invented Reader",
        organisation="Example Refugee Forum",
        person=person,
        status=Subscriber.Status.CONFIRMED,
    )


def test_the_subscription_is_in_the_subject_access_export(subscriber):
    summary = {kind.label: count for kind, count in records_summary(subscriber.person)}
    assert any("subscriber" in label.lower() and count == 1 for label, count in summary.items())


def test_erasure_removes_the_address_and_stops_the_round_up(subscriber, users):
    person_erase(
        actor=users[Role.ADMIN], person=subscriber.person, reason=list(ErasureReason)[0].value
    )
    subscriber.refresh_from_db()
    assert "reader@example.org" not in subscriber.email
    assert subscriber.name == "" and subscriber.organisation == ""
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert not Subscriber.objects.filter(email__iexact="reader@example.org").exists()
