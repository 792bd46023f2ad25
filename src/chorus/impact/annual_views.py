"""The annual report's pages: published versions for everyone; drafts for those who publish.

A draft shows the true numbers with links to the records behind each; a published
version renders its stored snapshot (small numbers hidden) and serves its stored PDF.
Views write nothing themselves: every change goes through chorus.impact.services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chorus.accounts.access import can, requires
from chorus.impact import annual, annual_render, content, selectors, services
from chorus.impact.forms import AnnualReportForm, CaseStudyForm, PeriodForm, PublishForm
from chorus.impact.models import AnnualReport, CaseStudy
from chorus.impact.periods import Period
from chorus.voices.models import IdentityLevel
from chorus.voices.selectors import storyteller_by_reference

DOWNLOADS = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}


def _download(
    document: dict[str, Any], kind: str, name: str, pdf: bytes | None = None
) -> HttpResponse:
    if kind == "pdf":
        body: bytes | str = pdf if pdf is not None else annual_render.as_pdf(document)
    elif kind == "csv":
        body = annual_render.as_csv(document)
    elif kind == "json":
        body = annual_render.as_json(document)
    else:
        body = annual_render.as_html(document)
    response = HttpResponse(body, content_type=DOWNLOADS[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@requires("report", "view")
def annual_list(request: HttpRequest) -> HttpResponse:
    may_draft = can(request.user, "report", "change")
    return render(
        request,
        "impact/annual_list.html",
        {
            "versions": selectors.published_versions(),
            "drafts": selectors.drafts() if may_draft else [],
            "may_draft": may_draft,
            "form": PeriodForm(initial={"date_from": None, "date_to": None}),
        },
    )


@requires("report", "change")
@require_POST
def annual_create(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(message) for message in error))
        return redirect("impact:annual_list")
    report = services.annual_report_create(actor=request.user, period=form.period)
    return redirect("impact:annual_detail", pk=report.pk)


def _with_content(reports: QuerySet[AnnualReport]) -> QuerySet[AnnualReport]:
    return reports.prefetch_related("highlights", "case_studies__story_use__consent")


def _period(report: AnnualReport) -> Period:
    return Period(report.starts_on, report.ends_on)


@requires("report", "change")
def annual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft with the true numbers, each linked to its records."""
    report = get_object_or_404(_with_content(AnnualReport.objects.all()), pk=pk)
    document = annual.build_document(_period(report), report)
    kind = request.GET.get("download", "")
    if kind in DOWNLOADS:
        return _download(document, kind, f"annual-report-{report.starts_on}-draft")
    return render(
        request,
        "impact/annual_detail.html",
        {
            **annual_render.context(document),
            "report": report,
            "versions": report.versions.defer("pdf", "snapshot").order_by("-version"),
            "may_publish": can(request.user, "report", "publish"),
        },
    )


@requires("report", "change")
def annual_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    sections = [(s.key, s.title) for s in annual.SECTIONS if not s.text_field]
    if request.method == "POST":
        form = AnnualReportForm(request.POST, sections=sections)
        if form.is_valid():
            services.annual_report_update(
                actor=request.user,
                report=report,
                title=form.cleaned_data["title"],
                welcome=form.cleaned_data["welcome"],
                objectives=form.cleaned_data["objectives"],
                introductions=form.introductions,
            )
            messages.success(request, "The report's words are saved.")
            return redirect("impact:annual_detail", pk=report.pk)
    else:
        initial = {
            "title": report.title,
            "welcome": report.welcome,
            "objectives": report.objectives,
        }
        initial |= {f"intro_{key}": text for key, text in report.introductions.items()}
        form = AnnualReportForm(initial=initial, sections=sections)
    return render(request, "impact/annual_edit.html", {"report": report, "form": form})


def _choosable() -> list[content.Section]:
    keys = [key for spec in annual.SECTIONS for key in spec.content]
    found = [content.get_section(key) for key in keys]
    return [section for section in found if section is not None and section.chosen]


@requires("report", "change")
def annual_highlights(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the highlighted records (placements…) among those each app offers."""
    report = get_object_or_404(AnnualReport, pk=pk)
    sections = _choosable()
    if request.method == "POST":
        for section in sections:
            offered = {item.record_id for item in section.choices(_period(report))}
            picked = {int(v) for v in request.POST.getlist(section.key) if v.isdigit()}
            services.annual_highlights_set(
                actor=request.user,
                report=report,
                content_key=section.key,
                record_ids=sorted(picked & offered),
            )
        messages.success(request, "The highlights are saved.")
        return redirect("impact:annual_detail", pk=report.pk)
    chosen = set(report.highlights.values_list("content_key", "record_id"))
    groups = [
        {
            "section": section,
            "items": [
                (item, (section.key, item.record_id) in chosen)
                for item in section.choices(_period(report))
            ],
        }
        for section in sections
    ]
    return render(request, "impact/annual_highlights.html", {"report": report, "groups": groups})


@requires("report", "publish")
def annual_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    latest = report.versions.defer("pdf", "snapshot").order_by("-version").first()
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.annual_report_publish(
                actor=request.user, report=report, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error("note", error)
        else:
            messages.success(request, f"Version {published.version} is published.")
            return redirect("impact:published_detail", pk=published.pk)
    return render(
        request, "impact/annual_publish.html", {"report": report, "form": form, "latest": latest}
    )


@requires("report", "view")
def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published version exactly as published: its snapshot, and its stored PDF."""
    published = selectors.published(pk)
    kind = request.GET.get("download", "")
    name = f"annual-report-{published.report.starts_on}-v{published.version}"
    if kind in DOWNLOADS:
        return _download(published.snapshot, kind, name, pdf=bytes(published.pdf))
    others = published.report.versions.defer("pdf", "snapshot").order_by("-version")
    return render(
        request,
        "impact/published_detail.html",
        {**annual_render.context(published.snapshot), "published": published, "others": others},
    )


@requires("report", "change")
def annual_case_study_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Tell a storyteller's story in the report: both judges decide whether it may be."""
    report = get_object_or_404(AnnualReport, pk=pk)
    form = CaseStudyForm(
        request.POST or None,
        sections=[(s.key, s.title) for s in annual.SECTIONS if not s.text_field],
        identity_levels=list(IdentityLevel.choices),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        storyteller = storyteller_by_reference(request.user, data["storyteller"].strip())
        if storyteller is None:
            form.add_error("storyteller", "No storyteller has this reference.")
        else:
            try:
                services.case_study_add(
                    actor=request.user,
                    report=report,
                    section=data["section"],
                    storyteller=storyteller,
                    title=data["title"],
                    text=data["text"],
                    name_shown=data["name_shown"],
                    identity_level=data["identity_level"],
                    face_shown=data["face_shown"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The case study is in the draft.")
                return redirect("impact:annual_detail", pk=report.pk)
    cases = report.case_studies.select_related("storyteller")
    return render(
        request, "impact/annual_case_study.html", {"report": report, "form": form, "cases": cases}
    )


@requires("report", "change")
@require_POST
def case_study_remove(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(CaseStudy, pk=pk)
    services.case_study_remove(actor=request.user, case=case)
    messages.success(request, "The case study is out of the draft.")
    return redirect("impact:annual_detail", pk=case.report_id)
