"""The round-up's models, defined in its sub-areas: editions, subscribers and delivery."""

from chorus.roundup.delivery.models import DeliveryError, Recipient, Send
from chorus.roundup.editions.models import Edition, EditionItem
from chorus.roundup.subscribers.models import Subscriber, SubscriberConsent, Suppression

__all__ = [
    "DeliveryError",
    "Edition",
    "EditionItem",
    "Recipient",
    "Send",
    "Subscriber",
    "SubscriberConsent",
    "Suppression",
]
