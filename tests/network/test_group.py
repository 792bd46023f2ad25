"""The Google group: counts entered by hand, counted from the export, the chart, the reminder."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chorus import cli
from chorus.accounts.roles import Role
from chorus.impact.indicators import Period, get_indicator
from chorus.lib.imports.models import ImportUpload
from chorus.network import reminders
from chorus.network.models import MemberSnapshot
from chorus.network.services import snapshot_record
from chorus.privacy.models import AuditEntry

pytestmark = pytest.mark.django_db

EXPORT = (
    "Email address,Nickname,Group status,Email status\r\n"
    "ana@example.org,Ana,member,subscribed\r\n"
    "ANA@example.org,Ana again,member,subscribed\r\n"
    "owner@example.org,,owner,subscribed\r\n"
    "mod@example.org,,manager,no email\r\n"
    "new@example.org,,invited,\r\n"
    "ben@example.org,Ben,member,bouncing\r\n"
)


def test_a_count_entered_by_hand_is_listed_and_charted(client_for):
    client = client_for(Role.COORDINATOR)
    response = client.post(
        reverse("network:snapshot_create"),
        {"taken_on": "2023-06-28", "members": "1100", "note": "From the members page"},
    )
    assert response.status_code == 302
    snapshot_record(actor=None, taken_on=datetime.date(2023, 5, 28), members=1081)
    page = client.get(reverse("network:group")).content.decode()
    assert "<strong>1,100</strong> members on 28 June 2023" in page
    assert 'role="img"' in page and "1,081" in page and "1,100" in page
    assert AuditEntry.objects.filter(object_type="network.membersnapshot").count() == 2


def test_a_second_count_on_the_same_day_replaces_the_first(client_for):
    client = client_for(Role.COORDINATOR)
    for members in ("900", "905"):
        client.post(
            reverse("network:snapshot_create"), {"taken_on": "2023-06-28", "members": members}
        )
    assert list(MemberSnapshot.objects.values_list("members", flat=True)) == [905]


def test_a_count_in_the_future_or_below_zero_is_refused(client_for):
    client = client_for(Role.COORDINATOR)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("network:snapshot_create"), {"taken_on": future, "members": "5"})
    assert "cannot be dated in the future" in response.content.decode()
    response = client.post(
        reverse("network:snapshot_create"), {"taken_on": "2023-01-01", "members": "-5"}
    )
    assert response.status_code == 200
    assert not MemberSnapshot.objects.exists()


def test_volunteers_see_the_counts_but_cannot_record_one(client_for):
    client = client_for(Role.VOLUNTEER)
    assert client.get(reverse("network:group")).status_code == 200
    response = client.post(
        reverse("network:snapshot_create"), {"taken_on": "2023-06-28", "members": "1"}
    )
    assert response.status_code == 403
    assert not MemberSnapshot.objects.exists()


def test_the_export_is_counted_and_neither_the_file_nor_an_address_is_kept(client_for):
    client = client_for(Role.COORDINATOR)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload_file = SimpleUploadedFile("members.csv", EXPORT.encode(), content_type="text/csv")
    response = client.post(reverse("network:group_import"), {"file": upload_file})
    upload = ImportUpload.objects.get(kind="group_members")
    assert response.status_code == 302
    preview = client.get(reverse("network:group_import_detail", args=[upload.pk])).content.decode()
    assert "example.org" not in preview  # no address on the page
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, tzinfo=datetime.UTC), tick=False):
        client.post(reverse("network:group_import_confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == ImportUpload.Status.IMPORTED
    assert not upload.file  # deleted on confirm
    snapshot = MemberSnapshot.objects.get()
    # ana (twice, any case, once), owner, manager, ben; not the invitation.
    assert (snapshot.taken_on, snapshot.members, snapshot.source) == (
        datetime.date(2024, 2, 1),
        4,
        "imported",
    )
    stored = json.dumps(
        [
            list(AuditEntry.objects.values_list("changes", "note", "object_repr")),
            upload.errors,
            upload.warnings,
            snapshot.note,
        ],
        default=str,
    )
    assert "example.org" not in stored


def test_an_export_with_a_broken_row_imports_nothing_and_says_which_row(capsys, tmp_path, users):
    path = tmp_path / "members.csv"
    path.write_text(EXPORT + "not-an-address,,member,\r\n", encoding="utf-8")
    code = cli.main(["import", "group_members", str(path), "--as", "coordinator"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["errors"] == [
        {
            "row": 8,
            "column": "Email address",
            "error": "this is not an email address (it has no @).",
        }
    ]
    assert not MemberSnapshot.objects.exists()


def test_the_command_line_counts_the_export(capsys, tmp_path, users):
    path = tmp_path / "members.csv"
    path.write_text(EXPORT, encoding="utf-8")
    code = cli.main(["import", "group_members", str(path), "--as", "coordinator"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["created"] == 4 and report["unchanged"] == 2
    assert MemberSnapshot.objects.get().members == 4
    assert not ImportUpload.objects.get().file


def test_the_figure_is_the_latest_count_on_or_before_the_end_of_the_period():
    for day, members in [("2023-05-28", 1081), ("2023-06-28", 1100), ("2023-07-28", 1114)]:
        snapshot_record(actor=None, taken_on=datetime.date.fromisoformat(day), members=members)
    members = get_indicator("network.members")
    assert members.compute(Period.financial_year(2022)).value == 1100
    early = Period(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert members.compute(early).value is None


def test_the_monthly_reminder_goes_to_co_ordinators_unless_a_count_is_recent(make_user):
    make_user(Role.COORDINATOR, email="keeper@example.org")
    make_user(Role.VOLUNTEER, email="helper@example.org")
    snapshot_record(actor=None, taken_on=datetime.date(2024, 1, 28), members=1200)
    assert reminders.send_snapshot_reminders(datetime.date(2024, 3, 1)) == 1
    message = mail.outbox[0]
    assert message.to == ["keeper@example.org"]
    assert "March 2024" in message.subject
    assert "1200 members, on 28 January 2024" in message.body
    assert reverse("network:snapshot_create") in message.body
    snapshot_record(actor=None, taken_on=datetime.date(2024, 2, 27), members=1210)
    assert reminders.send_snapshot_reminders(datetime.date(2024, 3, 1)) == 0
    assert len(mail.outbox) == 1
