"""Screens of the storytellers network: profiles, support, safeguarding and programmes.

Views stay thin: storytellers are fetched only through `chorus.voices.access` (404 to
those who may not know them, every read of a profile audited), forms validate, and
every write is one service call that writes its audit row. Encrypted values travel
only in POST bodies and pages marked no-store (the middleware marks every signed-in
page); they never go into URLs, flash messages or logs, and views that receive them are
marked with sensitive_post_parameters so error reports leave them out.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from chorus.accounts.access import can, not_found_unless_allowed, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.voices import selectors, services
from chorus.voices.access import get_storyteller_for, may_see_sensitive
from chorus.voices.forms import (
    CheckInForm,
    ConcernCloseForm,
    ConcernEditForm,
    ConcernForm,
    HoldClearForm,
    MembershipAddForm,
    MembershipForm,
    MentoringForm,
    PaymentForm,
    ProgrammeForm,
    SafeguardingActionForm,
    StorytellerFilterForm,
    StorytellerForm,
    language_formset,
)
from chorus.voices.models import Membership, Programme, SafeguardingConcern, StorytellerProfile
from chorus.voices.safeguarding import conditions_text, hold_clear

PER_PAGE = 50


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    user = request.user
    context["voices_nav"] = {
        area: can(user, area, "view") for area in ("storytellers", "programmes", "safeguarding")
    }
    return render(request, template, context)


def _all_valid(*forms: Any) -> bool:
    # Every form is validated (no short-circuit), so each one shows its own errors.
    return all([form.is_valid() for form in forms])


# --- Storytellers ----------------------------------------------------------------------


@requires("storytellers", "view")
@require_http_methods(["GET"])
def storyteller_list(request: HttpRequest) -> HttpResponse:
    form = StorytellerFilterForm(request.GET or None)
    filters = form.filters()
    dropped: tuple[str, ...] = ()
    if form.is_bound and "q" in form.errors:
        # Whatever was typed (perhaps a name) is neither echoed in the page nor carried on
        # into its links.
        data = request.GET.copy()
        data.pop("q")
        error = form.errors["q"]
        form = StorytellerFilterForm(data)
        form.is_valid()
        form.add_error("q", error)
        dropped = ("q",)
    sensitive = may_see_sensitive(request.user)
    profiles = selectors.storytellers_filter(request.user, **filters)
    page = paginate(request, profiles, PER_PAGE)
    shown = list(page.object_list)
    if sensitive and shown:
        services.storytellers_listed_record(
            actor=request.user, profiles=shown, purpose="listed with media name"
        )
    return _render(
        request,
        "voices/storyteller_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": selectors.storyteller_rows(shown),
            "querystring_without_page": querystring_without(request, *dropped),
            "sensitive": sensitive,
            "can_change": can(request.user, "storytellers", "change"),
        },
    )


@requires("storytellers", "change")
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
def storyteller_create(request: HttpRequest) -> HttpResponse:
    sensitive = may_see_sensitive(request.user)
    form = StorytellerForm(request.POST or None, sensitive=sensitive, creating=True)
    languages = language_formset(request.POST or None)
    if request.method == "POST" and _all_valid(form, languages):
        profile = services.storyteller_create(
            actor=request.user,
            themes=form.cleaned_data["themes"],
            languages=languages.rows(),
            **form.profile_fields(),
        )
        messages.success(request, f"Added storyteller {profile.reference}.")
        return redirect("voices:storyteller_detail", pk=profile.pk)
    return _render(
        request,
        "voices/storyteller_form.html",
        {"form": form, "languages": languages, "title": "Add a storyteller", "profile": None},
    )


def _render_detail(request: HttpRequest, profile: StorytellerProfile, **forms: Any) -> HttpResponse:
    user = request.user
    sensitive = may_see_sensitive(user)
    can_change = can(user, "storytellers", "change")
    context: dict[str, Any] = {
        "profile": profile,
        "record": selectors.storyteller_record(profile, user=user),
        "sensitive": sensitive,
        "can_change": can_change,
        "can_safeguard": can(user, "safeguarding", "change"),
        "can_see_programmes": can(user, "programmes", "view"),
        "can_see_consent": can(user, "consent", "view"),
        "today": timezone.localdate(),
    }
    if can_change:
        context["mentoring_form"] = forms.get("mentoring_form") or MentoringForm(
            sensitive=sensitive
        )
        context["payment_form"] = forms.get("payment_form") or PaymentForm()
        context["check_in_form"] = forms.get("check_in_form") or CheckInForm(
            sensitive=sensitive, profile=profile
        )
    return _render(request, "voices/storyteller_detail.html", context)


@not_found_unless_allowed("storytellers")
@requires("storytellers", "view")
@require_http_methods(["GET"])
def storyteller_detail(request: HttpRequest, pk: int) -> HttpResponse:
    purpose = "viewed profile"
    if can(request.user, "safeguarding", "view"):
        purpose = "viewed profile and safeguarding concerns"
    profile = get_storyteller_for(request.user, pk, purpose=purpose)
    return _render_detail(request, profile)


@not_found_unless_allowed("storytellers")
@requires("storytellers", "change")
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
def storyteller_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_storyteller_for(request.user, pk, purpose="opened profile to edit")
    # The form works on its own copy, so the service can compare before and after.
    form = StorytellerForm(
        request.POST or None,
        instance=copy.copy(profile),
        sensitive=may_see_sensitive(request.user),
        creating=False,
    )
    languages = language_formset(request.POST or None, profile=profile)
    if request.method == "POST" and _all_valid(form, languages):
        changes = services.storyteller_update(
            actor=request.user,
            profile=profile,
            themes=form.cleaned_data["themes"],
            languages=languages.rows(),
            **form.profile_fields(),
        )
        if changes:
            messages.success(request, f"Saved storyteller {profile.reference}.")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect("voices:storyteller_detail", pk=profile.pk)
    return _render(
        request,
        "voices/storyteller_form.html",
        {
            "form": form,
            "languages": languages,
            "title": f"Edit storyteller {profile.reference}",
            "profile": profile,
        },
    )


def _detail_anchor(profile: StorytellerProfile, anchor: str) -> str:
    return reverse("voices:storyteller_detail", args=[profile.pk]) + f"#{anchor}"


@not_found_unless_allowed("storytellers")
@requires("storytellers", "change")
@require_POST
@sensitive_post_parameters()
def storyteller_mentoring_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_storyteller_for(request.user, pk, purpose="recording mentoring")
    form = MentoringForm(request.POST, sensitive=may_see_sensitive(request.user))
    if form.is_valid():
        services.mentoring_record(actor=request.user, storyteller=profile, **form.cleaned_data)
        messages.success(request, "Mentoring session recorded.")
        return redirect(_detail_anchor(profile, "mentoring"))
    return _render_detail(request, profile, mentoring_form=form)


@not_found_unless_allowed("storytellers")
@requires("storytellers", "change")
@require_POST
def storyteller_payment_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_storyteller_for(request.user, pk, purpose="recording a payment")
    form = PaymentForm(request.POST)
    if form.is_valid():
        services.payment_record(actor=request.user, storyteller=profile, **form.cleaned_data)
        messages.success(request, "Payment recorded.")
        return redirect(_detail_anchor(profile, "payments"))
    return _render_detail(request, profile, payment_form=form)


@not_found_unless_allowed("storytellers")
@requires("storytellers", "change")
@require_POST
@sensitive_post_parameters()
def storyteller_check_in_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_storyteller_for(request.user, pk, purpose="recording a wellbeing check-in")
    form = CheckInForm(request.POST, sensitive=may_see_sensitive(request.user), profile=profile)
    if form.is_valid():
        services.check_in_record(actor=request.user, storyteller=profile, **form.cleaned_data)
        messages.success(request, "Check-in recorded.")
        return redirect(_detail_anchor(profile, "wellbeing"))
    return _render_detail(request, profile, check_in_form=form)


# --- Safeguarding ------------------------------------------------------------------------
# Every safeguarding page answers 404 to anyone who may not see safeguarding records:
# they may not know that a concern, or a safeguarding area, exists.


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "view")
@require_http_methods(["GET"])
def concern_overview(request: HttpRequest) -> HttpResponse:
    concerns = selectors.open_concerns(request.user)
    services.concern_overview_view_record(actor=request.user, shown=len(concerns))
    return _render(
        request,
        "voices/concern_overview.html",
        {
            "concerns": concerns,
            "today": timezone.localdate(),
        },
    )


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "view")
@require_http_methods(["GET"])
def storyteller_concerns(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_storyteller_for(request.user, pk, purpose="viewed safeguarding concerns")
    return _render(
        request,
        "voices/storyteller_concerns.html",
        {
            "profile": profile,
            "concerns": selectors.concerns_of(profile, user=request.user),
            "today": timezone.localdate(),
            "can_safeguard": can(request.user, "safeguarding", "change"),
        },
    )


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
def storyteller_concern_raise(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_storyteller_for(request.user, pk, purpose="raising a safeguarding concern")
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        concern = services.concern_raise(
            actor=request.user, storyteller=profile, reviewed=True, **form.cleaned_data
        )
        messages.success(request, f"Concern about {profile.reference} recorded.")
        return redirect("voices:concern_detail", pk=concern.pk)
    return _render(
        request,
        "voices/concern_form.html",
        {
            "form": form,
            "profile": profile,
            "title": f"Raise a safeguarding concern about {profile.reference}",
            "cancel_url": reverse("voices:storyteller_concerns", args=[profile.pk]),
        },
    )


def _render_concern(
    request: HttpRequest, concern: SafeguardingConcern, **forms: Any
) -> HttpResponse:
    can_change = can(request.user, "safeguarding", "change")
    context: dict[str, Any] = {
        "concern": concern,
        "actions": list(concern.actions.select_related("owner")),
        "today": timezone.localdate(),
        "can_safeguard": can_change,
    }
    if can_change:
        context["action_form"] = forms.get("action_form") or SafeguardingActionForm()
        context["resolve_form"] = forms.get("resolve_form") or ConcernCloseForm()
        context["clear_form"] = forms.get("clear_form") or HoldClearForm()
    context["conditions"] = conditions_text(concern)
    return _render(request, "voices/concern_detail.html", context)


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "view")
@require_http_methods(["GET"])
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = selectors.get_concern_for(request.user, pk)
    return _render_concern(request, concern)


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters()
def concern_edit(request: HttpRequest, pk: int) -> HttpResponse:
    concern = selectors.get_concern_for(request.user, pk, purpose="opened concern to edit")
    form = ConcernEditForm(request.POST or None, instance=copy.copy(concern))
    if request.method == "POST" and form.is_valid():
        services.concern_update(actor=request.user, concern=concern, **form.cleaned_data)
        messages.success(request, "Concern saved.")
        return redirect("voices:concern_detail", pk=concern.pk)
    return _render(
        request,
        "voices/concern_form.html",
        {
            "form": form,
            "profile": concern.storyteller,
            "title": "Edit the concern about "
            + (concern.storyteller.reference if concern.storyteller else "a person not yet linked"),
            "cancel_url": reverse("voices:concern_detail", args=[concern.pk]),
        },
    )


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_POST
@sensitive_post_parameters()
def concern_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    concern = selectors.get_concern_for(request.user, pk, purpose="adding a follow-up action")
    form = SafeguardingActionForm(request.POST)
    if form.is_valid():
        services.safeguarding_action_add(actor=request.user, concern=concern, **form.cleaned_data)
        messages.success(request, "Follow-up action added.")
        return redirect("voices:concern_detail", pk=concern.pk)
    return _render_concern(request, concern, action_form=form)


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_POST
def concern_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a concern: it no longer holds the person nor binds their uses."""
    concern = selectors.get_concern_for(request.user, pk, purpose="closing concern")
    form = ConcernCloseForm(request.POST)
    if form.is_valid():
        services.concern_resolve(
            actor=request.user, concern=concern, status=form.cleaned_data["status"]
        )
        messages.success(request, f"Concern {concern.get_status_display().lower()}.")
        return redirect("voices:concern_detail", pk=concern.pk)
    return _render_concern(request, concern, resolve_form=form)


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_POST
@sensitive_post_parameters()
def concern_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """Clear the hold on the person this concern is about, with a note and conditions."""
    concern = selectors.get_concern_for(request.user, pk, purpose="clearing a hold")
    form = HoldClearForm(request.POST)
    if concern.storyteller is None:
        form.add_error(None, "Link the concern to a storyteller first: until then it holds nobody.")
    elif form.is_valid():
        try:
            hold_clear(actor=request.user, storyteller=concern.storyteller, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"The hold on {concern.storyteller.reference} is cleared until the concern "
                "is closed.",
            )
            return redirect("voices:concern_detail", pk=concern.pk)
    return _render_concern(request, concern, clear_form=form)


@not_found_unless_allowed("safeguarding")
@requires("safeguarding", "change")
@require_POST
def safeguarding_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = selectors.get_safeguarding_action_for(request.user, pk)
    services.safeguarding_action_done(actor=request.user, action=action)
    messages.success(request, "Action marked as done.")
    return redirect("voices:concern_detail", pk=action.concern_id)


# --- Programmes --------------------------------------------------------------------------


@requires("programmes", "view")
@require_http_methods(["GET"])
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programmes_with_counts(on=timezone.localdate())
    page = paginate(request, programmes, PER_PAGE)
    return _render(
        request,
        "voices/programme_list.html",
        {
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "programmes", "change"),
        },
    )


def _render_programme(request: HttpRequest, programme: Programme, **forms: Any) -> HttpResponse:
    user = request.user
    sensitive = may_see_sensitive(user)
    members = selectors.programme_members(programme, user=user)
    if sensitive and members:
        services.storytellers_listed_record(
            actor=user,
            profiles=[m.storyteller for m in members],
            purpose=f"listed with media name as a member of {programme.name}",
        )
    can_change = can(user, "programmes", "change")
    context: dict[str, Any] = {
        "programme": programme,
        "members": members,
        "sensitive": sensitive,
        "can_change": can_change,
        "can_see_storytellers": can(user, "storytellers", "view"),
        "today": timezone.localdate(),
    }
    if can_change:
        context["member_form"] = forms.get("member_form") or MembershipAddForm(
            user=user, programme=programme
        )
    return _render(request, "voices/programme_detail.html", context)


@requires("programmes", "view")
@require_http_methods(["GET"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.prefetch_related("partners"), pk=pk)
    return _render_programme(request, programme)


@requires("programmes", "change")
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = services.programme_create(
            actor=request.user, partners=form.cleaned_data["partners"], **form.programme_fields()
        )
        messages.success(request, f"Added {programme.name}.")
        return redirect("voices:programme_detail", pk=programme.pk)
    return _render(
        request,
        "voices/form.html",
        {
            "form": form,
            "title": "Add a programme",
            "cancel_url": reverse("voices:programme_list"),
        },
    )


@requires("programmes", "change")
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    form = ProgrammeForm(request.POST or None, instance=copy.copy(programme))
    if request.method == "POST" and form.is_valid():
        services.programme_update(
            actor=request.user,
            programme=programme,
            partners=form.cleaned_data["partners"],
            **form.programme_fields(),
        )
        messages.success(request, f"Saved {programme.name}.")
        return redirect("voices:programme_detail", pk=programme.pk)
    return _render(
        request,
        "voices/form.html",
        {
            "form": form,
            "title": f"Edit {programme.name}",
            "cancel_url": reverse("voices:programme_detail", args=[programme.pk]),
        },
    )


@requires("programmes", "change")
@require_POST
def programme_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.prefetch_related("partners"), pk=pk)
    form = MembershipAddForm(request.POST, user=request.user, programme=programme)
    if form.is_valid():
        membership = services.membership_add(
            actor=request.user,
            programme=programme,
            storyteller=form.cleaned_data["reference"],
            joined_on=form.cleaned_data["joined_on"],
            left_on=form.cleaned_data["left_on"],
        )
        messages.success(request, f"Added {membership.storyteller.reference} to {programme.name}.")
        return redirect(reverse("voices:programme_detail", args=[programme.pk]) + "#members")
    return _render_programme(request, programme, member_form=form)


def _membership_or_404(pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("programme", "storyteller")
        .defer(*(f"storyteller__{name}" for name in StorytellerProfile.SENSITIVE_FIELDS))
        .exclude(storyteller__status=StorytellerProfile.Status.ERASED),
        pk=pk,
    )


@requires("programmes", "change")
@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(pk)
    form = MembershipForm(request.POST or None, instance=copy.copy(membership))
    if request.method == "POST" and form.is_valid():
        services.membership_update(actor=request.user, membership=membership, **form.cleaned_data)
        messages.success(request, f"Saved the dates of {membership.storyteller.reference}.")
        return redirect(
            reverse("voices:programme_detail", args=[membership.programme_id]) + "#members"
        )
    return _render(
        request,
        "voices/form.html",
        {
            "form": form,
            "title": f"{membership.storyteller.reference} in {membership.programme.name}",
            "cancel_url": reverse("voices:programme_detail", args=[membership.programme_id]),
        },
    )


@requires("programmes", "change")
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(pk)
    programme_id, reference = membership.programme_id, membership.storyteller.reference
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, f"Removed {reference} from the programme.")
    return redirect(reverse("voices:programme_detail", args=[programme_id]) + "#members")
