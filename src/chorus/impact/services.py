"""Writes of the annual report: the draft's words and highlights, and publishing.

Every write and its audit row go through here. Publishing builds the document with
the small-numbers rule applied and the records behind each figure hashed, renders the
PDF from it, and stores both; a published version is never changed afterwards.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chorus.impact import annual, annual_render
from chorus.impact.models import AnnualReport, CaseStudy, Highlight, PublishedReport
from chorus.impact.periods import Period
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create, audited_update
from chorus.voices.consent.services import story_use_record
from chorus.voices.models import MediaType, StorytellerProfile, StoryUse


def annual_report_create(*, actor: Any, period: Period, title: str = "") -> AnnualReport:
    """The draft for `period`: the existing one, or a new one."""
    existing = AnnualReport.objects.filter(starts_on=period.start, ends_on=period.end).first()
    if existing is not None:
        return existing
    return audited_create(
        actor=actor,
        instance=AnnualReport(
            starts_on=period.start,
            ends_on=period.end,
            title=title or f"Impact report {period.short_label}",
        ),
    )


def annual_report_update(
    *,
    actor: Any,
    report: AnnualReport,
    title: str,
    welcome: str,
    objectives: str,
    introductions: dict[str, str],
) -> dict[str, Any]:
    known = {spec.key for spec in annual.SECTIONS if not spec.text_field}
    unknown = set(introductions) - known
    if unknown:
        raise ValidationError(f"No section is called {', '.join(sorted(unknown))}.")
    return audited_update(
        actor=actor,
        instance=report,
        fields={
            "title": title.strip() or report.title,
            "welcome": welcome.strip(),
            "objectives": objectives.strip(),
            "introductions": {
                key: text.strip() for key, text in introductions.items() if text.strip()
            },
        },
    )


@transaction.atomic
def annual_highlights_set(
    *, actor: Any, report: AnnualReport, content_key: str, record_ids: list[int]
) -> None:
    """Choose the records of one report-content section that the report shows."""
    chosen = set(record_ids)
    current = {h.record_id: h for h in report.highlights.filter(content_key=content_key)}
    removed = [h for pk, h in current.items() if pk not in chosen]
    for highlight in removed:
        audit_record(actor=actor, action=AuditAction.DELETE, instance=highlight)
        highlight.delete()
    for record_id in sorted(chosen - set(current)):
        audited_create(
            actor=actor,
            instance=Highlight(report=report, content_key=content_key, record_id=record_id),
        )


@transaction.atomic
def annual_report_publish(*, actor: Any, report: AnnualReport, note: str = "") -> PublishedReport:
    """Freeze the report as it stands: its figures, definitions, record hashes and PDF.

    The first version needs no note; a correction (every later version) says what changed.
    """
    # Lock the draft so two people publishing at once get versions 2 and 3, not two 2s.
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.aggregate(latest=Max("version"))["latest"] or 0
    note = note.strip()
    if latest and not note:
        raise ValidationError("Say what changed since version %(v)s.", params={"v": latest})
    now = timezone.now()
    document = annual.build_document(
        Period(report.starts_on, report.ends_on), report, published=True
    )
    document["published"] = {
        "version": latest + 1,
        "at": now.isoformat(),
        "by": actor.get_full_name() or actor.get_username() if actor else "",
        "note": note,
    }
    return audited_create(
        actor=actor,
        instance=PublishedReport(
            report=report,
            version=latest + 1,
            note=note,
            published_by=actor,
            published_at=now,
            snapshot=document,
            pdf=annual_render.as_pdf(document),
        ),
    )


@transaction.atomic
def case_study_add(
    *,
    actor: Any,
    report: AnnualReport,
    section: str,
    storyteller: StorytellerProfile,
    title: str,
    text: str,
    name_shown: str,
    identity_level: str,
    face_shown: bool,
) -> CaseStudy:
    """Tell a storyteller's story in a report, if their consent and safeguarding allow it.

    The report is printed and put online: the use is judged as print, at the identity
    level given and with or without their photo. Raises ValidationError with the judge's
    reason; nothing is saved then.
    """
    if section not in {spec.key for spec in annual.SECTIONS if not spec.text_field}:
        raise ValidationError("Choose a section of the report for the case study.")
    case = audited_create(
        actor=actor,
        instance=CaseStudy(
            report=report,
            section=section,
            storyteller=storyteller,
            title=title.strip(),
            text=text.strip(),
            name_shown=name_shown.strip(),
            identity_level=identity_level,
            face_shown=face_shown,
        ),
    )
    use = story_use_record(
        actor=actor,
        storyteller=storyteller,
        kind=StoryUse.Kind.CASE_STUDY,
        object_id=case.pk,
        description=f"Case study “{case.title}” in {report.title}",
        media_type=MediaType.PRINT,
        identity_level=identity_level,
        face_shown=face_shown,
    )
    audited_update(actor=actor, instance=case, fields={"story_use": use})
    return case


def case_study_remove(*, actor: Any, case: CaseStudy) -> None:
    """Take a case study out of the draft (after a withdrawal, say); the use stays recorded."""
    audit_record(actor=actor, action=AuditAction.DELETE, instance=case)
    case.delete()
