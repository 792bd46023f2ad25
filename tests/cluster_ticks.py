"""A schedule that ticks every TICK_SECONDS, for tests/test_cluster.py.

Chorus's own schedules tick once a minute at the fastest; a test that waited for
minutes would cost CI minutes. This module adds one job through crontask's own `cron`
decorator, loaded by the scheduler as it loads each app's tasks (`Cluster.scheduler`
with `also="tests.cluster_ticks"`): each tick queues one `tick` task, and the queued
rows show how many times each tick was queued.
"""

from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger
from crontask import cron
from django.tasks import task
from django.utils import timezone

TICK_SECONDS = 2


@cron(CronTrigger(second=f"*/{TICK_SECONDS}", timezone=timezone.get_default_timezone()))
@task
def tick() -> None:
    """Nothing to do: the queued row is what the test counts."""
