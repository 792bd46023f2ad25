"""Signing up to the round-up: double opt-in, the consent record, throttling, preferences."""

from __future__ import annotations

import datetime
import re
from email import message_from_bytes
from email.policy import default as email_policy

import pytest
import time_machine
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from chorus.monitoring.models import NewsRegion
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.roundup.models import Subscriber, SubscriberConsent, Suppression
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services
from chorus.roundup.subscribers import signup
from chorus.roundup.subscribers.forms import CONSENT_WORDING

pytestmark = pytest.mark.django_db

SIGN_UP = reverse("roundup:subscribe")
PUBLIC = "https://news.example.org"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.CHORUS_PUBLIC_URL = PUBLIC
    settings.ROUNDUP_FROM_EMAIL = "Round-up <roundup@example.org>"
    # The form queues its work for a task; here the task runs as soon as it is queued.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class SignUpClient(Client):
    """A browser whose sign-ups run their queued task, as a worker would, once committed."""

    def post(self, path, *args, **kwargs):  # type: ignore[override]
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(path, *args, **kwargs)


@pytest.fixture
def client() -> Client:
    return SignUpClient()


def _form(email: str = "amira@example.org", **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": email,
        "name": "Amira Example",
        "organisation": "Example Refugee Forum",
        "sections": ["uk", "europe"],
        "frequency": "weekly",
        "website": "",
    }
    data.update(extra)
    return data


def _subscriber(email: str = "reader@example.org", **fields: object) -> Subscriber:
    fields.setdefault("status", Subscriber.Status.CONFIRMED)
    return Subscriber.objects.create(email=email, **fields)


def _confirm_link(message) -> str:
    match = re.search(
        r"https://news\.example\.org(/news/confirm/[\w-]+/(?:\?request=[\w.:%-]+)?)", message.body
    )
    assert match, message.body
    return match.group(1)


# --- The sign-up form -------------------------------------------------------------------


def test_it_shows_the_consent_wording_it_stores(client):
    page = client.get(SIGN_UP)
    assert page.status_code == 200
    assert CONSENT_WORDING in page.content.decode()
    assert 'name="website"' in page.content.decode()  # the honeypot is there, hidden


def test_a_new_address_is_pending_with_a_consent_record_and_gets_a_confirmation_email(
    client, mailoutbox
):
    answer = client.post(SIGN_UP, _form())
    assert answer.status_code == 302
    assert answer["Location"] == reverse("roundup:subscribe_sent")

    subscriber = Subscriber.objects.get(email="amira@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert (subscriber.name, subscriber.organisation) == ("Amira Example", "Example Refugee Forum")
    assert subscriber.sections == ["uk", "europe"]
    assert subscriber.frequency == Subscriber.Frequency.WEEKLY
    consent = subscriber.consents.get()
    assert consent.method == SubscriberConsent.Method.WEB_FORM
    assert consent.wording == CONSENT_WORDING
    assert consent.confirmed_at is None

    [message] = mailoutbox
    assert message.to == ["amira@example.org"]
    assert message.from_email == "Round-up <roundup@example.org>"
    assert "Confirm" in message.subject
    link = _confirm_link(message)
    assert link == reverse("roundup:subscribe_confirm", args=[subscriber.token])
    html = message.alternatives[0].content
    assert f"{PUBLIC}{link}" in html
    received = message_from_bytes(message.message().as_bytes(), policy=email_policy)
    assert received.get_content_type() == "multipart/alternative"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Message-ID"].endswith("@news.example.org>")
    assert f"{PUBLIC}{link}" in received.get_body(preferencelist=("plain",)).get_content()
    # What the visitor typed (name, organisation) reaches neither part.
    for kind in ("plain", "html"):
        body = received.get_body(preferencelist=(kind,)).get_content()
        assert "Amira" not in body and "Example Refugee Forum" not in body
    assert AuditEntry.objects.filter(
        object_type="roundup.subscriber", object_id=str(subscriber.pk), action=AuditAction.CREATE
    ).exists()


def test_choosing_every_section_is_stored_as_all_sections(client):
    client.post(SIGN_UP, _form(sections=["uk", "europe", "international"]))
    assert Subscriber.objects.get().sections == []


def test_it_needs_an_address_and_a_section(client, mailoutbox):
    page = client.post(SIGN_UP, _form(email="not an address", sections=[]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Enter a valid email address." in text
    assert "Choose at least one section." in text
    assert not Subscriber.objects.exists() and mailoutbox == []


def test_it_answers_the_same_whether_the_address_is_new_pending_confirmed_or_suppressed(
    mailoutbox,
):
    _subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    confirmed = _subscriber("confirmed@example.org", sections=["international"])
    Suppression.objects.create(email="bounced@example.org", reason=Suppression.Reason.HARD_BOUNCE)

    answers = []
    for email in ("new@example.org", "pending@example.org", "confirmed@example.org",
                  "bounced@example.org"):  # fmt: skip
        client = SignUpClient()
        answer = client.post(SIGN_UP, _form(email=email), follow=True)
        answers.append((answer.status_code, answer.redirect_chain, answer.content))
    assert all(a == answers[0] for a in answers), "the answer must not depend on the address"

    sent = {m.to[0]: m for m in mailoutbox}
    assert set(sent) == {"new@example.org", "pending@example.org", "confirmed@example.org"}
    assert "Confirm" in sent["pending@example.org"].subject
    # The confirmed subscriber is told, and nothing about them changes.
    assert "already" in sent["confirmed@example.org"].subject
    assert (
        reverse("roundup:preferences", args=[confirmed.token]) in sent["confirmed@example.org"].body
    )
    confirmed.refresh_from_db()
    assert confirmed.status == Subscriber.Status.CONFIRMED
    assert confirmed.sections == ["international"]
    assert not Subscriber.objects.filter(email="bounced@example.org").exists()


def test_the_honeypot_is_answered_as_if_it_worked_and_nothing_is_done(client, mailoutbox):
    answer = client.post(SIGN_UP, _form(website="https://spam.example.org"))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("roundup:subscribe_sent")
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_one_address_gets_at_most_three_sign_up_emails_a_day(mailoutbox):
    for n in range(5):
        SignUpClient(REMOTE_ADDR=f"192.0.2.{n + 1}").post(
            SIGN_UP, _form(email="target@example.org")
        )
    assert len(mailoutbox) == 3
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        SignUpClient(REMOTE_ADDR="192.0.2.9").post(SIGN_UP, _form(email="target@example.org"))
    assert len(mailoutbox) == 4


def test_one_network_address_is_stopped_after_twenty_sign_ups_an_hour(mailoutbox):
    client = SignUpClient(REMOTE_ADDR="198.51.100.7")
    for n in range(20):
        assert client.post(SIGN_UP, _form(email=f"person{n}@example.org")).status_code == 302
    refused = client.post(SIGN_UP, _form(email="person20@example.org"))
    assert refused.status_code == 429
    assert "try again" in refused.content.decode()
    assert not Subscriber.objects.filter(email="person20@example.org").exists()
    # Somebody else is not held up by it.
    other = SignUpClient(REMOTE_ADDR="198.51.100.8").post(SIGN_UP, _form(email="other@example.org"))
    assert other.status_code == 302


# --- Confirming ------------------------------------------------------------------------


def test_opening_the_confirmation_link_confirms_no_one(client, mailoutbox):
    client.post(SIGN_UP, _form())
    link = _confirm_link(mailoutbox[0])
    page = Client().get(link)  # a mail system's link scanner
    assert page.status_code == 200
    assert '<form method="post"' in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_pressing_the_button_confirms_and_stamps_the_consent_record(client, mailoutbox):
    client.post(SIGN_UP, _form())
    link = _confirm_link(mailoutbox[0])
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(link)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    answer = browser.post(link, {"csrfmiddlewaretoken": token.group(1)})
    assert answer.status_code == 302

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert subscriber.consents.get().confirmed_at == subscriber.confirmed_at
    shown = browser.get(answer["Location"]).content.decode()
    assert "You are subscribed" in shown
    assert subscriber_selectors.confirmed_recipients({"uk"}).get() == subscriber


def test_a_confirmation_link_expires_after_seven_days(client, mailoutbox):
    client.post(SIGN_UP, _form())
    link = _confirm_link(mailoutbox[0])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, hours=1)):
        page = client.get(link)
        assert page.status_code == 410
        assert "expired" in page.content.decode()
        client.post(link)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unconfirmed_sign_ups_are_cleared_after_seven_days(mailoutbox):
    signup.subscription_request(email="stale@example.org", wording=CONSENT_WORDING)
    came_back = _subscriber(
        "back@example.org", status=Subscriber.Status.UNSUBSCRIBED, confirmed_at=timezone.now()
    )
    signup.subscription_request(email="back@example.org", wording=CONSENT_WORDING)
    later = timezone.now() + datetime.timedelta(days=6)
    with time_machine.travel(later):
        signup.subscription_request(email="fresh@example.org", wording=CONSENT_WORDING)

    cleared = subscriber_services.signups_pending_expire(
        now=later + datetime.timedelta(days=1, hours=1)
    )

    # Signing up again left the unsubscribed person as they were: nothing to clear.
    assert cleared == 1
    assert not Subscriber.objects.filter(email="stale@example.org").exists()
    assert not SubscriberConsent.objects.filter(subscriber__email="stale@example.org").exists()
    came_back.refresh_from_db()
    assert came_back.status == Subscriber.Status.UNSUBSCRIBED
    assert Subscriber.objects.get(email="fresh@example.org").status == Subscriber.Status.PENDING
    deleted = AuditEntry.objects.get(action=AuditAction.DELETE, object_type="roundup.subscriber")
    assert "stale@example.org" not in deleted.object_repr


def test_an_unsubscribed_person_can_come_back_by_signing_up_and_confirming(client, mailoutbox):
    old = _subscriber("back@example.org", status=Subscriber.Status.CONFIRMED)
    subscriber_services.subscriber_unsubscribe(subscriber=old, how="unsubscribe page")
    assert subscriber_selectors.is_suppressed("back@example.org")

    client.post(SIGN_UP, _form(email="back@example.org"))
    client.post(_confirm_link(mailoutbox[-1]))

    old.refresh_from_db()
    assert old.status == Subscriber.Status.CONFIRMED
    assert not subscriber_selectors.is_suppressed("back@example.org")
    assert old.consents.count() == 1 and old.consents.get().confirmed_at is not None


def test_unknown_tokens_get_a_plain_not_found_page(client):
    for name in ("roundup:subscribe_confirm", "roundup:preferences", "roundup:unsubscribe"):
        for token in ("no-such-token", "x" * 300):
            page = client.get(reverse(name, args=[token]))
            assert page.status_code == 404, name
            assert "This link does not work" in page.content.decode()


def test_pages_behind_a_token_are_not_cached_or_indexed(client):
    subscriber = _subscriber()
    for name in ("roundup:subscribe_confirm", "roundup:preferences", "roundup:unsubscribe"):
        page = client.get(reverse(name, args=[subscriber.token]))
        assert page.status_code == 200, name
        assert "no-store" in page["Cache-Control"], name
        assert page["X-Robots-Tag"] == "noindex, nofollow"


# --- Preferences -----------------------------------------------------------------------


def test_a_subscriber_changes_sections_and_frequency_on_the_preferences_page(client):
    subscriber = _subscriber()
    url = reverse("roundup:preferences", args=[subscriber.token])
    page = client.get(url).content.decode()
    assert "reader@example.org" in page
    assert reverse("roundup:unsubscribe", args=[subscriber.token]) in page

    answer = client.post(url, {"sections": ["international"], "frequency": "weekly"})
    assert answer.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.sections == [NewsRegion.INTERNATIONAL]
    assert subscriber.frequency == Subscriber.Frequency.WEEKLY
    assert "Saved" in client.get(answer["Location"]).content.decode()
    assert AuditEntry.objects.filter(
        object_type="roundup.subscriber", action=AuditAction.UPDATE
    ).exists()

    assert client.post(url, {"sections": [], "frequency": "daily"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.frequency == Subscriber.Frequency.WEEKLY


def test_the_preferences_page_of_someone_unsubscribed_offers_only_signing_up(client):
    subscriber = _subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    url = reverse("roundup:preferences", args=[subscriber.token])
    page = client.get(url).content.decode()
    assert "does not receive the round-up" in page
    assert 'name="frequency"' not in page
    client.post(url, {"sections": ["uk"], "frequency": "weekly"})
    subscriber.refresh_from_db()
    assert subscriber.frequency == Subscriber.Frequency.DAILY


# --- Who receives an edition ------------------------------------------------------------


def test_only_confirmed_subscribers_who_want_a_section_and_are_not_suppressed_receive_it():
    everything = _subscriber("all@example.org")
    uk_only = _subscriber("uk@example.org", sections=["uk"])
    _subscriber("europe@example.org", sections=["europe"])
    _subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    _subscriber("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    _subscriber("Bounced@Example.org")
    Suppression.objects.create(email="bounced@example.org", reason=Suppression.Reason.HARD_BOUNCE)
    weekly = _subscriber("weekly@example.org", frequency=Subscriber.Frequency.WEEKLY)

    assert list(subscriber_selectors.confirmed_recipients({"uk"})) == [everything, uk_only, weekly]
    assert list(subscriber_selectors.confirmed_recipients({"international"})) == [
        everything,
        weekly,
    ]
    assert list(
        subscriber_selectors.confirmed_recipients({"uk"}, frequency=Subscriber.Frequency.WEEKLY)
    ) == [weekly]
    assert subscriber_selectors.is_suppressed("BOUNCED@example.org")
    assert not subscriber_selectors.is_suppressed("all@example.org")


def test_the_confirmation_email_carries_no_text_the_visitor_typed(client, mailoutbox):
    typed = "Win a prize at https://prize.example.net <b>now</b>"
    client.post(SIGN_UP, _form(email="victim@example.org", name=typed, organisation=typed))

    [message] = mailoutbox
    html = message.alternatives[0].content
    assert message.body.startswith("Hello,\n")
    assert "<p>Hello,</p>" in html
    for text in (message.subject, message.body, html):
        assert "prize" not in text and "Win a" not in text


def test_the_already_subscribed_email_does_not_greet_by_the_stored_name(client, mailoutbox):
    _subscriber("reader@example.org", name="Mallory <script>")
    client.post(SIGN_UP, _form(email="reader@example.org"))

    [message] = mailoutbox
    assert "Mallory" not in message.body and "Mallory" not in message.alternatives[0].content


# --- A stranger who types someone else's address ----------------------------------------


def _stored(subscriber: Subscriber) -> tuple[object, ...]:
    subscriber.refresh_from_db()
    consents = list(subscriber.consents.values_list("given_at", "wording", "confirmed_at"))
    return (
        subscriber.status,
        subscriber.name,
        subscriber.organisation,
        subscriber.sections,
        subscriber.frequency,
        subscriber.signup_requested_at,
        consents,
    )


def test_signing_up_a_pending_address_again_changes_nothing_until_confirmed(client, mailoutbox):
    client.post(SIGN_UP, _form(email="amira@example.org", sections=["uk"], frequency="daily"))
    pending = Subscriber.objects.get()
    before = _stored(pending)
    audit_rows = AuditEntry.objects.count()

    SignUpClient(REMOTE_ADDR="203.0.113.9").post(
        SIGN_UP,
        _form(
            email="AMIRA@example.org",
            name="Someone Else",
            organisation="Elsewhere",
            sections=["europe"],
            frequency="weekly",
        ),  # fmt: skip
    )

    assert _stored(pending) == before
    assert AuditEntry.objects.count() == audit_rows
    # The confirmation goes again to the address, and only confirming applies the new choice.
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["amira@example.org"]
    assert "Someone Else" not in mailoutbox[1].body
    link = _confirm_link(mailoutbox[1])
    assert "Weekly digest, Europe" in client.get(link).content.decode()
    client.post(link)
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.CONFIRMED
    assert (pending.sections, pending.frequency) == (["europe"], "weekly")
    assert (pending.name, pending.organisation) == ("Amira Example", "Example Refugee Forum")
    # The first link confirms what was stored: here, nothing more to do.
    assert pending.consents.get().confirmed_at is not None


def test_signing_up_an_unsubscribed_address_again_changes_nothing_until_confirmed(
    client, mailoutbox
):
    gone = _subscriber(
        "back@example.org", name="Amira Example", sections=["uk"], confirmed_at=timezone.now()
    )
    subscriber_services.subscriber_unsubscribe(subscriber=gone, how="unsubscribe page")
    before = _stored(gone)

    client.post(SIGN_UP, _form(email="back@example.org", name="Mallory", sections=["europe"]))

    assert _stored(gone) == before
    assert gone.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber_selectors.is_suppressed("back@example.org")
    # The old confirmation address, without the signed request, confirms no one.
    plain = reverse("roundup:subscribe_confirm", args=[gone.token])
    client.post(plain)
    assert _stored(gone) == before
    # A tampered request confirms no one either.
    link = _confirm_link(mailoutbox[-1])
    assert client.post(link[:-3] + "abc").status_code == 410
    assert _stored(gone) == before

    client.post(link)

    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.CONFIRMED and gone.name == "Amira Example"
    assert gone.sections == ["europe"]
    consent = gone.consents.get()
    assert consent.wording == CONSENT_WORDING and consent.confirmed_at == gone.confirmed_at


def test_a_sign_up_link_for_someone_unsubscribed_expires_after_seven_days(client, mailoutbox):
    gone = _subscriber("back@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    client.post(SIGN_UP, _form(email="back@example.org"))
    link = _confirm_link(mailoutbox[-1])

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, hours=1)):
        assert client.get(link).status_code == 410
        client.post(link)

    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.UNSUBSCRIBED


def test_a_pending_sign_up_whose_link_expired_starts_again_with_the_new_details(client, mailoutbox):
    client.post(SIGN_UP, _form(email="late@example.org", name="First Try"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        client.post(SIGN_UP, _form(email="late@example.org", name="Second Try"))
        client.post(_confirm_link(mailoutbox[-1]))
        subscriber = Subscriber.objects.get()
        assert subscriber.status == Subscriber.Status.CONFIRMED
        assert subscriber.name == "Second Try"


def test_the_sign_up_page_does_the_same_work_whatever_the_address(settings, mailoutbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    _subscriber("confirmed@example.org")
    _subscriber("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    Suppression.objects.create(email="bounced@example.org", reason=Suppression.Reason.HARD_BOUNCE)
    stored = Subscriber.objects.count()

    queries = {}
    for email in ("new@example.org", "pending@example.org", "confirmed@example.org",
                  "gone@example.org", "bounced@example.org"):  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            SignUpClient().post(SIGN_UP, _form(email=email))
        queries[email] = len(captured)

    assert len(set(queries.values())) == 1, queries
    # Nothing about any address was looked up, written or mailed by the page itself.
    assert mailoutbox == [] and Subscriber.objects.count() == stored
    queued = DBTaskResult.objects.filter(task_path__endswith="sign_up")
    assert queued.count() == 5
    for task_row in queued:
        assert "@example.org" not in str(task_row.args_kwargs)

    # The worker does the rest.
    from chorus.roundup.subscribers import signup

    for task_row in queued.order_by("enqueued_at"):
        signup.sign_up.call(*task_row.args_kwargs["args"])
    assert sorted(m.to[0] for m in mailoutbox) == [
        "confirmed@example.org", "gone@example.org", "new@example.org", "pending@example.org",
    ]  # fmt: skip
