from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "chorus.impact"
    label = "impact"

    def ready(self) -> None:
        # The lived-experience figures (voices' programmes) register on import; voices
        # may not import impact, so impact registers them.
        from chorus.impact import lived_experience, privacy, story_uses  # noqa: F401
        from chorus.voices import uses

        privacy.register_personal_data()

        # Case studies are uses of stories: the withdrawal pages list them.
        uses.register_provider("impact", story_uses.uses_in_reports)
