"""Media monitoring's screens: the news sources, the articles they brought, and the
rules the classifier runs on."""

from __future__ import annotations

import json
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import get_script_prefix
from django.views.decorators.http import require_http_methods, require_POST

from chorus.accounts.access import can, requires
from chorus.lib.pagination import paginate_uncounted
from chorus.lib.querystring import querystring_without
from chorus.lib.redirects import moved_permanently
from chorus.monitoring.actions import actions_for
from chorus.monitoring.forms import (
    ArticleSearchForm,
    ClassifierSettingsForm,
    SourceForm,
    TryClassifierForm,
)
from chorus.monitoring.models import Article, Source
from chorus.monitoring.selectors import count_matches, matching_articles
from chorus.monitoring.services import classification
from chorus.monitoring.services import sources as source_services

ARTICLES_PER_PAGE = 25


# Every signed-in member of staff may follow an old address; the page it leads to
# applies its own rule.
@requires("dashboard", "view")
@require_http_methods(["GET", "HEAD", "POST"])
def moved_from_roundup(request: HttpRequest, section: str, rest: str = "") -> HttpResponse:
    """/roundup/<articles|sources|classifier>/… moved to /monitoring/… (301, or 308 for a form)."""
    # The articles list is monitoring's home page; an article keeps its address below it.
    path = f"{section}/{rest}" if section != "articles" or rest else ""
    return moved_permanently(request, f"{get_script_prefix()}monitoring/{quote(path)}")


moved_from_roundup.chorus_redirects = True  # type: ignore[attr-defined]


# --- Sources ----------------------------------------------------------------------


@requires("monitoring", "view")
def source_list(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.select_related("publisher").annotate(article_count=Count("articles"))
    failing = sum(1 for s in sources if s.health == "failing")
    return render(
        request,
        "monitoring/source_list.html",
        {
            "sources": sources,
            "failing": failing,
            "may_change": can(request.user, "monitoring", "change"),
        },
    )


@requires("monitoring", "change")
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = source_services.source_create(actor=request.user, source=form.save(commit=False))
        messages.success(request, f"Added {source.name}. It will be read at the next poll.")
        return redirect("monitoring:source_list")
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": "Add a news source", "cancel": "monitoring:source_list"},
    )


@requires("monitoring", "change")
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm(request.POST or None, instance=Source.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        source_services.source_update(actor=request.user, source=source, fields=form.cleaned_data)
        messages.success(request, f"Saved {source.name}.")
        return redirect("monitoring:source_list")
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": f"Edit {source.name}", "cancel": "monitoring:source_list"},
    )


@requires("monitoring", "change")
@require_POST
def source_check(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    source_services.source_check_soon(source=source)
    messages.info(request, f"{source.name} will be checked in a moment; reload to see its health.")
    return redirect("monitoring:source_list")


# --- Articles ---------------------------------------------------------------------


@requires("monitoring", "view")
def article_list(request: HttpRequest) -> HttpResponse:
    form = ArticleSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    # Not counted on every view (a million articles): see chorus.lib.pagination.
    if query:
        page = paginate_uncounted(
            request,
            lambda offset, limit: matching_articles(query, offset=offset, limit=limit),
            ARTICLES_PER_PAGE,
            count=lambda: count_matches(query),
        )
    else:
        latest = Article.objects.select_related("source", "publisher", "cluster").order_by("-pk")
        page = paginate_uncounted(
            request,
            lambda offset, limit: latest[offset : offset + limit],
            ARTICLES_PER_PAGE,
            count=Article.objects.count,
        )
    return render(
        request,
        "monitoring/article_list.html",
        {
            "form": form,
            "query": query,
            "articles": page.object_list,
            "page_number": page.number,
            "has_next": page.has_next,
            "querystring_without_page": querystring_without(request),
            "actions": actions_for(request.user),
        },
    )


@requires("monitoring", "view")
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("source", "publisher", "cluster", "copy_of"), pk=pk
    )
    related = (
        article.cluster.articles.exclude(pk=article.pk).select_related("publisher", "source")[:50]
        if article.cluster_id and article.cluster is not None
        else []
    )
    return render(
        request,
        "monitoring/article_detail.html",
        {"article": article, "related": related, "actions": actions_for(request.user)},
    )


# --- Classifier settings --------------------------------------------------------------


@requires("monitoring", "view")
@require_http_methods(["GET", "POST"])
def classifier_settings(request: HttpRequest) -> HttpResponse:
    """Edit what relevance, topics and framing run on, and try it on a headline."""
    row = classification.settings_row()
    may_change = can(request.user, "monitoring", "change")
    initial = {
        "rules": json.dumps(classification.rules_of(row).to_dict(), indent=2, ensure_ascii=False),
        "lexicon": json.dumps(
            classification.lexicon_of(row).to_dict(), indent=2, ensure_ascii=False
        ),
        "taxonomy": json.dumps(
            classification.taxonomy_of(row).to_dict(), indent=2, ensure_ascii=False
        ),
    }
    form = ClassifierSettingsForm(initial=initial)
    trial = TryClassifierForm()
    verdict = None
    if request.method == "POST" and request.POST.get("action") == "try":
        trial = TryClassifierForm(request.POST)
        if trial.is_valid():
            verdict = classification.current().classify(
                trial.cleaned_data["title"], trial.cleaned_data["text"]
            )
    elif request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = ClassifierSettingsForm(request.POST)
        if form.is_valid():
            classification.classifier_settings_save(actor=request.user, **form.cleaned_data)
            messages.success(request, "Saved. New articles are classified with these settings.")
            return redirect("monitoring:classifier_settings")
    return render(
        request,
        "monitoring/classifier_settings.html",
        {
            "form": form,
            "trial": trial,
            "verdict": verdict,
            "may_change": may_change,
            "row": row,
        },
    )
