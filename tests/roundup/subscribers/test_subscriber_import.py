"""Importing the existing subscriber list from CSV: check, report, confirm atomically."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.lib.imports.models import ImportUpload as SubscriberImport
from chorus.lib.imports.services import import_upload_confirm
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.roundup.models import Subscriber, SubscriberConsent, Suppression
from chorus.roundup.subscribers import imports as subscriber_imports
from chorus.roundup.subscribers import selectors as subscriber_selectors

pytestmark = pytest.mark.django_db

UPLOAD = reverse("roundup:subscriber_import")
HEADER = "email,name,organisation,consent basis,consented on,sections,frequency"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def _messages(check: subscriber_imports.ImportCheck) -> list[str]:
    return [p.message for p in check.errors]


def _upload(client, data: bytes, name: str = "subscribers.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


GOOD = _csv(
    "amira@example.org,Amira Example,Example Refugee Forum,Signed up at the 2022 conference,"
    "2022-06-19,UK; Europe,weekly",
    "ben@example.org,Ben Example,,Old website form,19/06/2021,,",
    "carla@example.org,,,Asked by email,2023-01-05,international,Every day",
)


# --- Reading files (no database) -----------------------------------------------------------


def test_it_reads_the_columns_staff_write():
    check = subscriber_imports.parse_subscribers_csv(GOOD)
    assert check.errors == []
    amira, ben, carla = check.rows
    assert amira.email == "amira@example.org"
    assert amira.sections == ["uk", "europe"]
    assert amira.frequency == Subscriber.Frequency.WEEKLY
    assert amira.consented_on == datetime.date(2022, 6, 19)
    assert amira.basis == "Signed up at the 2022 conference"
    assert ben.consented_on == datetime.date(2021, 6, 19)
    assert ben.sections == [] and ben.frequency == Subscriber.Frequency.DAILY
    assert carla.sections == ["international"]
    assert [r.row for r in check.rows] == [2, 3, 4]


def test_it_accepts_headings_in_any_order_and_case_with_a_byte_order_mark():
    data = "\ufeffConsented On;E-mail; Consent Basis \r\n2020-01-02;x@example.org;Form\r\n"
    check = subscriber_imports.parse_subscribers_csv(data.encode())
    assert check.errors == []
    assert check.rows[0].email == "x@example.org"
    assert check.rows[0].consented_on == datetime.date(2020, 1, 2)


def test_a_row_without_a_consent_basis_is_an_error_in_plain_words():
    check = subscriber_imports.parse_subscribers_csv(
        _csv("amira@example.org,,,,2022-06-19,,", "ben@example.org,,,Form,2022-06-19,,")
    )
    assert not check.ok
    [message] = _messages(check)
    assert message.startswith("Row 2, consent basis: empty.")
    assert "cannot mail anyone without one" in message


def test_it_names_the_row_and_column_of_each_problem():
    check = subscriber_imports.parse_subscribers_csv(
        _csv(
            "not-an-address,,,Form,2022-06-19,,",
            "ok@example.org,,,Form,31/02/2022,,",
            "later@example.org,,,Form,2999-01-01,,",
            "sections@example.org,,,Form,2022-06-19,Asia,",
            "often@example.org,,,Form,2022-06-19,,hourly",
            "OK@example.org,,,Form,2022-06-19,,",
            "undated@example.org,,,Form,,,",
        )
    )
    assert _messages(check) == [
        "Row 2, email: ‘not-an-address’ is not an email address. Check for spaces, a missing @ "
        "or a missing part after the dot.",
        "Row 3, consented on: ‘31/02/2022’ is not a date. Use YYYY-MM-DD or DD/MM/YYYY.",
        "Row 4, consented on: ‘2999-01-01’ is in the future.",
        "Row 5, sections: ‘Asia’ is not a section of the round-up. Use UK, Europe, "
        "International, separated by semicolons, or leave it empty for all of them.",
        "Row 6, frequency: ‘hourly’ is not daily or weekly. Use daily or weekly.",
        "Row 7, email: the same address as row 3. Each subscriber should appear once: keep the "
        "row with the right details.",
        "Row 8, consented on: empty. Write the day this person agreed, as YYYY-MM-DD or "
        "DD/MM/YYYY.",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04rest-of-a-workbook", "This is an Excel workbook, not a CSV file."),
        (b"email,name\r\nx@example.org,X\r\n", "Missing columns: ‘consent basis’"),
        (_csv(header="email,consent basis,consented on,shoe size"), "Unknown column: ‘shoe size’"),
        (b"email,consent basis,consented on\r\n", "no subscribers under it"),
        ("email\r\nA\xe9\r\n".encode("latin-1"), "not saved as UTF-8"),
    ],
)
def test_it_explains_a_file_it_cannot_read(data, expected):
    check = subscriber_imports.parse_subscribers_csv(data)
    assert not check.ok
    assert expected in check.file_errors[0].message


# --- What the database knows ---------------------------------------------------------------


def test_existing_and_suppressed_addresses_are_left_out_and_reported():
    Subscriber.objects.create(email="Amira@example.org", status=Subscriber.Status.CONFIRMED)
    Suppression.objects.create(email="ben@example.org", reason=Suppression.Reason.COMPLAINT)
    check = subscriber_imports.check_subscribers_csv(GOOD)
    assert check.ok
    assert [r.email for r in check.to_import] == ["carla@example.org"]
    assert [w.message for w in check.warnings] == [
        "Row 2: ‘amira@example.org’ is already on the list (confirmed), so it is left as it is.",
        "Row 3: ‘ben@example.org’ is on the suppression list (spam complaint), so it is not "
        "subscribed again.",
    ]


# --- Through the pages --------------------------------------------------------------------


def test_an_upload_is_kept_and_checked_and_subscribes_no_one_until_confirmed(client_for):
    staff = client_for(Role.COORDINATOR)
    answer = _upload(staff, GOOD, name="old list.csv")
    assert answer.status_code == 302
    upload = SubscriberImport.objects.get()
    assert upload.file.name.startswith("imports/subscribers/")
    with upload.file.open("rb") as stored:
        assert stored.read() == GOOD
    assert upload.status == SubscriberImport.Status.READY
    assert upload.uploaded_by.username == "coordinator"
    assert not Subscriber.objects.exists()

    page = staff.get(answer["Location"]).content.decode()
    assert "Import 3 subscribers" in page
    assert "Signed up at the 2022 conference" in page


def test_a_file_with_problems_shows_them_and_cannot_be_imported(client_for):
    staff = client_for(Role.COORDINATOR)
    answer = _upload(staff, _csv("amira@example.org,,,,2022-06-19,,"))
    upload = SubscriberImport.objects.get()
    assert upload.status == SubscriberImport.Status.INVALID
    page = staff.get(answer["Location"]).content.decode()
    assert "Nothing has been saved." in page
    assert "Row 2, consent basis: empty." in page
    assert "Import 1 subscriber" not in page

    staff.post(reverse("roundup:subscriber_import_confirm", args=[upload.pk]))
    assert not Subscriber.objects.exists()


def test_confirming_imports_confirmed_subscribers_with_their_consent_basis(client_for):
    Suppression.objects.create(email="ben@example.org", reason=Suppression.Reason.HARD_BOUNCE)
    staff = client_for(Role.DIGITAL_OFFICER)
    _upload(staff, GOOD)
    upload = SubscriberImport.objects.get()

    answer = staff.post(reverse("roundup:subscriber_import_confirm", args=[upload.pk]))
    assert answer.status_code == 302
    upload.refresh_from_db()
    assert upload.status == SubscriberImport.Status.IMPORTED
    assert (upload.created_count, upload.unchanged_count) == (2, 1)

    amira = Subscriber.objects.get(email="amira@example.org")
    assert amira.status == Subscriber.Status.CONFIRMED
    assert (amira.name, amira.organisation) == ("Amira Example", "Example Refugee Forum")
    assert amira.sections == ["uk", "europe"]
    consent = amira.consents.get()
    assert consent.method == SubscriberConsent.Method.IMPORT
    assert consent.basis == "Signed up at the 2022 conference"
    assert timezone.localtime(consent.given_at).date() == datetime.date(2022, 6, 19)
    assert not Subscriber.objects.filter(email="ben@example.org").exists()
    assert {s.email for s in subscriber_selectors.confirmed_recipients({"international"})} == {
        "carla@example.org"
    }
    assert (
        AuditEntry.objects.filter(
            object_type="roundup.subscriber", action=AuditAction.CREATE
        ).count()
        == 2
    )
    assert (
        AuditEntry.objects.filter(
            object_type="roundup.subscriberconsent", action=AuditAction.CREATE
        ).count()
        == 2
    )
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).actor_username == "digital"

    page = staff.get(answer["Location"]).content.decode()
    assert "Imported 2 subscribers" in page
    assert "ben@example.org" in page and "suppression list" in page


def test_an_import_is_confirmed_once(client_for):
    staff = client_for(Role.COORDINATOR)
    _upload(staff, GOOD)
    upload = SubscriberImport.objects.get()
    url = reverse("roundup:subscriber_import_confirm", args=[upload.pk])
    staff.post(url)
    again = staff.post(url, follow=True)
    assert "already imported" in again.content.decode()
    assert Subscriber.objects.count() == 3
    assert SubscriberConsent.objects.count() == 3


def test_a_file_that_went_wrong_since_the_upload_imports_nothing(client_for):
    staff = client_for(Role.COORDINATOR)
    _upload(staff, GOOD)
    upload = SubscriberImport.objects.get()
    # The kept file no longer passes the check (as if the rules had changed since).
    upload.file.storage.delete(upload.file.name)
    upload.file.storage.save(upload.file.name, SimpleUploadedFile("x", b"email\r\nx\r\n"))

    import_upload_confirm(actor=None, upload=upload)

    upload.refresh_from_db()
    assert upload.status == SubscriberImport.Status.INVALID
    assert not Subscriber.objects.exists()


def test_an_import_that_fails_half_way_saves_nobody(client_for, monkeypatch):
    staff = client_for(Role.COORDINATOR)
    _upload(staff, GOOD)
    upload = SubscriberImport.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(SubscriberConsent.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_upload_confirm(actor=None, upload=upload)
    assert not Subscriber.objects.exists()
    upload.refresh_from_db()
    assert upload.status == SubscriberImport.Status.READY
