from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from chorus.accounts.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_it_deletes_expired_sessions_and_keeps_live_ones():
    live = SessionStore()
    live["x"] = 1
    live.create()
    old = SessionStore()
    old["x"] = 2
    old.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert clear_expired_sessions.call() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    # Running it again is harmless.
    assert clear_expired_sessions.call() == 0


def test_it_is_scheduled_nightly():
    from crontask import scheduler

    jobs = {job.name: job for job in scheduler.get_jobs()}
    assert any("clear_expired_sessions" in name for name in jobs)
