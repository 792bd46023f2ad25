"""Pages of the podcast: series, episodes with hosts and guests, awards, listens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate
from chorus.lib.querystring import querystring_without
from chorus.social.podcast import selectors, services
from chorus.social.podcast.forms import AwardForm, EpisodeForm, GuestForm, HostForm, SeriesForm
from chorus.social.podcast.models import Episode, Series, Source

PER_PAGE = 25


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["can_change"] = can(request.user, "social", "change")
    context["sources"] = [(s.value, s.label) for s in Source]
    return render(request, template, context)


def _form(request: HttpRequest, form: Any, title: str, back: str) -> HttpResponse:
    return _render(
        request, "social/podcast/form.html", {"form": form, "title": title, "back": back}
    )


@requires("social", "view")
@require_http_methods(["GET"])
def series_list(request: HttpRequest) -> HttpResponse:
    return _render(
        request,
        "social/podcast/series_list.html",
        {"series_list": selectors.series_with_counts().prefetch_related("awards")},
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        series = services.series_create(actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added the series {series}.")
        return redirect("social:series_detail", pk=series.pk)
    return _form(request, form, "Add a podcast series", reverse("social:series_list"))


@requires("social", "view")
@require_http_methods(["GET"])
def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    page = paginate(request, selectors.episodes(series), PER_PAGE)
    ids = [episode.pk for episode in page.object_list]
    sources = selectors.listens_by_source(ids)
    rows = [
        (episode, [figures.by_episode.get(episode.pk) for figures in sources])
        for episode in page.object_list
    ]
    return _render(
        request,
        "social/podcast/series_detail.html",
        {
            "series": series,
            "page_obj": page,
            "rows": rows,
            "listen_sources": sources,
            "awards": series.awards.select_related("episode"),
            "querystring_without_page": querystring_without(request),
        },
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def series_episode_create(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    last = series.episodes.order_by("-number").first()
    form = EpisodeForm(
        request.POST or None, series=series, initial={"number": (last.number + 1) if last else 1}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "taken_down_on"}
        episode = services.episode_create(actor=request.user, series=series, **data)
        messages.success(request, f"Added episode {episode.number}.")
        return redirect("social:episode_detail", pk=episode.pk)
    return _form(
        request, form, f"Add an episode to {series}", reverse("social:series_detail", args=[pk])
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def series_award_create(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    form = AwardForm(request.POST or None, series=series)
    if request.method == "POST" and form.is_valid():
        try:
            award = services.award_create(actor=request.user, series=series, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Recorded: {award}.")
            return redirect("social:series_detail", pk=pk)
    return _form(
        request,
        form,
        f"Record an award or shortlisting of {series}",
        reverse("social:series_detail", args=[pk]),
    )


def _episode_page(request: HttpRequest, episode: Episode, **extra: Any) -> HttpResponse:
    user = request.user
    sees_storytellers = can(user, "storytellers", "view")
    context: dict[str, Any] = {
        "episode": episode,
        "hosts": episode.hosts.select_related("person", "staff"),
        "guests": selectors.guests(episode),
        "sees_storytellers": sees_storytellers,
        "listen_sources": selectors.listens_by_source([episode.pk]),
        "awards": episode.awards.all(),
        "may_add_guest": can(user, "social", "change") and sees_storytellers,
    }
    context.update(extra)
    return _render(request, "social/podcast/episode_detail.html", context)


@requires("social", "view")
@require_http_methods(["GET"])
def episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("series"), pk=pk)
    return _episode_page(request, episode)


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("series"), pk=pk)
    form = EpisodeForm(request.POST or None, instance=episode, series=episode.series)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.episode_update(actor=request.user, episode=Episode.objects.get(pk=pk), **fields)
        messages.success(request, "Saved the episode.")
        return redirect("social:episode_detail", pk=pk)
    return _form(request, form, f"Edit {episode}", reverse("social:episode_detail", args=[pk]))


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def episode_host_add(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("series"), pk=pk)
    form = HostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_host_add(actor=request.user, episode=episode, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Added the host.")
            return redirect("social:episode_detail", pk=pk)
    return _form(
        request, form, f"Add a host to {episode}", reverse("social:episode_detail", args=[pk])
    )


@requires("social", "change")
@require_http_methods(["GET", "POST"])
def episode_guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("series"), pk=pk)
    form = GuestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_guest_add(actor=request.user, episode=episode, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Added {form.cleaned_data['storyteller'].reference}.")
            return redirect("social:episode_detail", pk=pk)
    return _render(request, "social/podcast/guest_add.html", {"episode": episode, "form": form})


@requires("social", "view")
@require_http_methods(["GET"])
def listen_list(request: HttpRequest) -> HttpResponse:
    sources = selectors.listens_by_source()
    episodes = list(selectors.episodes().order_by("series__title", "number"))
    rows = [
        (episode, [figures.by_episode.get(episode.pk) for figures in sources])
        for episode in episodes
        if any(episode.pk in figures.by_episode for figures in sources)
    ]
    page = paginate(request, rows, 50)
    return _render(
        request,
        "social/podcast/listen_list.html",
        {
            "listen_sources": sources,
            "page_obj": page,
            "querystring_without_page": querystring_without(request),
        },
    )
