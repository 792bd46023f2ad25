"""Uploads are kept whole or not at all.

Django's FileSystemStorage writes a file under its real name chunk by chunk, and leaves
what it wrote when the disk fills up (or a quota, or a file-size limit, is reached)
halfway. A file cut short under a real name would be read as a whole one: an import
checked against half a spreadsheet, a toolkit document that will not open.

`AtomicFileSystemStorage` (the default storage, settings.STORAGES) writes each file
under a temporary name in its own folder, flushes it to disk, and only then moves it
to its real name, which is atomic within one folder. When writing fails the temporary
file is removed and `FileNotSaved` says why in words a user can act on. A process
killed while writing leaves at most a `.partial-*` file, which no upload names; the
nightly `partial_files_remove` deletes those a day old (they may hold personal data).
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs

# The disk or the account's quota is full, or the file is larger than this process may write.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
PARTIAL_PREFIX = ".partial-"

logger = logging.getLogger(__name__)


class FileNotSaved(Exception):
    """An upload could not be written; nothing of it is kept. The message says so plainly."""

    def __init__(self, error: OSError) -> None:
        if error.errno in NO_ROOM:
            message = (
                "The server has no room left to keep this file, so nothing was saved. "
                "Please tell whoever looks after Chorus, and try again once they have made room."
            )
        else:
            reason = (error.strerror or str(error)).rstrip(".").lower()
            message = (
                f"The server could not keep this file ({reason}), so nothing was saved. "
                "Please tell whoever looks after Chorus."
            )
        super().__init__(message)
        self.error = error


class _WrittenFile(File):
    """A file already written in full on the storage's disk: moved into place, not copied."""

    def __init__(self, path: str) -> None:
        super().__init__(None, name=path)
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        directory = os.path.dirname(self.path(name))
        partial = ""
        try:
            if self.directory_permissions_mode is not None:
                safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            else:
                os.makedirs(directory, exist_ok=True)
            fd, partial = tempfile.mkstemp(dir=directory, prefix=PARTIAL_PREFIX)
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            # Django moves a written file to its real name (a rename within one folder,
            # picking another name if that one is taken) and sets its permissions.
            saved: str = super()._save(name, _WrittenFile(partial))  # type: ignore[misc]
            return saved
        except OSError as error:
            # For whoever looks after the server: the user is told in plainer words.
            logger.error("Upload %s not saved in %s: %s", name, self.location, error)
            raise FileNotSaved(error) from error
        finally:
            if partial:
                with suppress(FileNotFoundError):
                    os.unlink(partial)


def partial_files_remove(*, root: Path, older_than_seconds: float = 24 * 60 * 60) -> int:
    """Delete the partial files that writers killed mid-write left under `root`.

    Only files named as this storage names them while writing, and only those not
    touched for `older_than_seconds`, so a write in progress is never disturbed.
    Returns how many were deleted.
    """
    if not root.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in root.rglob(f"{PARTIAL_PREFIX}*"):
        with suppress(FileNotFoundError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed
