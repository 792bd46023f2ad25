from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "chorus.network"
    label = "network"
    verbose_name = "The network: the Google group, partners, outreach and regions"

    def ready(self) -> None:
        from chorus.lib.imports.registry import register
        from chorus.network import (  # noqa: F401 (indicators registers on import)
            imports,
            indicators,
            privacy,
            region_sections,
        )
        from chorus.people import regions

        privacy.register_personal_data()
        register(imports.KIND)
        regions.register("network_partners", region_sections.partners_section)
        regions.register("network_outreach", region_sections.outreach_section)
