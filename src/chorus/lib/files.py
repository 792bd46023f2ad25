"""Files Chorus writes are private to the account that runs it.

The data folder holds special-category data (the SQLite database, uploaded
subscriber lists and placement imports, the cache, the secret and encryption
keys). Every process starts by setting a umask that leaves group and others no
access, so whatever it creates (SQLite's database and journal files included) is
0600 and every folder 0700; the data folder itself is tightened at start-up in
case an older version created it readable by others.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_UMASK = 0o077
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def use_private_umask() -> None:
    """From now on this process (and what it starts) creates files 0600 and folders 0700."""
    os.umask(PRIVATE_UMASK)


def make_private_dir(path: Path) -> None:
    """Create the folder if needed and take group and other access away from it."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_DIR)
    except PermissionError:
        # Owned by another account (a shared mount): the operator's choice, leave it.
        pass


def make_private_file(path: Path) -> None:
    """Take group and other access away from a file an older version left readable."""
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_FILE)
    except (FileNotFoundError, PermissionError):
        pass


def write_private_text(path: Path, text: str) -> None:
    """Write a new file that is 0600 from the moment it exists (keys, never readable by others)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
