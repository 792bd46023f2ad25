from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "chorus.media"
    label = "media"
    verbose_name = "Media desk"
