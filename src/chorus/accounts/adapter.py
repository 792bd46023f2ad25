from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class ChorusAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are made by an admin; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
