"""The round-up editor's screens: editions, sources and the articles the pipeline read."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.monitoring.models import Article
from chorus.monitoring.services import ingest
from chorus.roundup.editions import email as roundup_email
from chorus.roundup.editions import services as editions
from chorus.roundup.editions.forms import (
    AddByUrlForm,
    EditionForm,
    ItemForm,
    ManualItemForm,
)
from chorus.roundup.models import Edition, EditionItem

ARTICLES_PER_PAGE = 25


def _first_error(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- Editions ---------------------------------------------------------------------


@requires("roundup", "view")
def edition_list(request: HttpRequest) -> HttpResponse:
    qs = Edition.objects.order_by("-issue_date").annotate(
        included=Count("items", filter=Q(items__included=True)),
        offered=Count("items"),
        clicks=Sum("items__clicks"),
    )
    page = paginate(request, qs, 30)
    return render(
        request,
        "roundup/edition_list.html",
        {"page_obj": page, "querystring_without_page": querystring_without(request)},
    )


@requires("roundup", "change")
@require_POST
def edition_build(request: HttpRequest) -> HttpResponse:
    edition = editions.edition_draft_build()
    if edition.status != Edition.Status.DRAFT:
        messages.info(request, "Today's edition is already approved or sent; it was left as it is.")
    else:
        messages.success(request, "Today's draft is up to date with the latest stories.")
    return redirect("roundup:edition_detail", pk=edition.pk)


@requires("roundup", "change")
@require_POST
def edition_build_weekly(request: HttpRequest) -> HttpResponse:
    digest = editions.edition_digest_build()
    messages.success(
        request, "The weekly digest gathers this week's sent stories; review it and approve it."
    )
    return redirect("roundup:edition_detail", pk=digest.pk)


@requires("roundup", "view")
def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    may_change = can(request.user, "roundup", "change") and edition.is_editable
    return render(
        request,
        "roundup/edition_detail.html",
        {
            "edition": edition,
            "sections": editions.sections(edition, included_only=False),
            "may_change": may_change,
            "may_approve": can(request.user, "roundup_send", "change"),
            # Clicks are counted once an edition has gone out (chorus.roundup.editions.clicks).
            "show_clicks": not edition.is_editable,
            "edition_form": EditionForm(instance=edition),
            "add_form": AddByUrlForm(),
            "counts": {
                "included": edition.items.filter(included=True).count(),
                "offered": edition.items.count(),
            },
        },
    )


@requires("roundup", "change")
@require_POST
def edition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    form = EditionForm(request.POST, instance=Edition.objects.get(pk=pk))
    if form.is_valid():
        try:
            editions.edition_update(edition=edition, actor=request.user, **form.cleaned_data)
            messages.success(request, "Saved the title and note.")
        except ValidationError as exc:
            messages.error(request, _first_error(exc))
    else:
        messages.error(request, "The title is needed (up to 200 characters).")
    return redirect("roundup:edition_detail", pk=pk)


@requires("roundup", "change")
@require_http_methods(["GET", "POST"])
def edition_add_item(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a story by its address (Chorus fetches it) or by hand (when it cannot)."""
    edition = get_object_or_404(Edition, pk=pk)
    by_hand = request.method == "POST" and "by_hand" in request.POST
    form = AddByUrlForm(request.POST if request.method == "POST" and not by_hand else None)
    manual = ManualItemForm(request.POST if by_hand else None, prefix="manual")
    if by_hand and manual.is_valid():
        try:
            item = editions.item_add_by_hand(
                edition=edition, actor=request.user, **manual.cleaned_data
            )
        except ValidationError as exc:
            manual.add_error(None, _first_error(exc))
        else:
            messages.success(request, f"Added “{item.headline}”.")
            return redirect("roundup:edition_detail", pk=pk)
    elif request.method == "POST" and not by_hand and form.is_valid():
        try:
            article = ingest.article_from_url(url=form.cleaned_data["url"])
            editions.item_add(
                edition=edition,
                article=article,
                section=form.cleaned_data["section"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ingest.CannotAdd as exc:
            typed = {"url": form.cleaned_data["url"], "section": form.cleaned_data["section"]}
            form.add_error("url", f"{exc} You can add it by hand below.")
            manual = ManualItemForm(prefix="manual", initial=typed)
        except ValidationError as exc:
            form.add_error(None, _first_error(exc))
        else:
            messages.success(request, f"Added “{article.title}”.")
            return redirect("roundup:edition_detail", pk=pk)
    return render(
        request, "roundup/add_item.html", {"edition": edition, "form": form, "manual": manual}
    )


@requires("roundup", "change")
@require_POST
def article_add_to_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an article from the Articles list to today's draft, in its own section."""
    article = get_object_or_404(Article, pk=pk)
    back = request.POST.get("next", "")
    list_url = reverse("monitoring:article_list")
    back = back if back.startswith(list_url) else list_url
    draft = editions.todays_draft()
    if draft is None:
        messages.error(request, "There is no draft for today yet: build today's edition first.")
    elif editions.in_edition(draft, article):
        messages.info(request, f"“{article.title}” is already in today's draft.")
    else:
        try:
            editions.item_add(
                edition=draft, article=article, section=article.region, note="", actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, _first_error(exc))
        else:
            messages.success(request, f"Added “{article.title}” to today's draft.")
    return redirect(back)


@requires("roundup_send", "change")
@require_POST
def edition_approve(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    try:
        editions.edition_approve(edition=edition, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
        return redirect("roundup:edition_detail", pk=pk)
    messages.success(request, "Approved. Choose when it goes out.")
    return redirect(_schedule_url(edition))


def _schedule_url(edition: Edition) -> str:
    try:
        return reverse("roundup:send_schedule", kwargs={"pk": edition.pk})
    except Exception:  # noqa: BLE001 - the delivery pages may not offer scheduling
        return reverse("roundup:edition_detail", kwargs={"pk": edition.pk})


# The email's HTML is shown in a sandboxed frame of the preview page: it is mail, with
# inline styles, so it gets a policy of its own (styles, no scripts, framed only here).
_EMAIL_FRAME_CSP: dict[str, Any] = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
    "sandbox": True,
}


@requires("roundup", "view")
def edition_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The email as subscribers receive it: headers, the HTML part and the plain text."""
    edition = get_object_or_404(Edition, pk=pk)
    rendered = roundup_email.render_edition(edition, counted=False)
    _, text_part = roundup_email.preview_parts(rendered)
    return render(
        request,
        "roundup/edition_preview.html",
        {
            "edition": edition,
            "rendered": rendered,
            "text_part": text_part,
            "from_email": settings.ROUNDUP_FROM_EMAIL,
            "list_id": settings.ROUNDUP_LIST_ID,
            "may_send_test": can(request.user, "roundup", "change"),
            "own_address": getattr(request.user, "email", ""),
        },
    )


@requires("roundup", "view")
@xframe_options_sameorigin
@csp_override(_EMAIL_FRAME_CSP)
def edition_preview_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML part alone, for the preview's frame."""
    edition = get_object_or_404(Edition, pk=pk)
    html_part, _ = roundup_email.preview_parts(roundup_email.render_edition(edition, counted=False))
    return HttpResponse(html_part, content_type="text/html; charset=utf-8")


@requires("roundup", "change")
@require_POST
def edition_send_test(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    try:
        address = editions.edition_send_test(edition=edition, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
    else:
        messages.success(request, f"A test of this edition went to {address}.")
    return redirect("roundup:edition_preview", pk=pk)


# --- Items ------------------------------------------------------------------------


def _item(pk: int) -> EditionItem:
    return get_object_or_404(EditionItem.objects.select_related("edition"), pk=pk)


def _back_to(item: EditionItem) -> str:
    return reverse("roundup:edition_detail", kwargs={"pk": item.edition_id}) + f"#item-{item.pk}"


@requires("roundup", "change")
@require_POST
def item_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    include = request.POST.get("include") == "1"
    try:
        editions.item_set_included(item=item, included=include, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _first_error(exc))
    else:
        # Said on the reloaded page and announced there (chorus.js), so a screen reader
        # user hears what the button did.
        messages.success(request, f"{'Included' if include else 'Left out'}: {item.headline}")
    return redirect(_back_to(item))


def _is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (django-htmx's middleware sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))


@requires("roundup", "change")
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        try:
            editions.item_move(item=item, direction=direction, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _first_error(exc))
            if _is_htmx(request):  # the page reloads to show why
                return HttpResponseClientRedirect(_back_to(item))
    if _is_htmx(request):
        # Only the story's section, re-rendered in place; focus stays on the moved story.
        edition = item.edition
        section = next(
            (label, items)
            for label, items in editions.sections(edition, included_only=False)
            if items and items[0].section == item.section
        )
        return render(
            request,
            "roundup/_edition_section.html",
            {
                "label": section[0],
                "items": section[1],
                "may_change": can(request.user, "roundup", "change") and edition.is_editable,
                "moved": item.pk,
                "direction": direction,
            },
        )
    return redirect(_back_to(item))


@requires("roundup", "change")
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(pk)
    form = ItemForm(request.POST or None, instance=EditionItem.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            editions.item_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _first_error(exc))
        else:
            messages.success(request, "Saved.")
            return redirect(_back_to(item))
    return render(request, "roundup/item_form.html", {"item": item, "form": form})
