"""Sessions as iCalendar (RFC 5545): the public feed, and the file each confirmation carries.

Built with the `icalendar` library. Each session is one VEVENT whose UID stays the same
for the session, so a calendar app updates the event it already has. The file sent to
someone with a place carries a VALARM that reminds them an hour before, and the online
link; the public feed carries neither.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from chorus.training.models import Session

REMINDER_BEFORE = datetime.timedelta(hours=1)


def _domain() -> str:
    return urlsplit(settings.CHORUS_PUBLIC_URL).hostname or "localhost"


def _event(session: Session, *, for_attendee: bool) -> Event:
    event = Event()
    event.add("uid", f"training-session-{session.pk}@{_domain()}")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", session.name)
    event.add("location", session.place or ("Online" if session.online_url else ""))
    details = [f"Language: {session.language}"]
    if session.interpreter:
        details.append(f"Interpreting: {session.interpreter}")
    if session.speakers:
        details.append(f"With {session.speakers}")
    if for_attendee and session.online_url:
        details.append(f"Join online: {session.online_url}")
        event.add("url", session.online_url)
    elif session.is_public:
        event.add("url", settings.CHORUS_PUBLIC_URL + reverse("training:book", args=[session.pk]))
    event.add("description", "\n".join(details))
    event.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
    if for_attendee:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Reminder: {session.name}")
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//Chorus//Training//EN//{_domain()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def attendee_ics(session: Session) -> bytes:
    """The file a confirmation carries: the session, its online link and a reminder alarm."""
    calendar = _calendar(session.name)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(session, for_attendee=True))
    return calendar.to_ical()


def public_feed(sessions: Iterable[Session]) -> bytes:
    """The public calendar of upcoming sessions anyone may sign up for."""
    calendar = _calendar("Training and events")
    for session in sessions:
        calendar.add_component(_event(session, for_attendee=False))
    return calendar.to_ical()
