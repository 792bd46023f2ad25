"""`lib.bulk.insert_rows`: many rows in one statement, through the model's own fields."""

from __future__ import annotations

import pytest
from django.utils import timezone

from chorus.lib.bulk import insert_rows
from chorus.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_rows_are_stored_with_the_fields_defaults_and_conversions(users):
    actor = next(iter(users.values()))
    before = timezone.now()
    count = insert_rows(
        AuditEntry,
        (
            {
                "actor": actor,
                "action": "create",
                "object_type": "people.person",
                "object_id": str(n),
                "changes": {"name": {"from": None, "to": f"Invented {n}"}},
            }
            for n in range(12)
        ),
        batch=5,
    )
    assert count == 12
    rows = list(AuditEntry.objects.filter(object_type="people.person").order_by("id"))
    assert [row.object_id for row in rows] == [str(n) for n in range(12)]
    first = rows[0]
    assert first.actor_id == actor.pk  # a related record stands for its key
    assert first.changes == {"name": {"from": None, "to": "Invented 0"}}  # JSON round trip
    assert first.at >= before  # auto_now_add is filled in
    assert first.shown == [] and first.note == ""  # the fields' defaults


def test_nothing_given_inserts_nothing():
    assert insert_rows(AuditEntry, []) == 0
    assert not AuditEntry.objects.exists()
