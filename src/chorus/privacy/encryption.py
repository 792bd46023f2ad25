"""Finding every encrypted field, and re-encrypting stored values under the newest key.

The fields are found by introspecting every installed model, so a model added later
is covered without anyone remembering to list it. Values are read and written as the
raw stored strings (SQL through a cursor), never through the field, so nothing is
decrypted and encrypted twice and no plaintext is held longer than one `rotate`.

Nothing here may log, print or return a decrypted value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from chorus.lib import crypto
from chorus.lib.crypto import EncryptedTextField

Progress = Callable[[str], None]


@dataclass(frozen=True)
class EncryptedColumns:
    model: type[models.Model]
    fields: tuple[EncryptedTextField, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def encrypted_models() -> list[EncryptedColumns]:
    """Every concrete model with EncryptedTextFields, with those fields (its own, not inherited)."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        # local fields only: a parent's columns live in the parent's table and are
        # re-encrypted with the parent.
        fields = tuple(f for f in meta.local_concrete_fields if isinstance(f, EncryptedTextField))
        if fields:
            found.append(EncryptedColumns(model, fields))
    return sorted(found, key=lambda c: c.label)


def raw_values(columns: EncryptedColumns) -> Iterator[tuple[Any, str, str]]:
    """(pk, field name, stored string) for every non-empty stored value, without decrypting."""
    for pk, values in _batches(columns, after=None, size=None, lock=False):
        for field, value in zip(columns.fields, values, strict=True):
            if value:
                yield pk, field.name, value


def _qn(name: str | None) -> str:
    assert name, "a concrete column always has a name"  # noqa: S101
    return connection.ops.quote_name(name)


def _batches(
    columns: EncryptedColumns, *, after: Any, size: int | None, lock: bool
) -> list[tuple[Any, list[str | None]]]:
    meta = columns.model._meta
    pk_column = _qn(meta.pk.column if meta.pk else None)
    selected = ", ".join(_qn(f.column) for f in columns.fields)
    sql = f"SELECT {pk_column}, {selected} FROM {_qn(meta.db_table)}"  # noqa: S608  (names from _meta)
    params: list[Any] = []
    if after is not None:
        sql += f" WHERE {pk_column} > %s"
        params.append(after)
    sql += f" ORDER BY {pk_column}"
    if size is not None:
        sql += " LIMIT %s"
        params.append(size)
    if lock and connection.features.has_select_for_update:
        # Rows being re-encrypted cannot be changed by someone else in the meantime.
        # (SQLite needs no lock: its IMMEDIATE transactions hold the write lock.)
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], list(row[1:])) for row in cursor.fetchall()]


class _Newest:
    """Tells whether a stored value is already encrypted under the newest key."""

    def __init__(self) -> None:
        self.fernet = Fernet(settings.CHORUS_ENCRYPTION_KEYS[0].encode("ascii"))

    def is_current(self, stored: str) -> bool:
        if not stored.startswith(crypto.PREFIX):
            return False  # plaintext left behind: encrypt it
        try:
            self.fernet.decrypt(stored[len(crypto.PREFIX) :].encode("ascii"))
        except InvalidToken:
            return False
        return True


def reencrypt_all(*, batch_size: int = 500, progress: Progress | None = None) -> int:
    """Rewrite every stored encrypted value under the newest key. Returns how many changed.

    One transaction per batch of rows, so an interrupted run keeps what it did and a
    second run only rewrites what is left (values already under the newest key are
    skipped). Values that no configured key can decrypt stop the run with an error.
    """
    crypto.reset_keys()
    newest = _Newest()
    total = 0
    for columns in encrypted_models():
        changed_in_model = rows_seen = 0
        last_pk: Any = None
        while True:
            with transaction.atomic():
                batch = _batches(columns, after=last_pk, size=batch_size, lock=True)
                if not batch:
                    break
                changed_in_model += _rewrite(columns, batch, newest)
            rows_seen += len(batch)
            last_pk = batch[-1][0]
            if progress is not None:
                progress(
                    f"{columns.label}: {rows_seen} rows checked, "
                    f"{changed_in_model} values re-encrypted"
                )
        if progress is not None and rows_seen == 0:
            progress(f"{columns.label}: no rows")
        total += changed_in_model
    return total


def _rewrite(
    columns: EncryptedColumns, batch: list[tuple[Any, list[str | None]]], newest: _Newest
) -> int:
    meta = columns.model._meta
    table, pk_column = _qn(meta.db_table), _qn(meta.pk.column if meta.pk else None)
    changed = 0
    with connection.cursor() as cursor:
        for pk, values in batch:
            updates: dict[str, str] = {}
            for field, stored in zip(columns.fields, values, strict=True):
                if stored and not newest.is_current(stored):
                    updates[_qn(field.column)] = crypto.rotate(stored)
            if not updates:
                continue
            assignments = ", ".join(f"{column} = %s" for column in updates)
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s",  # noqa: S608
                [*updates.values(), pk],
            )
            changed += len(updates)
    return changed
