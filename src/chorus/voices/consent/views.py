"""Screens of consent: a storyteller's consents, recording one, checking a use,
withdrawal and its follow-up. Who spoke in a placement is media's screen.

Views stay thin: storytellers are fetched only through `get_storyteller_for` (404 to
those who may not know them, every read audited), forms validate, and every write
goes through consent_services. Sensitive values never go into URLs: the check-a-use
form sends only outlet, media type, identity level, face and date.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.voices import selectors, uses
from chorus.voices.access import get_storyteller_for, may_see_sensitive, storytellers_for
from chorus.voices.consent import (
    ConsentStatus,
    consent_covers,
    consent_status,
    governing_consent,
)
from chorus.voices.consent import services as services
from chorus.voices.consent.forms import (
    ConsentForm,
    FollowUpForm,
    UseCheckForm,
    WithdrawalForm,
)
from chorus.voices.models import Consent, MediaType, StoryUse
from chorus.voices.outlets import OutletKind, audience_choices

CHECK_PREFIX = "check"


def _consent_rows(consents: list[Consent], today: datetime.date) -> list[dict[str, Any]]:
    """Consents with their status and the labels of their scope, for the templates.

    A consent in force that a newer one replaced is shown as replaced: it covers nothing.
    """
    standing = governing_consent(consents, today)
    audiences = dict(audience_choices()) if consents else {}
    rows = []
    for consent in consents:
        status = consent_status(consent, today)
        rows.append(
            {
                "consent": consent,
                "status": status,
                "replaced": status == ConsentStatus.IN_FORCE and consent != standing,
                "media_types": [MediaType(value).label for value in consent.media_types],
                "excluded_kinds": [
                    OutletKind(value).label for value in consent.excluded_outlet_kinds
                ],
                "excluded_audiences": [
                    audiences.get(code, code) for code in consent.excluded_audiences
                ],
            }
        )
    return rows


def _described(storyteller: Any, recorded: Any) -> list[dict[str, Any]]:
    """Each use with its entry from the app it was a use in (`chorus.voices.uses`)."""
    recorded = list(recorded)
    entries = uses.describe(storyteller, recorded)
    return [{"use": use, "entry": entry} for use, entry in zip(recorded, entries, strict=True)]


def _may_follow_up(user: Any) -> bool:
    # Those who change consent, the media desk, who are the ones asking outlets, and
    # those who keep the social accounts, who take posts down.
    return (
        can(user, "consent", "change")
        or can(user, "placements", "change")
        or can(user, "social", "change")
    )


@requires("consent", "view")
def storyteller_consents(request: HttpRequest, pk: int) -> HttpResponse:
    storyteller = get_storyteller_for(request.user, pk, purpose="viewed consent records")
    today = timezone.localdate()
    given = list(services.consents_of(storyteller))
    consents = _consent_rows(given, today)
    checking = f"{CHECK_PREFIX}-media_type" in request.GET
    check_form = UseCheckForm(request.GET if checking else None, prefix=CHECK_PREFIX)
    coverage = None
    if checking and check_form.is_valid():
        data = check_form.cleaned_data
        coverage = consent_covers(
            storyteller=storyteller,
            outlet=data["outlet"],
            media_type=data["media_type"],
            identity_level=data["identity_level"],
            face_shown=data["face_shown"],
            on=data["on"],
        )
    return render(
        request,
        "voices/consent/storyteller_consents.html",
        {
            "storyteller": storyteller,
            "standing": selectors.standing_of(given, on=today),
            "consents": consents,
            "uses": _described(storyteller, services.uses_of(storyteller)),
            "check_form": check_form,
            "coverage": coverage,
            "sensitive": may_see_sensitive(request.user),
            "may_change": can(request.user, "consent", "change"),
            "has_withdrawn": any(row["consent"].withdrawn_on for row in consents),
        },
    )


@requires("consent", "change")
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    storyteller = get_storyteller_for(request.user, pk, purpose="recording a consent")
    form = ConsentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=request.user, storyteller=storyteller, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Consent of {storyteller.reference} recorded.")
            return redirect("voices:storyteller_consents", pk=storyteller.pk)
    return render(
        request, "voices/consent/consent_form.html", {"storyteller": storyteller, "form": form}
    )


@requires("consent", "change")
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what a withdrawal will do. POST: withdraw every consent still standing."""
    storyteller = get_storyteller_for(request.user, pk, purpose="withdrawing consent")
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = services.consent_withdraw(
                actor=request.user, storyteller=storyteller, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Consent of {storyteller.reference} withdrawn ({len(withdrawn)} consent "
                f"record{'s' if len(withdrawn) != 1 else ''}). No new use can be recorded. "
                "Follow up each use below.",
            )
            return redirect("voices:withdrawal_uses", pk=storyteller.pk)
    today = timezone.localdate()
    standing = [
        row
        for row in _consent_rows(list(services.consents_of(storyteller)), today)
        if row["consent"].withdrawn_on is None
    ]
    return render(
        request,
        "voices/consent/withdraw_confirm.html",
        {
            "storyteller": storyteller,
            "form": form,
            "standing": standing,
            "uses": _described(storyteller, services.uses_of(storyteller)),
        },
    )


@requires("consent", "view")
def withdrawal_uses(request: HttpRequest, pk: int) -> HttpResponse:
    """Every use of a storyteller's story made under a withdrawn consent, and what to do."""
    storyteller = get_storyteller_for(request.user, pk, purpose="viewed withdrawal follow-up")
    may_follow_up = _may_follow_up(request.user)
    rows = _described(storyteller, services.uses_to_follow_up(storyteller))
    for row in rows:
        use = row["use"]
        row["suggested"] = row["entry"].suggested
        row["form"] = FollowUpForm(
            initial={"note": use.withdrawal_action}, auto_id=f"id_use{use.pk}_%s"
        )
    withdrawn = services.consents_of(storyteller).filter(withdrawn_on__isnull=False)
    return render(
        request,
        "voices/consent/withdrawal_uses.html",
        {
            "storyteller": storyteller,
            "rows": rows,
            "open_count": sum(1 for row in rows if row["use"].withdrawal_done_on is None),
            "withdrawn": withdrawn,
            "sensitive": may_see_sensitive(request.user),
            "may_follow_up": may_follow_up,
            "may_change": can(request.user, "consent", "change"),
        },
    )


@requires("consent", "view")
@require_http_methods(["POST"])
def story_use_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_follow_up(request.user):
        raise PermissionDenied
    use = get_object_or_404(
        StoryUse.objects.filter(storyteller__in=storytellers_for(request.user)).select_related(
            "consent", "storyteller"
        ),
        pk=pk,
    )
    form = FollowUpForm(request.POST)
    back = reverse("voices:withdrawal_uses", args=[use.storyteller_id]) + f"#use-{use.pk}"
    if not form.is_valid():
        messages.error(request, "The action note is too long (300 characters at most).")
        return redirect(back)
    try:
        services.story_use_follow_up(
            actor=request.user, use=use, note=form.cleaned_data["note"], done=form.done
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            {True: "Marked done.", False: "Reopened.", None: "Note saved."}[form.done],
        )
    return redirect(back)


@requires("consent", "view")
@require_http_methods(["GET", "POST"])
def story_use_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a use recorded by mistake, after a confirmation that asks why.

    `next` is where the link came from (the placement's "Who spoke" page): back there
    after removing or keeping the use; the storyteller's consent page otherwise.
    """
    if not _may_follow_up(request.user):
        raise PermissionDenied
    use = get_object_or_404(
        StoryUse.objects.filter(storyteller__in=storytellers_for(request.user)).select_related(
            "consent", "storyteller"
        ),
        pk=pk,
    )
    back = request.GET.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("voices:storyteller_consents", args=[use.storyteller_id])
    (entry,) = uses.describe(use.storyteller, [use])
    error = ""
    if request.method == "POST":
        try:
            services.story_use_remove(
                actor=request.user, use=use, reason=request.POST.get("reason", "")[:300]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Removed the use of {use.storyteller.reference}'s story.")
            return redirect(back)
    return render(
        request,
        "voices/consent/story_use_remove.html",
        {"use": use, "entry": entry, "back": back, "error": error},
    )


@requires("consent", "view")
def withdrawals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "voices/consent/withdrawals.html",
        {"storytellers": services.storytellers_with_withdrawals(storytellers_for(request.user))},
    )
