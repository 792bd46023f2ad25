"""Adding, editing and checking the news sources monitoring reads."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chorus.monitoring import tasks
from chorus.monitoring.models import Source
from chorus.privacy.services import audited_create, audited_update


def source_create(*, actor: Any, source: Source) -> Source:
    """Save a new source (audited); it is read at the next poll."""
    created: Source = audited_create(actor=actor, instance=source)
    return created


def source_update(*, actor: Any, source: Source, fields: dict[str, Any]) -> None:
    audited_update(actor=actor, instance=source, fields=fields)


def source_check_soon(*, source: Source) -> None:
    """Poll this source in the background, once the request's transaction commits."""
    source_id = source.pk
    transaction.on_commit(lambda: tasks.poll_source.enqueue(source_id))
