from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from chorus.accounts import throttle
from chorus.lib.clientip import client_ip


class ChorusAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are made by an admin; nobody signs themselves up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's own rate limits (password reset, two-factor codes) count the visitor,
        # not the proxy in front of Chorus.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Replaces allauth's per-address and per-username limit: see chorus.accounts.throttle.
        username = str(credentials.get("username", credentials.get("email", "")))
        self._login_failed_rl_usage = throttle.begin_attempt(request, username)
        if self._login_failed_rl_usage is None:
            raise self.validation_error("too_many_login_attempts")

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        throttle.remember_browser(request, response, user.get_username())
        return response
