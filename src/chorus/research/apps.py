from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "chorus.research"
    label = "research"
    verbose_name = "Research and toolkits"

    def ready(self) -> None:
        from chorus.research import (  # noqa: F401 (indicators register on import)
            indicators,
            privacy,
        )

        privacy.register_personal_data()
