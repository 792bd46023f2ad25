from django.apps import AppConfig


class RoundupConfig(AppConfig):
    name = "chorus.roundup"
    label = "roundup"
    verbose_name = "Round-up: editions, the email, subscribers, delivery and the archive"

    def ready(self) -> None:
        # Loaded here, once the models are: the start-up checks, and the receiver that
        # turns the mail provider's bounce and complaint reports into suppressions.
        from chorus.lib.imports.registry import register
        from chorus.monitoring import actions
        from chorus.roundup import checks, indicators, privacy, search  # noqa: F401
        from chorus.roundup.delivery import webhooks  # noqa: F401
        from chorus.roundup.editions import services as editions
        from chorus.roundup.subscribers import imports as subscriber_imports

        register(subscriber_imports.KIND)
        privacy.register_personal_data()
        search.register_searchers()
        actions.register("roundup.add_to_draft", editions.add_to_draft_action)
