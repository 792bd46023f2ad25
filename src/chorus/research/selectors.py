"""Reads of research: studies, findings, quotes and toolkits."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from chorus.research.models import (
    Finding,
    MessageLine,
    Quote,
    Result,
    Study,
    Toolkit,
    ToolkitVersion,
)


def studies_filter(*, q: str = "", method: str = "") -> QuerySet[Study]:
    found = Study.objects.select_related("partner").annotate(
        result_count=Count("results", distinct=True)
    )
    if q:
        found = found.filter(
            Q(title__icontains=q)
            | Q(question__icontains=q)
            | Q(places__icontains=q)
            | Q(partner__name__icontains=q)
        )
    if method:
        found = found.filter(method=method)
    return found.order_by("-started_on", "title")


def study_with_results(pk: int) -> Study:
    return (
        Study.objects.select_related("partner")
        .prefetch_related(
            "variants",
            Prefetch("results", queryset=Result.objects.select_related("variant")),
        )
        .get(pk=pk)
    )


def studies_running_in(start: datetime.date, end: datetime.date) -> QuerySet[Study]:
    """Studies that began on or before `end` and had not ended before `start`."""
    return Study.objects.filter(started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )


def earliest_study_date() -> datetime.date | None:
    return Study.objects.order_by("started_on").values_list("started_on", flat=True).first()


def quotes_of(study: Study) -> QuerySet[Quote]:
    return Quote.objects.filter(study=study).select_related("finding", "study")


def findings_filter(*, q: str = "", due_by: datetime.date | None = None) -> QuerySet[Finding]:
    found = Finding.objects.annotate(evidence_count=Count("evidence", distinct=True))
    if q:
        found = found.filter(Q(title__icontains=q) | Q(statement__icontains=q))
    if due_by is not None:
        found = found.filter(review_by__lte=due_by)
    return found.order_by("review_by", "title")


def finding_with_evidence(pk: int) -> Finding:
    return Finding.objects.prefetch_related(
        Prefetch("evidence", queryset=Result.objects.select_related("study", "variant")),
        Prefetch("message_lines", queryset=MessageLine.objects.select_related("toolkit")),
    ).get(pk=pk)


def toolkits_filter(*, q: str = "") -> QuerySet[Toolkit]:
    found = Toolkit.objects.annotate(version_count=Count("versions", distinct=True))
    if q:
        found = found.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return found.order_by("title")


def toolkit_detail(pk: int) -> Toolkit:
    return Toolkit.objects.prefetch_related(
        "studies",
        "versions",
        Prefetch(
            "lines",
            queryset=MessageLine.objects.select_related("finding").prefetch_related(
                "placements__outlet", "posts__account"
            ),
        ),
    ).get(pk=pk)


def published_versions() -> QuerySet[ToolkitVersion]:
    return ToolkitVersion.objects.filter(status=ToolkitVersion.Status.PUBLISHED)


def latest_published(toolkit: Toolkit) -> ToolkitVersion | None:
    return published_versions().filter(toolkit=toolkit).order_by("-number").first()


def published_toolkits() -> QuerySet[Toolkit]:
    return Toolkit.objects.filter(versions__status=ToolkitVersion.Status.PUBLISHED).distinct()


def earliest_publication() -> datetime.date | None:
    return (
        published_versions().order_by("published_on").values_list("published_on", flat=True).first()
    )
