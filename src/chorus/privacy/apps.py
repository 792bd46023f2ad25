from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "chorus.privacy"
    label = "privacy"
    verbose_name = "Privacy and audit"

    def ready(self) -> None:
        from chorus.privacy import privacy

        privacy.register_personal_data()
