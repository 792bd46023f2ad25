"""Raising a safeguarding concern from anywhere, and the lead's first look at it.

Anyone who works with storytellers may raise a concern ("safeguarding_raise"). It is
write-only: they see the concerns they raised themselves, with the date, level, status
and what they wrote, never anyone else's or the safeguarding lead's notes. Roles that
may not know who is in the network describe the person; the lead links the concern
to a profile. Every page here answers 404 to roles outside the area.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from chorus.accounts.access import can, not_found_unless_allowed, requires
from chorus.voices import selectors, services
from chorus.voices.safeguarding.forms import ConcernLinkForm, ConcernRaiseForm


@not_found_unless_allowed("safeguarding_raise")
@requires("safeguarding_raise", "change")
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
def concern_new(request: HttpRequest) -> HttpResponse:
    form = ConcernRaiseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        lead = can(request.user, "safeguarding", "change")
        concern = services.concern_raise(actor=request.user, reviewed=lead, **form.concern_fields())
        if lead:
            messages.success(request, "Concern recorded.")
            return redirect("voices:concern_detail", pk=concern.pk)
        messages.success(
            request,
            "Thank you: your concern has been recorded and the safeguarding lead will review "
            "it. If someone may be in danger now, also phone the safeguarding lead.",
        )
        return redirect("voices:concern_raised_list")
    return render(
        request,
        "voices/concern_raise.html",
        {"form": form, "may_pick": form.may_pick},
    )


@not_found_unless_allowed("safeguarding_raise")
@requires("safeguarding_raise", "view")
@require_http_methods(["GET"])
def concern_raised_list(request: HttpRequest) -> HttpResponse:
    """The concerns this person raised: date, level, status and what they wrote. Nothing else."""
    return render(
        request,
        "voices/concern_raised_list.html",
        {
            "concerns": selectors.concerns_raised_by(request.user),
            "may_see_storytellers": can(request.user, "storytellers", "view"),
        },
    )


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_http_methods(["GET", "POST"])
def concern_link(request: HttpRequest, pk: int) -> HttpResponse:
    concern = selectors.get_concern_for(request.user, pk, purpose="linking concern to a profile")
    form = ConcernLinkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        storyteller = form.cleaned_data["storyteller"]
        services.concern_link(actor=request.user, concern=concern, storyteller=storyteller)
        messages.success(request, f"Concern linked to {storyteller.reference}.")
        return redirect("voices:concern_detail", pk=concern.pk)
    return render(
        request,
        "voices/concern_link.html",
        {
            "form": form,
            "concern": concern,
            "cancel_url": reverse("voices:concern_detail", args=[concern.pk]),
        },
    )


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_POST
def concern_review(request: HttpRequest, pk: int) -> HttpResponse:
    concern = selectors.get_concern_for(request.user, pk, purpose="marked concern as reviewed")
    services.concern_review(actor=request.user, concern=concern)
    messages.success(request, "Marked as reviewed: it is no longer new in your inbox.")
    return redirect("voices:concern_detail", pk=concern.pk)
