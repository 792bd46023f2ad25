from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "chorus.voices"
    label = "voices"
    verbose_name = "Voices: storytellers, consent and safeguarding"

    def ready(self) -> None:
        from chorus.accounts import handover
        from chorus.accounts.roles import Role
        from chorus.lib import panels
        from chorus.people import regions as region_pages
        from chorus.voices import inbox, privacy, regions, search

        privacy.register_personal_data()
        search.register_searchers()
        region_pages.register("voices_storytellers", regions.storytellers_section)
        inbox.register_voices_sections()
        # A leaver's open safeguarding actions must pass to someone before they go.
        handover.register(
            handover.OpenWork(
                key="voices_safeguarding_actions",
                title="Open safeguarding actions they own",
                items=inbox.open_actions_owned_by,
                url=inbox.action_url,
            )
        )
        # The safeguarding lead starts the day from what needs them, not from the
        # media figures (the dashboard stays one link away).
        panels.register(
            key="safeguarding_inbox",
            roles=[Role.SAFEGUARDING_LEAD],
            title="Safeguarding inbox",
            template="voices/_inbox_panel.html",
            context=inbox.panel_context,
            replaces_dashboard=True,
            order=10,
        )
