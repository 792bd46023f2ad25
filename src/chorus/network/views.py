"""Screens of the network: the Google group, partners, the outreach log and region pages.

Views stay thin: they read through selectors, validate with forms and write only
through services, which write the audit rows.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.charts import Bar, column_chart
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.network import selectors, services
from chorus.network.display import Lens, record_names_read, show, show_links
from chorus.network.forms import (
    LeadForm,
    OutreachFilterForm,
    OutreachForm,
    PartnerFilterForm,
    PartnerForm,
    SnapshotForm,
)
from chorus.network.models import MemberSnapshot, OutreachEntry, Partner
from chorus.people.models import Region
from chorus.people.regions import sections_for, with_descendants
from chorus.voices.access import storytellers_for

PER_PAGE = 50
CHART_COUNTS = 36  # the chart shows the latest three years of counts


# --- The Google group -----------------------------------------------------------------


def _growth_chart(counts: list[MemberSnapshot]) -> str:
    if not counts:
        return ""
    first, last = counts[0], counts[-1]
    bars = [
        Bar(
            label=f"{s.taken_on:%d %B %Y}".lstrip("0"),
            value=s.members,
            short_label=f"{s.taken_on:%b}\n{s.taken_on:%Y}",
        )
        for s in counts
    ]
    return column_chart(
        bars,
        chart_id="group-growth",
        title="Members of the Google group",
        description=(
            f"{len(counts)} counts from {first.taken_on:%B %Y} ({first.members:,} members) "
            f"to {last.taken_on:%B %Y} ({last.members:,} members)."
        ),
        unit=("member", "members"),
    )


@requires("network_group", "view")
@require_http_methods(["GET"])
def group(request: HttpRequest) -> HttpResponse:
    counts = list(selectors.snapshots())
    shown = counts[-CHART_COUNTS:]
    page = paginate(request, list(reversed(counts)), PER_PAGE)
    return render(
        request,
        "network/group.html",
        {
            "chart": _growth_chart(shown),
            "charted": len(shown),
            "latest": counts[-1] if counts else None,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "network_group", "change"),
        },
    )


@requires("network_group", "change")
@require_http_methods(["GET", "POST"])
def snapshot_create(request: HttpRequest) -> HttpResponse:
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        snapshot, created = services.snapshot_record(
            actor=request.user,
            taken_on=form.cleaned_data["taken_on"],
            members=form.cleaned_data["members"],
            note=form.cleaned_data["note"],
        )
        verb = "Recorded" if created else "Replaced the count of that day with"
        messages.success(request, f"{verb} {snapshot}.")
        return redirect("network:group")
    return render(
        request,
        "network/form.html",
        {"form": form, "title": "Record the group's member count", "cancel": "network:group"},
    )


@requires("network_group", "change")
@require_http_methods(["GET", "POST"])
def snapshot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(MemberSnapshot, pk=pk)
    if request.method == "POST":
        services.snapshot_delete(actor=request.user, snapshot_=snapshot)
        messages.success(request, f"Deleted the count of {snapshot.taken_on:%d %B %Y}.")
        return redirect("network:group")
    return render(
        request,
        "network/confirm_delete.html",
        {
            "title": "Delete this member count?",
            "what": str(snapshot),
            "consequence": "Figures for periods ending after this day will use the count "
            "before it. Google keeps no join dates, so the number cannot be rebuilt later.",
            "button": "Delete the count",
            "cancel": "network:group",
        },
    )


# --- Partners -------------------------------------------------------------------------


@requires("network", "view")
@require_http_methods(["GET"])
def partner_list(request: HttpRequest) -> HttpResponse:
    form = PartnerFilterForm(request.GET)
    page = paginate(request, selectors.partners_filter(**form.filters()), PER_PAGE)
    return render(
        request,
        "network/partner_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "network", "change"),
            "filtered": bool(form.filters()),
        },
    )


@requires("network", "change")
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None, initial={"region": request.GET.get("region")})
    if request.method == "POST" and form.is_valid():
        partner = services.partner_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added {partner}.")
        return redirect("network:partner_list")
    return render(
        request,
        "network/form.html",
        {"form": form, "title": "Add a partner", "cancel": "network:partner_list"},
    )


@requires("network", "change")
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, instance=Partner.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        services.partner_update(actor=request.user, partner=partner, **form.cleaned_data)
        messages.success(request, f"Saved {partner}.")
        return redirect("network:partner_list")
    return render(
        request,
        "network/form.html",
        {
            "form": form,
            "title": f"Edit {partner}",
            "cancel": "network:partner_list",
            "delete_url_name": "network:partner_delete",
            "pk": partner.pk,
        },
    )


@requires("network", "change")
@require_http_methods(["GET", "POST"])
def partner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.select_related("organisation", "region"), pk=pk)
    if request.method == "POST":
        services.partner_delete(actor=request.user, partner=partner)
        messages.success(request, f"Removed {partner} from the partners.")
        return redirect("network:partner_list")
    return render(
        request,
        "network/confirm_delete.html",
        {
            "title": "Remove this partner?",
            "what": str(partner),
            "consequence": "The organisation and its contact stay in People; only the "
            "partnership in this region is removed.",
            "button": "Remove the partner",
            "cancel": "network:partner_list",
        },
    )


# --- The outreach log -----------------------------------------------------------------


@requires("network", "view")
@require_http_methods(["GET"])
def outreach_list(request: HttpRequest) -> HttpResponse:
    form = OutreachFilterForm(request.GET)
    filters = form.filters()
    page = paginate(request, selectors.outreach_filter(**filters), PER_PAGE)
    return render(
        request,
        "network/outreach_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
            "can_change": can(request.user, "network", "change"),
            "filtered": bool(filters),
        },
    )


def _outreach_form(request: HttpRequest, entry: OutreachEntry | None = None) -> OutreachForm:
    may_see = can(request.user, "storytellers", "view")
    return OutreachForm(
        request.POST or None,
        instance=entry,
        storytellers=storytellers_for(request.user) if may_see else None,
        pitches=can(request.user, "pitches", "view"),
        initial={} if entry else {"led_from": request.GET.get("after")},
    )


@requires("network", "change")
@require_http_methods(["GET", "POST"])
def outreach_create(request: HttpRequest) -> HttpResponse:
    form = _outreach_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.outreach_create(
                actor=request.user, **form.plain_fields(), **form.relations()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Added {entry}.")
            return redirect("network:outreach_detail", pk=entry.pk)
    return render(
        request,
        "network/form.html",
        {"form": form, "title": "Add to the outreach log", "cancel": "network:outreach_list"},
    )


@requires("network", "view")
@require_http_methods(["GET"])
def outreach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(OutreachEntry, pk=pk)
    entry = selectors.outreach_with_links(pk)
    lens = Lens.of(request.user)
    before, followed = selectors.chain_of(entry)
    shown = show(entry, lens)
    shown_followed = show_links(followed, lens)
    record_names_read(
        viewer=request.user, shown=[shown, *shown_followed], where=f"outreach entry #{pk}"
    )
    return render(
        request,
        "network/outreach_detail.html",
        {
            "shown": shown,
            "entry": entry,
            "before": before,
            "followed": shown_followed,
            "can_change": can(request.user, "network", "change"),
            "show_people": lens.people,
            "lead_form": LeadForm(),
        },
    )


@requires("network", "change")
@require_http_methods(["GET", "POST"])
def outreach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(OutreachEntry, pk=pk)
    form = _outreach_form(request, OutreachEntry.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.outreach_update(
                actor=request.user,
                entry=entry,
                relations=form.relations(),
                **form.plain_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved {entry}.")
            return redirect("network:outreach_detail", pk=entry.pk)
    return render(
        request,
        "network/form.html",
        {
            "form": form,
            "title": f"Edit {entry}",
            "cancel": "network:outreach_list",
            "delete_url_name": "network:outreach_delete",
            "pk": entry.pk,
        },
    )


@requires("network", "change")
@require_http_methods(["GET", "POST"])
def outreach_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(OutreachEntry, pk=pk)
    if request.method == "POST":
        services.outreach_delete(actor=request.user, entry=entry)
        messages.success(request, f"Deleted {entry}.")
        return redirect("network:outreach_list")
    later = entry.led_to.count()
    return render(
        request,
        "network/confirm_delete.html",
        {
            "title": "Delete this outreach entry?",
            "what": f"{entry} ({entry.happened_on:%d %B %Y})",
            "consequence": (
                f"{later} later entr{'y follows' if later == 1 else 'ies follow'} from it; "
                "they stay in the log without the link. "
                if later
                else ""
            )
            + "The audit log keeps a note of what was deleted and by whom.",
            "button": "Delete the entry",
            "cancel": "network:outreach_list",
        },
    )


@requires("network", "change")
@require_http_methods(["GET", "POST"])
def outreach_lead_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(OutreachEntry, pk=pk)
    form = LeadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.outreach_lead_add(
            actor=request.user,
            entry=entry,
            kind="other",
            label=form.cleaned_data["label"],
            on=form.cleaned_data["on"],
        )
        messages.success(request, "Added what it led to.")
        return redirect("network:outreach_detail", pk=entry.pk)
    return render(
        request,
        "network/form.html",
        {"form": form, "title": f"What {entry} led to", "cancel": "network:outreach_list"},
    )


# --- Regions --------------------------------------------------------------------------


@requires("regions", "view")
@require_http_methods(["GET"])
def region_list(request: HttpRequest) -> HttpResponse:
    found = list(Region.objects.select_related("parent").order_by("name"))
    tops = [region for region in found if region.parent_id is None]
    children: dict[int, list[Region]] = {}
    for region in found:
        if region.parent_id:
            children.setdefault(region.parent_id, []).append(region)
    return render(
        request,
        "network/region_list.html",
        {"regions": [(top, children.get(top.pk, [])) for top in tops]},
    )


@requires("regions", "view")
@require_http_methods(["GET"])
def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("parent"), pk=pk)
    sections = sections_for(region, request.user)
    inside = with_descendants(region)[1:]
    return render(
        request,
        "network/region_detail.html",
        {
            "region": region,
            "sections": sections,
            "inside": [r for r in inside if r.parent_id == region.pk],
        },
    )
