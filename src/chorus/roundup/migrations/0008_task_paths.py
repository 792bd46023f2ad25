"""Tasks queued before monitoring left the round-up still find their code.

The task queue stores each task by its import path. The round-up's tasks now sit
beside the services they run, and the feed tasks moved to monitoring, so a task
queued under an old path (a sign-up, a send waiting for a worker) would no longer
load: its stored path is changed to the new one.
"""

from django.db import migrations

MOVED = {
    "chorus.roundup.tasks.deliver_send": "chorus.roundup.delivery.sending.deliver_send",
    "chorus.roundup.tasks.start_due_sends": "chorus.roundup.delivery.services.start_due_sends",
    "chorus.roundup.tasks.sign_up": "chorus.roundup.subscribers.signup.sign_up",
    "chorus.roundup.tasks.expire_pending_signups": (
        "chorus.roundup.subscribers.services.expire_pending_signups"
    ),
    "chorus.roundup.news_tasks.build_morning_draft": (
        "chorus.roundup.editions.services.build_morning_draft"
    ),
    "chorus.roundup.news_tasks.build_weekly_digest": (
        "chorus.roundup.editions.services.build_weekly_digest"
    ),
    "chorus.roundup.news_tasks.poll_due_sources": "chorus.monitoring.tasks.poll_due_sources",
    "chorus.roundup.news_tasks.extract_candidates": "chorus.monitoring.tasks.extract_candidates",
    "chorus.roundup.news_tasks.poll_source": "chorus.monitoring.tasks.poll_source",
    "chorus.roundup.news_tasks.learn_from_decision": "chorus.monitoring.tasks.learn_from_decision",
}


def _move(apps, mapping):
    result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in mapping.items():
        result.objects.filter(task_path=old).update(task_path=new)


def forward(apps, schema_editor):
    _move(apps, MOVED)


def backward(apps, schema_editor):
    _move(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("roundup", "0007_models_move_to_monitoring"),
        ("monitoring", "0003_drop_outlet"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, backward)]
