from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "chorus.research"
    label = "research"
    verbose_name = "Research and toolkits"

    def ready(self) -> None:
        from chorus.lib import used_for
        from chorus.research import (  # noqa: F401 (indicators register on import)
            coverage,
            indicators,
            privacy,
        )

        privacy.register_personal_data()
        used_for.register("media.placement", "research", coverage.message_lines_used)
        used_for.register("social.post", "research", coverage.message_lines_posted)
