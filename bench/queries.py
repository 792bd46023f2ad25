"""Count the SQL queries each benchmarked page makes, for reading alongside the timings.

Run by bench/run.py in a subprocess with the benchmark's environment, after the data is
loaded: renders each path once in-process (Django's test client, signed in as the
benchmark user) and prints {path: {"status": ..., "queries": ...}} as JSON on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Count SQL queries per page.")
    parser.add_argument("--username", required=True)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    import django

    django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from chorus.accounts.models import User

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(username=args.username))
    counts: dict[str, dict[str, int]] = {}
    for path in args.paths:
        client.get(path)  # the first request may save the session; count a steady one
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts[path] = {"status": response.status_code, "queries": len(captured.captured_queries)}
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
