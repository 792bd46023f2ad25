"""The `chorus` command: one entry point for the demo, the production processes and admin tasks.

chorus demo [--reset] [--no-serve] [--port 8000]   fictional data, web + worker + scheduler
chorus serve [--bind 127.0.0.1:8000] [--workers N] the web server (gunicorn)
chorus worker                                      the background task worker
chorus scheduler                                   the cron-style scheduler
chorus report --from YYYY-MM-DD --to YYYY-MM-DD [--format json|html|pdf|csv] [--output FILE]
chorus report --published N [--format …] [--output FILE]   a published annual report
chorus extract | dedupe | classify                   round-up pipeline stages, JSON lines in and out
chorus ingest --url URL                            fetch one feed once and store its new articles
chorus import KIND FILE [--dry-run] [--as USER]    import a spreadsheet (CSV); --list lists kinds
chorus backup [--output DIR] | --verify FILE       an encrypted backup, or check one
chorus restore FILE [--force]                      fill an empty database and uploads folder
chorus manage <django management command> …        anything else
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

DEMO_USERS = [
    "admin",
    "safeguarding",
    "media",
    "coordinator",
    "digital",
    "director",
    "volunteer",
    "readonly",
]


# gunicorn's access log without the query string or the referrer: what staff type into
# the search box (a person's name) and tokens in links never reach the log files.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    _django_setup()
    from django.core.management import call_command

    call_command(*args)


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "chorus.cli", *args], env=os.environ.copy())  # noqa: S603


def _run_together(processes: list[subprocess.Popen[bytes]]) -> int:
    """Wait until one process stops or the user presses Ctrl-C, then stop them all."""

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        code = next(p.returncode for p in processes if p.poll() is not None) or 0
    except KeyboardInterrupt:
        pass
    finally:
        for p in processes:
            if p.poll() is None:
                p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ["CHORUS_DEMO"] = "1"
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo_load", reset=args.reset, password=settings.DEMO_PASSWORD)
    if args.no_serve:
        print(f"Demo database ready in {settings.DATA_DIR}.")
        return 0
    url = f"http://{args.host}:{args.port}"
    print(
        "\nChorus demo — fictional data\n"
        f"  Open {url}\n"
        f"  Sign in as any of: {', '.join(DEMO_USERS)}\n"
        f"  Password for all of them: {settings.DEMO_PASSWORD}\n"
        "  Press Ctrl-C to stop.\n",
        flush=True,
    )
    return _run_together(
        [
            _spawn(
                [
                    "serve",
                    "--bind",
                    f"{args.host}:{args.port}",
                    "--workers",
                    "2",
                    "--no-collectstatic",
                ]
            ),
            _spawn(["worker"]),
            _spawn(["scheduler"]),
        ]
    )


def cmd_newkey(args: argparse.Namespace) -> int:
    """A new key (32 random bytes, URL-safe base64), without loading settings: the first
    keys are made before Chorus can start."""
    from cryptography.fernet import Fernet

    print(Fernet.generate_key().decode("ascii"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _django_setup()
    from django.conf import settings

    if not args.no_collectstatic and not settings.DEBUG:
        _manage("collectstatic", "--noinput", "--verbosity", "0")
    workers = args.workers or int(os.environ.get("WEB_CONCURRENCY", "3"))
    proxies = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
    gunicorn_args = [
        sys.executable, "-m", "gunicorn", "chorus.wsgi:application",
        "--bind", args.bind, "--workers", str(workers),
        "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT,
        "--forwarded-allow-ips", proxies,
    ]  # fmt: skip
    os.execv(sys.executable, gunicorn_args)  # noqa: S606
    return 0  # pragma: no cover


def cmd_worker(args: argparse.Namespace) -> int:
    _manage("db_worker", "--no-reload")
    return 0


def cmd_scheduler(args: argparse.Namespace) -> int:
    _manage("crontask")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    _manage("report", *args.rest)
    return 0


# The round-up pipeline's stages read JSON lines on stdin and write JSON lines on stdout.
# They need no database and no settings, so they do not set Django up.
PIPELINE = {
    "extract": "chorus.monitoring.pipeline.extract",
    "dedupe": "chorus.monitoring.pipeline.dedupe",
    "classify": "chorus.monitoring.pipeline.classify",
}


def cmd_pipeline(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(PIPELINE[args.command])
    return int(module.cli_main(args.rest))


def cmd_ingest(args: argparse.Namespace) -> int:
    _django_setup()
    from chorus.monitoring.services.ingest import cli_main

    return int(cli_main(args.rest))


def cmd_import(args: argparse.Namespace) -> int:
    """Check and import one CSV file; print one JSON object. Exit 1 when any row is wrong."""
    import json

    _django_setup()
    from django.contrib.auth import get_user_model

    from chorus.accounts.access import can
    from chorus.lib.imports.registry import get_kind, kinds
    from chorus.lib.imports.services import import_file_run

    if args.list:
        for kind in kinds():
            print(f"{kind.name}\t{kind.title}")
        return 0
    if not args.kind or not args.file:
        print("chorus import: give a kind and a file, or --list.", file=sys.stderr)
        return 2
    try:
        kind = get_kind(args.kind)
    except KeyError:
        names = ", ".join(k.name for k in kinds())
        print(f"chorus import: no import kind {args.kind!r}. Kinds: {names}.", file=sys.stderr)
        return 2
    actor = None  # the system: audit rows name no user and say "command line"
    if args.as_user:
        actor = get_user_model().objects.filter(username=args.as_user, is_active=True).first()
        if actor is None:
            print(f"chorus import: no active user {args.as_user!r}.", file=sys.stderr)
            return 2
        if not can(actor, kind.area, "change"):
            print(f"chorus import: {args.as_user} may not import {kind.plural}.", file=sys.stderr)
            return 2
    try:
        with open(args.file, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        print(f"chorus import: cannot read {args.file}: {exc.strerror}.", file=sys.stderr)
        return 2
    outcome = import_file_run(
        actor=actor,
        kind=kind.name,
        name=os.path.basename(args.file),
        data=data,
        dry_run=args.dry_run,
    )
    print(json.dumps(outcome.as_dict(), ensure_ascii=False))
    return 1 if outcome.errors else 0


def cmd_backup(args: argparse.Namespace) -> int:
    """`backup` and `restore` are management commands: a failure prints one plain line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([f"chorus {args.command}", args.command, *args.rest])
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chorus manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chorus", description=__doc__.splitlines()[0] if __doc__ else None
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run Chorus with fictional demo data")
    demo.add_argument(
        "--reset", action="store_true", help="delete all data and load the demo afresh"
    )
    demo.add_argument("--no-serve", action="store_true", help="prepare the database and exit")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.set_defaults(func=cmd_demo)

    sub.add_parser(
        "newkey", help="print a new key for CHORUS_ENCRYPTION_KEYS or CHORUS_BACKUP_KEY"
    ).set_defaults(func=cmd_newkey)

    serve = sub.add_parser("serve", help="run the web server")
    serve.add_argument("--bind", default=os.environ.get("CHORUS_BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=0)
    serve.add_argument("--no-collectstatic", action="store_true")
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("worker", help="run the background task worker").set_defaults(func=cmd_worker)
    sub.add_parser("scheduler", help="run the cron-style scheduler").set_defaults(
        func=cmd_scheduler
    )

    report = sub.add_parser("report", help="print the impact report", add_help=False)
    report.add_argument("rest", nargs=argparse.REMAINDER)
    report.set_defaults(func=cmd_report)

    for name, help_text in [
        ("extract", "pipeline: HTML pages in, title, text and language out (JSON lines)"),
        ("dedupe", "pipeline: articles in, story clusters out (JSON lines)"),
        ("classify", "pipeline: articles in, relevance, topics and framing out (JSON lines)"),
    ]:
        stage = sub.add_parser(name, help=help_text, add_help=False)
        stage.add_argument("rest", nargs=argparse.REMAINDER)
        stage.set_defaults(func=cmd_pipeline)
    ingest = sub.add_parser("ingest", help="fetch one feed once and store it", add_help=False)
    ingest.add_argument("rest", nargs=argparse.REMAINDER)
    ingest.set_defaults(func=cmd_ingest)

    importer = sub.add_parser("import", help="import a spreadsheet (CSV) of one kind")
    importer.add_argument("kind", nargs="?", help="what the file holds (see --list)")
    importer.add_argument("file", nargs="?", help="the CSV file")
    importer.add_argument("--list", action="store_true", help="list the import kinds")
    importer.add_argument("--dry-run", action="store_true", help="check and count, import nothing")
    importer.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="the staff member the audit log names (must be allowed to import the kind)",
    )
    importer.set_defaults(func=cmd_import)

    for name, help_text in [
        ("backup", "back up into one encrypted file, or --verify FILE (docs/backups.md)"),
        ("restore", "restore a backup into an empty database and uploads folder"),
    ]:
        ops = sub.add_parser(name, help=help_text, add_help=False)
        ops.add_argument("rest", nargs=argparse.REMAINDER)
        ops.set_defaults(func=cmd_backup)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


PASSTHROUGH = {
    "report", "manage", "extract", "dedupe", "classify", "ingest", "backup", "restore",
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    # Before anything is written: the database, uploads, cache and keys are private.
    from chorus.lib.files import use_private_umask

    use_private_umask()
    argv = sys.argv[1:] if argv is None else argv
    # These commands hand everything after their name on untouched
    # (argparse would otherwise try to read options such as --from itself).
    if argv and argv[0] in PASSTHROUGH:
        funcs = {"report": cmd_report, "manage": cmd_manage, "ingest": cmd_ingest}
        funcs |= {"backup": cmd_backup, "restore": cmd_backup}
        args = argparse.Namespace(
            command=argv[0], rest=argv[1:], func=funcs.get(argv[0], cmd_pipeline)
        )
    else:
        args = build_parser().parse_args(argv)
    from django.core.exceptions import ImproperlyConfigured

    try:
        return int(args.func(args) or 0)
    except ImproperlyConfigured as exc:
        print(f"chorus: configuration problem: {exc}\nSee docs/configuration.md.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
