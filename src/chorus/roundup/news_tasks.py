"""Background work of the round-up's reading side: polling feeds, the morning draft, learning.

Each task is a thin wrapper around a service, idempotent and safe to kill at any line.
"""

from __future__ import annotations

from crontask import cron
from django.tasks import task


@cron("*/5 * * * *")  # the sources decide how often they are due; this only looks
@task
def poll_due_sources() -> int:
    """Poll every enabled source whose next poll time has come. Returns how many ran."""
    from chorus.roundup import ingest

    return ingest.poll_due_sources()


@cron("*/10 * * * *")
@task
def extract_candidates() -> int:
    """Full text for relevant articles that only have their feed's summary."""
    from chorus.roundup import ingest

    return ingest.extract_candidates()


@task
def poll_source(source_id: int) -> dict[str, object]:
    from chorus.roundup import ingest
    from chorus.roundup.models import Source

    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        return {"error": "source no longer exists"}
    return ingest.poll_source(source).as_json()


@cron("30 6 * * *")  # half past six, before the editor starts
@task
def build_morning_draft() -> int:
    """Build (or top up) today's draft edition. Returns the edition's id."""
    from chorus.roundup import editions

    return editions.build_draft().pk


@cron("0 7 * * Fri")  # Friday morning: the week's digest, for the editor to approve
@task
def build_weekly_digest() -> int:
    from chorus.roundup import editions

    return editions.build_weekly_digest().pk


@task
def learn_from_decision(article_id: int, included: bool) -> bool:
    """Teach the relevance model one editor's include / exclude decision."""
    from chorus.roundup import classifier

    return classifier.learn(article_id, included)
