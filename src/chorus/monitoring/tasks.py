"""Background work of media monitoring: polling feeds, full text, learning from editors.

crontask loads this module, so the schedules below are registered with the scheduler.
Each task is a thin wrapper around a service, idempotent and safe to kill at any line.
"""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from chorus.monitoring.models import Source
from chorus.monitoring.services import classification, ingest


@cron("*/5 * * * *")  # the sources decide how often they are due; this only looks
@task
def poll_due_sources() -> int:
    """Poll every enabled source whose next poll time has come. Returns how many ran."""
    return ingest.sources_poll_due()


@cron("*/10 * * * *")
@task
def extract_candidates() -> int:
    """Full text for relevant articles that only have their feed's summary."""
    return ingest.articles_extract_candidates()


@task
def poll_source(source_id: int) -> dict[str, object]:
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return {"error": "source no longer exists"}
    return ingest.source_poll(source=source).as_json()


@task
def learn_from_decision(article_id: int, included: bool) -> bool:
    """Teach the relevance model one editor's include / exclude decision."""
    return classification.classifier_learn(article_id=article_id, included=included)
