from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "chorus.impact"
    label = "impact"

    def ready(self) -> None:
        # The lived-experience figures (voices' programmes) register on import; voices
        # may not import impact, so impact registers them.
        from chorus.impact import lived_experience  # noqa: F401
