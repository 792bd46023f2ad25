from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "chorus.lib"
    label = "lib"
