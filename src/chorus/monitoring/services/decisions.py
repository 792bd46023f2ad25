"""Editors' include / exclude decisions on articles: what the relevance model learns from."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chorus.monitoring import tasks
from chorus.monitoring.models import EditorDecision


def editor_decision_record(
    *, article_id: int, included: bool, actor: Any, learn: bool = True
) -> EditorDecision:
    """Record a decision, and (unless `learn` is off: an article an editor pasted by
    hand was never offered by the model) teach the model once it is committed."""
    decision = EditorDecision.objects.create(
        article_id=article_id,
        included=included,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if learn:
        transaction.on_commit(lambda: tasks.learn_from_decision.enqueue(article_id, included))
    return decision
