"""Retention decisions made before the register keep their storyteller through migration."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import StorytellerFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("privacy", "0002_retentiondecision")]
AFTER = [("privacy", "0003_retentiondecision_generic_record")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_a_storyteller_decision_becomes_a_generic_reference_and_back():
    profile = StorytellerFactory()
    old_apps = _migrate(BEFORE)
    try:
        OldDecision = old_apps.get_model("privacy", "RetentionDecision")
        OldDecision.objects.create(
            storyteller_id=profile.pk, flagged_on=datetime.date(2024, 5, 1), decision="erase"
        )

        new_apps = _migrate(AFTER)
        Decision = new_apps.get_model("privacy", "RetentionDecision")
        (decision,) = Decision.objects.all()
        assert (decision.record_type, decision.record_id) == (
            "voices.storytellerprofile",
            profile.pk,
        )
        assert (decision.flagged_on, decision.decision) == (datetime.date(2024, 5, 1), "erase")

        back = _migrate(BEFORE).get_model("privacy", "RetentionDecision")
        assert back.objects.get().storyteller_id == profile.pk
    finally:
        # Back to the latest state of every app, for the tests that run after this one.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
