"""Inserting many new rows of one model quickly, for imports.

Django's `bulk_create` makes a model instance per row and builds each batch's
statement value by value, which for an import's tens of thousands of small rows (a
Meta export's figures: seven per post; an audit row per record) costs seconds.
`insert_rows` takes each row as a mapping of field names (or attribute names, such as
`post_id`) to values and sends one parameterised statement with `executemany`. Values
go through the model's own fields (their defaults, `auto_now`/`auto_now_add`, and
conversion to the database's values). The new ids are not read back: use it only for
rows that nothing in the same transaction refers to by id. No signals are sent and
`save()` is not called, as with `bulk_create`; nothing is validated, so give it rows
already checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import batched
from typing import Any

from django.db import connections, models, router
from django.utils import timezone


def insert_rows(
    model: type[models.Model], rows: Iterable[Mapping[str, Any]], *, batch: int = 5000
) -> int:
    """Insert `rows` as new records of `model`; returns how many were inserted."""
    connection = connections[router.db_for_write(model)]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    now = timezone.now()
    defaults: list[Callable[[], Any]] = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults.append(lambda: now)
        else:
            defaults.append(field.get_default)
    quote = connection.ops.quote_name
    # Names come from the model's metadata, quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(field.column or field.name) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    columns = list(zip(fields, defaults, strict=True))
    count = 0
    with connection.cursor() as cursor:
        for chunk in batched(rows, batch):
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(_value(row, field, default), connection)
                        for field, default in columns
                    ]
                    for row in chunk
                ],
            )
            count += len(chunk)
    return count


def _value(
    row: Mapping[str, Any], field: models.Field[Any, Any], default: Callable[[], Any]
) -> Any:
    if field.attname in row:
        return row[field.attname]
    if field.name in row:
        value = row[field.name]
        # A related record given as itself stands for its key.
        return value.pk if isinstance(value, models.Model) else value
    return default()
