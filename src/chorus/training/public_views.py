"""Public pages of training: sign-up, a person's own place, feedback, the calendar feed.

The sign-up answers every address the same way and does the same work for each (a
task does the rest), so nothing it says tells anyone who has a place. The other pages
are reached only with the long random secret from the person's own email (or, for
anonymous feedback, the session's feedback link handed out in the room); an unknown
secret gets a plain 404. They are never cached or indexed.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from chorus.accounts.access import public
from chorus.lib.clientip import client_ip
from chorus.training import registrations, selectors, services
from chorus.training.calendar import public_feed
from chorus.training.certificates import certificate_filename, certificate_pdf
from chorus.training.forms import (
    CONSENT_WORDING,
    LIVED_EXPERIENCE_WORDING,
    FeedbackForm,
    SignUpForm,
)
from chorus.training.models import Registration, Session

SIGNUP_REASON = (
    "A session's public sign-up: it answers every address the same way, and mails only "
    "the address typed in, a few times a day at most."
)
LINK_REASON = (
    "Reached only with the long random secret from the person's own email (or the "
    "session's feedback link); it shows nothing about anyone else."
)
CALENDAR_REASON = "The calendar of upcoming public sessions: what the sign-up pages show."
SIGNUPS_PER_IP_PER_HOUR = 20
FEEDBACK_PER_IP_PER_HOUR = 30
S = Registration.Status


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _over_limit(kind: str, value: str, limit: int) -> bool:
    key = f"training:{kind}:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > limit


def _not_found(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "training/public/not_found.html", status=404))


def _bookable(pk: int) -> Session | None:
    return selectors.upcoming_public_sessions().filter(pk=pk).first() if 0 < pk < 2**62 else None


@public(SIGNUP_REASON)
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    session = _bookable(pk)
    if session is None:
        return _not_found(request)
    lived = session.course.for_lived_experience
    wording = LIVED_EXPERIENCE_WORDING if lived else CONSENT_WORDING
    form = SignUpForm(request.POST or None, lived_experience=lived)
    if request.method == "POST":
        if _over_limit("signup-ip", client_ip(request), SIGNUPS_PER_IP_PER_HOUR):
            return render(request, "training/public/throttled.html", status=429)
        if form.is_valid():
            if not form.is_bot():
                registrations.enqueue_sign_up(
                    session=session,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data.get("organisation", ""),
                    wording=wording,
                )
            return redirect("training:book_sent", pk=session.pk)
    return render(
        request,
        "training/public/book.html",
        {
            "session": session,
            "form": form,
            "wording": wording,
            "full": registrations.places_left(session) == 0,
        },
    )


@public(SIGNUP_REASON)
@require_GET
def book_sent(request: HttpRequest, pk: int) -> HttpResponse:
    session = _bookable(pk)
    if session is None:
        return _not_found(request)
    return render(request, "training/public/book_sent.html", {"session": session})


@public(LINK_REASON)
@require_http_methods(["GET", "POST"])
def place(request: HttpRequest, token: str) -> HttpResponse:
    """A person's own place: confirm it, take an offered place, or see where they are.

    GET changes nothing (mail systems follow links to scan them); the buttons POST.
    """
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _not_found(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            registrations.registration_confirm(registration=registration)
        elif action == "accept":
            registrations.registration_accept_offer(registration=registration)
        return redirect("training:place", token=token)
    session = registration.session
    return _private(
        render(
            request,
            "training/public/place.html",
            {
                "registration": registration,
                "session": session,
                "expired": registrations.confirm_expired(registration),
                "offer_open": registration.status == S.OFFERED
                and registration.hold_until is not None
                and registration.hold_until > timezone.now(),
                "can_cancel": registration.status in (S.PENDING, S.OFFERED, S.REGISTERED, S.WAITING)
                and session.starts_at > timezone.now(),
                "ended": session.ends_at <= timezone.now(),
            },
        )
    )


@public(LINK_REASON)
@require_http_methods(["GET", "POST"])
def place_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.registration_by_token(token)
    if registration is None:
        return _not_found(request)
    if request.method == "POST":
        registrations.registration_cancel(actor=None, registration=registration)
        return redirect("training:place", token=token)
    return _private(render(request, "training/public/cancel.html", {"registration": registration}))


@public(LINK_REASON)
@require_GET
def place_certificate(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.registration_by_token(token)
    if registration is None or registration.status != S.ATTENDED:
        return _not_found(request)
    response = HttpResponse(certificate_pdf([registration]), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(registration)}"'
    return _private(response)


@public(LINK_REASON)
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """Feedback through a person's own link, or anonymously through the session's link."""
    registration = selectors.registration_by_token(token)
    session = registration.session if registration else selectors.session_by_feedback_token(token)
    if session is None:
        return _not_found(request)
    if registration is not None and (
        registration.status != S.ATTENDED or registration.feedback_given
    ):
        state = "given" if registration.feedback_given else "not_yet"
        return _private(
            render(
                request,
                "training/public/feedback_closed.html",
                {"state": state, "registration": registration},
            )
        )
    form = FeedbackForm(request.POST or None, named=registration is not None)
    if request.method == "POST":
        if _over_limit("feedback-ip", client_ip(request), FEEDBACK_PER_IP_PER_HOUR):
            return render(request, "training/public/throttled.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.feedback_record(
                    session=session,
                    registration=registration,
                    anonymous=registration is None or data.get("anonymous", False),
                    confidence_before=data["confidence_before"],
                    confidence_after=data["confidence_after"],
                    language=data["language"],
                    quote=data["quote"],
                    quote_permission=data["quote_permission"],
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                return redirect("training:feedback_thanks")
    return _private(
        render(
            request,
            "training/public/feedback.html",
            {"session": session, "form": form, "registration": registration},
        )
    )


@public(LINK_REASON)
@require_GET
def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "training/public/feedback_thanks.html"))


@public(CALENDAR_REASON)
@require_GET
def calendar_ics(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        public_feed(selectors.upcoming_public_sessions()[:500]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="training.ics"'
    return response
