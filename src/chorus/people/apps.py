from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "chorus.people"
    label = "people"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from chorus.people import privacy, search

        privacy.register_personal_data()
        search.register_searchers()
