"""Benchmark: the dashboard and the placements list, served over HTTP from a large database.

    make bench
    make bench BENCH_ARGS="--database-url postgres://postgres@127.0.0.1:5432/chorus_bench"
    .venv/bin/python bench/run.py [--database-url URL] [--requests N] [--people N] [--placements N]

Builds a throwaway database (SQLite in a temporary folder by default), fills it with
invented data (bench/load.py), starts the production web server (`chorus serve`) on a
free port on 127.0.0.1, signs in as a co-ordinator, and times sequential GET requests to
each page. Prints p50/p95/max per page against the goal (p95 ≤ 100 ms) and writes the
same figures to bench/results/latest-<engine>.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import http.cookies
import json
import math
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any, NoReturn

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
HOST = "127.0.0.1"
USERNAME = "bench-coordinator"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Settings the benchmark decides; any NAME_FILE twin in the caller's environment is dropped
# so it cannot override them (settings read NAME_FILE before NAME).
SERVER_SETTINGS = (
    "DATABASE_URL",
    "CHORUS_DATA_DIR",
    "SECRET_KEY",
    "CHORUS_ENCRYPTION_KEYS",
    "DEBUG",
    "CHORUS_DEMO",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "BEHIND_HTTPS_PROXY",
    "REDIS_URL",
    "LOG_LEVEL",
)


class BenchError(Exception):
    """Something went wrong that makes the figures meaningless: stop and say what."""


# --- Pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    path: str


BASELINE = Page("baseline: /healthz", "/healthz")
# The floor for signed-in pages: the search page before anything is typed makes no
# queries of its own, so its cost is the stack every staff page pays (the session and
# the user, authentication and MFA middleware, CSP, the base template and its menu).
FLOOR = Page("floor: search page, nothing typed", "/search/")


def financial_year_start(today: datetime.date, start_month: int) -> datetime.date:
    year = today.year if today.month >= start_month else today.year - 1
    return datetime.date(year, start_month, 1)


def data_range(today: datetime.date, start_month: int) -> tuple[datetime.date, datetime.date]:
    """Five whole financial years before the current one, and the current one up to today.

    The range follows the calendar so that the dashboard's default period (the current
    financial year) always has placements in it.
    """
    current = financial_year_start(today, start_month)
    return current.replace(year=current.year - 5), today


def pages(start: datetime.date, end: datetime.date) -> list[Page]:
    whole = urllib.parse.urlencode({"date_from": start.isoformat(), "date_to": end.isoformat()})
    search = urllib.parse.urlencode({"q": "asylum", "sort": "-published_on"})
    return [
        Page("dashboard (current financial year)", "/"),
        Page("dashboard (all years)", f"/?{whole}"),
        Page("placements list", "/media/placements/"),
        Page("placements search", f"/media/placements/?{search}"),
        # The North East (the first region loaded) holds half the outreach log.
        Page("region page (North East)", "/network/regions/1/"),
        Page("outreach log", "/network/outreach/"),
        Page("outreach log, search", "/network/outreach/?q=meeting"),
    ]


SAFEGUARDING_USERNAME = "bench-safeguarding"
STORYTELLER_PAGES = [
    Page("storytellers list", "/voices/"),
    Page("storytellers list, page 40", "/voices/?page=40"),
    # The safeguarding lead sees every name on a region's page.
    Page("region page (North East), as the lead", "/network/regions/1/"),
]

# --- HTTP -------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report redirects instead of following them: a login redirect must not pass as a 200."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    seconds: float

    def snippet(self, limit: int = 800) -> str:
        return self.body[:limit].decode("utf-8", "replace")


class Client:
    """A minimal browser for 127.0.0.1: keeps cookies, never follows redirects, no proxies."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies: dict[str, str] = {}
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def request(self, path: str, form: dict[str, str] | None = None) -> Response:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.base_url + path, data=data)
        if self.cookies:
            req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        started = time.perf_counter()
        try:
            with self._opener.open(req, timeout=60) as resp:
                body = resp.read()
                status, headers = resp.status, resp.headers
        except urllib.error.HTTPError as exc:
            body = exc.read()
            status, headers = exc.code, exc.headers
        seconds = time.perf_counter() - started
        self._keep_cookies(headers)
        return Response(status, headers, body, seconds)

    def _keep_cookies(self, headers: Message) -> None:
        for raw in headers.get_all("Set-Cookie") or []:
            jar: http.cookies.SimpleCookie = http.cookies.SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def totp_code(secret: str, at: float | None = None) -> str:
    """The current RFC 6238 code (30 s, 6 digits, SHA-1) for a base32 secret."""
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


def _csrf(client: Client, path: str) -> str:
    page = client.request(path)
    if page.status != 200:
        raise BenchError(f"GET {path} answered {page.status}:\n{page.snippet()}")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    return match.group(1).decode() if match else client.cookies.get("csrftoken", "")


def sign_in_with_totp(client: Client, username: str, password: str, secret: str) -> None:
    """Sign in with password and then the authenticator code, as a safeguarding lead does."""
    token = _csrf(client, "/accounts/login/")
    answer = client.request(
        "/accounts/login/", {"login": username, "password": password, "csrfmiddlewaretoken": token}
    )
    if answer.status not in (301, 302, 303):
        raise BenchError(f"Password step for {username} failed ({answer.status})")
    if 30 - time.time() % 30 < 3:  # do not type a code about to expire
        time.sleep(3)
    token = _csrf(client, "/accounts/2fa/authenticate/")
    answer = client.request(
        "/accounts/2fa/authenticate/", {"code": totp_code(secret), "csrfmiddlewaretoken": token}
    )
    if answer.status not in (301, 302, 303) or "sessionid" not in client.cookies:
        raise BenchError(f"Code step for {username} failed ({answer.status}):\n{answer.snippet()}")


def sign_in(client: Client, username: str, password: str) -> None:
    """Sign in through the real login form, as a browser would."""
    form_page = client.request("/accounts/login/")
    if form_page.status != 200:
        raise BenchError(
            f"GET /accounts/login/ answered {form_page.status}:\n{form_page.snippet()}"
        )
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.body)
    token = match.group(1).decode() if match else client.cookies.get("csrftoken", "")
    answer = client.request(
        "/accounts/login/",
        {"login": username, "password": password, "csrfmiddlewaretoken": token},
    )
    if answer.status not in (301, 302, 303) or "sessionid" not in client.cookies:
        raise BenchError(f"Signing in as {username} failed ({answer.status}):\n{answer.snippet()}")


# --- Measuring --------------------------------------------------------------------


def percentile(sorted_ms: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value at or above `fraction` of the samples."""
    rank = max(math.ceil(fraction * len(sorted_ms)), 1)
    return sorted_ms[rank - 1]


@dataclass
class PageResult:
    page: str
    path: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    mean_ms: float
    bytes: int
    session_saves: int  # responses that set the session cookie, i.e. wrote the session
    queries: int | None  # SQL queries for one request, counted in-process (bench/queries.py)
    passed: bool


def fetch_ok(client: Client, page: Page) -> Response:
    resp = client.request(page.path)
    if resp.status != 200:
        where = resp.headers.get("Location", "")
        raise BenchError(
            f"{page.name}: GET {page.path} answered {resp.status}"
            + (f" (redirect to {where})" if where else "")
            + f":\n{resp.snippet()}"
        )
    if b'name="password"' in resp.body and b"csrfmiddlewaretoken" in resp.body:
        raise BenchError(f"{page.name}: GET {page.path} shows the login form, not the page.")
    return resp


def measure(
    client: Client, page: Page, requests: int, warmup: int, goal_ms: float, queries: int | None
) -> PageResult:
    for _ in range(warmup):
        fetch_ok(client, page)
    timings: list[float] = []
    size = saves = 0
    for _ in range(requests):
        resp = fetch_ok(client, page)
        timings.append(resp.seconds * 1000)
        size = len(resp.body)
        saves += any(c.startswith("sessionid=") for c in resp.headers.get_all("Set-Cookie") or [])
    timings.sort()
    p95 = percentile(timings, 0.95)
    return PageResult(
        page=page.name,
        path=page.path,
        requests=requests,
        p50_ms=round(percentile(timings, 0.50), 1),
        p95_ms=round(p95, 1),
        max_ms=round(timings[-1], 1),
        mean_ms=round(sum(timings) / len(timings), 1),
        bytes=size,
        session_saves=saves,
        queries=queries,
        passed=p95 <= goal_ms,
    )


def count_queries(env: dict[str, str], paths: list[str]) -> dict[str, int]:
    """SQL queries per page, counted in-process; {} if counting fails (timings still run)."""
    args = [sys.executable, str(BENCH_DIR / "queries.py"), "--username", USERNAME, *paths]
    try:
        out, _ = run_step("Counting queries per page", args, env)
        counts = json.loads(out.strip().splitlines()[-1])
    except (BenchError, ValueError, IndexError) as exc:
        print(f"  (query counts unavailable: {str(exc)[:300]})")
        return {}
    return {path: int(c["queries"]) for path, c in counts.items()}


def floor_ratio(result: PageResult, floor: PageResult) -> float:
    """A page's p95 as a multiple of the floor's: what the page adds to the stack."""
    return result.p95_ms / floor.p95_ms if floor.p95_ms > 0 else math.inf


def print_table(
    results: Sequence[PageResult], goal_ms: float, floor: PageResult | None = None
) -> None:
    """The figures per page; with a `floor`, each p95 also as a multiple of the floor's."""
    headers = ["page", "requests", "p50 ms", "p95 ms", "max ms", "queries"]
    headers += ["× floor"] if floor is not None else []
    headers.append(f"p95 ≤ {goal_ms:g} ms")
    rows = []
    for r in results:
        row = [
            r.page,
            str(r.requests),
            f"{r.p50_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.max_ms:.1f}",
            "?" if r.queries is None else str(r.queries),
        ]
        row += [f"{floor_ratio(r, floor):.1f}"] if floor is not None else []
        row.append("PASS" if r.passed else "FAIL")
        rows.append(row)
    print_rows(headers, rows)


def print_rows(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A plain-text table: the first column left-aligned, the others right-aligned."""
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


# --- Databases ----------------------------------------------------------------------


@dataclass
class Database:
    engine: str  # "sqlite" or "postgresql"
    url: str
    name: str = ""
    admin_url: str = ""  # PostgreSQL: the maintenance database used to create and drop it

    def describe(self) -> str:
        if self.engine == "sqlite":
            return "SQLite (temporary file)"
        parts = urllib.parse.urlsplit(self.url)
        return f"PostgreSQL {parts.hostname}:{parts.port or 5432}/{self.name}"


def database_for(url: str | None, data_dir: Path) -> Database:
    if not url:
        return Database("sqlite", f"sqlite:///{data_dir / 'chorus.sqlite3'}")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise BenchError(
            "--database-url takes a PostgreSQL URL; leave it out to benchmark SQLite "
            "(a temporary file)."
        )
    name = parts.path.lstrip("/")
    if parts.hostname not in LOCAL_HOSTS:
        raise BenchError(f"The benchmark only runs against a local server, not {parts.hostname}.")
    if "bench" not in name:
        # The database is dropped and recreated: refuse anything that could be real.
        raise BenchError(f"The database name must contain 'bench' (it is dropped): got {name!r}.")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return Database("postgresql", url, name=name, admin_url=admin_url)


def _pg_admin(db: Database, statement: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(db.admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(db.name)))


def create_database(db: Database) -> None:
    if db.engine == "postgresql":
        _pg_admin(db, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        _pg_admin(db, "CREATE DATABASE {}")


def drop_database(db: Database) -> None:
    if db.engine == "postgresql":
        _pg_admin(db, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


# --- Processes ----------------------------------------------------------------------


def server_env(db: Database, data_dir: Path, conn_max_age: int | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SERVER_SETTINGS and k.removesuffix("_FILE") not in SERVER_SETTINGS
    }
    env.pop("DATABASE_CONN_MAX_AGE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="chorus.settings",
        DATABASE_URL=db.url,
        CHORUS_DATA_DIR=str(data_dir),
        SECRET_KEY=secrets.token_urlsafe(50),
        CHORUS_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii"),
        DEBUG="0",
        CHORUS_DEMO="0",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        BEHIND_HTTPS_PROXY="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(conn_max_age)
    return env


def run_step(label: str, args: list[str], env: dict[str, str]) -> tuple[str, float]:
    """Run a command to completion; on failure show its output and stop."""
    print(f"{label}…", end=" ", flush=True)
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print("failed")
        raise BenchError(
            f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    print(f"{seconds:.1f} s")
    return done.stdout, seconds


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    _log: Any = field(repr=False, default=None)

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn: graceful stop of the master and its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # our own process group only
                self.process.wait(timeout=10)
        if self._log is not None:
            self._log.close()


# gunicorn can write each request's own time (microseconds) in its access log: what the
# server spent on it once a worker took it, without the wait for a free worker, the
# network or the load generator's share of the machine.
_TIMED_ACCESS_LOG = "--access-logformat 'timed %(m)s %(U)s %(s)s %(D)s'"


def with_request_times(env: dict[str, str]) -> dict[str, str]:
    """The server's environment, with each request's time written to its log."""
    return {**env, "GUNICORN_CMD_ARGS": _TIMED_ACCESS_LOG}


def request_times(log_path: Path) -> list[tuple[str, str, int, float]]:
    """(method, path, status, milliseconds) of each request in a server's log, in order."""
    found = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] == "timed" and parts[3].isdigit() and parts[4].isdigit():
            found.append((parts[1], parts[2], int(parts[3]), int(parts[4]) / 1000))
    return found


def start_server(env: dict[str, str], workers: int, log_path: Path) -> Server:
    port = free_port()
    log = log_path.open("wb")
    args = [sys.executable, "-m", "chorus.cli", "serve", "--bind", f"{HOST}:{port}"]
    args += ["--workers", str(workers)]
    process = subprocess.Popen(  # noqa: S603
        args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = Server(process, f"http://{HOST}:{port}", log_path, log)
    client = Client(server.base_url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()
            raise BenchError(f"The web server stopped at start:\n{server.log_tail()}")
        try:
            if client.request("/healthz").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.25)
    server.stop()
    raise BenchError(f"The web server did not answer /healthz within 120 s:\n{server.log_tail()}")


def load_data(
    env: dict[str, str],
    people: int,
    placements: int,
    start: datetime.date,
    end: datetime.date,
    password: str,
) -> dict[str, Any]:
    """Fill the migrated database with bench/load.py's data set; its summary (counts…).

    The co-ordinator (USERNAME) and the safeguarding lead (SAFEGUARDING_USERNAME, whose
    TOTP secret is `summary["counts"]["totp_secret"]`) sign in with `password`.
    """
    load_args = [sys.executable, str(BENCH_DIR / "load.py"), "--people", str(people)]
    load_args += ["--placements", str(placements), "--start", str(start)]
    load_args += ["--end", str(end), "--username", USERNAME, "--password", password]
    out, _ = run_step("Loading data", load_args, env)
    summary: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    print(
        f"  loaded in {summary['load_seconds']} s "
        f"(+{summary['analyse_seconds']} s planner statistics): "
        + ", ".join(
            f"{v:,} {k.replace('_', ' ')}"
            for k, v in summary["counts"].items()
            if isinstance(v, int)
        )
    )
    return summary


# --- CPU accounting ---------------------------------------------------------------------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used, from /proc/<pid>/stat."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / CLOCK_TICKS, sum(values) / CLOCK_TICKS


@contextmanager
def database_watch(db: Database) -> Iterator[Callable[[], list[int]]]:
    """PostgreSQL: a function listing the server processes serving the benchmark database."""
    if db.engine != "postgresql":
        yield list
        return
    import psycopg

    with psycopg.connect(db.admin_url, autocommit=True, connect_timeout=10) as conn:

        def backends() -> list[int]:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (db.name,)
            ).fetchall()
            return [int(r[0]) for r in rows]

        yield backends


class CpuMeter:
    """CPU used during a window: this process, the web server, the database, the machine.

    The web server's processes and, on PostgreSQL, the backends serving the benchmark
    database are read twice a second, so that a backend replaced during the window (a
    connection older than DATABASE_CONN_MAX_AGE is closed and opened again) still counts.
    The reading thread's own CPU is not counted as the load generator's.
    """

    INTERVAL = 0.5

    def __init__(self, server_pid: int, db: Database) -> None:
        self.server_pid = server_pid
        self.db = db
        self._first: dict[tuple[str, int], float] = {}
        self._last: dict[tuple[str, int], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)
        self._sampler_cpu = 0.0

    def _sample(self, backends: Callable[[], list[int]]) -> None:
        pids = [("server", self.server_pid)]
        pids += [("server", p) for p in children_of(self.server_pid)]
        pids += [("database", p) for p in backends()]
        for key in pids:
            cpu = process_cpu(key[1])
            if cpu is not None:
                self._first.setdefault(key, cpu if not self._thread.is_alive() else 0.0)
                self._last[key] = cpu

    def _sample_until_stopped(self) -> None:
        started = time.thread_time()
        with database_watch(self.db) as backends:
            while not self._stop.wait(self.INTERVAL):
                self._sample(backends)
            self._sample(backends)
        self._sampler_cpu = time.thread_time() - started

    @staticmethod
    def _self_rusage() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def start(self) -> None:
        with database_watch(self.db) as backends:
            self._sample(backends)  # what each process had used before the window
        self.started = time.monotonic()
        self.own, self.rusage = time.process_time(), self._self_rusage()
        self.machine = machine_busy()
        self._thread.start()

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self.started
        own = time.process_time() - self.own
        rusage = self._self_rusage() - self.rusage
        self._stop.set()
        self._thread.join()

        def used(kind: str) -> float:
            return sum(v - self._first[k] for k, v in self._last.items() if k[0] == kind)

        busy, total = machine_busy()
        return {
            "wall_seconds": round(wall, 1),
            "generator_cpu_seconds": round(own - self._sampler_cpu, 1),
            "generator_rusage_seconds": round(rusage - self._sampler_cpu, 1),
            "server_cpu_seconds": round(used("server"), 1),
            "database_cpu_seconds": round(used("database"), 1),
            "machine_busy_seconds": round(busy - self.machine[0], 1),
            "machine_cpu_seconds": round(total - self.machine[1], 1),
        }


def print_cpu(cpu: dict[str, float], db: Database) -> None:
    wall = cpu["wall_seconds"] or 1.0
    cores = os.cpu_count() or 1

    def share(seconds: float) -> str:
        return f"{seconds:.1f} s CPU = {100 * seconds / wall:.0f} % of one core"

    print(f"CPU over the {wall:.0f} s of load ({cores} cores):")
    print(f"  load generator (this process):   {share(cpu['generator_cpu_seconds'])}")
    print(f"  web server (gunicorn, all):      {share(cpu['server_cpu_seconds'])}")
    if db.engine == "postgresql":
        print(f"  PostgreSQL backends of the run:  {share(cpu['database_cpu_seconds'])}")
    print(
        f"  whole machine:                   {share(cpu['machine_busy_seconds'])} "
        f"(busy {100 * cpu['machine_busy_seconds'] / max(cpu['machine_cpu_seconds'], 1):.0f} %"
        " of all cores, other work included)"
    )


def load_average() -> str:
    return "/".join(f"{v:.2f}" for v in os.getloadavg())


# --- Main -----------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Time the dashboard and the placements list over HTTP on a large database.",
    )
    parser.add_argument(
        "--database-url",
        help="a local PostgreSQL URL whose database name contains 'bench' (it is dropped and "
        "recreated); default: SQLite in a temporary folder",
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--placements", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="web server worker processes")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="DATABASE_CONN_MAX_AGE for the server (default: the settings' own, 60)",
    )
    parser.add_argument("--goal-ms", type=float, default=100.0, help="p95 goal per page")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses the goal")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder and database afterwards, to look into a result",
    )
    args = parser.parse_args(argv)
    for name in ("requests", "people", "placements", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup cannot be negative")
    return args


def run_in_django(
    title: str,
    *,
    prefix: str,
    database_url: str | None,
    keep: bool,
    body: Callable[[Database], int],
) -> int:
    """Run `body` in this process as the Django process, on a throwaway database.

    Makes a temporary data folder and database (SQLite there, or the local PostgreSQL
    database named in `database_url`), sets up Django with the production-like settings
    of `server_env`, and afterwards drops the database and removes the folder (unless
    `keep`). Returns `body`'s exit code, 2 when the benchmark fails, 130 when interrupted.
    """
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    data_dir = tmp / "data"
    data_dir.mkdir()
    db: Database | None = None
    created = False
    try:
        with stop_on_sigterm():
            db = database_for(database_url, data_dir)
            print(f"{title}: {db.describe()}")
            create_database(db)
            created = True
            os.environ.clear()
            os.environ.update(server_env(db, data_dir, None))
            import django

            django.setup()
            return body(db)
    except BenchError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        if keep:
            print(f"Kept: {tmp}" + (f" and database {db.name}" if db and db.name else ""))
        else:
            if db is not None and created:
                close_connections()
                drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


def close_connections() -> None:
    """Close this process's database connections: a database in use cannot be dropped."""
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into an exception so the cleanup below still runs."""

    def handler(signum: int, frame: object) -> NoReturn:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=BENCH_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return done.stdout.strip()


def measure_pages(
    client: Client,
    pages: Sequence[Page],
    args: argparse.Namespace,
    queries: dict[str, int] | None = None,
) -> list[PageResult]:
    """Time each page in turn with the run's request counts and goal, saying which."""
    results = []
    for page in pages:
        print(f"  {page.name}: {page.path}", flush=True)
        counted = (queries or {}).get(page.path)
        results.append(measure(client, page, args.requests, args.warmup, args.goal_ms, counted))
    return results


def run_facts(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    """What every saved report says of the run: engine, when, code, machine, goal."""
    return {
        "engine": db.engine,
        "database": db.describe(),
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "workers": args.workers,
        "goal_p95_ms": args.goal_ms,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    start_month = int(os.environ.get("CHORUS_FINANCIAL_YEAR_START_MONTH", "7"))
    start, end = data_range(datetime.date.today(), start_month)  # noqa: DTZ011
    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-"))
    data_dir = tmp / "data"
    server: Server | None = None
    db: Database | None = None
    created = False
    try:
        with stop_on_sigterm():
            db = database_for(args.database_url, data_dir)
            print(
                f"Chorus benchmark: {db.describe()}, {args.people:,} people, "
                f"{args.placements:,} placements from {start} to {end}"
            )
            create_database(db)
            created = True
            env = server_env(db, data_dir, args.conn_max_age)
            python = sys.executable
            run_step(
                "Migrating", [python, "-m", "chorus.cli", "manage", "migrate", "--noinput"], env
            )
            password = secrets.token_urlsafe(24)
            summary = load_data(env, args.people, args.placements, start, end, password)

            measured = [FLOOR, *pages(start, end)]
            query_counts = count_queries(env, [p.path for p in measured])
            print(f"Starting the web server ({args.workers} workers)…", end=" ", flush=True)
            began = time.perf_counter()
            server = start_server(env, args.workers, tmp / "server.log")
            print(f"{time.perf_counter() - began:.1f} s, {server.base_url}")

            client = Client(server.base_url)
            # Without cookies: a signed-in request to /healthz would still load the session.
            baseline = measure(
                Client(server.base_url), BASELINE, args.requests, args.warmup, args.goal_ms, 0
            )
            sign_in(client, USERNAME, password)
            results: list[PageResult] = []
            for page in measured:
                print(f"  {page.name}: {page.path}", flush=True)
                queries = query_counts.get(page.path)
                results.append(
                    measure(client, page, args.requests, args.warmup, args.goal_ms, queries)
                )
            # The storytellers list decrypts each shown row; it is measured as the
            # safeguarding lead, who sees every sensitive field.
            lead = Client(server.base_url)
            sign_in_with_totp(
                lead, SAFEGUARDING_USERNAME, password, summary["counts"]["totp_secret"]
            )
            for page in STORYTELLER_PAGES:
                print(f"  {page.name}: {page.path}", flush=True)
                results.append(measure(lead, page, args.requests, args.warmup, args.goal_ms, None))

            floor = results[0]
            print()
            print_table(results, args.goal_ms, floor)
            print(
                f"\nBaseline: {BASELINE.path} (no session, no database) "
                f"p50 {baseline.p50_ms:.1f} ms, p95 {baseline.p95_ms:.1f} ms: "
                "the cost of the server and the HTTP round trip alone."
            )
            floor_queries = "?" if floor.queries is None else floor.queries
            print(
                f"Floor: {FLOOR.path} signed in ({floor_queries} queries: the session and the "
                f"user) p50 {floor.p50_ms:.1f} ms, p95 {floor.p95_ms:.1f} ms: the stack every "
                "signed-in page pays; × floor is each page's p95 over the floor's."
            )
            saves = sum(r.session_saves for r in results)
            print(
                f"Session saves while measuring: {saves} of {sum(r.requests for r in results)} "
                "responses wrote the session."
            )
            report = {
                "engine": db.engine,
                "database": db.describe(),
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "commit": git_commit(),
                "python": platform.python_version(),
                "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
                "workers": args.workers,
                "conn_max_age": args.conn_max_age,
                "goal_p95_ms": args.goal_ms,
                "data": {
                    "from": str(start),
                    "to": str(end),
                    **{k: v for k, v in summary["counts"].items() if isinstance(v, int)},
                },
                "load_seconds": summary["load_seconds"],
                "baseline": asdict(baseline),
                "floor": asdict(floor),
                "pages": [
                    {**asdict(r), "p95_floor_ratio": round(floor_ratio(r, floor), 2)}
                    for r in results
                ],
            }
            RESULTS_DIR.mkdir(exist_ok=True)
            out_path = RESULTS_DIR / f"latest-{db.engine}.json"
            out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            failed = [r for r in results if not r.passed]
            print(
                f"\n{len(results) - len(failed)} of {len(results)} pages meet the goal. "
                f"Figures saved to {out_path.relative_to(BENCH_DIR.parent)}."
            )
            return 1 if failed and args.strict else 0
    except BenchError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        if server is not None:
            print(f"\nLast lines of the server log:\n{server.log_tail()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            print(f"Kept: {tmp}" + (f" and database {db.name}" if db and db.name else ""))
        else:
            if db is not None and created:
                drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
