"""DBS checks and safeguarding training: kept by the lead, who is reminded before expiry."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from chorus.accounts import staff_checks
from chorus.accounts.roles import Role
from chorus.accounts.tasks import remind_staff_checks_due
from chorus.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def lead_with_address(users):
    lead = users[Role.SAFEGUARDING_LEAD]
    lead.email = "lead@example.org"
    lead.save()
    return lead


def _dates(user, **fields):
    for name, value in fields.items():
        setattr(user, name, value)
    user.works_with_storytellers = True
    user.save()


def test_the_lead_is_reminded_once_30_days_before_a_check_runs_out(users, lead_with_address):
    volunteer = users[Role.VOLUNTEER]
    _dates(volunteer, dbs_renew_by=TODAY + datetime.timedelta(days=30))
    _dates(users[Role.COORDINATOR], safeguarding_renew_by=TODAY + datetime.timedelta(days=31))

    assert staff_checks.staff_checks_remind(today=TODAY) == 1
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    body = mail.outbox[0].body
    assert str(volunteer) in body and "DBS check" in body and "1 July 2026" in body
    assert str(users[Role.COORDINATOR]) not in body  # 31 days away: not yet

    assert staff_checks.staff_checks_remind(today=TODAY) == 0  # once only
    assert len(mail.outbox) == 1


def test_a_renewed_check_is_announced_again_when_its_new_date_nears(users, lead_with_address):
    volunteer = users[Role.VOLUNTEER]
    _dates(volunteer, dbs_renew_by=TODAY + datetime.timedelta(days=10))
    staff_checks.staff_checks_remind(today=TODAY)
    volunteer.refresh_from_db()
    volunteer.dbs_renew_by = datetime.date(2029, 6, 1)
    volunteer.save()
    assert staff_checks.staff_checks_remind(today=datetime.date(2029, 5, 10)) == 1
    assert len(mail.outbox) == 2


def test_with_no_lead_to_tell_the_reminder_waits_for_the_next_night(users):
    _dates(users[Role.VOLUNTEER], dbs_renew_by=TODAY)
    assert staff_checks.staff_checks_remind(today=TODAY) == 0  # the lead has no address
    users[Role.VOLUNTEER].refresh_from_db()
    assert users[Role.VOLUNTEER].dbs_reminded_for is None


def test_the_reminder_is_a_scheduled_task(users, lead_with_address):
    from crontask import scheduler

    assert any("remind_staff_checks_due" in job.name for job in scheduler.get_jobs())
    _dates(users[Role.VOLUNTEER], dbs_renew_by=timezone.localdate())
    assert remind_staff_checks_due.call() == 1


def test_the_lead_records_dates_and_sees_what_runs_out(client_for, users):
    volunteer = users[Role.VOLUNTEER]
    lead = client_for(Role.SAFEGUARDING_LEAD)
    soon = timezone.localdate() + datetime.timedelta(days=12)
    response = lead.post(
        f"/staff/checks/{volunteer.pk}/",
        {
            "works_with_storytellers": "on",
            "dbs_checked_on": "2023-05-01",
            "dbs_renew_by": soon.isoformat(),
            "safeguarding_trained_on": "2025-02-01",
            "safeguarding_renew_by": "2028-02-01",
        },
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.dbs_renew_by == soon and volunteer.works_with_storytellers
    row = AuditEntry.objects.get(object_type="accounts.user", object_id=str(volunteer.pk))
    assert row.actor_username == "safeguarding" and "dbs_renew_by" in row.changes
    page = lead.get("/staff/checks/").content.decode()
    assert "To renew within 30 days" in page
    assert f"DBS check by {soon:%-d %b %Y}" in page


def test_the_checks_are_not_for_other_roles(client_for, users):
    assert client_for(Role.COORDINATOR).get("/staff/checks/").status_code == 403
    page = client_for(Role.SAFEGUARDING_LEAD).get(f"/staff/{users[Role.VOLUNTEER].pk}/")
    assert page.status_code == 403  # the lead keeps checks, not accounts
