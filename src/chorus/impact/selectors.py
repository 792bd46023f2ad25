"""Reads of the annual report's drafts and published versions."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet
from django.shortcuts import get_object_or_404

from chorus.impact.models import AnnualReport, PublishedReport


def drafts() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.annotate(
        published_versions=Count("versions"), last_published=Max("versions__published_at")
    ).order_by("-starts_on")


def published_versions() -> QuerySet[PublishedReport]:
    """Every published version, newest period first, without the PDF's bytes."""
    return (
        PublishedReport.objects.select_related("report", "published_by")
        .defer("pdf", "snapshot")
        .order_by("-report__starts_on", "-version")
    )


def published(pk: int) -> PublishedReport:
    return get_object_or_404(
        PublishedReport.objects.select_related("report", "published_by"), pk=pk
    )


def published_by_version(report: AnnualReport, version: int) -> PublishedReport | None:
    return report.versions.filter(version=version).first()
