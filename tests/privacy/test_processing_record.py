"""The record of processing activities, made from the personal-data register."""

from __future__ import annotations

import csv
import io

import pytest

from chorus.accounts.roles import Role
from chorus.privacy import registry, ropa

pytestmark = pytest.mark.django_db


def _by_type() -> dict[str, ropa.Activity]:
    return {a.record_type: a for a in ropa.activities()}


def test_every_registered_kind_of_personal_data_has_an_entry():
    labels = {entry.label for entry in registry.personal_data()}
    labels |= {files.label for files in registry.kept_files()}
    assert set(_by_type()) == labels


def test_an_entry_carries_what_the_register_says():
    consent = _by_type()["voices.consent"]
    assert consent.lawful_basis == "Art. 6(1)(c) legal obligation"
    assert consent.article9 == "Art. 9(2)(a) explicit consent"
    # Who may see it comes from the access matrix, not from the register's own words.
    assert consent.seen_by == "Admin, Safeguarding lead, Media officer, Digital officer"
    profile = _by_type()["voices.storytellerprofile"]
    assert "months without activity" in profile.retention


def test_what_the_register_does_not_say_is_shown_as_not_stated():
    subscriber = _by_type()["roundup.subscriber"]
    assert subscriber.article9 == ropa.NOT_STATED


def test_every_entry_says_who_may_see_it():
    assert [a.record_type for a in ropa.activities() if a.seen_by == ropa.NOT_STATED] == []
    # A storyteller's wellbeing check-ins: the storyteller's page, not every staff member.
    check_ins = _by_type()["voices.wellbeingcheckin"]
    assert "Volunteer" not in check_ins.seen_by and "Safeguarding lead" in check_ins.seen_by
    # Uploaded files are seen by whoever may import some kind: the kinds' areas.
    uploads = _by_type()["lib.importupload"]
    assert "Media officer" in uploads.seen_by and "Digital officer" in uploads.seen_by


def test_the_page_and_the_csv_list_the_same_entries(client_for):
    lead = client_for(Role.SAFEGUARDING_LEAD)
    page = lead.get("/privacy/processing/").content.decode()
    assert "Record of processing activities" in page and "voices.consent" in page
    response = lead.get("/privacy/processing.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == ropa.HEADER
    assert [row[1] for row in rows[1:]] == [a.record_type for a in ropa.activities()]


def test_those_outside_data_protection_may_not_read_it(client_for):
    assert client_for(Role.COORDINATOR).get("/privacy/processing/").status_code == 403
    assert client_for(Role.READ_ONLY).get("/privacy/processing.csv").status_code == 403


def test_every_area_a_registration_names_is_in_the_access_matrix():
    from chorus.accounts.access import MATRIX

    named = {area for entry in registry.personal_data() for area in entry.access_areas}
    named |= {area for files in registry.kept_files() for area in files.seen_in()}
    assert named and named <= set(MATRIX)
