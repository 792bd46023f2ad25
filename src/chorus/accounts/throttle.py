"""Sign-in throttling: a cool-off, never a lock, and nobody else's failures lock you out.

Failed sign-ins are counted three ways, each over a sliding window (allauth's rate-limit
counters, kept in the cache):

1. per address and username: LOGIN_ATTEMPTS_LIMIT failures in LOGIN_COOLOFF_SECONDS.
   Guessing one account's password from one place stops there;
2. per address: LOGIN_FAILURES_PER_ADDRESS failures in LOGIN_WIDE_WINDOW_SECONDS.
   One place trying many usernames stops there, and only that place is refused;
3. per username: LOGIN_FAILURES_PER_USERNAME failures in LOGIN_WIDE_WINDOW_SECONDS,
   from anywhere. Past it, only a browser that has signed in as that user before
   (it carries a signed "known browser" cookie, set after the second factor) is let
   in with the right password; strangers are refused. So guessing from many places
   is stopped, and the owner still gets in from their usual browser, however long
   the attack goes on.

A successful sign-in takes back its own count (it was not a failure). A refused attempt
checks no password and is not counted, so each cool-off ends once the failures stop.
The address is the visitor's own (chorus.lib.clientip), not a proxy's.
"""

from __future__ import annotations

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac

from chorus.lib.clientip import client_ip

APP = "chorus.accounts"
KNOWN_BROWSER_COOKIE = "chorus_known"
KNOWN_BROWSER_SALT = "chorus.accounts.throttle.known-browser"
KNOWN_BROWSER_DAYS = 60
_KNOWN_BROWSER_MAX_USERS = 5


def _rates() -> dict[str, str]:
    wide = settings.LOGIN_WIDE_WINDOW_SECONDS
    return {
        "pair": f"{settings.LOGIN_ATTEMPTS_LIMIT}/{settings.LOGIN_COOLOFF_SECONDS}s/key",
        "address": f"{settings.LOGIN_FAILURES_PER_ADDRESS}/{wide}s/key",
        "username": f"{settings.LOGIN_FAILURES_PER_USERNAME}/{wide}s/key",
    }


def _address_key(request: HttpRequest) -> str:
    # IPv6 visitors own a whole /64; count it as one address, as allauth does.
    return ratelimit.truncate_ip(client_ip(request) or "unknown")


def normalise_username(username: str) -> str:
    return username.strip().lower()


def begin_attempt(request: HttpRequest, username: str) -> ratelimit.RateLimitUsage | None:
    """Count a sign-in attempt as a failure until told otherwise.

    Returns the usage to roll back if the password turns out right, or None when the
    attempt must be refused without checking the password.
    """
    config = _rates()
    name = normalise_username(username)
    address = _address_key(request)
    taken = ratelimit.RateLimitUsage(usage=[])
    for action, key in (("pair", f"{address}\n{name}"), ("address", address)):
        usage = ratelimit.consume(request, app=APP, action=action, config=config, key=key)
        if usage is None:
            taken.rollback()
            return None
        taken.usage.extend(usage.usage)
    usage = ratelimit.consume(request, app=APP, action="username", config=config, key=name)
    if usage is not None:
        taken.usage.extend(usage.usage)
    elif not is_known_browser(request, name):
        taken.rollback()
        return None
    return taken


def _name_mark(name: str) -> str:
    # The cookie names nobody: it holds a keyed digest of each username, not the name.
    return salted_hmac(KNOWN_BROWSER_SALT, name, algorithm="sha256").hexdigest()[:32]


def is_known_browser(request: HttpRequest, username: str) -> bool:
    return _name_mark(normalise_username(username)) in _known_marks(request)


def _known_marks(request: HttpRequest) -> list[str]:
    """The usernames (as digests) this browser has signed in as, from its signed cookie."""
    try:
        value = signing.get_cookie_signer(salt=KNOWN_BROWSER_SALT).unsign(
            request.COOKIES.get(KNOWN_BROWSER_COOKIE, ""),
            max_age=KNOWN_BROWSER_DAYS * 24 * 60 * 60,
        )
    except signing.BadSignature:
        return []
    return [mark for mark in value.split("\n") if mark]


def remember_browser(request: HttpRequest, response: HttpResponseBase, username: str) -> None:
    """After a complete sign-in, mark this browser as one that user signs in from."""
    mark = _name_mark(normalise_username(username))
    names = [mark] + [m for m in _known_marks(request) if m != mark]
    value = signing.get_cookie_signer(salt=KNOWN_BROWSER_SALT).sign(
        "\n".join(names[:_KNOWN_BROWSER_MAX_USERS])
    )
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        value,
        max_age=KNOWN_BROWSER_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
