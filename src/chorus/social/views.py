"""Pages of `social`: accounts, posts, featuring storytellers, takedowns, what performs."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.lib.used_for import used_for
from chorus.social import exports, selectors, services
from chorus.social.forms import AccountForm, FeatureForm, PostFilterForm, PostForm, TakedownForm
from chorus.social.models import DEFINITIONS, Metric, Post
from chorus.social.readiness import readiness
from chorus.voices.access import storytellers_for

PER_PAGE = 50


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["can_change"] = can(request.user, "social", "change")
    return render(request, template, context)


@requires("social", "view")
@require_http_methods(["GET"])
def account_list(request: HttpRequest) -> HttpResponse:
    return _render(
        request, "social/account_list.html", {"accounts": selectors.accounts_with_counts()}
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = services.account_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added {account}.")
        return redirect("social:account_list")
    return _render(
        request,
        "social/form.html",
        {"form": form, "title": "Add an account", "cancel": "social:account_list"},
    )


@requires("social", "view")
@require_http_methods(["GET"])
def post_list(request: HttpRequest) -> HttpResponse:
    form = PostFilterForm(request.GET or None)
    filters = form.filters()
    page = paginate(request, selectors.posts_filter(**filters), PER_PAGE)
    return _render(
        request,
        "social/post_list.html",
        {
            "form": form,
            "page_obj": page,
            "filtered": bool(filters),
            "querystring_without_page": querystring_without(request),
        },
    )


@requires("social", "view")
@require_http_methods(["GET"])
def post_export(request: HttpRequest) -> StreamingHttpResponse:
    """The posts the list shows with these filters, as CSV (streamed, audited)."""
    form = PostFilterForm(request.GET or None)
    filters = form.filters()
    found = selectors.posts_filter(**filters)
    described = "; ".join(f"{name}: {value}" for name, value in filters.items())
    services.post_export_record(actor=request.user, filters=described, row_count=found.count())
    response = StreamingHttpResponse(
        exports.posts_csv_lines(found.iterator(chunk_size=1000)),
        content_type="text/csv; charset=utf-8",
    )
    day = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="posts-{day:%Y-%m-%d}.csv"'
    return response


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a post recorded by mistake, after a confirmation page."""
    post = get_object_or_404(selectors.posts(), pk=pk)
    featured = selectors.featured_uses(post)
    error = ""
    if request.method == "POST":
        try:
            services.post_delete(actor=request.user, post=post)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Deleted the post ‘{post}’.")
            return redirect("social:post_list")
    return _render(
        request,
        "social/post_delete.html",
        {
            "post": post,
            "featured_count": len(featured),
            "snapshot_count": post.metrics.count(),
            "error": error,
        },
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["hashtags"] = data["hashtags"] or None
        post = services.post_create(actor=request.user, **data)
        messages.success(request, "Added the post.")
        return redirect("social:post_detail", pk=post.pk)
    return _render(
        request,
        "social/form.html",
        {"form": form, "title": "Add a post", "cancel": "social:post_list"},
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.post_update(actor=request.user, post=Post.objects.get(pk=pk), **fields)
        messages.success(request, "Saved the post.")
        return redirect("social:post_detail", pk=pk)
    return _render(
        request,
        "social/form.html",
        {"form": form, "title": "Edit the post", "cancel": "social:post_list"},
    )


def _post_page(request: HttpRequest, post: Post, **extra: Any) -> HttpResponse:
    user = request.user
    uses = selectors.featured_uses(post)
    sees_storytellers = can(user, "storytellers", "view")
    people = [use.storyteller for use in uses]
    names = (
        services.media_names_reveal(actor=user, storytellers=people, where=f"post #{post.pk}")
        if sees_storytellers
        else {}
    )
    ready = (
        {r.storyteller.pk: r for r in readiness(people, on=timezone.localdate())}
        if sees_storytellers
        else {}
    )
    featured = [
        {
            "use": use,
            "name": names.get(use.storyteller_id, ""),
            "ready": ready.get(use.storyteller_id),
        }
        for use in uses
    ]
    figures = selectors.latest_figures([post.pk]).get(post.pk)
    exports = selectors.snapshots_by_export(post)
    metrics_shown = [m for m in Metric if any(m.value in values for _, _, values in exports)]
    context: dict[str, Any] = {
        "post": post,
        "used_for": used_for(post, user),
        "featured": featured,
        "sees_storytellers": sees_storytellers,
        "figures": figures,
        "exports": exports,
        "metrics_shown": [(m.value, m.label, DEFINITIONS[m]) for m in metrics_shown],
        "same_age": [(days, selectors.at_age(post, days)) for days in (7, 28)],
        "formula": selectors.ENGAGEMENT_FORMULA,
        "takedowns": post.takedowns.select_related("removed_by"),
        "may_feature": can(user, "social", "change") and sees_storytellers,
    }
    context.update(extra)
    if context["may_feature"] and "feature_form" not in context:
        context["feature_form"] = FeatureForm(user=user)
    if can(user, "social", "change") and "takedown_form" not in context:
        context["takedown_form"] = TakedownForm()
    return _render(request, "social/post_detail.html", context)


@requires("social", "view")
@require_http_methods(["GET"])
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(selectors.posts(), pk=pk)
    return _post_page(request, post)


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def post_feature(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(selectors.posts(), pk=pk)
    form = FeatureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_feature_storyteller(actor=request.user, post=post, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Featured {form.cleaned_data['storyteller'].reference}.")
            return redirect("social:post_detail", pk=pk)
    candidates = list(storytellers_for(request.user).order_by("reference")[:200])
    return _render(
        request,
        "social/post_feature.html",
        {
            "post": post,
            "form": form,
            "candidates": readiness(candidates, on=timezone.localdate(post.published_at)),
        },
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def post_take_down(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(selectors.posts(), pk=pk)
    form = TakedownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_take_down(actor=request.user, post=post, reason=form.cleaned_data["reason"])
        messages.success(request, "Logged the takedown.")
        return redirect("social:post_detail", pk=pk)
    return _render(request, "social/post_take_down.html", {"post": post, "form": form})


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    default_start = today.replace(year=today.year - 1)
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = default_start
    try:
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)


@requires("social", "view")
@require_http_methods(["GET"])
def performance(request: HttpRequest) -> HttpResponse:
    start, end = _period(request)
    return _render(
        request,
        "social/performance.html",
        {
            "start": start,
            "end": end,
            "result": selectors.performance(start, end),
            "formula": selectors.ENGAGEMENT_FORMULA,
            "definitions": [(m.label, DEFINITIONS[m]) for m in Metric],
        },
    )
