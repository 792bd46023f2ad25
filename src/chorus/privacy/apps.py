from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "chorus.privacy"
    label = "privacy"
    verbose_name = "Privacy and audit"

    def ready(self) -> None:
        # lib's writers (the import framework) audit through this without importing privacy.
        from chorus.lib import audit
        from chorus.privacy.services import audit_record

        audit.register(audit_record)
        from chorus.privacy import privacy

        privacy.register_personal_data()
