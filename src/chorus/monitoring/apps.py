from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "chorus.monitoring"
    label = "monitoring"
    verbose_name = "Media monitoring: news sources, articles, story clusters and classification"

    def ready(self) -> None:
        # The start-up check that the XML parser resists entity expansion.
        from chorus.monitoring import (
            checks,  # noqa: F401
            search,
        )

        search.register_searchers()
