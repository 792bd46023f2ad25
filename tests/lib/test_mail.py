"""chorus.lib.mail: every message as a mail client reads its bytes."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

import pytest

from chorus.lib import mail


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CHORUS_PUBLIC_URL = "https://chorus.example.org"
    settings.DEFAULT_FROM_EMAIL = "Chorus <chorus@mail.example.net>"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def received(message) -> EmailMessage:
    raw = message.message().as_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def content(**fields: str) -> mail.Content:
    return mail.Content(
        subject=fields.get("subject", "Your summary"),
        text=fields.get("text", "Hello in plain text.\n"),
        html=fields.get("html", "<p>Hello in <b>HTML</b>.</p>"),
    )


def test_a_message_is_multipart_alternative_with_a_text_and_an_html_part():
    message = received(mail.build(content(), to=["lead@example.org"]))

    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    assert message.get_body(preferencelist=("plain",)).get_content() == "Hello in plain text.\n"
    assert "<b>HTML</b>" in message.get_body(preferencelist=("html",)).get_content()
    assert message["From"] == "Chorus <chorus@mail.example.net>"
    assert message["To"] == "lead@example.org"
    assert message["Date"] and message["MIME-Version"] == "1.0"


def test_the_message_id_is_well_formed_and_in_the_sites_domain():
    message = received(mail.build(content(), to=["lead@example.org"], message_id_parts=("a", 1)))
    assert re.fullmatch(r"<a\.1\.[0-9a-f]{16}@chorus\.example\.org>", message["Message-ID"])
    # Random unless asked to be stable; stable ids repeat for the same parts.
    assert mail.message_id("a", 1) != mail.message_id("a", 1)
    assert mail.message_id("a", 1, stable=True) == mail.message_id("a", 1, stable=True)
    assert mail.message_id("a", 1, stable=True) != mail.message_id("a", 2, stable=True)
    with pytest.raises(mail.HeaderError):
        mail.message_id("a>\r\nBcc: x@example.org")


def test_list_messages_carry_list_id_and_rfc_8058_one_click_headers():
    headers = mail.list_headers(
        list_id="Daily round-up <roundup.chorus.example.org>",
        unsubscribe_url="https://chorus.example.org/news/unsubscribe/abc/",
    )
    message = received(mail.build(content(), to=["reader@example.org"], headers=headers))

    assert message["List-Id"] == "Daily round-up <roundup.chorus.example.org>"
    assert message["List-Unsubscribe"] == "<https://chorus.example.org/news/unsubscribe/abc/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Without an unsubscribe address there is no one-click header to promise.
    assert mail.list_headers(list_id="x <x.example.org>") == {"List-Id": "x <x.example.org>"}


def test_a_typed_subject_cannot_add_a_header():
    typed = "Hello\r\nBcc: victim@example.org\nX-Evil: 1"
    message = received(mail.build(content(subject=typed), to=["lead@example.org"]))

    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["Subject"] == "Hello Bcc: victim@example.org X-Evil: 1"
    assert message.get_all("To") == ["lead@example.org"]


@pytest.mark.parametrize(
    "to",
    ["lead@example.org\r\nBcc: victim@example.org", "lead@example.org\nX-Evil: 1", "no address"],
)
def test_an_address_with_a_line_break_or_no_address_is_refused(to):
    with pytest.raises(mail.HeaderError):
        mail.build(content(), to=[to])


def test_a_header_value_with_a_line_break_is_refused():
    with pytest.raises(mail.HeaderError):
        mail.build(content(), to=["a@example.org"], headers={"List-Id": "x\r\nBcc: v@example.org"})
    with pytest.raises(mail.HeaderError):
        mail.build(content(), to=["a@example.org"], headers={"Bad: name": "x"})


def test_rendering_inlines_the_css_and_keeps_media_queries(tmp_path, settings):
    (tmp_path / "note.html").write_text(
        "<html><head><style>p { color: #123456; } "
        "@media (prefers-color-scheme: dark) { p { color: #fff !important; } }"
        "</style></head><body><p>{{ words }}</p></body></html>"
    )
    (tmp_path / "note.txt").write_text("{% autoescape off %}{{ words }}{% endautoescape %}\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}
    ]

    rendered = mail.render(
        subject="A\nsubject",
        html_template="note.html",
        text_template="note.txt",
        context={"words": "Tom & <Jerry>"},
    )

    assert rendered.subject == "A subject"
    assert '<p style="color: #123456;">Tom &amp; &lt;Jerry&gt;</p>' in rendered.html
    assert "@media (prefers-color-scheme: dark)" in rendered.html
    assert rendered.text == "Tom & <Jerry>\n"


def test_auto_generated_mail_says_so_and_is_sent_through_the_mailer(mailoutbox):
    sent = mail.send(mail.build(content(), to=["lead@example.org"], auto_submitted=True))

    assert sent == 1
    assert received(mailoutbox[0])["Auto-Submitted"] == "auto-generated"


def test_the_fast_path_gives_the_same_message_as_the_email_package():
    headers = {"Message-ID": mail.message_id("t", 1), "List-Id": "x <x.example.org>"}
    body = content(subject="Café – “news” " * 6, text="Über = 100%\n", html="<p>naïve</p>")
    slow = received(
        mail.build(body, to=["a@example.org"], from_email="R <r@example.org>", headers=headers)
    )
    raw = mail.FastMessages(subject=body.subject, from_email="R <r@example.org>").build(
        to="a@example.org", text=body.text, html=body.html, headers=headers
    )
    assert raw is not None
    fast = email.message_from_bytes(raw, policy=email.policy.default)

    assert fast.get_content_type() == "multipart/alternative"
    for name in ("Subject", "From", "To", "Message-ID", "List-Id"):
        assert fast[name] == slow[name], name
    for kind in ("plain", "html"):
        fast_part = fast.get_body(preferencelist=(kind,)).get_content()
        slow_part = slow.get_body(preferencelist=(kind,)).get_content()
        assert fast_part.replace("\r\n", "\n") == slow_part.replace("\r\n", "\n"), kind
    with pytest.raises(mail.HeaderError):
        mail.FastMessages(subject="s", from_email="r@example.org").build(
            to="a@example.org\r\nBcc: v@example.org", text="", html="", headers={}
        )
