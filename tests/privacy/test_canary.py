"""The canary: one demo storyteller's safeguarding note and story notes carry a marker.

It must never be found in the raw database (SQLite files or PostgreSQL tables), in the
logs, in the audit log, or on any page a role without access to sensitive details can
open; and it must be visible where it belongs: to the safeguarding lead on that
storyteller's page, and in that person's subject access export.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
import sqlite3
import zipfile
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from chorus.accounts.access import MATRIX, can
from chorus.accounts.roles import Role
from chorus.demo.voices.data import CANARY_MARKER, CANARY_REFERENCE
from chorus.privacy.models import AuditEntry
from chorus.voices.models import StorytellerProfile
from tests.test_access_walk import our_patterns

pytestmark = pytest.mark.django_db

MARKER = CANARY_MARKER.encode()
PASSWORD = "a-demo-password-for-tests"


def _load() -> None:
    with time_machine.travel(datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        call_command("demo_load", password=PASSWORD, stdout=StringIO())


def _canary() -> StorytellerProfile:
    return StorytellerProfile.objects.get(reference=CANARY_REFERENCE)


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# --- Raw storage ----------------------------------------------------------------------


def _sqlite_file_bytes(tmp_path: Path) -> bytes:
    """The bytes SQLite keeps on disk for this database: main file, WAL and journal."""
    connection.ensure_connection()
    if connection.is_in_memory_db():  # type: ignore[attr-defined]
        # The test database lives in memory: copy its pages, as they are, into a file.
        path = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)  # type: ignore[union-attr]
        target.execute("PRAGMA wal_checkpoint(FULL)")
        target.close()
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        path = Path(connection.settings_dict["NAME"])
    files = [path, Path(f"{path}-wal"), Path(f"{path}-journal")]
    return b"".join(p.read_bytes() for p in files if p.exists())


def _postgres_table_text() -> str:
    """Every row of every table, each column as text (JSON, arrays and all)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT CAST(t AS text) FROM {quoted} AS t")  # noqa: S608
            chunks += [row[0] for row in cursor.fetchall()]
    return "\n".join(chunks)


# Committed for real (not rolled back at the end), so the data is where SQLite puts it.
@pytest.mark.django_db(transaction=True)
def test_the_marker_is_not_in_the_raw_database(tmp_path):
    _load()
    canary = _canary()
    # The marker is there, encrypted: the ORM decrypts it.
    assert CANARY_MARKER in canary.story_notes
    plain_control = f"Storyteller {CANARY_REFERENCE}"  # its directory entry, stored in clear
    if connection.vendor == "sqlite":
        stored = _sqlite_file_bytes(tmp_path)
        assert plain_control.encode() in stored  # the scan does see plaintext
        assert MARKER not in stored
        assert CANARY_MARKER.encode("utf-16-le") not in stored
        assert CANARY_MARKER.encode("utf-16-be") not in stored
    elif connection.vendor == "postgresql":
        stored_text = _postgres_table_text()
        assert plain_control in stored_text
        assert CANARY_MARKER not in stored_text
    else:
        pytest.skip(f"No raw storage check for {connection.vendor}")


# --- Logs and the audit log -------------------------------------------------------------


def _walk_urls(client: Client, pks: dict[str, int], every: list[int]) -> list[tuple[str, bytes]]:
    """GET every URL of Chorus, with the canary's records wherever a URL takes an id."""
    pages = []
    for route, name, _pattern in our_patterns():
        for url in _concrete_urls(route, name, pks, every):
            response = client.get(url)
            pages.append((f"{name} {url} ({response.status_code})", _body(response)))
    return pages


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _concrete_urls(route: str, name: str, pks: dict[str, int], every: list[int]) -> list[str]:
    """URLs for a route: ids of the canary's records of the kind the URL name starts with,
    or every one of them when the name says nothing about the kind."""
    url = "/" + route
    params = PARAM.findall(url)
    if not params:
        return [url]
    url_name = name.split(":")[-1]
    kinds = sorted((k for k in pks if url_name.startswith(k)), key=len, reverse=True)
    values: list[int | str] = [pks[kinds[0]]] if kinds else list(every)
    urls = []
    for value in values:
        concrete = url
        for converter, _param in params:
            replacement = str(value) if converter in ("int", "") else CANARY_REFERENCE
            concrete = PARAM.sub(replacement, concrete, count=1)
        urls.append(concrete)
    return urls


def _canary_pks() -> tuple[dict[str, int], list[int]]:
    canary = _canary()
    concern = canary.concerns.get(status="open")
    pks = {
        "storyteller": canary.pk,
        "person": canary.person_id,
        "subject_access": canary.person_id,
        "erase": canary.person_id,
        "concern": concern.pk,
        "safeguarding_action": concern.actions.first().pk,
        "consent": canary.consents.first().pk,
        "membership": canary.memberships.first().pk,
        "programme": canary.memberships.first().programme_id,
    }
    related = [
        *canary.check_ins.values_list("pk", flat=True),
        *canary.mentoring.values_list("pk", flat=True),
        *canary.payments.values_list("pk", flat=True),
        *canary.uses.values_list("pk", flat=True),
    ]
    return pks, sorted(set(pks.values()) | set(related))


def test_the_marker_never_reaches_the_logs_or_the_audit_log(caplog, client_for):
    # Template lookups log every missing variable with a traceback at DEBUG: names of
    # variables and templates, never values, and slow to format by the thousand.
    # (Set first: each set_level also sets the capturing handler's level.)
    caplog.set_level(logging.INFO, logger="django.template")
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    caplog.set_level(logging.DEBUG, logger="django")
    caplog.set_level(logging.DEBUG)
    # Every SQL statement and its parameters are logged, as with DEBUG on.
    connection.force_debug_cursor = True
    try:
        _load()
        pks, every = _canary_pks()
        # Those who open the canary's records (and one who opens storytellers without
        # their sensitive details): where values are decrypted, rendered or refused.
        for role in (Role.SAFEGUARDING_LEAD, Role.ADMIN, Role.MEDIA_OFFICER, Role.VOLUNTEER):
            client = client_for(role)
            # A page that fails is logged with its error: that log is checked too.
            client.raise_request_exception = False
            _walk_urls(client, pks, every)
        lead = client_for(Role.SAFEGUARDING_LEAD)
        lead.post(reverse("privacy:subject_access", args=[pks["person"]]), {"confirm": "on"})
    finally:
        connection.force_debug_cursor = False

    # The statements were logged with their parameters: encrypted values and all.
    assert "voices_storytellerprofile" in caplog.text and "enc1:" in caplog.text
    logged = caplog.text + "".join(
        f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )
    assert CANARY_MARKER not in logged
    entries = AuditEntry.objects.all()
    assert entries.filter(action="view", object_id=str(pks["storyteller"])).exists()
    assert entries.filter(action="export", object_id=str(pks["person"])).exists()
    for entry in entries:
        assert CANARY_MARKER not in f"{entry.changes!r} {entry.object_repr} {entry.note}"


# --- Pages ------------------------------------------------------------------------------

# Roles that may not see storytellers' sensitive details or safeguarding notes: the
# volunteer and the read-only board member, and the staff who work without them.
BLIND_ROLES = [
    role
    for role in Role
    if role not in MATRIX["storyteller_sensitive"]["view"]
    and role not in MATRIX["safeguarding"]["view"]
]


def test_no_page_shows_it_to_roles_without_sensitive_access_but_the_lead_sees_it(client_for, users):
    _load()
    pks, every = _canary_pks()
    leaking = []
    for role in BLIND_ROLES:
        assert not can(users[role], "storyteller_sensitive", "view")
        client = client_for(role)
        client.raise_request_exception = False  # a broken page is not what this test is about
        pages = _walk_urls(client, pks, every)
        assert len(pages) > 20
        leaking += [f"{role}: {where}" for where, body in pages if MARKER in body]
    assert leaking == []

    lead = client_for(Role.SAFEGUARDING_LEAD)
    # The same walk finds it as the lead: it really opens the canary's records.
    lead.raise_request_exception = False
    assert [where for where, body in _walk_urls(lead, pks, every) if MARKER in body]
    # The storyteller's page (voices:storyteller_detail) shows their story notes and
    # their safeguarding concerns to the safeguarding lead.
    page = lead.get(reverse("voices:storyteller_detail", args=[pks["storyteller"]]))
    assert page.status_code == 200
    assert MARKER in page.content
    # And so does the person's subject access export.
    export = lead.post(reverse("privacy:subject_access", args=[pks["person"]]), {"confirm": "on"})
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        profile = archive.read("voices.storytellerprofile.json").decode()
        concerns = archive.read("voices.safeguardingconcern.json").decode()
    assert CANARY_MARKER in profile and CANARY_MARKER in concerns
