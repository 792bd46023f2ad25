"""Session and MFA rules that apply to every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

Handler = Callable[[HttpRequest], HttpResponse]

_LAST_SEEN = "chorus_last_seen"
# Refresh the idle clock at most once a minute, so a page view does not cost a session write.
_TOUCH_EVERY = 60


class IdleTimeoutMiddleware:
    """Log out a user who has made no request for SESSION_IDLE_TIMEOUT_MINUTES."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(_LAST_SEEN)
            idle_limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            if last_seen is not None and now - int(last_seen) > idle_limit:
                logout(request)
                messages.info(request, "You were signed out after a period of inactivity.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if last_seen is None or now - int(last_seen) >= _TOUCH_EVERY:
                request.session[_LAST_SEEN] = now
        return self.get_response(request)


# What a user without MFA must still reach: to set it up, or to leave. Decided on the
# path the URL resolver routes (path_info), never on request.path: that one starts with
# the SCRIPT_NAME the client sends, so "SCRIPT_NAME: /accounts" would make any page look
# like a set-up page.
_MFA_EXEMPT_ROUTE_PREFIXES = ("accounts/",)
_MFA_EXEMPT_URL_NAMES = frozenset({"healthz"})


def _reachable_without_mfa(request: HttpRequest) -> bool:
    path_info = request.path_info
    if path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return (
        match.route.startswith(_MFA_EXEMPT_ROUTE_PREFIXES)
        or match.view_name in _MFA_EXEMPT_URL_NAMES
    )


class RequireMFAMiddleware:
    """Send users whose role needs MFA to set it up before anything else.

    Demo mode waives this (the banner says so); `check --deploy` refuses demo mode
    on a production configuration.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not settings.CHORUS_DEMO
            and user.is_authenticated
            and user.mfa_required
            and not _reachable_without_mfa(request)
            and not user.has_mfa()
        ):
            messages.warning(
                request,
                "Your role gives access to sensitive records, so it needs two-factor "
                "authentication. Set it up to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreForStaffPagesMiddleware:
    """Pages shown to a signed-in user must not linger in shared or browser caches."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # path_info, not path: a SCRIPT_NAME of "/static" must not make pages cacheable.
        if request.user.is_authenticated and not request.path_info.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response
