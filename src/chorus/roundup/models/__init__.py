from chorus.monitoring.models import (
    Article,
    ArticleBand,
    ClassifierSettings,
    EditorDecision,
    NewsRegion,
    Source,
    StoryCluster,
)
from chorus.roundup.models.delivery import DeliveryError, Recipient, Send
from chorus.roundup.models.editions import Edition, EditionItem
from chorus.roundup.models.subscribers import Subscriber, SubscriberConsent, Suppression

__all__ = [
    "Article",
    "ClassifierSettings",
    "DeliveryError",
    "ArticleBand",
    "Edition",
    "EditionItem",
    "EditorDecision",
    "NewsRegion",
    "Recipient",
    "Send",
    "Source",
    "StoryCluster",
    "Subscriber",
    "SubscriberConsent",
    "Suppression",
]
