from django.apps import AppConfig


class RoundupConfig(AppConfig):
    name = "chorus.roundup"
    label = "roundup"
    verbose_name = "Round-up: editions, the email, subscribers, delivery and the archive"

    def ready(self) -> None:
        # Connect the mail provider's bounce and complaint reports to suppression.
        from chorus.lib.imports.registry import register
        from chorus.monitoring import actions
        from chorus.roundup import checks, editions, privacy, subscriber_imports, webhooks  # noqa: F401

        register(subscriber_imports.KIND)
        privacy.register_personal_data()
        actions.register("roundup.add_to_draft", editions.add_to_draft_action)
