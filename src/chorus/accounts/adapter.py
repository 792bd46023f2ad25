from django.http import HttpRequest

from allauth.account.adapter import DefaultAccountAdapter


class ChorusAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are made by an admin; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
