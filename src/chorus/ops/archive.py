"""Writing a backup file and reading one back: a tar stream inside the encrypted stream.

The tar holds the database copy (`database.sqlite3` or `database.pgdump`), the uploads
(`uploads/<path>`) and, last, `manifest.json`, which records the SHA-256 of every other
member. Everything is streamed: memory stays at one chunk and one copy buffer.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from chorus.lib.backup.stream import DecryptingReader, EncryptingWriter, StreamError
from chorus.ops.databases import BackupError

MANIFEST = "manifest.json"
_COPY = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_COPY):
            digest.update(block)
    return digest.hexdigest()


class _HashingReader:
    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def uploads_in(folder: Path) -> Iterator[tuple[str, Path]]:
    """(name in the backup, path) of every regular file under `folder`, in a stable order."""
    if not folder.is_dir():
        return
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield "uploads/" + path.relative_to(folder).as_posix(), path


def write_backup(
    out: BinaryIO, key: bytes, *, database: Path, uploads: Path, manifest: dict[str, Any]
) -> dict[str, Any]:
    """Write the whole backup to `out`; return the manifest as written (with file hashes)."""
    writer = EncryptingWriter(out, key)
    files: dict[str, str] = {}
    with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
        members = [(database.name, database), *uploads_in(uploads)]
        for name, path in members:
            with path.open("rb") as handle:
                info = tar.gettarinfo(fileobj=handle, arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                info.mode = 0o600
                hashing = _HashingReader(handle)
                tar.addfile(info, hashing)
            files[name] = hashing.digest.hexdigest()
        manifest = {**manifest, "files": files}
        body = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(body), 0o600, int(time.time())
        tar.addfile(info, _BytesReader(body))
    writer.close()
    return manifest


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        piece = self.data[self.offset : end]
        self.offset += len(piece)
        return piece


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The backup holds a file with an unsafe name: {name!r}.")
    if not (path.parts[0] == "uploads" and len(path.parts) > 1) and len(path.parts) != 1:
        raise BackupError(f"The backup holds an unexpected file: {name!r}.")
    return path


def read_backup(source: Path, key: bytes, into: Path) -> dict[str, Any]:
    """Decrypt and unpack a backup into the folder `into`; check it; return its manifest.

    Every chunk is authenticated and every file's hash is checked against the manifest;
    anything wrong raises BackupError with a plain message.
    """
    hashes: dict[str, str] = {}
    manifest: dict[str, Any] | None = None
    try:
        with source.open("rb") as raw:
            reader = DecryptingReader(raw, key)
            with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
                for member in tar:
                    path = _safe_name(member.name)
                    if not member.isfile():
                        raise BackupError(
                            f"The backup holds something not a file: {member.name!r}."
                        )
                    handle = tar.extractfile(member)
                    assert handle is not None  # noqa: S101  (a regular file)
                    if member.name == MANIFEST:
                        manifest = json.loads(handle.read().decode("utf-8"))
                        continue
                    target = into.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    digest = hashlib.sha256()
                    with target.open("wb") as out:
                        while block := handle.read(_COPY):
                            digest.update(block)
                            out.write(block)
                    hashes[member.name] = digest.hexdigest()
            reader.read_to_end()
    except StreamError as exc:
        raise BackupError(str(exc)) from exc
    except (tarfile.TarError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"The backup's contents are not readable: {exc}") from exc
    except OSError as exc:
        raise BackupError(f"Cannot read {source}: {exc.strerror or exc}") from exc
    if manifest is None:
        raise BackupError("The backup has no manifest: it is incomplete.")
    expected = manifest.get("files", {})
    if hashes != expected:
        wrong = sorted(set(hashes) ^ set(expected)) + sorted(
            name for name in set(hashes) & set(expected) if hashes[name] != expected[name]
        )
        raise BackupError(f"The backup's files do not match its manifest: {', '.join(wrong[:5])}.")
    return manifest


def write_atomically(final: Path, write: Any) -> None:
    """Call `write(handle)` on a temporary file beside `final`, then rename it into place.

    A crash leaves only a `.partial` file, which never looks like a finished backup.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f".{final.name}.partial")
    try:
        with partial.open("wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    directory = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def move_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(source, target)
