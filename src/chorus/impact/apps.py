from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "chorus.impact"
    label = "impact"
