"""More than one machine: processes on this machine standing in for them (tests/cluster.py),
against one PostgreSQL and one Redis.

- two schedulers: one holds the lock and queues each tick once, the other waits, and
  takes over when the first is killed;
- two task workers polling feeds at once: each due feed is fetched once;
- two web servers: a session made on one is good on the other, ended on either, and
  the sign-in limit counts the failures made on both;
- a web server whose disk fills during an upload tells the user and keeps nothing.

The send of 20,000 split across two workers is in tests/roundup/delivery.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chorus.accounts.roles import Role
from chorus.lib.imports.models import ImportUpload
from chorus.monitoring import tasks as monitoring_tasks
from chorus.monitoring.models import Article, Source
from tests.cluster import REDIS_URL, SCHEDULER_LOCK_SECONDS, Browser, running_cluster
from tests.cluster_ticks import TICK_SECONDS
from tests.factories import TEST_PASSWORD, UserFactory
from tests.monitoring.feed_hosts import FeedHosts

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

TICK = "tests.cluster_ticks.tick"


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout:g} s for {what}"
        time.sleep(0.05)


def queued(task_path: str) -> list:
    return list(
        DBTaskResult.objects.filter(task_path=task_path)
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
    )


# --- Schedulers ------------------------------------------------------------------------


def test_one_of_two_schedulers_queues_each_tick_once_and_the_other_takes_over_when_it_is_killed(
    tmp_path,
):
    with running_cluster(tmp_path) as cluster:
        first = cluster.scheduler("scheduler-1", also="tests.cluster_ticks")
        second = cluster.scheduler("scheduler-2", also="tests.cluster_ticks")
        cluster.wait_ready()
        wait_until(
            lambda: "Starting scheduler" in first.output() + second.output(),
            timeout=30,
            what="a scheduler to take the lock",
        )
        holder, standby = (first, second) if "Starting" in first.output() else (second, first)
        wait_until(lambda: len(queued(TICK)) >= 3, timeout=30, what="three ticks")
        # The other waits for the lock: it runs nothing and does not give up.
        assert standby.alive and "Starting scheduler" not in standby.output()
        lock = redis.Redis.from_url(REDIS_URL)
        assert 0 < lock.pttl("crontask-lock") <= SCHEDULER_LOCK_SECONDS * 1000

        holder.kill()
        took_over = standby.wait_for("Starting scheduler", timeout=SCHEDULER_LOCK_SECONDS + 10)
        after = len(queued(TICK))
        wait_until(lambda: len(queued(TICK)) >= after + 2, timeout=30, what="ticks after")

    print(f"take-over after the kill: {took_over:.1f} s")
    assert took_over <= SCHEDULER_LOCK_SECONDS + 1
    ticks = queued(TICK)
    gaps = [(later - earlier).total_seconds() for earlier, later in pairwise(ticks)]
    # Two schedulers queuing one tick would put two rows within moments of each other.
    assert min(gaps) >= TICK_SECONDS / 2, gaps
    # And no tick was lost while one ran; across the take-over, at most the lock's time.
    assert max(gaps) <= TICK_SECONDS + SCHEDULER_LOCK_SECONDS + 1.5, gaps
    # Chorus's own schedules, if a minute turned during the test: once each too.
    for path in ("chorus.roundup.delivery.services.start_due_sends", "crontask.tasks.heartbeat"):
        per_minute = Counter(t.replace(second=0, microsecond=0) for t in queued(path))
        assert all(n == 1 for n in per_minute.values()), (path, per_minute)


# --- Task workers -----------------------------------------------------------------------

FEEDS = 24


def test_two_workers_polling_at_once_fetch_each_due_feed_once(tmp_path):
    # Some feeds answer slowly, so the workers fall out of step and each would reach
    # feeds the other has already fetched.
    with FeedHosts(FEEDS, items=2, delay=lambda n: 0.4 if n % 5 == 0 else 0.02) as hosts:
        for n in range(FEEDS):
            Source.objects.create(name=f"Feed {n}", url=hosts.url(n), poll_minutes=30)
        with running_cluster(tmp_path) as cluster:
            allow = ",".join(hosts.allow_hosts)
            cluster.worker("worker-1", ROUNDUP_FETCH_ALLOW_HOSTS=allow)
            cluster.worker("worker-2", ROUNDUP_FETCH_ALLOW_HOSTS=allow)
            cluster.wait_ready()
            time.sleep(1.1)  # past the workers' random start-up delay (up to 1 s)
            # What the scheduler queues every five minutes, queued twice at once: as
            # when a run took longer than five minutes, or two schedulers each queued one.
            polls = [monitoring_tasks.poll_due_sources.enqueue() for _ in range(2)]
            wait_until(
                lambda: (
                    DBTaskResult.objects.filter(
                        pk__in=[p.id for p in polls], finished_at__isnull=False
                    ).count()
                    == 2
                ),
                timeout=60,
                what="both polls to finish",
            )

    results = DBTaskResult.objects.filter(pk__in=[p.id for p in polls])
    assert {r.status for r in results} == {"SUCCESSFUL"}, [r.traceback for r in results]
    by_worker = {r.worker_ids[0]: r.return_value for r in results}
    print(f"feeds polled by each worker: {sorted(by_worker.values())}")
    assert hosts.requests == Counter(dict.fromkeys(range(FEEDS), 1))
    # Both took part, each taking feeds the other had not.
    assert len(by_worker) == 2 and sum(by_worker.values()) == FEEDS
    assert min(by_worker.values()) > 0
    assert Article.objects.count() == FEEDS * 2
    assert not Source.objects.filter(last_success_at__isnull=True).exists()
    assert not Source.objects.filter(next_poll_at__lte=timezone.now()).exists()


# --- Web servers --------------------------------------------------------------------------

LOGIN = "/accounts/login/"
TOO_MANY = "Too many failed login attempts"


def coordinator(username: str = "coordinator"):
    # The web servers know production's hashers only, not the tests' fast one. Few
    # rounds keep each check quick; a sign-in then hashes it again at full strength.
    user = UserFactory(role=Role.COORDINATOR, username=username)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(TEST_PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def sign_in(browser: Browser, machine, username: str, password: str = TEST_PASSWORD):
    return browser.submit(machine, LOGIN, {"login": username, "password": password})


def test_two_web_servers_share_sessions_and_the_sign_in_limit(tmp_path, settings):
    coordinator("coordinator")
    coordinator("guessed")
    with running_cluster(tmp_path) as cluster:
        a, b = cluster.web("web-a"), cluster.web("web-b")
        cluster.wait_ready()

        # A session made on one web server holds on the other, and ends on both.
        person = Browser()
        signed_in = sign_in(person, a, "coordinator")
        assert signed_in.status == 302, signed_in.text[:500]
        cookies_then = dict(person.cookies)
        home_on_b = person.get(b, "/")
        assert home_on_b.status == 200
        assert "Sign out" in home_on_b.text and "coordinator" in home_on_b.text
        token = person.csrf_token(b, "/")
        assert person.post(b, "/accounts/logout/", {"csrfmiddlewaretoken": token}).status == 302
        on_a = person.get(a, "/")
        assert on_a.status == 302 and on_a.header("Location").startswith(LOGIN)
        # The old cookie is no key to anything either, on either server.
        stolen = Browser(source="127.0.0.3", cookies=cookies_then)
        for machine in (a, b):
            assert stolen.get(machine, "/").status == 302

        # The sign-in limit counts the failures made on both.
        guesser = Browser(source="127.0.0.4")
        for n in range(settings.LOGIN_ATTEMPTS_LIMIT):
            # Alternately on each: neither server alone sees the limit reached.
            answer = sign_in(guesser, (a, b)[n % 2], "guessed", "wrong-password")
            assert answer.status == 200 and TOO_MANY not in answer.text
        for machine in (a, b):
            refused = sign_in(guesser, machine, "guessed")
            assert TOO_MANY in refused.text
            assert "sessionid" not in guesser.cookies
        # Someone else, from another address, is not held up by the guesser.
        colleague = Browser(source="127.0.0.5")
        assert sign_in(colleague, b, "guessed").status == 302
        assert colleague.get(a, "/").status == 200


# --- A full disk --------------------------------------------------------------------------


def test_a_web_server_whose_disk_fills_during_an_upload_says_so_and_keeps_nothing(tmp_path):
    coordinator()
    limit = 64 * 1024
    rows = [f"reader{n}@example.org,Reader {n},Sign-up form,2024-01-02" for n in range(4000)]
    data = ("email,name,consent basis,consented on\r\n" + "\r\n".join(rows) + "\r\n").encode()
    assert len(data) > 2 * limit
    with running_cluster(tmp_path) as cluster:
        web = cluster.web("web-a", file_size_limit=limit)
        cluster.wait_ready()
        person = Browser()
        assert sign_in(person, web, "coordinator").status == 302

        page = person.upload(
            web, reverse("roundup:subscriber_import"), "file", "subscribers.csv", data, "text/csv"
        )

        assert page.status == 200, page.text[:500]
        assert "The server has no room left to keep this file, so nothing was saved." in page.text
        assert "Upload the spreadsheet" in page.text  # the form, to try again later
        assert [p for p in cluster.uploads.rglob("*") if p.is_file()] == []
        assert not ImportUpload.objects.exists()
        # And whoever looks after the server finds why in its log.
        assert re.search(r"ERROR .*subscribers\.csv not saved .*File too large", web.output())
