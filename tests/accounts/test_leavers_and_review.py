"""Leavers' checklist and the quarterly access review."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from chorus.accounts import selectors
from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry
from chorus.voices.models import SafeguardingAction, SafeguardingConcern
from tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


def _disable(client, member):
    return client.post(
        f"/staff/{member.pk}/",
        {"first_name": "", "last_name": "", "email": "", "role": member.role, "is_active": ""},
    )


def test_disabling_an_account_leads_to_the_leaver_checklist(client_for, users):
    lead = users[Role.SAFEGUARDING_LEAD]
    response = _disable(client_for(Role.ADMIN), lead)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/{lead.pk}/leaver/"


def test_the_checklist_lists_role_second_factor_and_open_work(client_for, users):
    lead = users[Role.SAFEGUARDING_LEAD]
    storyteller = ConsentFactory().storyteller
    concern = SafeguardingConcern.objects.create(
        storyteller=storyteller, raised_on=datetime.date(2026, 1, 5), level="low", summary="x"
    )
    open_action = SafeguardingAction.objects.create(concern=concern, description="y", owner=lead)
    SafeguardingAction.objects.create(
        concern=concern, description="z", owner=lead, done_on=datetime.date(2026, 1, 6)
    )
    admin = client_for(Role.ADMIN)
    _disable(admin, lead)
    page = admin.get(f"/staff/{lead.pk}/leaver/").content.decode()
    assert "The account is disabled" in page
    assert "Safeguarding lead" in page and "Remove the role" in page
    assert "TOTP Authenticator" in page
    assert "Open safeguarding actions they own: 1 to hand over" in page
    assert str(open_action) in page


def test_removing_a_leavers_role_leaves_read_only_and_is_audited(client_for, users):
    lead = users[Role.SAFEGUARDING_LEAD]
    client_for(Role.ADMIN).post(f"/staff/{lead.pk}/remove-role/")
    lead.refresh_from_db()
    assert lead.role == Role.READ_ONLY
    row = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(lead.pk)).first()
    assert row.changes["role"] == {"from": "safeguarding_lead", "to": "read_only"}


def test_the_access_review_flags_accounts_unused_for_90_days(users):
    now = timezone.now()
    users[Role.COORDINATOR].last_login = now - datetime.timedelta(days=91)
    users[Role.COORDINATOR].save()
    users[Role.MEDIA_OFFICER].last_login = now - datetime.timedelta(days=89)
    users[Role.MEDIA_OFFICER].save()
    users[Role.VOLUNTEER].date_joined = now - datetime.timedelta(days=200)
    users[Role.VOLUNTEER].save()  # never signed in, for 200 days
    users[Role.READ_ONLY].is_active = False
    users[Role.READ_ONLY].last_login = now - datetime.timedelta(days=400)
    users[Role.READ_ONLY].save()  # disabled: nothing to ask about
    unused = {r.user.username for r in selectors.access_review(now=now) if r.unused}
    assert unused == {"coordinator", "volunteer"}


def test_the_review_page_and_csv_show_each_role_and_last_sign_in(client_for, users):
    admin = client_for(Role.ADMIN)
    page = admin.get("/staff/access-review/").content.decode()
    assert "Who holds which role" in page and "Read-only (board / funder)" in page
    response = admin.get("/staff/access-review.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == selectors.REVIEW_HEADER
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["safeguarding"][2] == "Safeguarding lead"
    assert by_name["safeguarding"][4] == "yes"  # two-factor
    assert by_name["readonly"][4] == "no"
    assert AuditEntry.objects.filter(action="export", object_type="accounts.user").count() == 1


def test_only_admins_see_the_access_review(client_for):
    assert client_for(Role.SAFEGUARDING_LEAD).get("/staff/access-review/").status_code == 403
