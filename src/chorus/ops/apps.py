from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "chorus.ops"
    label = "ops"
    verbose_name = "Operations"
