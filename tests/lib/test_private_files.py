"""Files Chorus writes are private: 0600 files in 0700 folders, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.test_deploy import _chorus_python


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_uploads_are_private_whatever_the_umask(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    old = os.umask(0o022)
    try:
        name = default_storage.save(
            "subscriber-imports/2026/list.csv", ContentFile(b"email\nreader@example.org\n")
        )
    finally:
        os.umask(old)
    path = Path(default_storage.path(name))
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(path.parent.parent) == 0o700


def test_the_cache_keeps_its_files_private(settings, tmp_path):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    caches["default"].set("login-failures:reader", 3)
    files = list((tmp_path / "cache").iterdir())
    assert files
    assert _mode(tmp_path / "cache") == 0o700
    assert {_mode(f) for f in files} == {0o600}


def test_the_data_folder_database_cache_and_keys_are_private(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    # A database an older version left readable by everyone on the machine.
    old_db = data_dir / "chorus.sqlite3"
    old_db.touch()
    old_db.chmod(0o644)
    result = _chorus_python(
        """
        from chorus.cli import main
        main(["manage", "shell", "-c",
              "from django.core.cache import cache; cache.set('k', 1); "
              "from django.db import connection; connection.cursor().execute("
              "'CREATE TABLE probe (id integer)')"])
        """,
        data_dir,
        CHORUS_DEMO="1",
    )
    assert result.returncode == 0, result.stderr
    assert _mode(data_dir) == 0o700
    for name in ("chorus.sqlite3", "secret_key", "encryption_keys"):
        assert _mode(data_dir / name) == 0o600, name
    assert _mode(data_dir / "cache") == 0o700
    written = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {_mode(p) for p in written} == {0o600}, written
    assert {_mode(p) for p in data_dir.rglob("*") if p.is_dir()} == {0o700}
