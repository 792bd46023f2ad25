"""The mail a registration gets, built with lib.mail and sent by a task.

Messages greet no one by name and quote nothing anyone typed on the public page (the
address is the only thing a visitor chooses): a stranger who signs someone else up can
only make Chorus send that address its own link. Mail a visitor can cause (the link to
confirm, "you are already registered") is limited per address per day. Confirmations
carry the session as an iCalendar file with a reminder alarm.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from chorus.lib import mail
from chorus.training.calendar import attendee_ics
from chorus.training.models import Registration, Session
from chorus.training.registrations import CONFIRM_DAYS, registration_mark_sent

logger = logging.getLogger(__name__)
VISITOR_MAILS_PER_ADDRESS_PER_DAY = 3


@dataclass(frozen=True)
class Wording:
    subject: str
    lines: tuple[str, ...]
    button: str = ""
    page: str = "place"  # the page the button opens: the person's place, or feedback
    with_calendar: bool = False
    visitor_caused: bool = False


WORDING = {
    "confirm": Wording(
        subject="Confirm your place: {name}",
        lines=(
            "Someone, hopefully you, asked for a place on {name} with this address.",
            f"Confirm it within {CONFIRM_DAYS} days with the button below. If you did not "
            "ask, ignore this email: nothing happens.",
        ),
        button="Confirm my place",
        visitor_caused=True,
    ),
    "already": Wording(
        subject="Your place: {name}",
        lines=(
            "Someone asked for a place on {name} with this address, which is already on "
            "the list. Nothing has changed.",
            "Your place, and how to cancel it, is one click away.",
        ),
        button="See my place",
        visitor_caused=True,
    ),
    "registered": Wording(
        subject="You have a place: {name}",
        lines=(
            "You have a place on {name}, {when}.",
            "The attached calendar file adds it to your calendar with a reminder. If you "
            "cannot come, please cancel so that someone on the waiting list can have it.",
        ),
        button="See or cancel my place",
        with_calendar=True,
    ),
    "waiting": Wording(
        subject="You are on the waiting list: {name}",
        lines=(
            "{name}, {when}, is full, so you are on the waiting list.",
            "If a place frees up we will email you, and hold it for you for a while.",
        ),
        button="See my place on the list",
    ),
    "offered": Wording(
        subject="A place is free for you: {name}",
        lines=(
            "A place has come free on {name}, {when}.",
            "It is held for you until {hold}. Take it with the button below; after that it "
            "goes to the next person waiting.",
        ),
        button="Take the place",
    ),
    "cancelled": Wording(
        subject="Cancelled: {name}",
        lines=("Your place on {name}, {when}, is cancelled. Thank you for letting us know.",),
    ),
    "reminder": Wording(
        subject="Tomorrow: {name}",
        lines=("A reminder that {name} is {when}.", "{where}"),
        button="See or cancel my place",
        with_calendar=True,
    ),
    "follow_up": Wording(
        subject="Thank you for coming: {name}",
        lines=(
            "Thank you for taking part in {name}.",
            "Tell us how it went in a two-minute form: it helps us make the next one better. "
            "Your certificate of attendance is on the same page as your place.",
        ),
        button="Give feedback",
        page="feedback",
    ),
}


def _when(session: Session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return f"on {start:%A} {start.day} {start:%B %Y}, {start:%H:%M}–{end:%H:%M}"


def _where(session: Session) -> str:
    if session.place:
        return f"Where: {session.place}."
    if session.online_url:
        return f"Online: {session.online_url}"
    return ""


def _may_mail(address: str) -> bool:
    key = "training:visitor-mail:" + hashlib.sha256(address.lower().encode("utf-8")).hexdigest()
    cache.add(key, 0, timeout=24 * 60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=24 * 60 * 60)
        count = 1
    return count <= VISITOR_MAILS_PER_ADDRESS_PER_DAY


def page_url(registration: Registration, page: str = "place") -> str:
    name = "training:feedback" if page == "feedback" else "training:place"
    return settings.CHORUS_PUBLIC_URL + reverse(name, args=[registration.token])


def content(kind: str, registration: Registration) -> mail.Content:
    wording = WORDING[kind]
    session = registration.session
    hold = timezone.localtime(registration.hold_until) if registration.hold_until else None
    values = {
        "name": session.name,
        "when": _when(session),
        "where": _where(session),
        "hold": f"{hold:%H:%M} on {hold:%A} {hold.day} {hold:%B}" if hold else "",
    }
    subject = wording.subject.format(**values)
    context = {
        "subject": subject,
        "lines": [line.format(**values) for line in wording.lines if line.format(**values)],
        "button": wording.button,
        "url": page_url(registration, wording.page) if wording.button else "",
        "session": session,
        "online_url": session.online_url
        if kind in ("registered", "reminder") and registration.status == "registered"
        else "",
    }
    return mail.render(
        subject=subject,
        html_template="training/email/message.html",
        text_template="training/email/message.txt",
        context=context,
    )


def send(kind: str, registration: Registration) -> bool:
    """Send one message of `kind` to the registration's address. False when not sent."""
    if not registration.email:
        return False
    wording = WORDING[kind]
    if wording.visitor_caused and not _may_mail(registration.email):
        return False
    message = mail.build(
        content(kind, registration),
        to=[registration.email],
        message_id_parts=("training", kind.replace("_", "-"), registration.pk),
        auto_submitted=True,
    )
    if wording.with_calendar:
        message.attach(
            "session.ics", attendee_ics(registration.session), "text/calendar; method=PUBLISH"
        )
    try:
        mail.send(message)
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning(
            "Training mail %s to registration #%s failed: %s", kind, registration.pk, type(exc)
        )
        return False
    if kind in ("reminder", "follow_up"):
        registration_mark_sent(registration=registration, field=f"{kind}_sent_at")
    return True
