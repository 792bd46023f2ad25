"""Staff pages about subscribers: the list, one subscriber, adding by hand, suppressions;
and subscribers' personal data in the subject access export."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.privacy.subject_access import personal_data_models, subject_access_export
from chorus.roundup.models import Subscriber, SubscriberConsent, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("roundup:subscriber_list")
ADD = reverse("roundup:subscriber_create")


def _subscriber(email: str, **fields: object) -> Subscriber:
    fields.setdefault("status", Subscriber.Status.CONFIRMED)
    return Subscriber.objects.create(email=email, **fields)


@pytest.fixture
def staff(client_for):
    return client_for(Role.COORDINATOR)


# --- The list -------------------------------------------------------------------------


def test_the_list_counts_subscribers_by_status_and_finds_them(staff):
    _subscriber("amira@example.org", name="Amira Example", organisation="Tyneside Welcome")
    _subscriber("ben@example.org", name="Ben Example", status=Subscriber.Status.PENDING)
    _subscriber("carla@example.org", organisation="Example Law Centre")
    _subscriber("dev@example.org", status=Subscriber.Status.UNSUBSCRIBED)

    page = staff.get(LIST).content.decode()
    assert "All: 4" in page
    assert "Confirmed: 2" in page
    assert "Waiting for confirmation: 1" in page
    assert "Unsubscribed: 1" in page
    assert "Suppressed (bounced or complained): 0" in page

    def emails(query: str) -> list[str]:
        response = staff.get(LIST + query)
        return [s.email for s in response.context["page_obj"]]

    assert emails("?q=amira") == ["amira@example.org"]
    assert emails("?q=ben+example") == ["ben@example.org"]
    assert emails("?q=law+centre") == ["carla@example.org"]
    assert emails("?status=confirmed") == ["amira@example.org", "carla@example.org"]
    assert emails("?status=unsubscribed&q=amira") == []


def test_the_list_pages_fifty_at_a_time_with_a_fixed_number_of_queries(
    staff, django_assert_max_num_queries
):
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"reader{n:03}@example.org", status=Subscriber.Status.CONFIRMED)
            for n in range(120)
        ]
    )
    with django_assert_max_num_queries(12):
        page = staff.get(LIST + "?page=3")
    assert page.status_code == 200
    assert [s.email for s in page.context["page_obj"]][0] == "reader100@example.org"
    assert len(page.context["page_obj"]) == 20
    assert "Page 3 of 3" in page.content.decode()


def test_roles_without_subscribers_access_cannot_see_the_list(client_for):
    _subscriber("amira@example.org")
    for role in (Role.VOLUNTEER, Role.READ_ONLY, Role.MEDIA_OFFICER):
        assert client_for(role).get(LIST).status_code == 403


# --- One subscriber --------------------------------------------------------------------


def test_the_detail_page_shows_consent_records_and_the_suppression(staff):
    subscriber = _subscriber("amira@example.org", name="Amira Example")
    SubscriberConsent.objects.create(
        subscriber=subscriber,
        method=SubscriberConsent.Method.IMPORT,
        wording="Imported from the old list.",
        basis="Signed up at the 2022 conference",
        given_at=timezone.now() - datetime.timedelta(days=400),
    )
    subscriber_services.suppression_record(
        email="amira@example.org", reason=Suppression.Reason.COMPLAINT, detail="Postmark: spam"
    )

    page = staff.get(reverse("roundup:subscriber_detail", args=[subscriber.pk]))
    text = page.content.decode()
    assert "Imported from the existing list" in text
    assert "Signed up at the 2022 conference" in text
    assert "Spam complaint" in text and "Postmark: spam" in text
    assert "Suppressed (bounced or complained)" in text
    assert "Mark as unsubscribed" not in text


# --- Adding by hand ----------------------------------------------------------------------


def _add_form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": "new@example.org",
        "name": "New Example",
        "organisation": "",
        "sections": ["uk", "europe", "international"],
        "frequency": "daily",
        "method": SubscriberConsent.Method.IN_PERSON,
        "given_on": "2026-11-02",
        "wording": "Ticked 'send me the round-up' on the sign-up sheet at the Stockton talk.",
    }
    data.update(extra)
    return data


def test_staff_add_a_subscriber_with_how_they_agreed_and_what_they_were_told(staff, mailoutbox):
    answer = staff.post(ADD, _add_form())
    assert answer.status_code == 302
    subscriber = Subscriber.objects.get(email="new@example.org")
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.sections == []
    consent = subscriber.consents.get()
    assert consent.method == SubscriberConsent.Method.IN_PERSON
    assert consent.wording.startswith("Ticked 'send me the round-up'")
    assert timezone.localtime(consent.given_at).date() == datetime.date(2026, 11, 2)
    audit = AuditEntry.objects.get(object_type="roundup.subscriber", action=AuditAction.CREATE)
    assert audit.actor_username == "coordinator"
    assert "token" not in audit.changes, "the unsubscribe secret must not reach the audit log"
    assert mailoutbox == []
    assert subscriber_selectors.confirmed_recipients({"uk"}).get() == subscriber


def test_adding_an_address_already_on_the_list_or_suppressed_is_refused_with_the_reason(staff):
    _subscriber("New@example.org")
    Suppression.objects.create(email="gone@example.org", reason=Suppression.Reason.HARD_BOUNCE)

    page = staff.post(ADD, _add_form())
    assert page.status_code == 200
    assert "already on the list (Confirmed)" in page.content.decode()
    page = staff.post(ADD, _add_form(email="gone@example.org"))
    assert "on the suppression list (Hard bounce)" in page.content.decode()
    assert Subscriber.objects.count() == 1
    assert not SubscriberConsent.objects.exists()


def test_someone_who_unsubscribed_can_be_added_again_with_a_new_consent(staff):
    subscriber = _subscriber("back@example.org")
    subscriber_services.subscriber_unsubscribe(subscriber=subscriber, how="unsubscribe page")
    assert staff.post(ADD, _add_form(email="back@example.org")).status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert not subscriber_selectors.is_suppressed("back@example.org")


def test_a_consent_date_in_the_future_is_refused(staff):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = staff.post(ADD, _add_form(given_on=tomorrow.isoformat()))
    assert "This is in the future." in page.content.decode()
    assert not Subscriber.objects.exists()


# --- Suppressions --------------------------------------------------------------------


def test_the_suppression_list_shows_why_and_finds_addresses(staff):
    subscriber_services.suppression_record(
        email="gone@example.org", reason=Suppression.Reason.HARD_BOUNCE, detail="550 no such user"
    )
    subscriber_services.suppression_record(
        email="angry@example.org", reason=Suppression.Reason.COMPLAINT, detail=""
    )
    url = reverse("roundup:suppression_list")
    text = staff.get(url).content.decode()
    assert "gone@example.org" in text and "550 no such user" in text
    assert "angry@example.org" in text
    found = staff.get(url + "?reason=complaint").context["page_obj"]
    assert [s.email for s in found] == ["angry@example.org"]
    found = staff.get(url + "?q=gone").context["page_obj"]
    assert [s.email for s in found] == ["gone@example.org"]


# --- Personal data -------------------------------------------------------------------


def test_a_subscriber_linked_to_a_person_is_in_their_subject_access_export(users):
    person = PersonFactory(full_name="Amira Example")
    _subscriber("amira@example.org", name="Amira Example", person=person)

    assert "roundup.subscriber" in {m.label for m in personal_data_models()}
    archive = subject_access_export(actor=users[Role.ADMIN], person=person)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        rows = json.loads(zipped.read("roundup.subscriber.json"))
    assert [row["email"] for row in rows] == ["amira@example.org"]


def test_everything_held_about_an_address_can_be_gathered_without_a_person():
    subscriber = _subscriber("amira@example.org")
    SubscriberConsent.objects.create(
        subscriber=subscriber, method=SubscriberConsent.Method.IN_PERSON, wording="Said yes."
    )
    subscriber_services.subscriber_unsubscribe(subscriber=subscriber, how="unsubscribe page")

    data = subscriber_selectors.subscriber_personal_data("Amira@example.org")
    assert [r["email"] for r in data["roundup.subscriber"]] == ["amira@example.org"]
    assert [r["wording"] for r in data["roundup.subscriberconsent"]] == ["Said yes."]
    assert [r["reason"] for r in data["roundup.suppression"]] == ["unsubscribed"]
    assert (
        subscriber_selectors.subscriber_personal_data("nobody@example.org")["roundup.subscriber"]
        == []
    )
