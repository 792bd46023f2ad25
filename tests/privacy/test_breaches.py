"""The breach log: what is recorded, who was told, and the 72-hour ICO countdown."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.privacy import breaches
from chorus.privacy.models import AuditEntry, Breach, BreachNotice

pytestmark = pytest.mark.django_db


def _breach(actor, *, found_at=None, **fields):
    return breaches.breach_create(
        actor=actor,
        title=fields.pop("title", "Round-up sent to the wrong list"),
        what_happened="The round-up went out with addresses in the To line.",
        data_affected="Email addresses",
        people_affected=140,
        people_categories="subscribers",
        found_at=found_at or timezone.now(),
        **fields,
    )


def test_the_ico_deadline_is_72_hours_after_the_breach_was_found(users):
    found = timezone.now() - datetime.timedelta(hours=10, minutes=30)
    breach = _breach(users[Role.ADMIN], found_at=found)
    assert breach.ico_deadline == found + datetime.timedelta(hours=72)
    left = breaches.countdown(breach, now=found + datetime.timedelta(hours=10, minutes=30))
    assert (left.overdue, left.hours, left.minutes) == (False, 61, 30)
    assert left.text == "61 h 30 min left"
    late = breaches.countdown(breach, now=found + datetime.timedelta(hours=73))
    assert late.overdue and late.text == "overdue by 1 h 00 min"


def test_recording_a_breach_is_audited_with_who_recorded_it(users):
    admin = users[Role.ADMIN]
    breach = _breach(admin)
    assert breach.recorded_by == admin
    row = AuditEntry.objects.get(object_type="privacy.breach", object_id=str(breach.pk))
    assert row.action == "create" and row.actor_username == "admin"


def test_telling_the_ico_marks_the_breach_reported_and_stops_the_clock(users):
    admin = users[Role.ADMIN]
    breach = _breach(admin)
    assert list(breaches.breaches_awaiting_ico()) == [breach]
    told = timezone.now()
    breaches.breach_notice_add(
        actor=admin, breach=breach, told=BreachNotice.Told.TRUSTEES, told_at=told
    )
    assert list(breaches.breaches_awaiting_ico()) == [breach]
    breaches.breach_notice_add(actor=admin, breach=breach, told=BreachNotice.Told.ICO, told_at=told)
    breach.refresh_from_db()
    assert breach.ico_reported_at == told
    assert breach.ico_decision == Breach.IcoDecision.REPORT
    assert list(breaches.breaches_awaiting_ico()) == []
    assert AuditEntry.objects.filter(object_type="privacy.breachnotice").count() == 2


def test_a_breach_judged_not_reportable_or_closed_no_longer_waits_on_the_ico(users):
    admin = users[Role.ADMIN]
    judged = _breach(admin, title="Judged")
    closed = _breach(admin, title="Closed")
    breaches.breach_update(
        actor=admin, breach=judged, ico_decision=Breach.IcoDecision.NOT_REPORTABLE
    )
    breaches.breach_close(actor=admin, breach=closed)
    assert list(breaches.breaches_awaiting_ico()) == []


def test_admin_sees_the_countdown_on_the_home_page_only_while_a_breach_waits(client_for, users):
    admin = client_for(Role.ADMIN)
    assert "time left to tell the ICO" not in admin.get("/").content.decode()
    breach = _breach(users[Role.ADMIN], found_at=timezone.now() - datetime.timedelta(hours=2))
    page = admin.get("/").content.decode()
    assert "time left to tell the ICO" in page
    assert "69 h" in page and breach.title in page
    breaches.breach_close(actor=users[Role.ADMIN], breach=breach)
    assert "time left to tell the ICO" not in admin.get("/").content.decode()


def test_others_never_see_the_breach_countdown(client_for, users):
    _breach(users[Role.ADMIN])
    for role in (Role.SAFEGUARDING_LEAD, Role.COORDINATOR, Role.READ_ONLY):
        assert "time left to tell the ICO" not in client_for(role).get("/").content.decode()


def test_admin_records_a_breach_and_who_was_told_through_the_pages(client_for):
    admin = client_for(Role.ADMIN)
    response = admin.post(
        "/privacy/breaches/new/",
        {
            "title": "Laptop left on a train",
            "what_happened": "An unencrypted laptop was lost.",
            "found_at": "2026-03-02T09:15",
            "data_affected": "Contact details of journalists",
            "people_affected": "35",
            "people_categories": "journalists",
            "ico_decision": "undecided",
        },
    )
    breach = Breach.objects.get(title="Laptop left on a train")
    assert response.status_code == 302
    page = admin.get(f"/privacy/breaches/{breach.pk}/").content.decode()
    assert "overdue by" in page  # found in March, so the 72 hours are long gone
    admin.post(
        f"/privacy/breaches/{breach.pk}/notice/",
        {"told": "ico", "told_at": "2026-03-03T10:00", "how": "ICO online form"},
    )
    page = admin.get(f"/privacy/breaches/{breach.pk}/").content.decode()
    assert "overdue by" not in page
    assert "Reported" in page and "ICO online form" in page


def test_editing_a_breach_records_the_decision_in_the_audit_log(client_for, users):
    breach = _breach(users[Role.ADMIN])
    admin = client_for(Role.ADMIN)
    response = admin.post(
        f"/privacy/breaches/{breach.pk}/edit/",
        {
            "title": breach.title,
            "what_happened": breach.what_happened,
            "found_at": timezone.localtime(breach.found_at).strftime("%Y-%m-%dT%H:%M"),
            "data_affected": breach.data_affected,
            "people_affected": "140",
            "people_categories": "subscribers",
            "decisions": "Recall asked for; the list is now sent as Bcc only.",
            "ico_decision": "not_reportable",
        },
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.ico_decision == Breach.IcoDecision.NOT_REPORTABLE
    row = AuditEntry.objects.filter(object_type="privacy.breach", action="update").get()
    assert set(row.changes) >= {"decisions", "ico_decision"}
    assert "time left to tell the ICO" not in admin.get("/").content.decode()
