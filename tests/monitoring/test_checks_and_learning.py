"""Start-up checks of the round-up, and the relevance model learning from editors."""

from __future__ import annotations

import pytest

from chorus.monitoring import checks
from chorus.monitoring.models import ClassifierSettings
from chorus.monitoring.pipeline import feeds
from chorus.monitoring.services import classification as classifier
from tests.monitoring.factories import make_article

pytestmark = pytest.mark.django_db


def test_an_old_expat_stops_start_up(monkeypatch):
    assert checks.expat_is_safe(None) == []
    monkeypatch.setattr(feeds.pyexpat, "version_info", (2, 2, 0))
    monkeypatch.setattr(checks, "expat_problem", feeds.expat_problem)
    errors = checks.expat_is_safe(None)
    assert [e.id for e in errors] == ["chorus.E101"]
    assert "2.2.0" in errors[0].msg


def test_editors_decisions_are_stored_and_change_the_score():
    kept = [make_article(f"Council backs new allotment scheme {n}") for n in range(12)]
    dropped = [make_article(f"Celebrity chef opens restaurant {n}") for n in range(12)]
    probe_title = "Council allotment scheme expands"
    before = classifier.current().model
    for article in kept:
        assert classifier.classifier_learn(article_id=article.pk, included=True)
    for article in dropped:
        assert classifier.classifier_learn(article_id=article.pk, included=False)
    row = ClassifierSettings.objects.get()
    assert row.decisions_learned == 24
    model = classifier.current().model
    assert before is None and model is not None
    assert model.probability(probe_title, "") > model.probability("Celebrity chef opens", "")
    assert classifier.classifier_learn(article_id=999999, included=True) is False
