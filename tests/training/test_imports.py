"""Zoom and Eventbrite attendance through `chorus import`, with their own column names."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from chorus import cli
from chorus.accounts.roles import Role
from chorus.lib.imports.services import import_upload_create, import_upload_remap
from chorus.training.models import Registration
from tests.training.conftest import make_registration, make_session

pytestmark = pytest.mark.django_db

EVENTBRITE_HEADER = (
    "Order #,Order Date,First Name,Last Name,Email,Ticket Type,Attendee Status,Checked In"
)
ZOOM_HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"


def _run(capsys, tmp_path, kind: str, text: str) -> tuple[int, dict]:
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8")
    code = cli.main(["import", kind, str(path), "--as", "coordinator"])
    return code, json.loads(capsys.readouterr().out)


def _zoom_time(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%m/%d/%Y %I:%M:%S %p")


def test_a_zoom_report_marks_people_attended_once_each(capsys, tmp_path, users):
    session = make_session(days=-1, hours=2)
    known = make_registration(session, email="kit@example.org")
    joined = _zoom_time(session.starts_at)
    lines = [
        ZOOM_HEADER,
        f"Kit Marlowe (Kit M),kit@example.org,{joined},{joined},55,Yes",
        f"Kit Marlowe (Kit M),kit@example.org,{joined},{joined},40,Yes",  # rejoined
        f"Sol Adeyemi,sol@example.org,{joined},{joined},95,Yes",
        f"Host Staff,host@charity.example,{joined},{joined},120,No",
    ]
    code, report = _run(capsys, tmp_path, "zoom-attendance", "\n".join(lines) + "\n")
    assert code == 0, report
    assert (report["created"], report["updated"], report["unchanged"]) == (1, 1, 2)
    known.refresh_from_db()
    assert known.status == "attended"
    added = Registration.objects.exclude(pk=known.pk).get()
    assert (added.name, added.email, added.status, added.source) == (
        "Sol Adeyemi",
        "sol@example.org",
        "attended",
        "zoom",
    )


def test_an_eventbrite_report_names_its_session_and_records_no_shows(capsys, tmp_path, users):
    session = make_session(days=-1, external_id="612345")
    text = (
        f"{EVENTBRITE_HEADER},Event ID\n"
        "1001,2024-01-02,Noor,Lindgren,noor@example.org,Free,Attending,Yes,612345\n"
        "1002,2024-01-03,Ewan,Mbeki-Shaw,ewan@example.org,Free,Attending,No,612345\n"
        "1003,2024-01-03,Refunded,Person,ref@example.org,Free,Refunded,No,612345\n"
    )
    code, report = _run(capsys, tmp_path, "eventbrite-attendance", text)
    assert code == 0, report
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Noor Lindgren": "attended", "Ewan Mbeki-Shaw": "no_show"}
    assert Registration.objects.filter(session=session).count() == 2


def test_a_row_without_a_session_is_refused_in_plain_words(capsys, tmp_path, users):
    make_session(days=-1)
    text = (
        f"{EVENTBRITE_HEADER}\n1001,2024-01-02,Noor,Lindgren,noor@example.org,Free,Attending,Yes\n"
    )
    code, report = _run(capsys, tmp_path, "eventbrite-attendance", text)
    assert code == 1
    assert "add a Session column" in report["errors"][0]["error"]
    assert Registration.objects.count() == 0


def test_other_headings_are_matched_once_and_remembered(users):
    session = make_session(days=-1)
    data = (
        f"Participant name,Email address,Joined at,Guest\n"
        f"Rhian Oduya,rhian@example.org,{_zoom_time(session.starts_at)},Yes\n"
    ).encode()
    coordinator = users[Role.COORDINATOR]
    upload = import_upload_create(
        actor=coordinator, kind="zoom-attendance", name="z.csv", data=data
    )
    assert upload.status == "invalid"  # the name column is not recognised yet
    upload = import_upload_remap(
        actor=coordinator,
        upload=upload,
        mapping={
            "Participant name": "Name (Original Name)",
            "Email address": "User Email",
            "Joined at": "Join Time",
        },
    )
    assert upload.status == "ready", upload.errors
    again = import_upload_create(
        actor=coordinator, kind="zoom-attendance", name="z2.csv", data=data
    )
    assert again.status == "ready"
