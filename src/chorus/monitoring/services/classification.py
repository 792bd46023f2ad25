"""The classifier as this charity runs it: its edited rules, lexicon and topics, and the
relevance model its editors trained. A thin layer over `pipeline.classify`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from chorus.monitoring.models import Article, ClassifierSettings, NewsRegion
from chorus.monitoring.pipeline.classify import Classification, classify
from chorus.monitoring.pipeline.framing import Lexicon, default_lexicon
from chorus.monitoring.pipeline.normalise import plain_text
from chorus.monitoring.pipeline.relevance import RelevanceModel, Rules, default_rules
from chorus.monitoring.pipeline.topics import Taxonomy, default_taxonomy
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record

_REGIONS = {
    "UK": NewsRegion.UK,
    "Europe": NewsRegion.EUROPE,
    "International": NewsRegion.INTERNATIONAL,
}


@dataclass(frozen=True)
class Verdict:
    classification: Classification

    @property
    def region(self) -> str | None:
        return _REGIONS.get(self.classification.region or "")

    def fields(self) -> dict[str, Any]:
        """The Article fields this classification sets."""
        c = self.classification
        return {
            "relevance": round(c.relevance, 4),
            "relevant": c.relevant,
            "topics": list(c.topics),
            "hostile": round(c.framing.hostile, 4),
            "humanising": round(c.framing.humanising, 4),
            "lived_experience_voice": c.framing.lived_experience_voice,
            "hostile_terms": list(c.framing.hostile_terms),
            "reasons": list(c.reasons) + list(c.framing.reasons),
        }


@dataclass(frozen=True)
class Judge:
    rules: Rules
    lexicon: Lexicon
    taxonomy: Taxonomy
    model: RelevanceModel | None

    def classify(self, title: str, text: str) -> Verdict:
        return Verdict(
            classify(
                title,
                text,
                rules=self.rules,
                lexicon=self.lexicon,
                taxonomy=self.taxonomy,
                model=self.model,
            )
        )


def settings_row() -> ClassifierSettings:
    row, _ = ClassifierSettings.objects.get_or_create(pk=1)
    return row


def rules_of(row: ClassifierSettings) -> Rules:
    return Rules.from_dict(row.rules) if row.rules else default_rules()


def lexicon_of(row: ClassifierSettings) -> Lexicon:
    return Lexicon.from_dict(row.lexicon) if row.lexicon else default_lexicon()


def taxonomy_of(row: ClassifierSettings) -> Taxonomy:
    return Taxonomy.from_dict(row.taxonomy) if row.taxonomy else default_taxonomy()


def model_of(row: ClassifierSettings) -> RelevanceModel | None:
    data = bytes(row.model or b"")
    return RelevanceModel.from_bytes(data) if data else None


def current() -> Judge:
    """The classifier with this charity's settings, read once (use it for a whole fetch)."""
    row = settings_row()
    return Judge(rules_of(row), lexicon_of(row), taxonomy_of(row), model_of(row))


@transaction.atomic
def classifier_learn(*, article_id: int, included: bool) -> bool:
    """Teach the model one include / exclude decision; False if the article is gone."""
    article = Article.objects.filter(pk=article_id).only("title", "summary", "text").first()
    if article is None:
        return False
    row = ClassifierSettings.objects.select_for_update().filter(pk=settings_row().pk).get()
    model = model_of(row) or RelevanceModel()
    model.learn(article.title, article.text or plain_text(article.summary), included)
    row.model = model.to_bytes()
    row.decisions_learned += 1
    row.updated_at = timezone.now()
    row.save(update_fields=["model", "decisions_learned", "updated_at"])
    return True


def classifier_settings_save(
    *, actor: Any, rules: dict[str, Any], lexicon: dict[str, Any], taxonomy: dict[str, Any]
) -> None:
    """Store edited settings (already validated by `Rules.from_dict` and friends)."""
    with transaction.atomic():
        row = ClassifierSettings.objects.select_for_update().filter(pk=settings_row().pk).get()
        changed = [
            name
            for name, value in (("rules", rules), ("lexicon", lexicon), ("taxonomy", taxonomy))
            if getattr(row, name) != value
        ]
        if not changed:
            return
        row.rules, row.lexicon, row.taxonomy = rules, lexicon, taxonomy
        row.updated_at = timezone.now()
        row.updated_by = actor
        row.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=row,
            changes={name: "changed" for name in changed},
        )
