"""The round-up's public pages under /news/: sign up, confirm, preferences, unsubscribe.

They name no one: the sign-up answers every address the same way, and the other
pages are reached only with the long random secret from the subscriber's own email
(an unknown secret gets a plain 404). Those pages are never cached and never indexed,
and the secret does not leave the site in a Referer header (same-origin). Views stay
thin: every write goes through the subscribers' services and sign-up.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from chorus.accounts.access import public
from chorus.lib import fragments
from chorus.lib.clientip import client_ip
from chorus.roundup.models import Subscriber, SubscriberConsent
from chorus.roundup.subscribers import selectors as subscriber_selectors
from chorus.roundup.subscribers import services as subscriber_services
from chorus.roundup.subscribers import signup
from chorus.roundup.subscribers.forms import (
    CONSENT_WORDING,
    PreferencesForm,
    SignUpForm,
    stored_sections,
)
from chorus.roundup.subscribers.models import CONFIRMATION_DAYS

SIGNUP_REASON = (
    "The round-up sign-up: it answers every address the same way, and mails only the "
    "address typed in, a few times a day at most."
)
LINK_REASON = (
    "Reached only with the long random secret from the subscriber's own email; the page "
    "shows nothing about anyone else."
)
# Sign-up attempts one network address may make in an hour (a whole office behind one
# address signing up after a talk stays well under it).
SIGNUPS_PER_IP_PER_HOUR = 20
# Sign-ups for one email address in an hour, from anywhere. Past it the visitor gets
# the usual answer and nothing is done, so the answer still says nothing about anyone.
SIGNUPS_PER_EMAIL_PER_HOUR = 5
_TOKEN_MAX = Subscriber._meta.get_field("token").max_length or 64
PER_PAGE = 50
# The empty sign-up form is the same for every visitor: built once and kept in the cache
# (`chorus.lib.fragments`), without the CSRF token, which each visitor gets their own of.
SIGN_UP_FORM = "roundup-sign-up-form"


# --- Public pages -----------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """Pages behind a subscriber's secret: never stored by a cache, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _subscriber_for_token(token: str) -> Subscriber | None:
    if not token or len(token) > _TOKEN_MAX:
        return None
    return Subscriber.objects.filter(token=token).first()


def _not_found(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "roundup/public/not_found.html", status=404))


def _over_hourly_limit(kind: str, value: str, limit: int) -> bool:
    """Count one sign-up attempt for `value`; True once more than `limit` this hour."""
    key = f"roundup:signup-{kind}:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > limit


def _too_many_signups(request: HttpRequest) -> bool:
    """Count this sign-up attempt against the visitor's own address (not a proxy's)."""
    return _over_hourly_limit("ip", client_ip(request), SIGNUPS_PER_IP_PER_HOUR)


def _too_many_for_email(email: str) -> bool:
    email = subscriber_selectors.normalise_email(email).lower()
    return _over_hourly_limit("email", email, SIGNUPS_PER_EMAIL_PER_HOUR)


@public(SIGNUP_REASON)
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if _too_many_signups(request):
            return render(request, "roundup/public/throttled.html", status=429)
        if form.is_valid():
            if not form.is_bot() and not _too_many_for_email(form.cleaned_data["email"]):
                # Queued for a task: the same work here whatever the address's state.
                signup.signup_enqueue(
                    email=form.cleaned_data["email"],
                    **form.subscription_fields(),
                    wording=CONSENT_WORDING,
                    method=SubscriberConsent.Method.WEB_FORM,
                )
            # The same answer whatever the address's state: nothing here says who subscribes.
            return redirect("roundup:subscribe_sent")
    blank_form = ""
    if not form.is_bound:
        cached = fragments.cached(SIGN_UP_FORM, "blank", _blank_sign_up_form)
        blank_form = mark_safe(cached)  # noqa: S308 - rendered (and escaped) by the template
    return render(
        request,
        "roundup/public/subscribe.html",
        {"form": form, "consent_wording": CONSENT_WORDING, "blank_form": blank_form},
    )


def _blank_sign_up_form() -> str:
    """The form's fields before anything is typed, as HTML (escaped by the template)."""
    return render_to_string(
        "roundup/public/_subscribe_fields.html",
        {"form": SignUpForm(), "consent_wording": CONSENT_WORDING},
    )


@public(SIGNUP_REASON)
@require_GET
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "roundup/public/subscribe_sent.html", {"days": CONFIRMATION_DAYS})


@public(LINK_REASON)
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and changes nothing, so link scanners in mail systems confirm no one."""
    subscriber = _subscriber_for_token(token)
    if subscriber is None:
        return _not_found(request)
    # A sign-up again (of someone pending or unsubscribed) is carried by the link, not
    # stored: it applies only when the address's owner presses the button.
    signed = request.GET.get("request", "")
    again = signup.read_signed_request(subscriber, signed) if signed else None
    may_confirm = signup.may_confirm(subscriber, again)
    if request.method == "POST" and may_confirm:
        signup.subscriber_confirm(subscriber=subscriber, request=again, wording=CONSENT_WORDING)
        return redirect("roundup:subscribe_confirm", token=token)
    if may_confirm:
        state = "pending"
    elif subscriber.status == Subscriber.Status.CONFIRMED:
        state = "confirmed"
    elif subscriber.status == Subscriber.Status.PENDING or signed:
        state = "expired"
    else:
        state = "ended"
    return _private(
        render(
            request,
            "roundup/public/confirm.html",
            {
                "subscriber": subscriber,
                "state": state,
                "days": CONFIRMATION_DAYS,
                "asked_for": (
                    f"{Subscriber.Frequency(again.frequency).label}, "
                    f"{Subscriber(sections=again.sections).sections_label}"
                    if again is not None and state == "pending"
                    else ""
                ),
            },
            status=410 if state == "expired" else 200,
        )
    )


@public(LINK_REASON)
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber_for_token(token)
    if subscriber is None:
        return _not_found(request)
    form = None
    if subscriber.status == Subscriber.Status.CONFIRMED:
        form = PreferencesForm(request.POST or None, subscriber=subscriber)
        if request.method == "POST" and form.is_valid():
            subscriber_services.subscriber_preferences_update(
                subscriber=subscriber,
                sections=stored_sections(form.cleaned_data["sections"]),
                frequency=form.cleaned_data["frequency"],
            )
            return redirect(reverse("roundup:preferences", args=[token]) + "?saved=1")
    return _private(
        render(
            request,
            "roundup/public/preferences.html",
            {
                "subscriber": subscriber,
                "form": form,
                "saved": request.GET.get("saved") == "1" and request.method == "GET",
            },
        )
    )


@public(LINK_REASON)
# RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" with no cookie and no
# CSRF token. The secret in the address is what authorises it, so the check is off here
# alone; the worst a forged request can do is what the link's owner asked for.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a click (link scanners fetch links); POST unsubscribes at once."""
    subscriber = _subscriber_for_token(token)
    if subscriber is None:
        return _not_found(request)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriber_services.subscriber_unsubscribe(
            subscriber=subscriber,
            how="one-click (List-Unsubscribe-Post)" if one_click else "unsubscribe page",
        )
        done = True
    else:
        done = subscriber.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.SUPPRESSED)
    return _private(
        render(request, "roundup/public/unsubscribe.html", {"subscriber": subscriber, "done": done})
    )


# --- Staff pages ------------------------------------------------------------------------
