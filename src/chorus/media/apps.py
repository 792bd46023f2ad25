from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "chorus.media"
    label = "media"
    verbose_name = "Media desk"

    def ready(self) -> None:
        from chorus.lib.imports.registry import register
        from chorus.media import (  # noqa: F401 (indicators and report_content register on import)
            imports,
            inbox_items,
            indicators,
            privacy,
            report_content,
        )
        from chorus.voices import inbox

        privacy.register_personal_data()

        inbox.register_section(
            key="candidates_waiting",
            title="Candidates waiting for safeguarding clearance",
            items=inbox_items.candidates_waiting,
            order=20,
        )
        register(imports.KIND)
