"""The encrypted backup file format: AES-256-GCM in 64 KiB chunks, the STREAM construction.

A backup can be far larger than memory, and Fernet encrypts a whole message at once, so
backups use the construction the age format uses (Hoang, Reyhanitabar, Rogaway and
Vizár's STREAM): the plaintext is cut into chunks, each sealed on its own with a nonce
made of a counter and a last-chunk flag. Memory stays at one chunk whatever the size,
and a chunk that is changed, dropped, reordered, duplicated or cut off at the end fails
to open. docs/backups.md describes the format byte by byte.

    header  magic      b"chorus-backup/v1\\n"                   17 bytes
            key id     SHA-256("chorus backup key id" + key)[:8]   8 bytes
            salt       random                                   16 bytes
            prefix     random nonce prefix                       4 bytes
            chunk size big-endian, 65536                         4 bytes
            header MAC HMAC-SHA256(header key, all of the above) 32 bytes
    chunks  AES-256-GCM(payload key, nonce, chunk), 16-byte tag each; every chunk holds
            exactly `chunk size` bytes of plaintext but the last, which holds 1 to
            `chunk size` (0 only when the whole payload is empty).
    nonce   prefix (4) + chunk counter, big-endian (7) + 0x01 on the last chunk else 0x00

The keys come from the backup key (32 bytes, the URL-safe base64 `chorus newkey`
prints) through HKDF-SHA256 with the salt: one for the header MAC, one for the chunks.
A fresh salt makes a fresh pair of keys for every file, so nonces never repeat under a
key. Nothing here logs or prints a key or any plaintext.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"chorus-backup/v1\n"
CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
_HEAD = struct.Struct(">17s8s16s4sI")
HEADER_SIZE = _HEAD.size + 32
_COUNTER_MAX = 2**56 - 1


class StreamError(Exception):
    """A backup file that cannot be opened: wrong key, or changed, cut short or not a backup."""


def parse_key(text: str) -> bytes:
    """The 32 bytes of a key written as `chorus newkey` prints it."""
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise StreamError("The backup key is not a key made by `chorus newkey`.") from exc
    if len(raw) != 32:
        raise StreamError("The backup key is not a key made by `chorus newkey`.")
    return raw


def key_id(key: bytes) -> str:
    """A short name for a key that reveals nothing of it (hex)."""
    return hashlib.sha256(b"chorus backup key id" + key).digest()[:8].hex()


def _derive(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter > _COUNTER_MAX:
        raise StreamError("The backup is too large for one file.")
    return prefix + counter.to_bytes(7, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only file object: what is written to it reaches `out` encrypted.

    Call `close()` to seal the last chunk; without it the file fails to open, which
    is what a crash half-way must give.
    """

    def __init__(self, out: BinaryIO, key: bytes, *, chunk_size: int = CHUNK_SIZE) -> None:
        salt, prefix = os.urandom(16), os.urandom(4)
        head = _HEAD.pack(MAGIC, bytes.fromhex(key_id(key)), salt, prefix, chunk_size)
        mac = hmac.new(_derive(key, salt, b"chorus-backup header"), head, "sha256").digest()
        out.write(head + mac)
        self._out = out
        self._aead = AESGCM(_derive(key, salt, b"chorus-backup payload"))
        self._prefix = prefix
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._counter = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self.closed:
            raise ValueError("write to a closed backup stream")
        self._buffer += data
        # A full chunk is sealed only once more data follows, so the last chunk is never
        # empty unless the whole payload is.
        while len(self._buffer) > self._chunk_size:
            self._seal(bytes(self._buffer[: self._chunk_size]), last=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._out.write(self._aead.encrypt(nonce, chunk, None))
        self._counter += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if self.closed:
            return
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        self.closed = True


def read_header(source: BinaryIO, key: bytes) -> tuple[AESGCM, bytes, int]:
    """Check the header; return the chunk cipher, the nonce prefix and the chunk size."""
    raw = source.read(HEADER_SIZE)
    if len(raw) < HEADER_SIZE or not raw.startswith(MAGIC):
        raise StreamError("This is not a Chorus backup file (or it is cut short).")
    magic, kid, salt, prefix, chunk_size = _HEAD.unpack(raw[: _HEAD.size])
    if kid.hex() != key_id(key):
        raise StreamError(
            f"This backup was made with backup key {kid.hex()}, "
            f"but the configured backup key is {key_id(key)}."
        )
    expected = hmac.new(
        _derive(key, salt, b"chorus-backup header"), raw[: _HEAD.size], "sha256"
    ).digest()
    if not hmac.compare_digest(expected, raw[_HEAD.size :]) or not 0 < chunk_size <= 2**24:
        raise StreamError("The backup file's header has been changed.")
    return AESGCM(_derive(key, salt, b"chorus-backup payload")), prefix, chunk_size


class DecryptingReader:
    """A read-only file object giving the plaintext of a backup stream, one chunk at a time.

    Every chunk is authenticated before any of it is returned; a chunk that fails, or a
    stream that ends before its last chunk, raises StreamError.
    """

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        self._source = source
        self._aead, self._prefix, chunk_size = read_header(source, key)
        self._sealed_size = chunk_size + TAG_SIZE
        self._counter = 0
        self._plain = b""
        self._offset = 0
        self._next = source.read(self._sealed_size)
        self._done = False
        self.closed = False

    def _open_next(self) -> None:
        sealed = self._next
        following = self._source.read(self._sealed_size)
        last = not following
        if len(sealed) < TAG_SIZE or (not last and len(sealed) != self._sealed_size):
            raise StreamError("The backup file is cut short or has been changed.")
        try:
            plain = self._aead.decrypt(_nonce(self._prefix, self._counter, last), sealed, None)
        except InvalidTag as exc:
            raise StreamError(
                f"The backup file has been changed, cut short or reordered "
                f"(chunk {self._counter} does not authenticate)."
            ) from exc
        if last and not plain and self._counter > 0:
            raise StreamError("The backup file has been changed (an empty last chunk).")
        self._counter += 1
        self._plain, self._offset, self._next = plain, 0, following
        self._done = last

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size if size is not None and size >= 0 else None
        while wanted is None or wanted > 0:
            if self._offset >= len(self._plain):
                if self._done:
                    break
                self._open_next()
                continue
            end = len(self._plain) if wanted is None else self._offset + wanted
            piece = self._plain[self._offset : end]
            self._offset += len(piece)
            parts.append(piece)
            if wanted is not None:
                wanted -= len(piece)
        return b"".join(parts)

    def readable(self) -> bool:
        return True

    def read_to_end(self) -> None:
        """Read (and so authenticate) whatever is left, to the last chunk."""
        while self.read(1 << 20):
            pass

    def close(self) -> None:
        self.closed = True
