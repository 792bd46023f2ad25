from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "chorus.social"
    label = "social"
    verbose_name = "Social media: accounts, posts, the storytellers they feature, metrics"

    def ready(self) -> None:
        from chorus.lib.imports.registry import register
        from chorus.social import (  # noqa: F401 (indicators registers on import)
            imports,
            indicators,
            privacy,
            story_uses,
        )
        from chorus.voices.uses import register_provider

        privacy.register_personal_data()
        register(imports.KIND)
        register_provider("social", story_uses.uses_in_posts)
