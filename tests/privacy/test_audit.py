from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.people import services as people_services
from chorus.people.models import Person
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.privacy.services import REDACTED

pytestmark = pytest.mark.django_db


def test_it_records_who_created_what_and_which_fields(users):
    admin = users[Role.ADMIN]
    person = people_services.person_create(
        actor=admin, full_name="Test Person A", job_title="Reporter"
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="people.person")
    assert entry.actor == admin and entry.actor_username == "admin"
    assert entry.object_id == str(person.pk)
    assert entry.changes["job_title"] == {"from": None, "to": "Reporter"}


def test_it_never_writes_the_values_of_sensitive_fields(users):
    admin = users[Role.ADMIN]
    person = people_services.person_create(
        actor=admin,
        full_name="Test Person B",
        email="private.address@example.org",
        notes="lives near the hotel",
    )
    people_services.person_update(actor=admin, person=person, email="new.private@example.org")
    entries = AuditEntry.objects.filter(object_type="people.person")
    dumped = " ".join(str(e.changes) + e.object_repr + e.note for e in entries)
    assert "private.address" not in dumped and "new.private" not in dumped and "hotel" not in dumped
    # The person's name is not in the log's description of the record either.
    assert "Test Person B" not in dumped
    update = entries.get(action=AuditAction.UPDATE)
    assert update.changes == {"email": REDACTED}


def test_it_writes_nothing_when_nothing_changed(users):
    admin = users[Role.ADMIN]
    person = people_services.person_create(actor=admin, full_name="Test Person C")
    people_services.person_update(actor=admin, person=person, full_name="Test Person C")
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_it_rolls_back_the_audit_row_with_the_change(users):
    admin = users[Role.ADMIN]
    with pytest.raises(RuntimeError), transaction.atomic():
        people_services.person_create(actor=admin, full_name="Test Person D")
        raise RuntimeError("the surrounding work failed")
    assert not Person.objects.filter(full_name="Test Person D").exists()
    assert not AuditEntry.objects.filter(object_type="people.person").exists()


def test_it_refuses_an_invalid_change_and_logs_nothing(users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        people_services.person_create(actor=users[Role.ADMIN], full_name="", email="not-an-email")
    assert not AuditEntry.objects.filter(object_type="people.person").exists()


def test_it_shows_the_audit_log_with_filters(client_for, users):
    admin = users[Role.ADMIN]
    people_services.person_create(actor=admin, full_name="Test Person E")
    people_services.person_create(actor=users[Role.COORDINATOR], full_name="Test Person F")
    client = client_for(Role.ADMIN)
    page = client.get(
        reverse("privacy:audit_log"), {"actor": "coordinator", "object_type": "people.person"}
    )
    rows = page.context["page_obj"].object_list
    assert [e.actor_username for e in rows] == ["coordinator"]
    assert "Created" in page.content.decode()


def test_it_hides_the_audit_log_from_roles_outside_the_matrix(client_for):
    for role in (Role.MEDIA_OFFICER, Role.VOLUNTEER, Role.READ_ONLY, Role.COORDINATOR):
        assert client_for(role).get(reverse("privacy:audit_log")).status_code == 403
    assert client_for(Role.SAFEGUARDING_LEAD).get(reverse("privacy:audit_log")).status_code == 200
