"""Processes on this machine standing in for the machines of a larger Chorus.

A charity that outgrows one machine runs several web servers, task workers and
schedulers against one PostgreSQL and one Redis (deploy/README.md, "More than one
machine"). `running_cluster` starts them as real processes, each as production starts
it (`chorus serve`, `chorus worker`, `chorus scheduler`), with its own data folder
except for the uploads folder, which every machine shares:

    def test_something(tmp_path):                      # on PostgreSQL, transaction=True
        with running_cluster(tmp_path) as cluster:
            a, b = cluster.web("a"), cluster.web("b")
            cluster.worker("w1")
            cluster.wait_ready()
            visitor = Browser()
            visitor.get(a, "/accounts/login/")

Every process shares the test database (the test must use
`pytest.mark.django_db(transaction=True)` so what it writes is committed where they
can see it) and a Redis database of its own (`CHORUS_TEST_REDIS_URL`, by default
redis://127.0.0.1:6379/7), flushed at the start. Tests using it hold a file lock for
their run, so two pytest workers never share that Redis database at once. The
processes are stopped with SIGTERM (SIGKILL after 10 s) at the end; when the test
fails, each one's log is printed with the failure.
"""

from __future__ import annotations

import fcntl
import http.client
import os
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from tests.nginx import Response, exchange

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("CHORUS_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
# How long a scheduler's lock in Redis lasts unless renewed: the wait for a take-over.
SCHEDULER_LOCK_SECONDS = 3
HOST = "127.0.0.1"
READY_SECONDS = 60  # starting Django on two busy cores is slow; a guard, not a target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def shared_database_url() -> str:
    """The test database's address, for processes that must see what the test writes."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise AssertionError("Several machines share one PostgreSQL: run this on PostgreSQL")
    db = connection.settings_dict
    user = quote(db.get("USER") or "")
    password = quote(db.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{credentials}{db['HOST'] or HOST}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Machine:
    """One process of the cluster: a web server, a task worker or a scheduler."""

    name: str
    role: str
    log: Path
    process: subprocess.Popen[bytes]
    port: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def wait_for(self, text: str, *, timeout: float = READY_SECONDS) -> float:
        """Wait until `text` is in this process's output; the seconds it took."""
        began = time.monotonic()
        while text not in self.output():
            if not self.alive:
                raise AssertionError(
                    f"{self.name} stopped (status {self.process.returncode}) before "
                    f"saying {text!r}:\n{self.output()[-4000:]}"
                )
            if time.monotonic() - began > timeout:
                raise AssertionError(f"{self.name} did not say {text!r} in {timeout:g} s")
            time.sleep(0.05)
        return time.monotonic() - began

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send `sig` (SIGKILL: the machine is gone) and wait for the process to end."""
        if self.alive:
            self.process.send_signal(sig)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if not self.alive:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Cluster:
    """The machines of one test, against one database and one Redis."""

    def __init__(self, folder: Path, *, database_url: str, redis_url: str) -> None:
        self.folder = folder
        self.uploads = folder / "shared-uploads"
        self.uploads.mkdir(parents=True, exist_ok=True)
        self.machines: dict[str, Machine] = {}
        # What every machine of one Chorus must have alike (deploy/README.md).
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DEBUG": "0",
            "CHORUS_DEMO": "0",
            # Plain HTTP between the test and the servers, as behind nginx.
            "SECURE_SSL_REDIRECT": "0",
            "CHORUS_SCHEDULER_LOCK_SECONDS": str(SCHEDULER_LOCK_SECONDS),
            "CHORUS_BACKUP_DIR": str(folder / "backups"),
            "CHORUS_ERASURE_REGISTER": str(folder / "erasure-register.jsonl"),
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "INFO",
        }
        from django.conf import settings

        self.env["CHORUS_ENCRYPTION_KEYS"] = ",".join(settings.CHORUS_ENCRYPTION_KEYS)
        for name in ("EMAIL_HOST", "DJANGO_SETTINGS_MODULE"):
            self.env.pop(name, None)

    def _start(
        self,
        name: str,
        role: str,
        argv: list[str],
        *,
        port: int = 0,
        file_size_limit: int | None = None,
        **env: str,
    ) -> Machine:
        if name in self.machines:
            raise AssertionError(f"there is already a machine called {name}")
        data = self.folder / name
        data.mkdir(mode=0o700)
        # Each machine has its own data folder; the uploads in it are the shared folder
        # (in production a network file system mounted there).
        (data / "uploads").symlink_to(self.uploads, target_is_directory=True)
        log = self.folder / f"{name}.log"

        def limits() -> None:
            if file_size_limit is not None:
                # No file this process writes grows past the limit: a disk that is full.
                hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, hard))

        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own command line
                [sys.executable, *argv],
                cwd=ROOT,
                # HOME too: gunicorn keeps its control socket there, one per machine.
                env={**self.env, "CHORUS_DATA_DIR": str(data), "HOME": str(data), **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=limits,  # noqa: PLW1509 - only setrlimit, before exec
            )
        machine = Machine(name, role, log, process, port)
        self.machines[name] = machine
        return machine

    def web(self, name: str, *, file_size_limit: int | None = None, **env: str) -> Machine:
        """`chorus serve` (gunicorn, one worker process) on a free port. With
        `file_size_limit` (bytes), no file it writes grows larger (RLIMIT_FSIZE)."""
        port = free_port()
        argv = ["-m", "chorus.cli", "serve", "--bind", f"{HOST}:{port}"]
        argv += ["--workers", "1", "--no-collectstatic"]
        return self._start(name, "web", argv, port=port, file_size_limit=file_size_limit, **env)

    def worker(self, name: str, **env: str) -> Machine:
        return self._start(name, "worker", ["-m", "chorus.cli", "worker"], **env)

    def scheduler(self, name: str, *, also: str = "", **env: str) -> Machine:
        """`chorus scheduler`; `also` names a module of more `@cron` tasks to load first
        (as crontask loads each app's `tasks` module)."""
        argv = ["-m", "chorus.cli", "scheduler"]
        if also:
            argv = [
                "-c",
                "import importlib, sys; from chorus import cli; cli._django_setup(); "
                f"importlib.import_module({also!r}); sys.exit(cli.main(['scheduler']))",
            ]
        return self._start(name, "scheduler", argv, **env)

    def wait_ready(self) -> None:
        """Wait until every machine started so far is ready for work."""
        for machine in self.machines.values():
            if machine.role == "web":
                self._wait_listening(machine)
            elif machine.role == "worker":
                machine.wait_for("Starting worker")
            else:
                machine.wait_for("Acquiring lock")

    def _wait_listening(self, machine: Machine) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            if not machine.alive:
                raise AssertionError(f"{machine.name} stopped:\n{machine.output()[-4000:]}")
            try:
                connection = http.client.HTTPConnection(HOST, machine.port, timeout=5)
                connection.request("GET", "/healthz")
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{machine.name} did not answer:\n{machine.output()[-4000:]}")
            time.sleep(0.1)

    def logs(self) -> str:
        parts = []
        for machine in self.machines.values():
            state = "running" if machine.alive else f"ended with {machine.process.returncode}"
            parts.append(f"----- {machine.name} ({machine.role}, {state}) -----")
            parts.append(machine.output()[-6000:])
        return "\n".join(parts)

    def stop(self) -> None:
        for machine in self.machines.values():
            if machine.alive:
                machine.process.terminate()
        for machine in self.machines.values():
            machine.stop()


@contextmanager
def _redis_of_our_own(url: str) -> Iterator[None]:
    """Hold the test Redis database alone (a file lock), and start it empty."""
    import redis

    lock_path = Path(tempfile.gettempdir()) / f"chorus-test-redis-{re.sub(r'\W', '_', url)}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        client = redis.Redis.from_url(url)
        try:
            client.flushdb()
        except redis.ConnectionError as exc:
            raise AssertionError(
                f"No Redis at {url}: install and start redis-server ({exc})"
            ) from exc
        try:
            yield
        finally:
            client.flushdb()
            client.close()


@contextmanager
def running_cluster(folder: Path, *, redis_url: str = REDIS_URL) -> Iterator[Cluster]:
    """A cluster whose machines the test starts; all stopped at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    with _redis_of_our_own(redis_url):
        cluster = Cluster(folder, database_url=shared_database_url(), redis_url=redis_url)
        try:
            yield cluster
        except BaseException:
            print(cluster.logs())
            raise
        finally:
            cluster.stop()


@dataclass
class Browser:
    """One person's browser: its cookies go to every server of the site, whichever
    machine answers (as behind one nginx). It connects from `source`, not 127.0.0.1,
    which Chorus trusts as its proxy."""

    source: str = "127.0.0.2"
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        machine: Machine,
        method: str,
        path: str,
        *,
        body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        connection = http.client.HTTPConnection(
            HOST, machine.port, source_address=(self.source, 0), timeout=30
        )
        sent = {"Host": f"{HOST}:{machine.port}", **(headers or {})}
        return exchange(connection, method, path, body=body, headers=sent, cookies=self.cookies)

    def get(self, machine: Machine, path: str) -> Response:
        return self.request(machine, "GET", path)

    def submit(self, machine: Machine, path: str, data: dict[str, str]) -> Response:
        """Open the form at `path` on `machine` and post it with its CSRF token."""
        token = self.csrf_token(machine, path)
        return self.post(machine, path, {"csrfmiddlewaretoken": token, **data})

    def post(self, machine: Machine, path: str, data: dict[str, str]) -> Response:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": machine.url,
            "Referer": machine.url + path,
        }
        return self.request(machine, "POST", path, body=urlencode(data), headers=headers)

    def upload(
        self, machine: Machine, path: str, field: str, name: str, data: bytes, kind: str
    ) -> Response:
        """Choose a file in the form at `path` and send it, as a browser does."""
        from urllib3 import encode_multipart_formdata

        token = self.csrf_token(machine, path)
        body, content_type = encode_multipart_formdata(
            {"csrfmiddlewaretoken": token, field: (name, data, kind)}
        )
        headers = {
            "Content-Type": content_type,
            "Origin": machine.url,
            "Referer": machine.url + path,
        }
        return self.request(machine, "POST", path, body=body, headers=headers)

    def csrf_token(self, machine: Machine, path: str) -> str:
        page = self.get(machine, path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match, f"no CSRF token on {path} (status {page.status})"
        return match.group(1)
