"""What a database holds, read with plain SQL: tables and their rows, migrations, field keys.

Used on the database being backed up (inside the snapshot the dump is taken from), on a
backup restored into a temporary place (`--verify`) and on a restored database. Every
function takes a DB-API connection, so it reads the copy it is given and never Django's
own connection by accident. Table and column names come from the database's catalogue
or the models' metadata, never from input.

Nothing here returns or prints a decrypted value or a key.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from chorus.lib import crypto
from chorus.privacy.encryption import encrypted_models

# Values of each encrypted column decrypted by --verify and restore: the first and the
# last ones stored, so that the oldest (under the oldest key) and the newest are read.
SAMPLE = 5
UNKNOWN_KEY = "unknown"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(connection: Any, sql: str) -> list[tuple[Any, ...]]:
    cursor = connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def table_names(connection: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    return sorted(str(row[0]) for row in _rows(connection, sql))


def row_counts(connection: Any, vendor: str) -> dict[str, int]:
    return {
        table: int(_rows(connection, f"SELECT COUNT(*) FROM {_q(table)}")[0][0])  # noqa: S608
        for table in table_names(connection, vendor)
    }


def migrations(connection: Any) -> list[list[str]]:
    rows = _rows(connection, "SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[str(app), str(name)] for app, name in rows]


def field_key_id(key: str) -> str:
    """A short name for a field-encryption key that reveals nothing of it (hex)."""
    return hashlib.sha256(b"chorus field key id" + key.encode("ascii")).hexdigest()[:16]


def configured_field_keys() -> dict[str, Fernet]:
    return {
        field_key_id(key): Fernet(key.encode("ascii")) for key in settings.CHORUS_ENCRYPTION_KEYS
    }


def _columns() -> list[tuple[str, str, str]]:
    """(table, primary key column, encrypted column) for every encrypted field."""
    found = []
    for columns in encrypted_models():
        meta = columns.model._meta
        pk = meta.pk.column if meta.pk else None
        for field in columns.fields:
            if pk and field.column:
                found.append((meta.db_table, pk, field.column))
    return found


def _which_key(stored: str, keys: dict[str, Fernet]) -> str:
    if not stored.startswith(crypto.PREFIX):
        return ""  # plaintext left by an old migration: no key needed
    token = stored[len(crypto.PREFIX) :].encode("ascii")
    for kid, fernet in keys.items():
        try:
            fernet.decrypt(token)
        except InvalidToken:
            continue
        return kid
    return UNKNOWN_KEY


def field_keys_used(connection: Any) -> dict[str, int]:
    """How many stored values each field key encrypted ("unknown": none configured can)."""
    keys = configured_field_keys()
    used: dict[str, int] = {}
    for table, _pk, column in _columns():
        sql = f"SELECT {_q(column)} FROM {_q(table)} WHERE {_q(column)} <> ''"  # noqa: S608
        cursor = connection.cursor()
        try:
            cursor.execute(sql)
            while batch := cursor.fetchmany(1000):
                for (stored,) in batch:
                    if stored and (kid := _which_key(str(stored), keys)):
                        used[kid] = used.get(kid, 0) + 1
        finally:
            cursor.close()
    return dict(sorted(used.items()))


def decrypt_samples(connection: Any) -> tuple[int, list[str]]:
    """Decrypt a sample of every encrypted column; (values read, columns that failed)."""
    read, failed = 0, []
    for table, pk, column in _columns():
        values: list[str] = []
        for order in ("ASC", "DESC"):
            sql = (
                f"SELECT {_q(column)} FROM {_q(table)} WHERE {_q(column)} <> '' "  # noqa: S608
                f"ORDER BY {_q(pk)} {order} LIMIT {SAMPLE}"
            )
            values += [str(row[0]) for row in _rows(connection, sql) if row[0]]
        for stored in dict.fromkeys(values):  # a short column's first and last overlap
            try:
                crypto.decrypt(stored)
            except crypto.DecryptionError:
                failed.append(f"{table}.{column}")
                break
            read += 1
    return read, failed
