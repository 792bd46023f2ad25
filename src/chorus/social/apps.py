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
        from chorus.social.creative import story_uses as creative_uses
        from chorus.social.podcast import imports as podcast_imports
        from chorus.social.podcast import (  # noqa: F401 (indicators registers on import)
            indicators as podcast_indicators,
        )
        from chorus.social.podcast import story_uses as podcast_uses
        from chorus.voices.uses import register_provider

        privacy.register_personal_data()
        register(imports.KIND)
        for kind in podcast_imports.KINDS:
            register(kind)
        register_provider("social", story_uses.uses_in_posts)
        register_provider("podcast", podcast_uses.uses_as_guest)
        register_provider("creative", creative_uses.uses_in_projects)
