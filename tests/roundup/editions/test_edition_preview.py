"""The edition preview shows the email as subscribers receive it, and sends a test to oneself."""

from __future__ import annotations

import datetime
import email
import email.policy
import smtplib

import pytest
from django.urls import reverse

from chorus.accounts.roles import Role
from chorus.monitoring.models import NewsRegion
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.roundup.models import Edition, EditionItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.CHORUS_PUBLIC_URL = "https://chorus.example.org"
    settings.ROUNDUP_FROM_EMAIL = "Round-up <roundup@chorus.example.org>"
    settings.ROUNDUP_LIST_ID = "Daily round-up <roundup.chorus.example.org>"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def edition() -> Edition:
    edition = Edition.objects.create(
        issue_date=datetime.date(2026, 11, 23),
        title="Migration news round-up, Monday 23 November 2026",
        intro="A busy weekend in the Channel.",
    )
    for position, (headline, included) in enumerate(
        [("Dozens rescued from dinghy in the Channel", True), ("Left out story", False)]
    ):
        EditionItem.objects.create(
            edition=edition,
            section=NewsRegion.UK,
            position=position,
            headline=headline,
            url="https://news.example.org/story-" + str(position),
            outlets="BBC and ITV",
            summary="The first line of the report.",
            included=included,
        )
    return edition


def test_the_preview_shows_the_plain_text_and_frames_the_html_part(client_for, edition):
    client = client_for(Role.READ_ONLY)
    page = client.get(reverse("roundup:edition_preview", args=[edition.pk])).content.decode()

    assert "Dozens rescued from dinghy in the Channel" in page
    assert "Left out story" not in page
    assert "https://news.example.org/story-0" in page  # the text part's link, as written
    assert "Daily round-up &lt;roundup.chorus.example.org&gt;" in page
    frame = reverse("roundup:edition_preview_html", args=[edition.pk])
    assert f'src="{frame}"' in page and "<iframe" in page and "sandbox" in page
    # A role that may not change the round-up gets no test button.
    assert "Send a test to me" not in page

    answer = client.get(frame)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'href="https://news.example.org/story-0"' in html
    assert "Left out story" not in html
    assert 'style="' in html  # the CSS is inlined, as in the email
    policy = answer["Content-Security-Policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "sandbox" in policy and "frame-ancestors 'self'" in policy
    assert answer["X-Frame-Options"] == "SAMEORIGIN"


def test_send_a_test_goes_to_the_staff_members_own_address_and_is_audited(
    client_for, users, edition, mailoutbox
):
    coordinator = users[Role.COORDINATOR]
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    client = client_for(Role.COORDINATOR)
    preview = reverse("roundup:edition_preview", args=[edition.pk])
    assert "Send a test to me" in client.get(preview).content.decode()

    answer = client.post(
        reverse("roundup:edition_send_test", args=[edition.pk]),
        {"to": "someone-else@example.org"},  # ignored: it only ever goes to one's own address
        follow=True,
    )

    assert "A test of this edition went to coordinator@example.org." in answer.content.decode()
    [sent] = mailoutbox
    message = email.message_from_bytes(sent.message().as_bytes(), policy=email.policy.default)
    assert message["To"] == "coordinator@example.org"
    assert message.get_all("Bcc") is None and message.get_all("Cc") is None
    assert message["Subject"] == "[Test] Migration news round-up, Monday 23 November 2026"
    assert message["From"] == "Round-up <roundup@chorus.example.org>"
    assert message["List-Id"] == "Daily round-up <roundup.chorus.example.org>"
    assert message["Message-ID"].endswith("@chorus.example.org>")
    assert message.get_content_type() == "multipart/alternative"
    for kind in ("plain", "html"):
        body = message.get_body(preferencelist=(kind,)).get_content()
        assert "Dozens rescued from dinghy in the Channel" in body
        assert "Left out story" not in body
    assert (
        "You receive the round-up at coordinator@example.org"
        in message.get_body(preferencelist=("plain",)).get_content()
    )
    entry = AuditEntry.objects.get(object_type="roundup.edition", action=AuditAction.EXPORT)
    assert entry.actor == coordinator and entry.object_id == str(edition.pk)


def test_no_test_is_sent_without_an_own_address_or_when_the_server_refuses(
    client_for, users, edition, mailoutbox, monkeypatch
):
    client = client_for(Role.VOLUNTEER)
    url = reverse("roundup:edition_send_test", args=[edition.pk])
    answer = client.post(url, follow=True)
    assert "Your account has no email address" in answer.content.decode()
    assert mailoutbox == []

    volunteer = users[Role.VOLUNTEER]
    volunteer.email = "volunteer@example.org"
    volunteer.save()

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.message.EmailMessage.send", refuse)
    answer = client.post(url, follow=True)
    assert "The mail server did not take the test" in answer.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.MEDIA_OFFICER, Role.DIGITAL_OFFICER])
def test_roles_that_may_not_change_the_round_up_cannot_send_a_test(
    client_for, users, edition, mailoutbox, role
):
    users[role].email = "staff@example.org"
    users[role].save()
    answer = client_for(role).post(reverse("roundup:edition_send_test", args=[edition.pk]))
    assert answer.status_code == 403
    assert mailoutbox == []


def test_a_title_with_line_breaks_cannot_add_headers_to_the_test(
    client_for, users, edition, mailoutbox
):
    Edition.objects.filter(pk=edition.pk).update(title="Round-up\r\nBcc: victim@example.org")
    users[Role.ADMIN].email = "admin@example.org"
    users[Role.ADMIN].save()

    client_for(Role.ADMIN).post(reverse("roundup:edition_send_test", args=[edition.pk]))

    [sent] = mailoutbox
    message = email.message_from_bytes(sent.message().as_bytes(), policy=email.policy.default)
    assert message.get_all("Bcc") is None
    assert message["Subject"] == "[Test] Round-up Bcc: victim@example.org"
    assert sent.recipients() == ["admin@example.org"]
