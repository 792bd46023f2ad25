"""Screens of journalists' requests, matching, the pipeline) and pitches.

Views stay thin: storytellers are fetched through `voices.access` (audited), forms
validate, `services` write. A media officer sees a storyteller's reference and
whether a match is held, never what a safeguarding concern says; names used in media
are shown only to those who may see sensitive details, and each showing is audited.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.media.matching import match_summary, rank_request, rest_days
from chorus.media.models import JournalistRequest, Outlet, Pitch, RequestCandidate
from chorus.media.requests import services
from chorus.media.requests.forms import (
    InterpreterBookingForm,
    MatchFilterForm,
    OutcomeForm,
    PitchFilterForm,
    PitchForm,
    RequestFilterForm,
    RequestForm,
)
from chorus.media.services import media_name_reveal
from chorus.voices.access import get_storyteller_for
from chorus.voices.forms import HoldClearForm
from chorus.voices.safeguarding import held_among

PER_PAGE = 50
MATCHES_PER_PAGE = 50
DEADLINE_SOON = datetime.timedelta(hours=48)
_OPEN_PITCH = (Pitch.Status.IDEA, Pitch.Status.PITCHED, Pitch.Status.ACCEPTED)


# --- Requests -----------------------------------------------------------------------


def _requests() -> QuerySet[JournalistRequest]:
    return JournalistRequest.objects.select_related(
        "outlet", "journalist", "journalist__person", "region", "region__parent"
    )


def _deadline_state(journalist_request: JournalistRequest, now: datetime.datetime) -> str:
    """'overdue', 'soon' (within 48 hours) or '' for a request still being worked on."""
    deadline = journalist_request.deadline
    if deadline is None or journalist_request.status in (
        JournalistRequest.Status.DONE,
        JournalistRequest.Status.DECLINED,
    ):
        return ""
    if deadline < now:
        return "overdue"
    return "soon" if deadline - now <= DEADLINE_SOON else ""


@requires("requests", "view")
@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    requests = (
        _requests().annotate(candidate_count=Count("candidates")).order_by("-received_on", "-id")
    )
    if data.get("status"):
        requests = requests.filter(status=data["status"])
    if data.get("outlet"):
        requests = requests.filter(outlet=data["outlet"])
    page = paginate(request, requests, PER_PAGE)
    now = timezone.now()
    for journalist_request in page:
        journalist_request.deadline_state = _deadline_state(journalist_request, now)  # type: ignore[attr-defined]
    return render(
        request,
        "media/requests/request_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(data.get("status") or data.get("outlet")),
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "requests", "change"),
        },
    )


@requires("requests", "change")
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST or None, may_add_journalist=can(request.user, "journalists", "change")
    )
    if request.method == "POST" and form.is_valid():
        themes, fields = form.request_fields()
        journalist_request = services.request_create(actor=request.user, themes=themes, **fields)
        messages.success(request, f"Logged the request from {journalist_request.outlet}.")
        return redirect("media:request_detail", pk=journalist_request.pk)
    return render(
        request,
        "media/form.html",
        {
            "form": form,
            "title": "Log a journalist's request",
            "cancel": reverse("media:request_list"),
        },
    )


@requires("requests", "change")
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    journalist_request = get_object_or_404(JournalistRequest, pk=pk)
    # The form gets its own copy: a failed validation must not change the one we save.
    form = RequestForm(request.POST or None, instance=JournalistRequest.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        themes, fields = form.request_fields()
        services.request_update(
            actor=request.user, journalist_request=journalist_request, themes=themes, **fields
        )
        messages.success(request, "Saved the request.")
        return redirect("media:request_detail", pk=pk)
    return render(
        request,
        "media/form.html",
        {
            "form": form,
            "title": f"Edit request #{pk}",
            "cancel": reverse("media:request_detail", args=[pk]),
        },
    )


def _candidates(journalist_request: JournalistRequest) -> list[RequestCandidate]:
    # The storyteller's reference only: loading the profile would decrypt it for nothing.
    return list(
        journalist_request.candidates.select_related("interpreter", "cleared_by")
        .annotate(reference=F("storyteller__reference"), consent_given_on=F("consent__given_on"))
        .order_by("id")
    )


@requires("requests", "view")
@require_http_methods(["GET"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    journalist_request = get_object_or_404(
        _requests().prefetch_related("themes").select_related("placement"), pk=pk
    )
    candidates = _candidates(journalist_request)
    names = media_name_reveal(
        actor=request.user,
        storyteller_ids=[c.storyteller_id for c in candidates],
        where=f"request #{pk}",
    )
    can_clear = can(request.user, "safeguarding", "change")
    held = (
        held_among([c.storyteller_id for c in candidates if c.status in _CLEARABLE])
        if can_clear
        else set()
    )
    for candidate in candidates:
        candidate.media_name = names.get(candidate.storyteller_id, "")  # type: ignore[attr-defined]
        if candidate.storyteller_id in held:
            # The lead clears the hold on the person here, with a note and conditions.
            candidate.clear_form = HoldClearForm(prefix=f"clear-{candidate.pk}")  # type: ignore[attr-defined]
        candidate.booking_form = InterpreterBookingForm(  # type: ignore[attr-defined]
            prefix_id=candidate.pk,
            initial={
                "interpreter": candidate.interpreter_id,
                "booked_for": candidate.interpreter_booked_for,
            },
        )
    return render(
        request,
        "media/requests/request_detail.html",
        {
            "req": journalist_request,
            "candidates": candidates,
            "deadline_state": _deadline_state(journalist_request, timezone.now()),
            "can_change": can(request.user, "requests", "change"),
            "can_clear": can_clear,
            "Status": RequestCandidate.Status,
        },
    )


@requires("requests", "view")
@require_http_methods(["GET"])
def request_match(request: HttpRequest, pk: int) -> HttpResponse:
    journalist_request = get_object_or_404(_requests(), pk=pk)
    # "Only those who fit" is on until the filter is submitted with it unticked.
    submitted = "shown" in request.GET
    form = MatchFilterForm(request.GET if submitted else None, initial={"fit": True})
    only_fit = not submitted or (form.is_valid() and form.cleaned_data["fit"])
    ranking = rank_request(journalist_request)
    results = ranking.results
    summary = match_summary(results)
    if only_fit:
        results = [r for r in results if r.eligible]
    page = paginate(request, results, MATCHES_PER_PAGE)
    # Everyone is ranked; only the page shown is put into words.
    ranking.explain(list(page.object_list))
    names = media_name_reveal(
        actor=request.user,
        storyteller_ids=[r.storyteller.pk for r in page],
        where=f"matching for request #{pk}",
    )
    shortlisted = set(journalist_request.candidates.values_list("storyteller_id", flat=True))
    rows = [
        {
            "result": result,
            "media_name": names.get(result.storyteller.pk, ""),
            "shortlisted": result.storyteller.pk in shortlisted,
        }
        for result in page
    ]
    return render(
        request,
        "media/requests/request_match.html",
        {
            "req": journalist_request,
            "form": form,
            "page_obj": page,
            "rows": rows,
            "summary": summary,
            "rest_days": rest_days(),
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "requests", "change"),
        },
    )


@requires("requests", "change")
@require_http_methods(["POST"])
def request_shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    journalist_request = get_object_or_404(_requests(), pk=pk)
    try:
        storyteller_pk = int(request.POST.get("storyteller", ""))
    except ValueError:
        messages.error(request, "Choose a storyteller to put forward.")
        return redirect("media:request_match", pk=pk)
    storyteller = get_storyteller_for(
        request.user, storyteller_pk, purpose=f"put forward for request #{pk}"
    )
    try:
        candidate = services.candidate_shortlist(
            actor=request.user, journalist_request=journalist_request, storyteller=storyteller
        )
    except services.RequestError as exc:
        messages.error(request, str(exc))
        return redirect("media:request_match", pk=pk)
    if candidate.status == RequestCandidate.Status.SAFEGUARDING:
        messages.warning(
            request,
            f"{storyteller.reference} is shortlisted and waiting for safeguarding: the match "
            "is held until the safeguarding lead clears it.",
        )
    else:
        messages.success(request, f"{storyteller.reference} is on the shortlist.")
    return redirect("media:request_detail", pk=pk)


def _candidate_for(request: HttpRequest, pk: int, purpose: str) -> RequestCandidate:
    """The candidate named in the form, of request `pk` (404 otherwise), with their profile."""
    candidate_pk = request.POST.get("candidate", "")
    candidate = get_object_or_404(
        RequestCandidate.objects.select_related("request__outlet__segment"),
        pk=int(candidate_pk) if candidate_pk.isdigit() else 0,
        request_id=pk,
    )
    candidate.storyteller = get_storyteller_for(
        request.user, candidate.storyteller_id, purpose=f"{purpose} for request #{pk}"
    )
    return candidate


@requires("requests", "change")
@require_http_methods(["POST"])
def request_candidate_step(request: HttpRequest, pk: int) -> HttpResponse:
    """One step of a candidate's pipeline: safeguarding, interpreter, briefing, debrief."""
    step = request.POST.get("step", "")
    candidate = _candidate_for(request, pk, purpose=f"pipeline step '{step[:20]}'")
    reference = candidate.storyteller.reference
    try:
        if step == "safeguarding":
            services.candidate_send_to_safeguarding(actor=request.user, candidate=candidate)
            messages.success(request, f"{reference} is waiting for safeguarding.")
        elif step == "interpreter":
            form = InterpreterBookingForm(request.POST, prefix_id=candidate.pk)
            if not form.is_valid():
                messages.error(request, "Choose an interpreter and when they are booked for.")
                return redirect("media:request_detail", pk=pk)
            services.candidate_book_interpreter(
                actor=request.user,
                candidate=candidate,
                interpreter=form.cleaned_data["interpreter"],
                booked_for=form.cleaned_data["booked_for"],
            )
            messages.success(request, f"Interpreter booked for {reference}.")
        elif step == "briefed":
            services.candidate_mark_briefed(actor=request.user, candidate=candidate)
            messages.success(request, f"{reference} is briefed.")
        elif step == "debriefed":
            services.candidate_mark_debriefed(actor=request.user, candidate=candidate)
            messages.success(request, f"{reference} is debriefed.")
        elif step == "withdraw":
            services.candidate_withdraw(actor=request.user, candidate=candidate)
            messages.success(request, f"{reference} is withdrawn from this request.")
        else:
            messages.error(request, "Unknown step.")
    except services.RequestError as exc:
        messages.error(request, str(exc))
    return redirect("media:request_detail", pk=pk)


_CLEARABLE = (RequestCandidate.Status.SHORTLISTED, RequestCandidate.Status.SAFEGUARDING)


@requires("safeguarding", "change")
@require_http_methods(["POST"])
def request_candidate_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """The safeguarding lead (or an admin) clears a candidate to take part.

    For a person on hold this clears the hold on the person, with the note and
    conditions given in the form (they then bind every use until the concern closes).
    """
    candidate = _candidate_for(request, pk, purpose="safeguarding clearance")
    form = HoldClearForm(request.POST, prefix=f"clear-{candidate.pk}")
    conditions = form.cleaned_data if form.is_valid() else {}
    wrong = {name: errors for name, errors in form.errors.items() if name != "note"}
    if wrong:
        messages.error(request, " ".join(str(e) for errors in wrong.values() for e in errors))
        return redirect("media:request_detail", pk=pk)
    try:
        services.candidate_clear(actor=request.user, candidate=candidate, **conditions)
    except services.RequestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{candidate.storyteller.reference} is cleared to take part.")
    return redirect("media:request_detail", pk=pk)


@requires("requests", "change")
@require_http_methods(["GET", "POST"])
def request_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The placement a request became, and who spoke in it.

    Every candidate is listed: those cleared and briefed can be chosen as speaking;
    the others are shown with where they stand, never silently dropped.
    """
    journalist_request = get_object_or_404(_requests().select_related("placement"), pk=pk)
    if journalist_request.placement_id is not None:
        messages.info(request, "This request's placement is already recorded.")
        return redirect("media:request_detail", pk=pk)
    candidates = list(journalist_request.candidates.select_related("storyteller").order_by("id"))
    spoke = any(candidate.status in services.SPEAKING for candidate in candidates)
    form = OutcomeForm(
        request.POST or None,
        journalist_request=journalist_request,
        initial={
            "published_on": timezone.localdate(),
            "format": journalist_request.format,
            "region": journalist_request.region_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.request_record_placement(
                actor=request.user, journalist_request=journalist_request, **form.cleaned_data
            )
        except services.RequestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"Recorded ‘{placement.headline}’ ({placement.outlet}): request done."
            )
            return redirect("media:request_detail", pk=pk)
    waiting = [candidate for candidate in candidates if candidate.status not in services.SPEAKING]
    return render(
        request,
        "media/requests/request_outcome.html",
        {"form": form, "req": journalist_request, "spoke": spoke, "waiting": waiting},
    )


# --- Pitches ------------------------------------------------------------------------


def _pitches() -> QuerySet[Pitch]:
    # The idea is encrypted and not shown in lists: leave it undecrypted.
    return (
        Pitch.objects.defer("idea")
        .select_related("placement", "placement__outlet")
        .annotate(storyteller_reference=F("storyteller__reference"))
        .prefetch_related(Prefetch("outlets", queryset=Outlet.objects.only("id", "name")))
    )


def _follow_up_state(pitch: Pitch, today: datetime.date) -> str:
    if pitch.follow_up_on is None or pitch.status not in _OPEN_PITCH:
        return ""
    if pitch.follow_up_on < today:
        return "overdue"
    return "today" if pitch.follow_up_on == today else ""


@requires("pitches", "view")
@require_http_methods(["GET"])
def pitch_list(request: HttpRequest) -> HttpResponse:
    form = PitchFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    pitches = _pitches()
    if data.get("status"):
        pitches = pitches.filter(status=data["status"])
    if data.get("outlet"):
        pitches = pitches.filter(outlets=data["outlet"])
    if data.get("overdue"):
        pitches = pitches.filter(follow_up_on__lt=today, status__in=_OPEN_PITCH)
    page = paginate(request, pitches, PER_PAGE)
    for pitch in page:
        pitch.follow_up_state = _follow_up_state(pitch, today)  # type: ignore[attr-defined]
    overdue = Pitch.objects.filter(follow_up_on__lt=today, status__in=_OPEN_PITCH).count()
    return render(
        request,
        "media/requests/pitch_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": any(data.get(name) for name in ("status", "outlet", "overdue")),
            "overdue_count": overdue,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "pitches", "change"),
        },
    )


def _may_read_idea(user: Any) -> bool:
    # An idea may hold details of someone's story: it follows access to storytellers.
    return can(user, "storytellers", "view")


@requires("pitches", "view")
@require_http_methods(["GET"])
def pitch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shows_idea = _may_read_idea(request.user)
    pitches = Pitch.objects.all() if shows_idea else Pitch.objects.defer("idea")
    pitch = get_object_or_404(
        pitches.select_related("placement", "placement__outlet", "created_by")
        .annotate(storyteller_reference=F("storyteller__reference"))
        .prefetch_related("outlets"),
        pk=pk,
    )
    if shows_idea and pitch.idea:
        services.pitch_idea_view_record(actor=request.user, pitch=pitch)
    names = media_name_reveal(
        actor=request.user,
        storyteller_ids=[pitch.storyteller_id] if pitch.storyteller_id else [],
        where=f"pitch #{pk}",
    )
    return render(
        request,
        "media/requests/pitch_detail.html",
        {
            "pitch": pitch,
            "shows_idea": shows_idea,
            "media_name": names.get(pitch.storyteller_id or 0, ""),
            "follow_up_state": _follow_up_state(pitch, timezone.localdate()),
            "can_change": can(request.user, "pitches", "change"),
        },
    )


@requires("pitches", "change")
@require_http_methods(["GET", "POST"])
def pitch_create(request: HttpRequest) -> HttpResponse:
    form = PitchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        outlets, fields = form.pitch_fields()
        try:
            pitch = services.pitch_create(actor=request.user, outlets=outlets, **fields)
        except services.RequestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Saved the pitch ‘{pitch.title}’.")
            return redirect("media:pitch_detail", pk=pitch.pk)
    return render(
        request,
        "media/form.html",
        {"form": form, "title": "Add a pitch", "cancel": reverse("media:pitch_list")},
    )


@requires("pitches", "change")
@require_http_methods(["GET", "POST"])
def pitch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pitch = get_object_or_404(Pitch, pk=pk)
    form = PitchForm(request.POST or None, instance=Pitch.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        outlets, fields = form.pitch_fields()
        try:
            services.pitch_update(actor=request.user, pitch=pitch, outlets=outlets, **fields)
        except services.RequestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Saved the pitch ‘{pitch.title}’.")
            return redirect("media:pitch_detail", pk=pk)
    return render(
        request,
        "media/form.html",
        {
            "form": form,
            "title": f"Edit the pitch ‘{pitch.title}’",
            "cancel": reverse("media:pitch_detail", args=[pk]),
        },
    )
