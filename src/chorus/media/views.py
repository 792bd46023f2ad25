"""Screens of media: placements, outlets, campaigns, the CSV import and export.

Views stay thin: they read through selectors, validate with forms and write only
through services, which write the audit rows.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.lib.redirects import moved_permanently
from chorus.lib.used_for import used_for
from chorus.media import exports, services
from chorus.media.forms import (
    CampaignForm,
    OutletFilterForm,
    OutletForm,
    OutletSegmentForm,
    PlacementFilterForm,
    PlacementForm,
    PlacementVoiceForm,
)
from chorus.media.models import (
    AudienceSegment,
    Campaign,
    Outlet,
    Placement,
)
from chorus.media.selectors import (
    campaigns_with_counts,
    outlet_for_url,
    outlet_suggestions,
    outlets_search,
    placement_voices,
    placements_base,
    placements_filter,
)
from chorus.media.story_uses import placement_voice_record
from chorus.voices.access import get_storyteller_for, storytellers_for

PER_PAGE = 50
FILTER_NAMES = ("q", "from", "to", "outlet", "segment", "format", "lived_experience", "campaign")
# Column → the sort its heading links to first (dates newest first, names A–Z).
SORTABLE_COLUMNS = {"published_on": "-published_on", "outlet": "outlet", "headline": "headline"}


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _active_filters(request: HttpRequest, form: PlacementFilterForm) -> list[dict[str, str]]:
    """Each filter in force, in words, with a link that removes just that one."""
    data = getattr(form, "cleaned_data", {})
    active = []
    for name in FILTER_NAMES:
        value = data.get(name)
        if value in (None, ""):
            continue
        field = form.fields[name]
        if isinstance(value, datetime.date):
            shown = _day(value)
        elif name in ("format", "lived_experience"):
            shown = str(dict(field.choices).get(value, value))  # type: ignore[attr-defined]
        else:
            shown = str(value)
        active.append(
            {
                "name": name,
                "label": str(form[name].label),
                "value": shown,
                "remove_url": "?" + querystring_without(request, name).rstrip("&"),
            }
        )
    return active


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    base = querystring_without(request, "sort")
    links = {}
    for column, first in SORTABLE_COLUMNS.items():
        if current.lstrip("-") == column:
            target = column if current.startswith("-") else f"-{column}"
            aria = "descending" if current.startswith("-") else "ascending"
        else:
            target, aria = first, ""
        links[column] = {"url": f"?{base}sort={target}", "aria_sort": aria}
    return links


def _financial_years(today: datetime.date, count: int = 5) -> list[dict[str, str]]:
    """The latest financial years as period-picker options ("2022/23" → July to June)."""
    month = settings.CHORUS_FINANCIAL_YEAR_START_MONTH
    latest = today.year if today.month >= month else today.year - 1
    years = []
    for start_year in range(latest, latest - count, -1):
        start = datetime.date(start_year, month, 1)
        end = datetime.date(start_year + 1, month, 1) - datetime.timedelta(days=1)
        label = f"{start_year}/{(start_year + 1) % 100:02d}" if month != 1 else str(start_year)
        years.append({"value": f"{start.isoformat()}..{end.isoformat()}", "label": label})
    return years


# --- Placements ------------------------------------------------------------------


@requires("placements", "view")
@require_http_methods(["GET"])
def placement_list(request: HttpRequest) -> HttpResponse:
    form = PlacementFilterForm(request.GET)
    filters = form.filters()
    page = paginate(request, placements_filter(**filters), PER_PAGE)
    export_query = querystring_without(request).rstrip("&")
    return render(
        request,
        "media/placement_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "active_filters": _active_filters(request, form),
            "sort_links": _sort_links(request, filters["sort"]),
            "export_url": reverse("media:placement_export")
            + (f"?{export_query}" if export_query else ""),
            "financial_years": _financial_years(timezone.localdate()),
        },
    )


@requires("placements", "view")
@require_http_methods(["GET"])
def placement_export(request: HttpRequest) -> HttpResponse:
    form = PlacementFilterForm(request.GET)
    filters = form.filters()
    # Built in memory: a charity's placements run to thousands, not millions, a year.
    placements = list(placements_filter(**filters))
    described = "; ".join(f"{f['label']}: {f['value']}" for f in _active_filters(request, form))
    services.placement_export_record(
        actor=request.user, filters=described, row_count=len(placements)
    )
    response = HttpResponse(
        "".join(exports.placements_csv_lines(placements)),
        content_type="text/csv; charset=utf-8",
    )
    filename = exports.export_filename(filters["date_from"], filters["date_to"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _placement_saved(
    request: HttpRequest, form: PlacementForm, placement: Placement, outlet_created: bool
) -> None:
    messages.success(request, f"Saved ‘{placement.headline}’ ({placement.outlet.name}).")
    if outlet_created:
        messages.warning(
            request,
            f"‘{placement.outlet.name}’ is a new outlet: it was added and flagged as needing "
            "segment review. Choose its audience segment on the Outlets page.",
        )
    elif not form.cleaned_data.get("outlet_name"):
        messages.info(request, f"Outlet filled in from the link: {placement.outlet.name}.")


@requires("placements", "change")
@require_http_methods(["GET", "POST"])
def placement_create(request: HttpRequest) -> HttpResponse:
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        placement, outlet_created = services.placement_record(
            actor=request.user,
            outlet_name=form.cleaned_data["outlet_name"],
            **form.placement_fields(),
        )
        _placement_saved(request, form, placement, outlet_created)
        return redirect("media:placement_list")
    return render(request, "media/placement_form.html", {"form": form, "title": "Add a placement"})


@requires("placements", "change")
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(placements_base(), pk=pk)
    # The form gets its own copy: a failed validation must not change the one we save.
    form = PlacementForm(request.POST or None, instance=placements_base().get(pk=pk))
    if request.method == "POST" and form.is_valid():
        placement, outlet_created = services.placement_record(
            actor=request.user,
            placement=placement,
            outlet_name=form.cleaned_data["outlet_name"],
            **form.placement_fields(),
        )
        _placement_saved(request, form, placement, outlet_created)
        return redirect("media:placement_list")
    return render(
        request,
        "media/placement_form.html",
        {
            "form": form,
            "title": "Edit placement",
            "placement": placement,
            "voices_count": placement_voices(placement).count(),
            "used_for": used_for(placement, request.user),
        },
    )


@requires("placements", "change")
@require_http_methods(["GET", "POST"])
def placement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(placements_base(), pk=pk)
    if request.method == "POST":
        headline = placement.headline
        services.placement_delete(actor=request.user, placement=placement)
        messages.success(request, f"Deleted ‘{headline}’.")
        return redirect("media:placement_list")
    return render(request, "media/placement_confirm_delete.html", {"placement": placement})


# --- Who spoke in a placement ------------------------------------------------------------


@requires("placements", "change")
@require_http_methods(["GET", "POST"])
def placement_voices_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Who spoke in a placement: link a storyteller, if both judges allow the use."""
    placement = get_object_or_404(
        Placement.objects.select_related("outlet", "outlet__segment"), pk=pk
    )
    form = PlacementVoiceForm(
        request.POST or None, storytellers=storytellers_for(request.user), outlet=placement.outlet
    )
    if request.method == "POST" and form.is_valid() and form.storyteller is not None:
        storyteller = get_storyteller_for(
            request.user, form.storyteller.pk, purpose="linked to a placement"
        )
        try:
            placement_voice_record(
                actor=request.user,
                storyteller=storyteller,
                placement=placement,
                media_type=form.cleaned_data["media_type"],
                identity_level=form.cleaned_data["identity_level"],
                face_shown=form.cleaned_data["face_shown"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{storyteller.reference} recorded as speaking.")
            return redirect("media:placement_voices", pk=placement.pk)
    return render(
        request,
        "media/placement_voices.html",
        {
            "placement": placement,
            "voices": placement_voices(placement),
            "form": form,
            "may_view_consent": can(request.user, "consent", "view"),
        },
    )


@requires("placements", "change")
@require_http_methods(["GET"])
def placement_voices_moved(request: HttpRequest, pk: int) -> HttpResponse:
    """The old address of "Who spoke" (under /voices/consent/), kept for bookmarks."""
    return redirect("media:placement_voices", pk=pk, permanent=True)


placement_voices_moved.chorus_redirects = True  # type: ignore[attr-defined]


# Every signed-in member of staff may follow an old address; the page it leads to
# applies its own rule.
@requires("dashboard", "view")
@require_http_methods(["GET", "HEAD", "POST"])
def desk_moved(request: HttpRequest, rest: str) -> HttpResponse:
    """/desk/<rest> (requests and pitches) now lives at /media/<rest>.

    Kept for bookmarks and for forms in tabs opened before the move: a POST gets a
    308, so the browser posts the same form to the new address.
    """
    return moved_permanently(request, f"{get_script_prefix()}media/{quote(rest)}")


desk_moved.chorus_redirects = True  # type: ignore[attr-defined]


# --- Outlet look-ups for the placement form (JSON) -----------------------------------


@requires("outlets", "view")
@require_http_methods(["GET"])
def outlet_lookup(request: HttpRequest) -> JsonResponse:
    outlet = outlet_for_url(request.GET.get("url", ""))
    if outlet is None:
        return JsonResponse({"error": "No outlet is known for this link."}, status=404)
    return JsonResponse({"id": outlet.pk, "name": outlet.name})


@requires("outlets", "view")
@require_http_methods(["GET"])
def outlet_suggest(request: HttpRequest) -> JsonResponse:
    outlets = outlet_suggestions(request.GET.get("q", ""), limit=10)
    return JsonResponse({"results": [{"id": o.pk, "name": o.name} for o in outlets]})


# --- Outlets ----------------------------------------------------------------------


@requires("outlets", "view")
@require_http_methods(["GET"])
def outlet_list(request: HttpRequest) -> HttpResponse:
    form = OutletFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    outlets = outlets_search(
        q=(data.get("q") or "").strip(),
        needs_review=bool(data.get("review")),
        segment=data.get("segment"),
    )
    page = paginate(request, outlets, PER_PAGE)
    return render(
        request,
        "media/outlet_list.html",
        {
            "form": form,
            "page_obj": page,
            "segments": list(AudienceSegment.objects.all()),
            "querystring_without_page": querystring_without(request),
            "review_count": Outlet.objects.filter(needs_segment_review=True).count(),
        },
    )


@requires("outlets", "change")
@require_http_methods(["POST"])
def outlet_set_segment(request: HttpRequest, pk: int) -> HttpResponse:
    outlet = get_object_or_404(Outlet, pk=pk)
    form = OutletSegmentForm(request.POST)
    if form.is_valid():
        segment = form.cleaned_data["segment"]
        services.outlet_set_segment(actor=request.user, outlet=outlet, segment=segment)
        messages.success(request, f"{outlet.name} is now in the segment “{segment.name}”.")
    else:
        messages.error(request, f"Choose an audience segment for {outlet.name}.")
    # Back to the same filtered, paged list: only ever a page of ours.
    back = form.data.get("next", "")
    list_path = reverse("media:outlet_list")
    if back.startswith(list_path) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return redirect(back)
    return redirect("media:outlet_list")


def _outlet_fields(form: OutletForm) -> tuple[list[str], dict[str, Any]]:
    fields = dict(form.cleaned_data)
    return fields.pop("domains"), fields


@requires("outlets", "change")
@require_http_methods(["GET", "POST"])
def outlet_create(request: HttpRequest) -> HttpResponse:
    form = OutletForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        domains, fields = _outlet_fields(form)
        outlet = services.outlet_create(actor=request.user, domains=domains, **fields)
        messages.success(request, f"Added {outlet.name}.")
        return redirect("media:outlet_list")
    return render(
        request,
        "media/form.html",
        {"form": form, "title": "Add an outlet", "cancel": reverse("media:outlet_list")},
    )


@requires("outlets", "change")
@require_http_methods(["GET", "POST"])
def outlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outlet = get_object_or_404(Outlet, pk=pk)
    form = OutletForm(request.POST or None, instance=Outlet.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        domains, fields = _outlet_fields(form)
        services.outlet_update(actor=request.user, outlet=outlet, domains=domains, **fields)
        messages.success(request, f"Saved {outlet.name}.")
        return redirect("media:outlet_list")
    return render(
        request,
        "media/form.html",
        {"form": form, "title": f"Edit {outlet.name}", "cancel": reverse("media:outlet_list")},
    )


# --- Campaigns --------------------------------------------------------------------


@requires("campaigns", "view")
@require_http_methods(["GET"])
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_with_counts().order_by("-starts_on", "name")
    page = paginate(request, campaigns, PER_PAGE)
    return render(
        request,
        "media/campaign_list.html",
        {
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change_campaigns": can(request.user, "campaigns", "change"),
        },
    )


@requires("campaigns", "change")
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added {campaign.name}.")
        return redirect("media:campaign_list")
    return render(
        request,
        "media/form.html",
        {"form": form, "title": "Add a campaign", "cancel": reverse("media:campaign_list")},
    )


@requires("campaigns", "change")
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
        messages.success(request, f"Saved {campaign.name}.")
        return redirect("media:campaign_list")
    return render(
        request,
        "media/form.html",
        {"form": form, "title": f"Edit {campaign.name}", "cancel": reverse("media:campaign_list")},
    )
