"""The restore drill: the demo is backed up, changed and partly erased, then restored.

Every step is the `chorus` command an operator would run, as a separate process:

1. build the demo;
2. back it up (`chorus backup`);
3. change records and erase a storyteller;
4. restore the backup into a new data folder and database (`chorus restore`);
5. the seed year's report and every table's row count are those of the backup, and the
   storyteller erased after it is still erased (the erasure register is applied).

Then the changed original is restored over with `--force`, which it refuses without.
It runs on SQLite, or on PostgreSQL when DATABASE_URL names a PostgreSQL server (in
scratch databases dropped afterwards). Select it alone with `pytest -m restore_drill`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from tests.test_migrate_forward import PERIOD, Database, PostgresServer, SQLiteServer

pytestmark = pytest.mark.restore_drill

# Erasing adds one audit row (DELETE, ids only); nothing else may change a count.
ERASURE_ADDS = {"privacy_auditentry": 1}

CHANGE_AND_ERASE = """
import json
from chorus.media.models import Placement
from chorus.people.models import Person
from chorus.privacy.erasure import person_erase
from chorus.voices.models import StorytellerProfile

story = StorytellerProfile.objects.exclude(legal_name="").order_by("pk").first()
person_erase(actor=None, person=story.person, reason="request")
seed_year = Placement.objects.filter(published_on__range=("2022-07-01", "2023-06-30"))
gone = list(seed_year.order_by("pk").values_list("pk", flat=True)[:5])
Placement.objects.filter(pk__in=gone).delete()
Person.objects.exclude(pk=story.person.pk).filter(pk__lte=3).update(full_name="Changed")
print(json.dumps({"person": story.person.pk, "storyteller": story.pk}))
"""


@pytest.fixture
def server(tmp_path) -> Iterator[SQLiteServer | PostgresServer]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        postgres = PostgresServer(url)
        postgres.prefix = postgres.prefix.replace("migrate_forward", "restore_drill")
        try:
            yield postgres
        finally:
            postgres.drop_all()
    else:
        yield SQLiteServer(tmp_path)


class Site:
    """One Chorus: a data folder and a database, with the keys every site shares."""

    def __init__(self, folder: Path, database: Database, keys: dict[str, str]) -> None:
        folder.mkdir()
        self.folder, self.database, self.keys = folder, database, keys

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
        env.update(self.keys, CHORUS_DATA_DIR=str(self.folder), DATABASE_URL=self.database.url)
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "chorus.cli", *args],
            env=env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if ok:
            assert result.returncode == 0, f"chorus {args[0]} failed:\n{result.stderr[-3000:]}"
        return result

    def report(self) -> dict[str, Any]:
        out = self.run("report", "--from", PERIOD[0], "--to", PERIOD[1], "--format", "json")
        return {
            code: {k: v for k, v in figures.items() if k in ("value", "numerator", "denominator")}
            for code, figures in json.loads(out.stdout)["indicators"].items()
        }


def _erased(database: Database, person: int, storyteller: int) -> bool:
    names = database.column(f"SELECT full_name FROM people_person WHERE id = {person}")  # noqa: S608
    legal = database.column(
        f"SELECT legal_name FROM voices_storytellerprofile WHERE id = {storyteller}"  # noqa: S608
    )
    return names == [f"Erased person #{person}"] and legal == [""]


def test_a_backup_restores_with_its_figures_and_counts_and_erasures_stay(tmp_path, server):
    keys = {
        "SECRET_KEY": "restore-drill-secret-key-0123456789abcdefghij",
        "CHORUS_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "CHORUS_BACKUP_KEY": Fernet.generate_key().decode(),
        "CHORUS_DEMO": "0",
        # The register is kept apart from both sites' data folders, as docs/backups.md says.
        "CHORUS_ERASURE_REGISTER": str(tmp_path / "kept-apart" / "erasure-register.jsonl"),
    }
    live = Site(tmp_path / "live", server.new("live"), keys)
    live.run("demo", "--reset", "--no-serve")
    report_then, counts_then = live.report(), live.database.counts()

    live.run("backup", "--output", str(tmp_path / "backups"))
    [backup] = (tmp_path / "backups").glob("*.chorus-backup")

    changed = json.loads(
        live.run("manage", "shell", "-c", CHANGE_AND_ERASE).stdout.splitlines()[-1]
    )
    person, storyteller = changed["person"], changed["storyteller"]
    assert _erased(live.database, person, storyteller)
    assert live.database.counts() != counts_then
    assert live.report() != report_then

    restored = Site(tmp_path / "restored", server.new("restored"), keys)
    out = restored.run("restore", str(backup)).stdout
    assert "Erased again from the erasure register" in out and ": 1 people." in out

    assert restored.report() == report_then
    counts_now = restored.database.counts()
    differences = {
        table: counts_now.get(table, 0) - counts_then.get(table, 0)
        for table in set(counts_now) | set(counts_then)
        if counts_now.get(table) != counts_then.get(table)
    }
    assert differences == ERASURE_ADDS
    assert _erased(restored.database, person, storyteller)
    uploads = sorted(p.name for p in (tmp_path / "restored" / "uploads").rglob("*") if p.is_file())
    assert uploads == sorted(
        p.name for p in (tmp_path / "live" / "uploads").rglob("*") if p.is_file()
    )

    # The changed original: refused, then replaced with --force.
    refused = live.run("restore", str(backup), ok=False)
    assert refused.returncode == 1 and "already holds data" in refused.stderr
    assert "Traceback" not in refused.stderr
    live.run("restore", "--force", str(backup))
    assert live.report() == report_then
    assert _erased(live.database, person, storyteller)
