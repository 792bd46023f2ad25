"""The Google group's member export, counted and not kept (`chorus import group_members`).

Google Groups exports members as CSV with the columns `Email address`, `Nickname`,
`Group status` and `Email status` (and sometimes more). Chorus counts the members and
stores that one number as the day's snapshot; the file is read for the import and
deleted once it is confirmed or cancelled, and no address is stored or shown.

Who is counted: each distinct address (any case) whose `Group status` is `member`,
`manager` or `owner`: all three receive the group's mail. Rows of people invited or
asking to join (`invited`, `pending`, `requested`), banned, or with any other status
are left out and listed by status; so is a second row with an address already counted.
The snapshot is dated the day the import is confirmed; a second import that day
replaces the day's count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from chorus.lib.imports.reading import ImportRow, folded
from chorus.lib.imports.registry import ApplyResult, ImportField, ImportKind
from chorus.network.models import MemberSnapshot
from chorus.network.services import snapshot_record

COUNTED = frozenset({"member", "manager", "owner"})

FIELDS = (
    ImportField(
        "Email address",
        required=True,
        aliases=("email", "email addresses", "member email", "address"),
        help="Used only to count each member once; never stored.",
    ),
    ImportField(
        "Group status",
        required=True,
        aliases=("status", "role", "member role", "membership"),
        help="member, manager and owner are counted.",
    ),
    ImportField("Nickname", aliases=("name", "display name"), help="Not read."),
    ImportField("Email status", aliases=("delivery", "subscription"), help="Not read: shown only."),
    ImportField("Email preference", aliases=("delivery settings",), help="Not read."),
    ImportField("Posting permissions", help="Not read."),
    ImportField("Join year", help="Not read."),
    ImportField("Join month", help="Not read."),
    ImportField("Join day", help="Not read."),
    ImportField("Join hour", help="Not read."),
    ImportField("Join minute", help="Not read."),
    ImportField("Join second", help="Not read."),
    ImportField("Time zone", help="Not read."),
)


@dataclass
class MemberRow(ImportRow):
    status: str = ""
    email_status: str = ""


def _key(address: str) -> str:
    # Only a digest of the address is held, and only while the file is read.
    return hashlib.sha256(address.strip().casefold().encode()).hexdigest()


def parse_row(row: MemberRow, state: dict[str, Any]) -> None:
    address = row.cell("Email address")
    row.status = folded(row.cell("Group status"))
    row.email_status = row.cell("Email status")[:40]
    if not address:
        row.problem("Email address", "this row has no email address.")
        return
    if "@" not in address:
        row.problem("Email address", "this is not an email address (it has no @).")
        return
    if not row.status:
        row.problem("Group status", "empty: member, manager, owner, invited or another status.")
        return
    if row.status not in COUNTED:
        row.skip_reason = f"Group status ‘{row.status[:30]}’: not counted as a member"
        return
    seen: set[str] = state.setdefault("seen", set())
    key = _key(address)
    if key in seen:
        row.skip_reason = "The same address is on an earlier row: counted once"
        return
    seen.add(key)


def apply(*, actor: Any, check: Any, label: str) -> ApplyResult:
    members = len(check.to_import)
    left_out = len(check.rows) - members
    today = timezone.localdate()
    _snapshot, created = snapshot_record(
        actor=actor,
        taken_on=today,
        members=members,
        source=MemberSnapshot.Source.IMPORTED,
        note=f"Counted from {label[:200]}",
    )
    day = f"{today:%d %B %Y}".lstrip("0")
    note = f"stored as the member count of {day}" + ("" if created else " (replacing that day's)")
    return ApplyResult(created=members, unchanged=left_out, note=note + "; no address kept")


KIND = ImportKind(
    name="group_members",
    singular="member",
    plural="members",
    title="Count the Google group's members from its export",
    fields=FIELDS,
    parse_row=parse_row,
    apply=apply,
    area="network_group",
    url_name="network:group_import",
    row_class=MemberRow,
    preview=(
        ("Group status", lambda row: row.status or "—"),
        ("Email status", lambda row: row.email_status or "—"),
        ("Counted", lambda row: "no" if row.skip_reason or row.errors else "yes"),
    ),
    done_links=lambda: [("The group's member counts", reverse("network:group"))],
    keep_file=False,
    max_rows=50_000,
    max_bytes=10 * 1024 * 1024,
    intro=(
        "In Google Groups open the group, then People › Members › Export members, and "
        "upload the CSV file here. Chorus counts the members (those whose group status "
        "is member, manager or owner, each address once) and keeps only that number, "
        "dated today. The file is deleted once you confirm or cancel; no address is kept."
    ),
    back_url_name="network:group",
)
