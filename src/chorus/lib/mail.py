"""Every message Chorus sends is built here, and sent through Django's mailers.

A message is always multipart/alternative: a plain-text part and an HTML part whose
CSS is inlined (several common mail clients drop or ignore `<style>` blocks; `@media`
rules for dark mode and narrow screens stay in a `<style>`). It carries a Message-ID
in the site's domain, and mailing-list messages carry List-Id and the one-click
unsubscribe headers of RFC 8058.

Nothing a person typed reaches a header unchecked: subjects are folded onto one line,
and any other header value or address with a line break is refused (`HeaderError`),
so no value can add a header (a `Bcc:`) of its own.

Sending uses the mailer aliases of the `MAILERS` setting (SMTP, the console in
development, an email service through anymail where configured). For a send to very
many people, `FastMessages` builds the same message as bytes in a fraction of the time,
and `ReusedConnection` hands them to one open SMTP connection.

This module imports no Chorus app: apps hand it their subject, templates and context.
"""

from __future__ import annotations

import binascii
import email.policy
import logging
import re
import secrets
import smtplib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

# RFC 8058: the body a mail client POSTs to the List-Unsubscribe address.
ONE_CLICK_BODY = "List-Unsubscribe=One-Click"

# Keep the @media rules (dark mode, narrow screens) in a <style>; everything else is
# inlined, because several common clients drop or ignore <style> blocks.
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)

_HEADER_NAME = re.compile(r"^[!-9;-~]+$")  # RFC 5322 field name: printable ASCII, no colon
_ID_PART = re.compile(r"^[A-Za-z0-9-]+$")


class HeaderError(ValueError):
    """A header value or address that would break the message's headers."""


@dataclass(frozen=True)
class Content:
    """What a message says: its subject, plain text and HTML (CSS already inlined)."""

    subject: str
    text: str
    html: str


# --- Pieces -----------------------------------------------------------------------------


def site_domain() -> str:
    """The site's own domain (from CHORUS_PUBLIC_URL), for Message-IDs."""
    return urlsplit(settings.CHORUS_PUBLIC_URL).hostname or "localhost"


def one_line(value: str) -> str:
    """A subject as one line: any run of whitespace (line breaks included) is one space."""
    return " ".join(str(value).split())


def check_header(name: str, value: str) -> str:
    """`value` if it is safe as the header `name`; HeaderError if it could add a header."""
    if not _HEADER_NAME.match(name):
        raise HeaderError(f"“{name}” is not a header name.")
    if "\r" in value or "\n" in value or "\0" in value:
        raise HeaderError(f"The {name} header cannot contain a line break.")
    return value


def check_address(address: str) -> str:
    """`address` if it is one plain email address; HeaderError otherwise."""
    check_header("To", address)
    if "@" not in parseaddr(address)[1] or "," in parseaddr(address)[1]:
        raise HeaderError("This is not an email address.")
    return address


def inline_css(html: str) -> str:
    return _INLINER.inline(html)


def render(
    *, subject: str, html_template: str, text_template: str, context: Mapping[str, Any]
) -> Content:
    """Render a message's two parts from templates; the subject is folded onto one line."""
    return Content(
        subject=one_line(subject),
        text=render_to_string(text_template, dict(context)),
        html=inline_css(render_to_string(html_template, dict(context))),
    )


def message_id(*parts: object, stable: bool = False) -> str:
    """A Message-ID in the site's domain: `<part.part.token@domain>`.

    `stable`: the same parts always give the same Message-ID (a message sent again after
    a crash then carries the Message-ID it had, which many mail systems use to fold the
    two into one). Otherwise the token is random.
    """
    label = ".".join(str(part) for part in parts)
    if not all(_ID_PART.match(str(part)) for part in parts):
        raise HeaderError("A Message-ID is made of letters, digits and hyphens.")
    if stable:
        token = salted_hmac("chorus.mail.message-id", label, algorithm="sha256").hexdigest()[:16]
    else:
        token = secrets.token_hex(8)
    return f"<{label}.{token}@{site_domain()}>"


def list_headers(*, list_id: str, unsubscribe_url: str = "") -> dict[str, str]:
    """List-Id (RFC 2919), and with an unsubscribe address the RFC 8058 one-click pair."""
    headers = {"List-Id": list_id}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = ONE_CLICK_BODY
    return headers


# --- Whole messages ---------------------------------------------------------------------


def build(
    content: Content,
    *,
    to: Sequence[str],
    from_email: str = "",
    headers: Mapping[str, str] | None = None,
    message_id_parts: Sequence[object] = ("chorus",),
    auto_submitted: bool = False,
) -> EmailMultiAlternatives:
    """The message: text and HTML parts, checked headers, a Message-ID in the site's domain.

    `headers` may carry a Message-ID of its own (one that must stay the same when sent
    again); otherwise one is made from `message_id_parts`. `auto_submitted` marks mail
    no person wrote (RFC 3834), so that auto-responders do not answer it.
    """
    all_headers = {
        "Message-ID": message_id(*message_id_parts),
        **(dict(headers) if headers else {}),
    }
    if auto_submitted:
        all_headers["Auto-Submitted"] = "auto-generated"
    for name, value in all_headers.items():
        check_header(name, value)
    sender = from_email or settings.DEFAULT_FROM_EMAIL
    check_address(sender)
    message = EmailMultiAlternatives(
        subject=one_line(content.subject),
        body=content.text,
        from_email=sender,
        to=[check_address(address) for address in to],
        headers=all_headers,
    )
    message.attach_alternative(content.html, "text/html")
    return message


def send(message: EmailMultiAlternatives, *, using: str = "default") -> int:
    """Send through the mailer `using` (an alias of the MAILERS setting). Errors propagate."""
    return message.send(using=using)


# --- The same message, built fast -------------------------------------------------------
#
# Python's email package takes several milliseconds to serialise one message of the
# round-up's size, which alone would cap a send near 150 messages a second. The headers
# every message shares are folded and encoded once by the email package itself; each
# message then only adds its own ASCII headers and its two parts, quoted-printable
# encoded in C. A message that needs anything more (an address or header that is not
# plain ASCII) gets None, and the caller uses `build` instead.

_QP_PART = (
    b'Content-Type: text/%s; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
)


def _plain_header(name: str, value: str) -> bytes | None:
    if not value.isascii():
        return None
    check_header(name, value)
    return f"{name}: {value}\r\n".encode("ascii")


def _qp(text: str) -> bytes:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Each part ends with a line break of its own, as the email package writes it.
    lines = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    return binascii.b2a_qp(lines).replace(b"\n", b"\r\n")


class FastMessages:
    """Messages sharing a sender and subject, built as the bytes that go over SMTP.

    Each is the message `build` would make (the tests compare them), with its Date,
    its recipient and its own headers.
    """

    def __init__(self, *, subject: str, from_email: str) -> None:
        check_address(from_email)
        # "=" never appears in quoted-printable text unescaped, so no part can contain it.
        self.boundary = f"==chorus-{secrets.token_hex(12)}==".encode("ascii")
        head = EmailMessage(policy=email.policy.SMTP)
        head["From"] = from_email
        head["Subject"] = one_line(subject)
        head["MIME-Version"] = "1.0"
        head["Content-Type"] = f'multipart/alternative; boundary="{self.boundary.decode()}"'
        self.head = b"".join(head.policy.fold_binary(name, value) for name, value in head.items())

    def build(self, *, to: str, text: str, html: str, headers: Mapping[str, str]) -> bytes | None:
        """One message's bytes; None when it needs the email package (not plain ASCII)."""
        own = {"To": check_address(to), "Date": formatdate(usegmt=True), **headers}
        lines: list[bytes] = []
        for name, value in own.items():
            line = _plain_header(name, value)
            if line is None:
                return None
            lines.append(line)
        separator = b"--" + self.boundary + b"\r\n"
        return b"".join(
            [
                self.head,
                *lines,
                b"\r\n",
                separator,
                _QP_PART % b"plain",
                _qp(text),
                b"\r\n",
                separator,
                _QP_PART % b"html",
                _qp(html),
                b"\r\n--" + self.boundary + b"--\r\n",
            ]
        )


class ReusedConnection:
    """One connection to the mail server, reused for every message of a long send.

    With Django's SMTP backend, bytes from `FastMessages` go straight to the open
    connection; any other backend (the console in development, an email service through
    anymail) gets the message `build` makes.
    """

    def __init__(self, *, using: str = "default") -> None:
        self.backend = mail.mailers[using]
        self.smtp = self.backend if isinstance(self.backend, SmtpBackend) else None
        self._senders: dict[str, str] = {}

    def open(self) -> None:
        self.backend.open()

    def send(
        self,
        *,
        from_email: str,
        to: str,
        raw: Callable[[], bytes | None],
        message: Callable[[], EmailMultiAlternatives],
    ) -> None:
        """Send one message: `raw()` over SMTP when it gives bytes, else `message()`."""
        if self.smtp is not None:
            data = raw()
            if data is not None:
                if from_email not in self._senders:
                    self._senders[from_email] = self.smtp.prep_address(from_email)
                recipient = self.smtp.prep_address(to)
                if self.smtp.connection is None:
                    raise smtplib.SMTPServerDisconnected("Not connected to the mail server.")
                self.smtp.connection.sendmail(self._senders[from_email], [recipient], data)
                return
        if not self.backend.send_messages([message()]):
            raise smtplib.SMTPException("The mail backend did not accept the message.")

    def reset(self) -> None:
        try:
            self.backend.close()
        except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is dropped
            logger.debug("Closing a broken mail connection failed", exc_info=True)
        # Django's SMTP backend keeps a dead connection object after some failures.
        if hasattr(self.backend, "connection"):
            self.backend.connection = None
