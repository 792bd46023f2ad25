"""Check-in, names only for those who may see them, exports only for those who answer for them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from chorus.accounts.access import MATRIX
from chorus.accounts.roles import MFA_REQUIRED_ROLES, Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.training.models import Registration
from chorus.training.selectors import attendance_rate
from tests.training.conftest import make_registration, make_session

pytestmark = pytest.mark.django_db


def test_a_volunteer_checks_people_in_on_the_check_in_list(client_for):
    session = make_session(days=0.01)
    arriving = make_registration(session, name="Tamsin Okonkwo-Reid")
    volunteer = client_for(Role.VOLUNTEER)
    page = volunteer.get(reverse("training:session_checkin", args=[session.pk]))
    assert "Tamsin Okonkwo-Reid" in page.content.decode()
    assert "0 of 1 arrived" in page.content.decode()
    volunteer.post(
        reverse("training:registration_attendance", args=[arriving.pk]), {"attended": "yes"}
    )
    arriving.refresh_from_db()
    assert arriving.status == "attended" and arriving.checked_in_by.username == "volunteer"
    assert (
        "1 of 1 arrived"
        in volunteer.get(reverse("training:session_checkin", args=[session.pk])).content.decode()
    )


def test_volunteers_cannot_take_the_attendee_list_away(client_for):
    session = make_session()
    make_registration(session, status="attended")
    volunteer = client_for(Role.VOLUNTEER)
    assert volunteer.get(reverse("training:session_export", args=[session.pk])).status_code == 403
    assert (
        volunteer.get(reverse("training:session_certificates", args=[session.pk])).status_code
        == 403
    )
    detail = volunteer.get(reverse("training:session_detail", args=[session.pk])).content.decode()
    assert "Download the attendee list" not in detail


def test_the_coordinator_downloads_the_list_safely_and_it_is_audited(client_for):
    session = make_session()
    make_registration(session, status="attended", name='=HYPERLINK("http://x")')
    response = client_for(Role.COORDINATOR).get(
        reverse("training:session_export", args=[session.pk])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Name", "Email"]
    assert rows[1][1].startswith("'=")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(session.pk)).exists()


def test_lived_experience_names_only_for_roles_that_must_use_two_factors(client_for):
    assert MATRIX["training_lived_experience"]["view"] <= MFA_REQUIRED_ROLES
    session = make_session(lived=True)
    registration = make_registration(session, name="Nightingale", status="attended")
    url = reverse("training:session_detail", args=[session.pk])
    for role in (Role.COORDINATOR, Role.VOLUNTEER):
        page = client_for(role).get(url).content.decode()
        assert "Nightingale" not in page
        assert f"Participant {registration.reference}" in page
    lead_page = client_for(Role.SAFEGUARDING_LEAD).get(url).content.decode()
    assert "Nightingale" in lead_page
    # The lead's read is audited, naming the registration shown; the others' are not reads.
    seen = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="training.registration")
    assert [entry.actor_username for entry in seen] == ["safeguarding"]
    assert seen.get().shown == [str(registration.pk)]
    assert (
        client_for(Role.COORDINATOR)
        .get(reverse("training:registration_certificate", args=[registration.pk]))
        .status_code
        == 404
    )


def test_names_are_encrypted_in_the_database():
    from django.db import connection

    session = make_session(lived=True)
    make_registration(session, name="Kestrel", email="kestrel@example.org")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, email_hash FROM training_registration")
        name, email, digest = cursor.fetchone()
    assert "Kestrel" not in name and name.startswith("enc1:")
    assert "kestrel" not in email and "kestrel" not in digest


def test_the_read_only_board_sees_counts_not_names(client_for):
    session = make_session()
    make_registration(session, name="Philippa Ansah", status="attended")
    page = client_for(Role.READ_ONLY).get(reverse("training:session_detail", args=[session.pk]))
    assert page.status_code == 200
    assert "Philippa Ansah" not in page.content.decode()
    assert "Names are shown to those who take attendance" in page.content.decode()


def test_staff_register_someone_by_pseudonym_and_the_full_session_refuses_a_place(client_for):
    session = make_session(lived=True, capacity=1)
    coordinator = client_for(Role.COORDINATOR)
    url = reverse("training:session_register", args=[session.pk])
    coordinator.post(
        url,
        {
            "name": "Heron",
            "by_pseudonym": "on",
            "attendee_kind": "lived_experience",
            "status": "registered",
        },
    )
    registration = Registration.objects.get()
    assert (registration.name, registration.by_pseudonym, registration.lived_experience) == (
        "Heron",
        True,
        True,
    )
    full = coordinator.post(
        url, {"name": "Egret", "attendee_kind": "lived_experience", "status": "registered"}
    )
    assert "The session is full" in full.content.decode()
    assert Registration.objects.count() == 1


def test_attendance_rate_is_attended_over_attended_and_no_shows(client_for):
    session = make_session(days=-1)
    for status in ("attended", "attended", "attended", "no_show", "cancelled"):
        make_registration(session, status=status)
    assert attendance_rate(3, 1) == 0.75
    page = client_for(Role.COORDINATOR).get(reverse("training:session_detail", args=[session.pk]))
    assert "0.75 (3 attended, 1 no-show)" in page.content.decode()
