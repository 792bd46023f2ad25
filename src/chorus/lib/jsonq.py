"""Asking "does this JSON list hold this value?" in SQL, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.db.models.lookups import Contains


def json_list_holds(field: str, value: str) -> Q:
    """The JSON list in `field` holds the string `value`, asked in SQL.

    PostgreSQL answers by containment. SQLite has no containment lookup: there the
    list's text holds the value written as JSON, quotes included ('"online"'), exactly
    when the list holds it (for a list of strings).
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(Contains(Cast(field, TextField()), json.dumps(value)))
