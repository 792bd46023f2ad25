"""The staff pages of a send: schedule with a confirmation, watch it, pause and resume."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from chorus.accounts.roles import Role
from chorus.privacy.models import AuditEntry
from chorus.roundup.delivery import sending
from chorus.roundup.delivery import services as delivery
from chorus.roundup.models import Edition, Recipient, Send, Subscriber
from tests.roundup.delivery.test_delivery import SmtpServer, approved_edition, readers, subscriber

pytestmark = pytest.mark.django_db

R = Recipient.Status


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.start()
    settings.MAILERS = server.mailers()
    yield server
    server.stop()


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_scheduling_asks_for_confirmation_saying_how_many_will_receive_it(client_for):
    readers(3)
    subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    edition = approved_edition()
    client = client_for(Role.COORDINATOR)
    url = reverse("roundup:send_schedule", args=[edition.pk])
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    page = client.get(url)
    assert page.status_code == 200
    assert "It would go to 3 subscribers" in page.content.decode()

    confirm = client.post(url, {"send_at": local_input(tomorrow)})
    text = confirm.content.decode()
    assert "will go to <strong>3 subscribers</strong>" in text
    assert not Send.objects.exists()

    done = client.post(url, {"send_at": local_input(tomorrow), "confirm": "yes"})

    send = Send.objects.get(edition=edition)
    assert done.status_code == 302 and done["Location"] == reverse(
        "roundup:send_detail", args=[send.pk]
    )
    assert send.status == Send.Status.SCHEDULED
    assert local_input(send.send_at) == local_input(tomorrow)
    assert Recipient.objects.filter(send=send).count() == 3
    assert AuditEntry.objects.filter(object_type="roundup.send", actor__role=Role.COORDINATOR)


def test_the_schedule_form_offers_the_editions_own_time_first(client_for):
    edition = approved_edition()
    seven = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=1)
    Edition.objects.filter(pk=edition.pk).update(send_at=seven)

    page = client_for(Role.ADMIN).get(reverse("roundup:send_schedule", args=[edition.pk]))

    assert f'value="{local_input(seven)}"' in page.content.decode()


def test_sending_now_starts_at_once(client_for):
    readers(2)
    edition = approved_edition()
    client = client_for(Role.COORDINATOR)

    client.post(
        reverse("roundup:send_schedule", args=[edition.pk]),
        {"send_at": local_input(timezone.now()), "confirm": "yes"},
    )

    send = Send.objects.get(edition=edition)
    assert send.status == Send.Status.SENDING
    edition.refresh_from_db()
    assert edition.status == Edition.Status.SENDING


def test_a_draft_cannot_be_scheduled_from_the_page(client_for):
    edition = approved_edition()
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
    client = client_for(Role.COORDINATOR)
    url = reverse("roundup:send_schedule", args=[edition.pk])

    assert "Approve it on the editor" in client.get(url).content.decode()
    client.post(url, {"send_at": local_input(timezone.now()), "confirm": "yes"})

    assert not Send.objects.exists()


def test_a_time_long_past_is_refused(client_for):
    edition = approved_edition()
    response = client_for(Role.COORDINATOR).post(
        reverse("roundup:send_schedule", args=[edition.pk]),
        {"send_at": local_input(timezone.now() - datetime.timedelta(hours=3)), "confirm": "yes"},
    )

    assert "That time has passed" in response.content.decode()
    assert not Send.objects.exists()


def test_the_send_page_shows_progress_that_refreshes_itself(client_for, smtp):
    readers(4)
    send = delivery.send_schedule(
        edition=approved_edition(), actor=None, send_at=timezone.now(), enqueue=False
    )
    sending.send_deliver(send_id=send.pk, stop_after=3)
    client = client_for(Role.VOLUNTEER)

    page = client.get(reverse("roundup:send_detail", args=[send.pk]))
    text = page.content.decode()

    progress_url = reverse("roundup:send_progress", args=[send.pk])
    assert f'data-url="{progress_url}"' in text
    assert '<progress id="send-progress-bar"' in text and 'max="4" value="3"' in text
    assert '<dd data-count="sent">3</dd>' in text
    state = client.get(progress_url).json()
    assert state["counts"]["sent"] == 3 and state["total"] == 4
    assert state["status"] == "sending" and state["percent"] == 75.0
    # The page's script polls that endpoint (no inline script: CSP forbids it).
    script = (Path(settings.BASE_DIR) / "static" / "chorus" / "chorus.js").read_text()
    assert "data-send-progress" in script and "<script>" not in text.split("</head>")[1]


def test_pause_and_resume_ask_first_then_change_the_send(client_for):
    readers(2)
    send = delivery.send_schedule(
        edition=approved_edition(), actor=None, send_at=timezone.now(), enqueue=False
    )
    client = client_for(Role.COORDINATOR)
    pause_url = reverse("roundup:send_pause", args=[send.pk])

    question = client.get(pause_url)
    assert "Pause this send?" in question.content.decode()
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING

    client.post(pause_url)
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    page = client.get(reverse("roundup:send_detail", args=[send.pk])).content.decode()
    assert reverse("roundup:send_resume", args=[send.pk]) in page

    client.post(reverse("roundup:send_resume", args=[send.pk]))
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING


def test_volunteers_may_watch_but_not_pause(client_for):
    readers(1)
    send = delivery.send_schedule(
        edition=approved_edition(), actor=None, send_at=timezone.now(), enqueue=False
    )
    client = client_for(Role.VOLUNTEER)

    assert client.get(reverse("roundup:send_detail", args=[send.pk])).status_code == 200
    assert client.post(reverse("roundup:send_pause", args=[send.pk])).status_code == 403
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING


def test_failed_and_skipped_addresses_are_listed_for_those_who_see_subscribers(client_for, smtp):
    fine, gone = readers(2)
    smtp.recorder.replies[gone.email] = ["550 5.1.1 No such mailbox"]
    send = delivery.send_schedule(
        edition=approved_edition(), actor=None, send_at=timezone.now(), enqueue=False
    )
    sending.send_deliver(send_id=send.pk)
    url = reverse("roundup:send_detail", args=[send.pk])

    coordinator_page = client_for(Role.COORDINATOR).get(url).content.decode()
    volunteer_page = client_for(Role.VOLUNTEER).get(url).content.decode()

    assert gone.email in coordinator_page and "550 5.1.1 No such mailbox" in coordinator_page
    assert fine.email not in coordinator_page
    # Volunteers see how many and why, never whose address.
    assert gone.email not in volunteer_page
    assert "1 failed (mailbox unavailable): 550 5.1.1 No such mailbox" in volunteer_page


def test_the_list_of_sends_links_to_each(client_for):
    send = delivery.send_schedule(
        edition=approved_edition(),
        actor=None,
        send_at=timezone.now() + datetime.timedelta(hours=1),
    )
    page = client_for(Role.READ_ONLY).get(reverse("roundup:send_list"))
    assert page.status_code == 403
    page = client_for(Role.COORDINATOR).get(reverse("roundup:send_list"))
    assert reverse("roundup:send_detail", args=[send.pk]) in page.content.decode()
