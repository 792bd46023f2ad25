"""The demo's training and events: invented people, the impact report's figures exactly.

In July 2022 – June 2023 the free masterclasses reach 226 people (named attendees, some
at two classes, plus people counted at the door), 30 bespoke sessions reach 318 people
at 25 client organisations, the Carlisle training day has 10 people (June 2023), the
Channel crossings briefing 40 attendees of whom 22 journalists, and there are 12
monthly comms meetings; 45 of 50 feedback forms say confidence rose (0.9). Stockton's
training day with Asylum Matters (14 people) is in January 2024. An upcoming public
masterclass is full with two people waiting, so the sign-up and the waiting list can be
tried. Every person is invented; organisations and outlets are real names.

Idempotent: a course is found by its title and a session by its course and start, and
a session that exists is left as it is.
"""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any
from zoneinfo import ZoneInfo

from chorus.demo.training.data import (
    BESPOKE_SIZES,
    EXISTING_CLIENTS,
    FIRST,
    LAST,
    LIVED_EXPERIENCE_MASTERCLASSES,
    NEW_CLIENTS,
    PSEUDONYMS,
    SECTOR_MASTERCLASSES,
    SPEAKERS,
)
from chorus.media.models import Outlet, Placement
from chorus.people.models import Organisation, OrganisationKind, Region
from chorus.people.services import organisation_create
from chorus.training import registrations, services
from chorus.training.models import AttendeeKind, Course, CourseKind, Registration, Session
from chorus.voices.models import StorytellerProfile

LONDON = ZoneInfo("Europe/London")
S = Registration.Status
K = AttendeeKind


def _at(day: datetime.date, hour: int, minutes: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minutes, tzinfo=LONDON)


def _person(index: int) -> tuple[str, str]:
    first, last = FIRST[index % len(FIRST)], LAST[(index // len(FIRST)) % len(LAST)]
    return f"{first} {last}", f"{first}.{last}.{index}@example.org".lower()


class _Loader:
    def __init__(self, *, today: datetime.date, users: dict[str, Any], summary: Any) -> None:
        self.today = today
        self.actor = users["coordinator"]
        self.summary = summary
        self.outlets = {outlet.name: outlet for outlet in Outlet.objects.all()}

    def course(self, title: str, kind: str, **fields: Any) -> Course:
        found = Course.objects.filter(title=title).first()
        self.summary.add("Training courses", found is None)
        return found or services.course_create(actor=self.actor, title=title, kind=kind, **fields)

    def session(
        self, course: Course, start: datetime.datetime, hours: float, **fields: Any
    ) -> Session | None:
        """A new session, or None when it is already there (then nothing is added to it).

        Past sessions of the story are made only once their day has come.
        """
        if start.date() > self.today and not fields.get("is_public"):
            return None
        if Session.objects.filter(course=course, starts_at=start).exists():
            self.summary.add("Training sessions", False)
            return None
        self.summary.add("Training sessions", True)
        return services.session_create(
            actor=self.actor,
            course=course,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            **fields,
        )

    def attend(self, session: Session, name: str, email: str = "", **fields: Any) -> Registration:
        return registrations.registration_add(
            actor=self.actor, session=session, status=S.ATTENDED, name=name, email=email, **fields
        )

    def count(
        self, session: Session, kind: str, count: int, outlet: str = "", note: str = ""
    ) -> None:
        services.head_count_record(
            actor=self.actor,
            session=session,
            attendee_kind=kind,
            outlet=self.outlets.get(outlet),
            count=count,
            note=note,
        )

    def feedback(self, session: Session, rose: list[bool], named: list[Registration]) -> None:
        for index, up in enumerate(rose):
            before = 2 + index % 2
            registration = named[index] if index < len(named) else None
            services.feedback_record(
                session=session,
                registration=registration,
                anonymous=registration is None or index % 3 == 0,
                confidence_before=before,
                confidence_after=before + (1 + index % 2 if up else 0),
                language="English" if index % 4 else "English, with an interpreter",
                quote="I finally understand how a newsroom decides what is a story."
                if index % 5 == 0
                else "",
                quote_permission="anonymously" if index % 5 == 0 else "no",
            )


def _rose(forms: int, not_rose: int) -> list[bool]:
    return [index >= not_rose for index in range(forms)]


def _masterclasses(loader: _Loader) -> None:
    course = loader.course(
        "Media masterclass",
        CourseKind.MASTERCLASS,
        description="Free media training for the sector: a practical morning with journalists.",
    )
    for number, (day, title, counted) in enumerate(SECTOR_MASTERCLASSES):
        session = loader.session(
            course,
            _at(day, 10),
            3,
            title=title,
            place="Online",
            online_url="https://zoom.example.org/j/8101" + str(number),
            capacity=40,
            speakers="Charity media team and " + SPEAKERS[number],
            external_id=f"8101{number}",
        )
        if session is None:
            continue
        named = []
        for index in range(number * 16, number * 16 + 20):
            name, email = _person(index)
            named.append(loader.attend(session, name, email, organisation_name="Demo charity"))
        for index in range(2):
            name, email = _person(200 + number * 3 + index)
            registrations.registration_add(
                actor=loader.actor, session=session, status=S.NO_SHOW, name=name, email=email
            )
        loader.count(session, K.SECTOR, counted, note="Joined without registering")
        # 30 forms on sector masterclasses, 27 saying confidence rose.
        loader.feedback(session, _rose(5, 1 if number < 3 else 0), named)

    lived = loader.course(
        "Telling your story: media masterclass for experts by lived experience",
        CourseKind.MASTERCLASS,
        for_lived_experience=True,
        description="For people with lived experience of migration who want to speak to the media "
        "on their own terms.",
    )
    for number, (day, language, interpreter) in enumerate(LIVED_EXPERIENCE_MASTERCLASSES):
        session = loader.session(
            lived,
            _at(day, 11),
            4,
            place="Community room, central London",
            capacity=12,
            language=language,
            interpreter=interpreter,
            speakers="Head of Voices and a storyteller mentor",
        )
        if session is None:
            continue
        named = [
            loader.attend(session, PSEUDONYMS[number * 8 + index], by_pseudonym=True)
            for index in range(8)
        ]
        loader.count(session, K.LIVED_EXPERIENCE, 5, note="Came with a partner group")
        # 5 forms on these two classes, all saying confidence rose.
        loader.feedback(session, _rose(3 if number == 0 else 2, 0), named)


def _clients() -> list[Organisation]:
    clients = list(Organisation.objects.filter(name__in=EXISTING_CLIENTS).order_by("name"))
    for name in NEW_CLIENTS:
        found = Organisation.objects.filter(name=name).first()
        clients.append(
            found or organisation_create(actor=None, name=name, kind=OrganisationKind.GRASSROOTS)
        )
    return clients[:25]


def _bespoke(loader: _Loader) -> None:
    course = loader.course(
        "Bespoke communications training",
        CourseKind.BESPOKE,
        description="Training designed with a client organisation for its staff and volunteers.",
    )
    clients = _clients()
    first = datetime.date(2022, 7, 6)
    for number, size in enumerate(itertools.chain(BESPOKE_SIZES, BESPOKE_SIZES)):
        day = first + datetime.timedelta(days=number * 11 + number // 4)
        client = clients[number % len(clients)]
        session = loader.session(
            course,
            _at(day, 14),
            2.5,
            title=f"Communications training for {client.name}",
            client=client,
            place="At the client's office" if number % 3 else "Online",
            fee=450 if number % 2 else 600,
            fee_paid=number not in (27, 28, 29),
        )
        if session is None:
            continue
        if number == 0:
            for index in range(4):
                name, email = _person(300 + index)
                loader.attend(session, name, email, organisation_name=client.name)
            loader.count(session, K.SECTOR, size - 4)
        else:
            loader.count(session, K.SECTOR, size, note="From the client's sign-in sheet")
        if number < 10:
            loader.feedback(session, [number not in (3, 7)], [])  # 10 forms, 8 rose


def _regional(loader: _Loader) -> None:
    course = loader.course(
        "Regional training day",
        CourseKind.REGIONAL,
        for_lived_experience=True,
        description="A day of media training in a region, set up with local partners.",
    )
    carlisle = Region.objects.filter(name="Carlisle").first()
    stockton = Region.objects.filter(name="Stockton-on-Tees").first()
    sanctuary = Organisation.objects.filter(name="City of Sanctuary UK").first()
    asylum_matters = Organisation.objects.filter(name="Asylum Matters").first()
    if carlisle is not None:
        session = loader.session(
            course,
            _at(datetime.date(2023, 6, 17), 10),
            6,
            title="Carlisle training day",
            region=carlisle,
            host=sanctuary,
            place="Carlisle (venue shared with registered people)",
            language="English",
            interpreter="Farsi and Kurdish (Sorani) interpreters",
        )
        if session is not None:
            storytellers = list(
                StorytellerProfile.objects.filter(region=carlisle).order_by("reference")[:3]
            )
            named = []
            for index in range(6):
                registration = loader.attend(session, PSEUDONYMS[index], by_pseudonym=True)
                if index < len(storytellers):
                    registrations.registration_storyteller_link(
                        actor=loader.actor,
                        registration=registration,
                        storyteller=storytellers[index],
                    )
                named.append(registration)
            loader.count(session, K.LIVED_EXPERIENCE, 4, note="Came with the local group")
            loader.feedback(session, _rose(5, 0), named)  # 5 forms, all rose
    if stockton is not None:
        sector_course = loader.course(
            "Regional training day for grassroots charities", CourseKind.REGIONAL
        )
        session = loader.session(
            sector_course,
            _at(datetime.date(2024, 1, 27), 10),
            5,
            title="Stockton training day with Asylum Matters",
            region=stockton,
            host=asylum_matters,
            place="Stockton-on-Tees",
        )
        if session is not None:
            for index in range(14):
                name, email = _person(400 + index)
                loader.attend(session, name, email, organisation_name="Grassroots charity (demo)")


def _events(loader: _Loader) -> None:
    meetings = loader.course(
        "Monthly comms meeting",
        CourseKind.COMMS_MEETING,
        description="For the sector's comms people.",
    )
    for month in range(12):
        year, month0 = divmod(2022 * 12 + 6 + month, 12)
        day = datetime.date(year, month0 + 1, 1)
        day += datetime.timedelta(days=(1 - day.weekday()) % 7 + 7)  # the second Tuesday
        session = loader.session(
            meetings,
            _at(day, 13),
            1,
            online_url="https://zoom.example.org/j/7700",
            speakers=SPEAKERS[month],
        )
        if session is not None:
            loader.count(session, K.SECTOR, 24 + (month * 7) % 13)

    panels = loader.course("Panel events and briefings", CourseKind.PANEL)
    session = loader.session(
        panels,
        _at(datetime.date(2022, 11, 29), 9, 30),
        1.5,
        title="Channel crossings: a briefing for journalists",
        place="Central London",
        speakers="Two researchers, a lawyer and a person who made the crossing",
    )
    if session is None:
        return
    for outlet, number in (
        ("Sky News", 5),
        ("The Telegraph", 4),
        ("BBC News", 6),
        ("Tortoise", 3),
        ("Bloomberg", 4),
    ):
        loader.count(session, K.JOURNALIST, number, outlet=outlet)
    for index in range(5):
        name, email = _person(500 + index)
        loader.attend(session, name, email, organisation_name="Demo charity")
    loader.count(session, K.SECTOR, 8)
    loader.count(session, K.LIVED_EXPERIENCE, 2)
    loader.count(session, K.FUNDER, 3)
    following = list(
        Placement.objects.filter(
            published_on__range=(datetime.date(2022, 11, 30), datetime.date(2023, 1, 31)),
            outlet__name__in=["Sky News", "BBC News", "The Telegraph", "Bloomberg", "Tortoise"],
        ).order_by("published_on", "pk")
    )
    about = [p for p in following if re.search(r"Channel|small boat|crossing", p.headline, re.I)]
    for placement in (about or following)[:2]:
        services.outcome_add(actor=loader.actor, session=session, placement=placement)
    services.outcome_add(
        actor=loader.actor,
        session=session,
        url="https://www.tortoisemedia.com/demo/channel-crossings-what-the-numbers-say",
        title="Channel crossings: what the numbers say (demo link)",
    )


def _upcoming(loader: _Loader) -> None:
    """A public masterclass a month ahead, full, with two people waiting."""
    course = Course.objects.get(title="Media masterclass")
    if Session.objects.filter(course=course, starts_at__date__gte=loader.today).exists():
        return
    day = loader.today + datetime.timedelta(days=30)
    session = loader.session(
        course,
        _at(day, 10),
        3,
        title="Media masterclass: pitching to broadcasters",
        place="Online",
        online_url="https://zoom.example.org/j/8199",
        capacity=12,
        is_public=True,
        speakers="Charity media team",
    )
    if session is None:
        return
    for index in range(14):
        name, email = _person(600 + index)
        registrations.registration_add(
            actor=loader.actor,
            session=session,
            status=S.REGISTERED if index < 12 else S.WAITING,
            name=name,
            email=email,
        )


def load_training(*, today: datetime.date, users: dict[str, Any], summary: Any) -> None:
    loader = _Loader(today=today, users=users, summary=summary)
    _masterclasses(loader)
    _bespoke(loader)
    _regional(loader)
    _events(loader)
    _upcoming(loader)
