from django.apps import AppConfig


class FundersConfig(AppConfig):
    name = "chorus.funders"
    label = "funders"
    verbose_name = "Funders: grants, reporting duties, income, outcomes and targets"

    def ready(self) -> None:
        from chorus.accounts.roles import Role
        from chorus.funders import duties, indicators, services  # noqa: F401 (indicators registers on import)
        from chorus.impact.income import register_recorder
        from chorus.lib import panels

        register_recorder(services.income_record_for_area)
        # The director opens Chorus on what funders are owed in the next 60 days.
        panels.register(
            key="funders_duties_due",
            roles=[Role.DIRECTOR],
            title="Due to funders in the next 60 days",
            template="funders/_duties_panel.html",
            context=duties.panel_context,
            order=20,
        )
