from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "chorus.training"
    label = "training"
    verbose_name = "Training and events"

    def ready(self) -> None:
        from django.urls import reverse

        from chorus.accounts.access import can
        from chorus.lib.imports.registry import register
        from chorus.network import leads
        from chorus.people import regions
        from chorus.training import (  # noqa: F401 (indicators register on import)
            imports,
            indicators,
            privacy,
            region_section,
            report_content,
        )

        privacy.register_personal_data()
        register(imports.ZOOM)
        register(imports.EVENTBRITE)
        regions.register("training", region_section.training_days)
        # An outreach entry that led to a training day links to the session.
        leads.register_kind(
            "training_session",
            link=lambda pk: reverse("training:session_detail", args=[pk]),
            visible=lambda viewer: can(viewer, "training", "view"),
        )
