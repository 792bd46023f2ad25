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

        from chorus.accounts.access import MATRIX
        from chorus.lib import panels
        from chorus.privacy import breaches

        # While a breach waits on the ICO decision, those who answer for it see the clock.
        panels.register(
            key="breach_countdown",
            roles=MATRIX["breaches"]["view"],
            title="Breach: time left to tell the ICO",
            template="privacy/_breach_panel.html",
            context=breaches.panel_context,
            shown=breaches.panel_shown,
            order=1,
        )
