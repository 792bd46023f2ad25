"""Benchmark: thirty signed-in staff at once, against each page's single-user figures.

    .venv/bin/python bench/staff_load.py --database-url postgres://postgres@127.0.0.1:5432/chorus_bench_load
    .venv/bin/python bench/staff_load.py [--database-url URL] [--users 30] [--duration 120]
        [--think 5] [--single-requests 40] [--people 100000] [--placements 10000]

Builds bench/run.py's data set (100,000 people, 10,000 placements, 5,000 storytellers,
the outreach log) in a throwaway database, adds the staff who take part (co-ordinators,
media officers, volunteers, read-only board members and safeguarding leads; the roles
that need a second factor sign in with a TOTP code), starts the production web server
and signs everyone in through the real login pages.

1. **Single user**: each page of the mix is timed alone, one request at a time.
2. **Load**: every user runs the mix of their role at once for `--duration` seconds,
   waiting `--think` seconds on average between actions: the dashboard, lists, searches
   of people and placements, region pages, and, for the media officers, a placement
   opened and saved through the real edit form (with its CSRF token) every few seconds.

The table shows each page's p95 alone and under load, their ratio (goal ≤ 3×) and the
errors (goal 0). The load generator runs on the same machine as the server, so the CPU
time of each (this process, the gunicorn processes and, on PostgreSQL, the database
backends serving the run) is printed with the load average at start and end.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import html.parser
import json
import os
import random
import secrets
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import run as bench  # noqa: E402  (bench/run.py: server, database and timing helpers)

GOAL_RATIO = 3.0
SAVE_NOTE = "Checked during the staff load benchmark"
# How many of each role take part, for 30 users; other sizes keep the proportions.
ROLE_MIX = {
    "coordinator": 12,
    "media_officer": 8,
    "volunteer": 4,
    "read_only": 4,
    "safeguarding_lead": 2,
}
MFA_ROLES = {"media_officer", "safeguarding_lead"}
PLACEMENT_WORDS = ["asylum", "refugee", "housing", "visa", "community", "work", "citizenship"]
PEOPLE_WORDS = ["Khan", "Patel", "Nguyen", "Fatima", "Omar", "Smith", "Okafor", "Leila"]
SITE_WORDS = ["asylum", "Khan", "Gazette", "Welcome", "Manchester", "refugee"]


# --- Inside the server's environment (a subprocess) -------------------------------------


def make_staff(users: int, password: str, out_path: Path) -> None:
    """Add the staff who take part, and write who they are (and the ids they use)."""
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from chorus.accounts.models import User
    from chorus.media.models import Placement
    from chorus.people.models import Person, Region

    hashed = make_password(password)  # one hash for all: hashing is not what is measured
    staff = []
    with transaction.atomic():
        for n, role in enumerate(roles_for(users), start=1):
            user = User.objects.create(
                username=f"load-{role.replace('_', '-')}-{n:02d}",
                role=role,
                first_name="Load",
                last_name=f"User {n}",
                password=hashed,
            )
            secret = ""
            if role in MFA_ROLES:
                secret = generate_totp_secret()
                TOTP.activate(user, secret)
            staff.append({"username": user.username, "role": role, "secret": secret})
    people = Person.objects.filter(storyteller__isnull=True).order_by("pk")
    facts = {
        "staff": staff,
        "placements": list(Placement.objects.order_by("pk").values_list("pk", flat=True)),
        "people": [people.first().pk, people.last().pk],  # type: ignore[union-attr]
        "regions": list(Region.objects.order_by("pk").values_list("pk", flat=True)),
    }
    out_path.write_text(json.dumps(facts), encoding="utf-8")
    print(json.dumps({"staff": len(staff)}))


def count_saved() -> None:
    """The placements whose notes the benchmark's saves wrote, as JSON."""
    import django

    django.setup()
    from chorus.media.models import Placement

    saved = Placement.objects.filter(notes__startswith=SAVE_NOTE)
    print(json.dumps({"saved": sorted(saved.values_list("pk", flat=True))}))


def roles_for(users: int) -> list[str]:
    """`users` roles in ROLE_MIX's proportions, with at least one media officer."""
    total = sum(ROLE_MIX.values())
    roles: list[str] = []
    for role, share in ROLE_MIX.items():
        roles += [role] * round(users * share / total)
    roles = roles[:users]
    if "media_officer" not in roles:
        roles[-1] = "media_officer"
    while len(roles) < users:
        roles.append("coordinator")
    return roles


# --- Forms --------------------------------------------------------------------------------


class _FormReader(html.parser.HTMLParser):
    """The fields of the POST forms of a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._chosen: list[str] = []
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "reset"):
                self._form.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self._select, self._chosen, self._first_option = name, [], None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._chosen.append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.setdefault(name, []).append("")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            chosen = self._chosen or ([self._first_option] if self._first_option else [])
            self._form.setdefault(self._select, []).extend(chosen)
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


def post_form_with(body: bytes, field_name: str) -> dict[str, list[str]]:
    """The POST form on the page that has `field_name`, as a browser would send it."""
    reader = _FormReader()
    reader.feed(body.decode("utf-8", "replace"))
    for form in reader.forms:
        if field_name in form:
            return form
    raise bench.BenchError(f"No form with a {field_name!r} field on the page")


def post(client: bench.Client, path: str, form: dict[str, list[str]]) -> bench.Response:
    """POST a form whose fields may repeat (bench.Client.request takes one value each)."""
    data = urllib.parse.urlencode([(k, v) for k, vs in form.items() for v in vs]).encode()
    req = urllib.request.Request(client.base_url + path, data=data)
    req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in client.cookies.items()))
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    # The CSRF check compares the Origin of a POST with the site's own (as browsers send it).
    req.add_header("Origin", client.base_url)
    started = time.perf_counter()
    try:
        with client._opener.open(req, timeout=60) as resp:
            answer, status, headers = resp.read(), resp.status, resp.headers
    except urllib.error.HTTPError as exc:
        answer, status, headers = exc.read(), exc.code, exc.headers
    seconds = time.perf_counter() - started
    client._keep_cookies(headers)
    return bench.Response(status, headers, answer, seconds)


# --- The mix of pages ---------------------------------------------------------------------


@dataclass
class Sample:
    page: str
    seconds: float
    error: str = ""


Record = Callable[[Sample], None]


@dataclass
class Facts:
    """What the pages pick from: the ids loaded, and the period of the data."""

    placements: list[int]
    people: tuple[int, int]
    regions: list[int]
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Action:
    """Something a user does: one page (GET), or opening a placement and saving it."""

    name: str
    weights: dict[str, int]  # role -> how often, against the role's other actions
    path: Callable[[random.Random, Facts], str] | None = None

    @property
    def pages(self) -> list[str]:
        if self.path is None:
            return ["placement edit form", "placement save", "placements list"]
        return [self.name]

    def run(
        self, client: bench.Client, rng: random.Random, facts: Facts, record: Record, user: str
    ) -> None:
        if self.path is None:
            placement_save(client, rng, facts, record, user)
        else:
            get(client, self.name, self.path(rng, facts), record)


def get(client: bench.Client, name: str, path: str, record: Record) -> bench.Response | None:
    started = time.perf_counter()
    try:
        resp = client.request(path)
    except OSError as exc:  # refused, reset, timed out: the user saw no page
        record(Sample(name, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"))
        return None
    error = ""
    if resp.status != 200:
        error = f"GET {path} answered {resp.status} {resp.headers.get('Location', '')}".strip()
    elif b'name="password"' in resp.body and b"csrfmiddlewaretoken" in resp.body:
        error = f"GET {path} showed the login form"
    record(Sample(name, resp.seconds, error))
    return resp if not error else None


def placement_save(
    client: bench.Client, rng: random.Random, facts: Facts, record: Record, user: str
) -> None:
    """Open a placement's edit form, change its notes, save it, land on the list."""
    pk = rng.choice(facts.placements)
    path = f"/media/placements/{pk}/edit/"
    page = get(client, "placement edit form", path, record)
    if page is None:
        return
    form = post_form_with(page.body, "headline")
    form["notes"] = [f"{SAVE_NOTE} by {user} at {time.time():.3f}."]
    started = time.perf_counter()
    try:
        answer = post(client, path, form)
    except OSError as exc:
        record(Sample("placement save", time.perf_counter() - started, str(exc)))
        return
    where = answer.headers.get("Location", "")
    if answer.status != 302 or not where.startswith("/media/placements/"):
        snippet = answer.snippet(300).replace("\n", " ")
        record(
            Sample("placement save", answer.seconds, f"POST answered {answer.status}: {snippet}")
        )
        return
    record(Sample("placement save", answer.seconds))
    saved.add(pk)
    get(client, "placements list", where, record)


saved: set[int] = set()  # placements saved without error (checked against the database)


def _whole_period(rng: random.Random, f: Facts) -> str:
    return f"/?date_from={f.start.isoformat()}&date_to={f.end.isoformat()}"


ACTIONS = [
    Action(
        "dashboard",
        {
            "coordinator": 3,
            "media_officer": 2,
            "volunteer": 3,
            "read_only": 4,
            "safeguarding_lead": 2,
        },
        lambda r, f: "/",
    ),
    Action("dashboard, all years", {"coordinator": 1, "read_only": 2}, _whole_period),
    Action(
        "search page (the floor)",
        {"coordinator": 1, "volunteer": 1, "read_only": 1},
        lambda r, f: "/search/",
    ),
    Action(
        "search everything",
        {
            "coordinator": 2,
            "media_officer": 2,
            "volunteer": 2,
            "read_only": 1,
            "safeguarding_lead": 1,
        },
        lambda r, f: f"/search/?q={r.choice(SITE_WORDS)}",
    ),
    Action(
        "placements list",
        {"coordinator": 2, "media_officer": 3, "volunteer": 2, "read_only": 2},
        lambda r, f: (
            "/media/placements/" + (f"?page={r.randint(2, 40)}" if r.random() < 0.3 else "")
        ),
    ),
    Action(
        "placements search",
        {"coordinator": 2, "media_officer": 3, "read_only": 1},
        lambda r, f: f"/media/placements/?q={r.choice(PLACEMENT_WORDS)}&sort=-published_on",
    ),
    Action(
        "people search",
        {"coordinator": 2, "media_officer": 2, "safeguarding_lead": 1},
        lambda r, f: f"/people/?q={r.choice(PEOPLE_WORDS)}",
    ),
    Action(
        "person page",
        {"coordinator": 1, "media_officer": 1},
        lambda r, f: f"/people/{r.randint(*f.people)}/",
    ),
    Action(
        "outreach log",
        {"coordinator": 2, "media_officer": 1, "safeguarding_lead": 1},
        lambda r, f: "/network/outreach/" + ("?q=meeting" if r.random() < 0.5 else ""),
    ),
    Action(
        "region page",
        {"coordinator": 2, "volunteer": 2, "read_only": 1, "safeguarding_lead": 1},
        lambda r, f: f"/network/regions/{r.choice(f.regions)}/",
    ),
    Action(
        "storytellers list",
        {"media_officer": 1, "safeguarding_lead": 3},
        lambda r, f: "/voices/" + (f"?page={r.randint(2, 40)}" if r.random() < 0.3 else ""),
    ),
    Action("placement opened and saved", {"media_officer": 3}),
]


def actions_of(role: str) -> tuple[list[Action], list[int]]:
    chosen = [a for a in ACTIONS if role in a.weights]
    return chosen, [a.weights[role] for a in chosen]


# --- Running the users --------------------------------------------------------------------


@dataclass
class StaffUser:
    username: str
    role: str
    secret: str
    client: bench.Client


def sign_in_all(base_url: str, staff: list[dict[str, str]], password: str) -> list[StaffUser]:
    def one(member: dict[str, str]) -> StaffUser:
        client = bench.Client(base_url)
        if member["secret"]:
            bench.sign_in_with_totp(client, member["username"], password, member["secret"])
        else:
            bench.sign_in(client, member["username"], password)
        return StaffUser(member["username"], member["role"], member["secret"], client)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, staff))


class Recorder:
    """Samples from many threads, by page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.samples: dict[str, list[Sample]] = defaultdict(list)

    def __call__(self, sample: Sample) -> None:
        with self._lock:
            self.samples[sample.page].append(sample)


def single_user_pass(
    users: list[StaffUser], facts: Facts, requests: int, warmup: int
) -> dict[str, list[Sample]]:
    """Each page alone: one request at a time, by a user of a role that uses it."""
    recorder = Recorder()
    by_role = {u.role: u for u in users}
    for action in ACTIONS:
        role = max(action.weights, key=lambda r: (r in by_role, action.weights[r]))
        user = by_role[role]
        rng = random.Random(f"single-{action.name}")
        print(f"  {action.name} (as {role.replace('_', ' ')})", flush=True)
        for n in range(warmup + requests):
            record: Record = recorder if n >= warmup else (lambda s: None)
            action.run(user.client, rng, facts, record, user.username)
    return recorder.samples


def load_pass(
    users: list[StaffUser], facts: Facts, duration: float, think: float
) -> tuple[dict[str, list[Sample]], int]:
    """Everyone at once: each user runs their role's mix, thinking between actions."""
    recorder = Recorder()
    deadline = time.monotonic() + duration
    actions_done = [0] * len(users)

    def user_loop(index: int, user: StaffUser) -> None:
        rng = random.Random(f"load-{user.username}")
        chosen, weights = actions_of(user.role)
        # Users arrive over the first think time, not all in the same second.
        time.sleep(rng.uniform(0, think))
        while time.monotonic() < deadline:
            action = rng.choices(chosen, weights)[0]
            try:
                action.run(user.client, rng, facts, recorder, user.username)
            except bench.BenchError as exc:
                recorder(Sample(action.pages[0], 0.0, str(exc)))
            actions_done[index] += 1
            pause = rng.uniform(0.5, 1.5) * think  # on average `think` seconds
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))

    threads = [
        threading.Thread(target=user_loop, args=(i, u), name=u.username, daemon=True)
        for i, u in enumerate(users)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return recorder.samples, sum(actions_done)


@dataclass
class Row:
    page: str
    single_requests: int
    single_p95_ms: float
    loaded_requests: int
    loaded_p50_ms: float
    loaded_p95_ms: float
    loaded_max_ms: float
    ratio: float
    errors: int
    passed: bool


def rows_for(
    single: dict[str, list[Sample]], loaded: dict[str, list[Sample]], goal: float
) -> list[Row]:
    rows = []
    names = [p for a in ACTIONS for p in a.pages]
    for page in dict.fromkeys(names):
        alone = sorted(s.seconds * 1000 for s in single.get(page, []) if not s.error)
        under = loaded.get(page, [])
        ok = sorted(s.seconds * 1000 for s in under if not s.error)
        errors = sum(1 for s in under if s.error) + sum(1 for s in single.get(page, []) if s.error)
        if not alone and not under:
            continue
        single_p95 = bench.percentile(alone, 0.95) if alone else float("nan")
        loaded_p95 = bench.percentile(ok, 0.95) if ok else float("nan")
        ratio = loaded_p95 / single_p95 if alone and ok else float("nan")
        rows.append(
            Row(
                page=page,
                single_requests=len(alone),
                single_p95_ms=round(single_p95, 1),
                loaded_requests=len(under),
                loaded_p50_ms=round(bench.percentile(ok, 0.50), 1) if ok else float("nan"),
                loaded_p95_ms=round(loaded_p95, 1),
                loaded_max_ms=round(ok[-1], 1) if ok else float("nan"),
                ratio=round(ratio, 2),
                errors=errors,
                passed=bool(ok) and ratio <= goal and errors == 0,
            )
        )
    return rows


def print_rows(rows: list[Row], goal: float) -> None:
    headers = ["page", "alone n", "alone p95", "loaded n", "p50", "p95", "max", "ratio"]
    headers += ["errors", f"≤ {goal:g}×, 0 errors"]
    bench.print_rows(
        headers,
        [
            [
                r.page,
                str(r.single_requests),
                f"{r.single_p95_ms:.1f}",
                str(r.loaded_requests),
                f"{r.loaded_p50_ms:.1f}",
                f"{r.loaded_p95_ms:.1f}",
                f"{r.loaded_max_ms:.1f}",
                f"{r.ratio:.2f}",
                str(r.errors),
                "PASS" if r.passed else "FAIL",
            ]
            for r in rows
        ],
    )


# --- Main ---------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/staff_load.py",
        description="Thirty signed-in staff at once, against single-user figures.",
    )
    parser.add_argument(
        "--database-url",
        help="a local PostgreSQL URL whose database name contains 'bench' (dropped and "
        "recreated); default: SQLite in a temporary folder",
    )
    parser.add_argument("--users", type=int, default=30, help="staff signed in at once")
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between actions")
    parser.add_argument(
        "--single-requests", type=int, default=40, help="timed requests per page, alone"
    )
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--placements", type=int, default=10_000)
    parser.add_argument(
        "--workers",
        type=int,
        default=3,
        help="web server worker processes (chorus serve's default)",
    )
    parser.add_argument("--goal-ratio", type=float, default=GOAL_RATIO, help="loaded/alone p95")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses a goal")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    # Internal: the steps that run inside the server's environment.
    parser.add_argument("--make-staff", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--password", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count-saved", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name in ("users", "single_requests", "people", "placements", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.duration <= 0 or args.think < 0 or args.warmup < 0:
        parser.error("--duration must be positive; --think and --warmup not negative")
    return args


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0915
    args = parse_args(argv)
    if args.make_staff is not None:
        make_staff(args.make_staff, args.password, args.out)
        return 0
    if args.count_saved:
        count_saved()
        return 0

    start_month = int(os.environ.get("CHORUS_FINANCIAL_YEAR_START_MONTH", "7"))
    start, end = bench.data_range(datetime.date.today(), start_month)  # noqa: DTZ011
    tmp = Path(tempfile.mkdtemp(prefix="chorus-bench-staff-"))
    data_dir = tmp / "data"
    server: bench.Server | None = None
    db: bench.Database | None = None
    created = False
    me = [sys.executable, str(Path(__file__).resolve())]
    try:
        with bench.stop_on_sigterm():
            db = bench.database_for(args.database_url, data_dir)
            print(
                f"Staff load benchmark: {db.describe()}, {args.users} staff, think "
                f"{args.think:g} s, {args.duration:g} s of load, {args.workers} workers; "
                f"load average at start {bench.load_average()}"
            )
            bench.create_database(db)
            created = True
            env = bench.server_env(db, data_dir, None)
            bench.run_step(
                "Migrating",
                [sys.executable, "-m", "chorus.cli", "manage", "migrate", "--noinput"],
                env,
            )
            password = secrets.token_urlsafe(24)
            bench.load_data(env, args.people, args.placements, start, end, password)
            facts_path = tmp / "staff.json"
            bench.run_step(
                "Adding the staff",
                [*me, "--make-staff", str(args.users), "--password", password]
                + ["--out", str(facts_path)],
                env,
            )
            loaded = json.loads(facts_path.read_text(encoding="utf-8"))
            facts = Facts(
                placements=loaded["placements"],
                people=tuple(loaded["people"]),  # type: ignore[arg-type]
                regions=loaded["regions"],
                start=start,
                end=end,
            )

            print(f"Starting the web server ({args.workers} workers)…", end=" ", flush=True)
            began = time.perf_counter()
            server = bench.start_server(env, args.workers, tmp / "server.log")
            print(f"{time.perf_counter() - began:.1f} s, {server.base_url}")

            print(f"Signing in {args.users} staff…", end=" ", flush=True)
            began = time.perf_counter()
            users = sign_in_all(server.base_url, loaded["staff"], password)
            roles = defaultdict(int)
            for u in users:
                roles[u.role.replace("_", " ")] += 1
            print(
                f"{time.perf_counter() - began:.1f} s ("
                + ", ".join(f"{n} {r}" for r, n in roles.items())
                + ")"
            )

            print(f"Single user: {args.single_requests} requests per page, one at a time")
            single = single_user_pass(users, facts, args.single_requests, args.warmup)
            saved.clear()

            print(f"Load: {args.users} staff for {args.duration:g} s…", flush=True)
            meter = bench.CpuMeter(server.process.pid, db)
            meter.start()
            load_started = bench.load_average()
            loaded_samples, actions = load_pass(users, facts, args.duration, args.think)
            cpu = meter.stop()
            load_ended = bench.load_average()

            out, _ = bench.run_step("Checking the saved placements", [*me, "--count-saved"], env)
            in_database = set(json.loads(out.strip().splitlines()[-1])["saved"])
            missing = saved - in_database

            rows = rows_for(single, loaded_samples, args.goal_ratio)
            requests = sum(len(v) for v in loaded_samples.values())
            saves = len(loaded_samples.get("placement save", []))
            print()
            print_rows(rows, args.goal_ratio)
            print(
                f"\n{actions} actions, {requests} requests in {cpu['wall_seconds']:.0f} s "
                f"({requests / cpu['wall_seconds']:.1f} requests/s); {saves} placements saved "
                f"(one every {cpu['wall_seconds'] / max(saves, 1):.1f} s), "
                + (
                    f"every one of the {len(saved)} placements saved holds its new notes."
                    if not missing
                    else f"{len(missing)} saved placements do NOT hold their new notes!"
                )
            )
            bench.print_cpu(cpu, db)
            print(
                f"Load average: {load_started} at the start of the load, {load_ended} at the end."
            )
            for page, samples in loaded_samples.items():
                for s in [s for s in samples if s.error][:3]:
                    print(f"  error on {page}: {s.error[:300]}")

            report = {
                "engine": db.engine,
                "database": db.describe(),
                "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "commit": bench.git_commit(),
                "machine": f"{os.uname().sysname} {os.uname().machine}, {os.cpu_count()} CPUs",
                "workers": args.workers,
                "users": args.users,
                "roles": dict(roles),
                "think_seconds": args.think,
                "duration_seconds": args.duration,
                "goal_ratio": args.goal_ratio,
                "actions": actions,
                "requests": requests,
                "placements_saved": saves,
                "saves_missing": len(missing),
                "cpu": cpu,
                "load_average": {"start": load_started, "end": load_ended},
                "pages": [r.__dict__ for r in rows],
            }
            bench.RESULTS_DIR.mkdir(exist_ok=True)
            out_path = bench.RESULTS_DIR / f"staff-load-{db.engine}.json"
            out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
            failed = [r for r in rows if not r.passed] or missing
            print(
                f"\n{len(rows) - len([r for r in rows if not r.passed])} of {len(rows)} pages "
                f"meet the goals. Figures saved to {out_path.relative_to(BENCH_DIR.parent)}."
            )
            return 1 if failed and args.strict else 0
    except bench.BenchError as exc:
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
        print(f"Load average at the end: {bench.load_average()}")
        if args.keep:
            print(f"Kept: {tmp}" + (f" and database {db.name}" if db and db.name else ""))
        else:
            if db is not None and created:
                bench.drop_database(db)
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    sys.exit(main())
