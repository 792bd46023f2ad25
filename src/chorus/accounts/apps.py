from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chorus.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from chorus.accounts import checks, signals  # noqa: F401  (registers checks and login audit)
