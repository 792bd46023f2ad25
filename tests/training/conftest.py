from __future__ import annotations

import datetime

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from chorus.training.models import Course, CourseKind, Registration, Session
from chorus.training.registrations import email_hash

PUBLIC = "https://chorus.example.org"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.CHORUS_PUBLIC_URL = PUBLIC
    # Queued work runs as soon as it is queued (once the transaction commits).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class CommittingClient(Client):
    """A browser whose requests run the tasks they queue, as a worker would, once committed."""

    def post(self, path, *args, **kwargs):  # type: ignore[override]
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().post(path, *args, **kwargs)


def make_session(
    *,
    kind: str = CourseKind.MASTERCLASS,
    lived: bool = False,
    days: float = 10,
    hours: float = 3,
    **fields,
) -> Session:
    course = Course.objects.create(
        title=f"{kind} course {Course.objects.count()}", kind=kind, for_lived_experience=lived
    )
    start = timezone.now() + datetime.timedelta(days=days)
    fields.setdefault("is_public", True)
    return Session.objects.create(
        course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=hours), **fields
    )


def make_registration(session: Session, status: str = "registered", **fields) -> Registration:
    email = fields.pop("email", f"person{Registration.objects.count()}@example.org")
    registration = Registration(
        session=session,
        status=status,
        source=Registration.Source.STAFF,
        name=fields.pop("name", "Someone Invented"),
        email=email,
        email_hash=email_hash(email),
        lived_experience=session.course.for_lived_experience,
        waiting_since=timezone.now() if status == "waiting" else None,
        **fields,
    )
    registration.identity_key = f"e:{registration.email_hash}"
    registration.save()
    return registration


@pytest.fixture
def client_committing() -> CommittingClient:
    return CommittingClient()
