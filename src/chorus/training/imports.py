"""Attendance imports: Zoom's meeting participant report and Eventbrite's attendee report.

Two kinds of lib's import framework, so `chorus import zoom-attendance FILE` and
`chorus import eventbrite-attendance FILE` work as the upload pages do, with their
column matching (a real export's headings vary; staff match them once, and Chorus
remembers). Each row is a person at a session:

- the session is named by an optional Session column (its reference, e.g. TS-12, its
  Zoom meeting or Eventbrite event ID, or its exact title; Zoom's "Topic" and
  "Meeting ID" and Eventbrite's "Event name" and "Event ID" are read as it). Without
  one, a Zoom row's join time finds the one session held that day;
- someone already registered (same email address) is marked attended, or a no-show
  when Eventbrite says they were not checked in; anyone else is added;
- a person who appears twice for the same session (Zoom lists each rejoin) is counted
  once; Zoom's non-guests (the charity's own account: its staff) are left out.

Like every import, the uploaded file is kept for the import file retention period
(for those who may import to check it), then deleted.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone

from chorus.lib.imports.reading import ImportCheck, ImportRow, folded, parse_yes_no
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.training import registrations
from chorus.training.models import Registration, Session

S = Registration.Status
_REFERENCE = re.compile(r"^\s*ts-?(\d+)\s*$", re.IGNORECASE)
# Zoom writes "06/15/2023 09:58:12 AM" (US order) or ISO, depending on the account.
_ZOOM_TIMES = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")

SESSION_FIELD = ImportField(
    "Session",
    "The session's reference (TS-12), its Zoom meeting or Eventbrite event ID, or its exact title.",
)


@dataclass
class AttendanceRow(ImportRow):
    name: str = ""
    email: str = ""
    session_text: str = ""
    day: datetime.date | None = None
    attended: bool = True
    session: Session | None = None
    existing: Registration | None = None


def _email(row: AttendanceRow, column: str) -> None:
    row.email = row.cell(column).strip()
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problem(column, f"‘{row.email}’ is not an email address.")


def _zoom_time(value: str) -> datetime.datetime | None:
    for pattern in _ZOOM_TIMES:
        try:
            return datetime.datetime.strptime(value.strip(), pattern).replace(
                tzinfo=timezone.get_current_timezone()
            )
        except ValueError:
            continue
    return None


def parse_zoom(row: AttendanceRow, state: dict[str, Any]) -> None:
    # "Ama Owusu (Ama O.)": the name they joined with, then the name in their account.
    raw = row.cell("Name (Original Name)")
    row.name = " ".join(re.sub(r"\s*\([^)]*\)\s*$", "", raw).split())
    if not row.name:
        row.problem("Name (Original Name)", "empty. Each row needs the participant's name.")
    _email(row, "User Email")
    row.session_text = row.cell("Session")
    joined = row.cell("Join Time")
    if joined:
        moment = _zoom_time(joined)
        if moment is None:
            row.problem("Join Time", f"‘{joined}’ is not a date and time Chorus can read.")
        else:
            row.day = moment.date()
    guest = row.cell("Guest")
    if guest and parse_yes_no(guest) is False:
        row.skip_reason = "Not a guest: a member of the charity's own Zoom account"


def parse_eventbrite(row: AttendanceRow, state: dict[str, Any]) -> None:
    row.name = " ".join(f"{row.cell('First Name')} {row.cell('Last Name')}".split())
    if not row.name:
        row.problem("First Name", "empty. Each row needs the attendee's name.")
    _email(row, "Email")
    row.session_text = row.cell("Session")
    status = folded(row.cell("Attendee Status"))
    if status and status not in ("attending", "checked in"):
        row.skip_reason = f"Not attending ({row.cell('Attendee Status')})"
    checked = row.cell("Checked In")
    if checked:
        answer = parse_yes_no(checked)
        if answer is None:
            row.problem("Checked In", f"‘{checked}’ is not yes or no.")
        row.attended = bool(answer)
    elif status != "checked in":
        row.problem("Checked In", "empty. Say yes or no.")


def _find_session(row: AttendanceRow, sessions: list[Session]) -> Session | None:
    text = row.session_text.strip()
    if text:
        match = _REFERENCE.match(text)
        for session in sessions:
            if (match and str(session.pk) == match.group(1)) or (
                session.external_id
                and session.external_id.replace(" ", "") == text.replace(" ", "")
            ):
                return session
        titled = [s for s in sessions if folded(s.name) == folded(text)]
        if len(titled) == 1:
            return titled[0]
        if len(titled) > 1:
            row.problem(
                "Session", f"more than one session is called ‘{text}’: use its reference (TS-…)."
            )
        else:
            row.problem(
                "Session", f"no session is ‘{text}’. Use its reference (TS-…), ID or exact title."
            )
        return None
    if row.day is not None:
        that_day = [s for s in sessions if timezone.localtime(s.starts_at).date() == row.day]
        if len(that_day) == 1:
            return that_day[0]
        if that_day:
            row.problem(
                "Session",
                f"{len(that_day)} sessions were held on {row.day:%d/%m/%Y}: add a Session column.",
            )
        else:
            row.problem("Join Time", f"no session was held on {row.day:%d/%m/%Y}.")
        return None
    row.problem(
        "Session", "no session given: add a Session column with the session's reference (TS-…)."
    )
    return None


def check(check: ImportCheck) -> None:
    """Find each row's session and registration; count a person once per session."""
    sessions = list(
        Session.objects.select_related("course").filter(status=Session.Status.SCHEDULED)
    )
    seen: dict[tuple[int, str], int] = {}
    rows: list[AttendanceRow] = check.rows
    for row in rows:
        if row.errors or row.skip_reason:
            continue
        row.session = _find_session(row, sessions)
        if row.session is None:
            continue
        if row.session.starts_at > timezone.now():
            row.problem("Session", f"{row.session.reference} has not started yet.")
            continue
        who = row.email.lower() or folded(row.name)
        key = (row.session.pk, who)
        if key in seen:
            row.skip_reason = f"The same person as row {seen[key]}: counted once"
            continue
        seen[key] = row.row
        if row.email:
            digest = registrations.email_hash(row.email)
            row.existing = (
                row.session.registrations.filter(email_hash=digest, status__in=Registration.LIVE)
                .order_by("pk")
                .first()
            )
        if row.existing is not None:
            wanted = S.ATTENDED if row.attended else S.NO_SHOW
            if row.existing.status == wanted:
                row.skip_reason = "Already recorded"
            else:
                row.notes.append(
                    "Registered: marked " + ("attended" if row.attended else "no-show")
                )
        else:
            row.notes.append("New: added as " + ("attended" if row.attended else "no-show"))


def _apply(source: str) -> Any:
    def apply(*, actor: Any, check: ImportCheck, label: str) -> ApplyResult:
        created = updated = 0
        for row in check.to_import:
            if row.existing is not None:
                registrations.registration_attendance(
                    actor=actor, registration=row.existing, attended=row.attended
                )
                updated += 1
            else:
                registrations.registration_add(
                    actor=actor,
                    session=row.session,
                    status=S.ATTENDED if row.attended else S.NO_SHOW,
                    name=row.name,
                    email=row.email,
                    source=source,
                )
                created += 1
        return ApplyResult(
            created=created, updated=updated, unchanged=len(check.rows) - created - updated
        )

    return apply


_PREVIEW = (
    ("Name", lambda row: row.name),
    ("Email", lambda row: row.email),
    (
        "Session",
        lambda row: f"{row.session.reference} {row.session}" if row.session else row.session_text,
    ),
    ("Attended", lambda row: "yes" if row.attended else "no-show"),
)


def _done() -> list[tuple[str, str]]:
    return [("See the sessions", reverse("training:session_list"))]


ZOOM = ImportKind(
    name="zoom-attendance",
    singular="participant",
    plural="participants",
    title="Import attendance from a Zoom participant report",
    fields=(
        ImportField(
            "Name (Original Name)",
            "The participant's name.",
            required=True,
            aliases=("Name", "Participant"),
        ),
        ImportField("User Email", "Their email address.", aliases=("Email",)),
        ImportField(
            "Join Time",
            "When they joined: finds the session held that day.",
            aliases=("Join time",),
        ),
        ImportField("Leave Time", "When they left (not stored)."),
        ImportField(
            "Duration (Minutes)", "Minutes in the meeting (not stored).", aliases=("Duration",)
        ),
        ImportField("Guest", "Yes for people outside the charity's Zoom account."),
        replace(SESSION_FIELD, aliases=("Topic", "Meeting ID")),
    ),
    row_class=AttendanceRow,
    parse_row=parse_zoom,
    check=check,
    apply=_apply(Registration.Source.ZOOM),
    area="training_export",
    url_name="training:zoom_import",
    back_url_name="training:session_list",
    preview=_PREVIEW,
    done_links=_done,
    intro="Zoom › Reports › Usage › Participants › Export. Each row is one person joining; "
    "someone who joined twice is counted once.",
)

EVENTBRITE = ImportKind(
    name="eventbrite-attendance",
    singular="attendee",
    plural="attendees",
    title="Import attendance from an Eventbrite attendee report",
    fields=(
        ImportField(
            "Order #", "The order number (not stored).", aliases=("Order no", "Order number")
        ),
        ImportField("Order Date", "When they booked (not stored)."),
        ImportField(
            "First Name", "The attendee's first name.", required=True, aliases=("First name",)
        ),
        ImportField("Last Name", "Their last name.", aliases=("Surname",)),
        ImportField("Email", "Their email address.", aliases=("Email address",)),
        ImportField("Ticket Type", "The ticket (not stored)."),
        ImportField("Attendee Status", "Attending, or refunded/cancelled (left out)."),
        ImportField("Checked In", "Yes if they came; no for a no-show."),
        replace(SESSION_FIELD, aliases=("Event Name", "Event ID", "Event")),
    ),
    row_class=AttendanceRow,
    parse_row=parse_eventbrite,
    check=check,
    apply=_apply(Registration.Source.EVENTBRITE),
    area="training_export",
    url_name="training:eventbrite_import",
    back_url_name="training:session_list",
    preview=_PREVIEW,
    done_links=_done,
    intro="Eventbrite › Manage attendees › Reports › Attendee summary › Export (CSV).",
)
