"""The backup file format: what goes in comes out, and any tampering is caught."""

from __future__ import annotations

import base64
import io
import os

import pytest

from chorus.lib.backup.stream import (
    HEADER_SIZE,
    TAG_SIZE,
    DecryptingReader,
    EncryptingWriter,
    StreamError,
    key_id,
    parse_key,
)

KEY = os.urandom(32)
CHUNK = 64  # small chunks, so a few hundred bytes make many


def seal(data: bytes, key: bytes = KEY, chunk: int = CHUNK, pieces: int = 7) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, key, chunk_size=chunk)
    for start in range(0, len(data), pieces):
        writer.write(data[start : start + pieces])
    writer.close()
    return out.getvalue()


def open_all(sealed: bytes, key: bytes = KEY) -> bytes:
    reader = DecryptingReader(io.BytesIO(sealed), key)
    out = bytearray()
    while block := reader.read(50):
        out += block
    return bytes(out)


def chunks(sealed: bytes, chunk: int = CHUNK) -> list[bytes]:
    body = sealed[HEADER_SIZE:]
    size = chunk + TAG_SIZE
    return [body[i : i + size] for i in range(0, len(body), size)]


@pytest.mark.parametrize("length", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 10 * CHUNK + 5])
def test_what_is_written_reads_back_the_same(length):
    data = os.urandom(length)
    sealed = seal(data)
    assert open_all(sealed) == data
    # The plaintext does not show through: 16 bytes of it never appear in the output
    # (shorter payloads are checked by reading back alone: one random byte is found in
    # any output of a few hundred bytes by chance).
    if length >= 16:
        assert data[:16] not in sealed


def test_the_last_chunk_is_never_empty_unless_the_payload_is():
    sealed = seal(os.urandom(3 * CHUNK))
    assert [len(c) for c in chunks(sealed)] == [CHUNK + TAG_SIZE] * 3


def test_a_changed_byte_in_any_chunk_fails():
    sealed = bytearray(seal(os.urandom(5 * CHUNK)))
    sealed[HEADER_SIZE + 2 * (CHUNK + TAG_SIZE) + 3] ^= 0x01
    with pytest.raises(StreamError, match="chunk 2"):
        open_all(bytes(sealed))


def test_a_dropped_chunk_fails():
    sealed = seal(os.urandom(5 * CHUNK))
    parts = chunks(sealed)
    with pytest.raises(StreamError):
        open_all(sealed[:HEADER_SIZE] + b"".join(parts[:2] + parts[3:]))


def test_reordered_chunks_fail():
    sealed = seal(os.urandom(5 * CHUNK))
    parts = chunks(sealed)
    parts[1], parts[2] = parts[2], parts[1]
    with pytest.raises(StreamError):
        open_all(sealed[:HEADER_SIZE] + b"".join(parts))


def test_a_file_cut_short_at_a_chunk_boundary_fails():
    sealed = seal(os.urandom(5 * CHUNK))
    parts = chunks(sealed)
    with pytest.raises(StreamError):
        open_all(sealed[:HEADER_SIZE] + b"".join(parts[:3]))


def test_a_chunk_added_at_the_end_fails():
    sealed = seal(os.urandom(2 * CHUNK))
    parts = chunks(sealed)
    with pytest.raises(StreamError):
        open_all(sealed + parts[0])


def test_a_writer_never_closed_leaves_a_file_that_fails():
    out = io.BytesIO()
    writer = EncryptingWriter(out, KEY, chunk_size=CHUNK)
    writer.write(os.urandom(4 * CHUNK))
    with pytest.raises(StreamError):
        open_all(out.getvalue())


def test_a_changed_header_fails():
    sealed = bytearray(seal(b"records"))
    sealed[30] ^= 0x01  # in the salt
    with pytest.raises(StreamError, match="header"):
        open_all(bytes(sealed))


def test_another_key_is_named_not_tried():
    other = os.urandom(32)
    with pytest.raises(StreamError, match=key_id(KEY)) as caught:
        open_all(seal(b"records"), key=other)
    assert key_id(other) in str(caught.value)


def test_memory_stays_at_one_chunk_whatever_is_written():
    writer = EncryptingWriter(io.BytesIO(), KEY, chunk_size=CHUNK)
    for _ in range(200):
        writer.write(os.urandom(CHUNK // 3 + 5))
        assert len(writer._buffer) <= CHUNK


def test_the_key_is_read_as_newkey_prints_it():
    key = os.urandom(32)
    assert parse_key(base64.urlsafe_b64encode(key).decode() + "\n") == key
    with pytest.raises(StreamError):
        parse_key("not a key")
    with pytest.raises(StreamError):
        parse_key(base64.urlsafe_b64encode(os.urandom(16)).decode())
