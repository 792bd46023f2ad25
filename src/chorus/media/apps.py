from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "chorus.media"
    label = "media"
    verbose_name = "Media desk"

    def ready(self) -> None:
        from chorus.lib.imports.registry import register
        from chorus.media import (  # noqa: F401 (indicators and report_content register on import)
            imports,
            inbox_items,
            indicators,
            privacy,
            report_content,
            story_uses,
        )
        from chorus.media import regions as media_regions
        from chorus.media import search as media_search
        from chorus.media.journalists import imports as journalist_imports
        from chorus.media.journalists import roles as journalist_roles
        from chorus.people import regions, roles
        from chorus.voices import inbox, outlets, uses

        uses.register_provider("media", story_uses.uses_in_media)
        outlets.register_audiences(story_uses.audience_choices)
        outlets.register_outlets(story_uses.outlet_choices)

        privacy.register_personal_data()
        media_search.register_searchers()

        inbox.register_section(
            key="candidates_waiting",
            title="Candidates waiting for safeguarding clearance",
            items=inbox_items.candidates_waiting,
            order=20,
        )
        register(imports.KIND)
        register(journalist_imports.KIND)
        roles.register("journalists", journalist_roles.journalist_links)
        regions.register("media_placements", media_regions.placements_section)
