from django.apps import AppConfig


class RoundupConfig(AppConfig):
    name = "chorus.roundup"
    label = "roundup"
    verbose_name = "Round-up: news sources, articles, editions, subscribers and delivery"

    def ready(self) -> None:
        # Connect the mail provider's bounce and complaint reports to suppression.
        from chorus.lib.imports.registry import register
        from chorus.roundup import checks, privacy, subscriber_imports, webhooks  # noqa: F401

        register(subscriber_imports.KIND)
        privacy.register_personal_data()
