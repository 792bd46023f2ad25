"""Sort a failed message into a class staff can read, and keep the reply without addresses.

Both are worked out once, when the failure is recorded, so no page has to remember to
redact: the ledger never holds a mail server's reply with an address in it.
"""

from __future__ import annotations

import re
import smtplib

from chorus.lib.redact import redact_addresses
from chorus.roundup.delivery.models import DeliveryError

# "5.1.1" in "550 5.1.1 No such mailbox": the enhanced status code (RFC 3463).
_ENHANCED_RE = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_CODE_RE = re.compile(r"^\s*([2-5]\d\d)\b")
# Basic codes that are about the mailbox itself when the server answers RCPT TO.
_MAILBOX_CODES = frozenset({550, 551, 552, 553})
WORKER_STOPPED = "The worker stopped while sending this message"


def classify(kind: str, code: int | None, text: str) -> DeliveryError:
    """The class of a failure: `kind` is recipient, message, invalid or connection."""
    if kind == "connection":
        return DeliveryError.CONNECTION
    if kind == "invalid":
        return DeliveryError.INVALID_ADDRESS
    enhanced = _ENHANCED_RE.search(text or "")
    if enhanced is not None:
        klass, subject = enhanced.group(1), enhanced.group(2)
        if klass == "4":
            return DeliveryError.TEMPORARY
        # X.1.* is about the address, X.2.* about the mailbox (full, disabled).
        if klass == "5" and subject in {"1", "2"}:
            return DeliveryError.MAILBOX_UNAVAILABLE
        if klass == "5":
            return DeliveryError.REJECTED
    if code is not None and 400 <= code < 500:
        return DeliveryError.TEMPORARY
    if code is not None and kind == "recipient" and code in _MAILBOX_CODES:
        return DeliveryError.MAILBOX_UNAVAILABLE
    return DeliveryError.REJECTED


def redacted_reply(code: int | None, text: str, address: str = "") -> str:
    """What is stored and shown: "550 5.1.1 <address>: …", at most 500 characters."""
    detail = f"{code} {text}".strip() if code else text
    return redact_addresses(detail, *([address] if address else []))[:500]


def classify_stored(text: str) -> DeliveryError | None:
    """The class of a failure recorded before classes were stored, from its reply alone."""
    if not text:
        return None
    if text.startswith(WORKER_STOPPED):
        return DeliveryError.INTERRUPTED
    match = _CODE_RE.match(text)
    code = int(match.group(1)) if match else None
    if code is None and not _ENHANCED_RE.search(text):
        lowered = text.lower()
        if "connect" in lowered or "disconnect" in lowered or "timed out" in lowered:
            return DeliveryError.CONNECTION
        if "invalid" in lowered:
            return DeliveryError.INVALID_ADDRESS
        return DeliveryError.REJECTED
    # A refusal at RCPT TO and one of the whole message read alike once stored; the
    # enhanced code, when there is one, tells them apart.
    return classify("recipient", code, text)


def smtp_error(exc: Exception) -> tuple[str, int | None, str]:
    """(kind, code, text) of a failed send: kind is recipient, message, invalid or connection."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()), (None, b""))
        return "recipient", code, _text(text)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "connection", None, str(exc) or "The mail server closed the connection."
    if isinstance(exc, smtplib.SMTPResponseException):
        return "message", exc.smtp_code, _text(exc.smtp_error)
    if isinstance(exc, ValueError):
        return "invalid", None, str(exc)
    if isinstance(exc, OSError):
        return "connection", None, str(exc) or type(exc).__name__
    return "message", None, f"{type(exc).__name__}: {exc}"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
