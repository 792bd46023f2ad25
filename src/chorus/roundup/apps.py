from django.apps import AppConfig


class RoundupConfig(AppConfig):
    name = "chorus.roundup"
    label = "roundup"
    verbose_name = "Round-up: news sources, articles, editions, subscribers and delivery"

    def ready(self) -> None:
        # Connect the mail provider's bounce and complaint reports to suppression.
        from chorus.roundup import checks, privacy, webhooks  # noqa: F401

        privacy.register_personal_data()
