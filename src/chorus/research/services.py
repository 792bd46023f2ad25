"""Writes of research. Each is one transaction that also writes its audit row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from chorus.media.models import Placement
from chorus.people.models import Person
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create, audited_update, created_fields
from chorus.research.documents import document_type
from chorus.research.models import (
    Finding,
    MessageLine,
    Quote,
    Result,
    Study,
    Toolkit,
    ToolkitVersion,
    Variant,
)
from chorus.social.models import Post


def _gone(instance: Any) -> dict[str, Any]:
    """What a deleted record held, as a change to nothing (sensitive values redacted)."""
    return {
        name: change if not isinstance(change, dict) else {"from": change["to"], "to": None}
        for name, change in created_fields(instance).items()
    }


@transaction.atomic
def _delete(*, actor: Any, instance: Any) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, instance=instance, changes=_gone(instance))
    instance.delete()


# --- Studies, variants, results -------------------------------------------------------


def study_create(*, actor: Any, **fields: Any) -> Study:
    return audited_create(actor=actor, instance=Study(**fields))


def study_update(*, actor: Any, study: Study, **fields: Any) -> Study:
    audited_update(actor=actor, instance=study, fields=fields)
    return study


def study_delete(*, actor: Any, study: Study) -> None:
    _delete(actor=actor, instance=study)


def variant_create(*, actor: Any, study: Study, **fields: Any) -> Variant:
    if Variant.objects.filter(study=study, label=fields.get("label", "")).exists():
        raise ValidationError({"label": "This study already has a variant with that label."})
    return audited_create(actor=actor, instance=Variant(study=study, **fields))


def variant_delete(*, actor: Any, variant: Variant) -> None:
    _delete(actor=actor, instance=variant)


def result_create(*, actor: Any, study: Study, **fields: Any) -> Result:
    return audited_create(actor=actor, instance=Result(study=study, **fields))


def result_delete(*, actor: Any, result: Result) -> None:
    _delete(actor=actor, instance=result)


# --- Findings and quotes --------------------------------------------------------------


@transaction.atomic
def finding_create(*, actor: Any, evidence: Iterable[Result] = (), **fields: Any) -> Finding:
    finding = audited_create(actor=actor, instance=Finding(**fields))
    _set_evidence(actor=actor, finding=finding, evidence=evidence)
    return finding


@transaction.atomic
def finding_update(
    *, actor: Any, finding: Finding, evidence: Iterable[Result] | None = None, **fields: Any
) -> Finding:
    audited_update(actor=actor, instance=finding, fields=fields)
    if evidence is not None:
        _set_evidence(actor=actor, finding=finding, evidence=evidence)
    return finding


def _set_evidence(*, actor: Any, finding: Finding, evidence: Iterable[Result]) -> None:
    before = set(finding.evidence.values_list("pk", flat=True))
    after = {r.pk for r in evidence}
    if before == after:
        return
    finding.evidence.set(sorted(after))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=finding,
        changes={"evidence": {"from": sorted(before), "to": sorted(after)}},
    )


def finding_delete(*, actor: Any, finding: Finding) -> None:
    _delete(actor=actor, instance=finding)


def quote_create(
    *,
    actor: Any,
    study: Study,
    text: str,
    context: str,
    consent_given: bool,
    consent_recorded_on: datetime.date | None = None,
    finding: Finding | None = None,
    participant: Person | None = None,
) -> Quote:
    """Keep a participant's words: only when they agreed, and never naming who said them.

    `participant` links the quote to the person's record only so that their withdrawal,
    subject access and erasure find it; it is never shown with the words.
    """
    if not consent_given:
        raise ValidationError(
            {"consent_given": "A quote is kept only when the participant agreed to it."}
        )
    return audited_create(
        actor=actor,
        instance=Quote(
            study=study,
            finding=finding,
            text=text.strip(),
            context=context.strip(),
            consent_recorded_on=consent_recorded_on or timezone.localdate(),
            consent_recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            participant=participant,
        ),
    )


def quote_delete(*, actor: Any, quote: Quote) -> None:
    _delete(actor=actor, instance=quote)


@transaction.atomic
def quote_consent_withdraw(*, actor: Any, quote: Quote) -> None:
    """The participant withdrew their consent: the quote goes for good, today."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=quote,
        changes=_gone(quote),
        note="consent withdrawn",
    )
    quote.delete()


def quotes_withdraw_for(*, actor: Any, person: Person) -> int:
    """Every quote of one participant goes (their withdrawal). Returns how many."""
    quotes = list(Quote.objects.filter(participant=person).order_by("pk"))
    for quote in quotes:
        quote_consent_withdraw(actor=actor, quote=quote)
    return len(quotes)


# --- Toolkits -------------------------------------------------------------------------


def toolkit_create(*, actor: Any, studies: Iterable[Study] = (), **fields: Any) -> Toolkit:
    with transaction.atomic():
        toolkit = audited_create(actor=actor, instance=Toolkit(**fields))
        toolkit.studies.set(list(studies))
        return toolkit


def toolkit_update(*, actor: Any, toolkit: Toolkit, **fields: Any) -> Toolkit:
    audited_update(actor=actor, instance=toolkit, fields=fields)
    return toolkit


@transaction.atomic
def toolkit_version_upload(
    *, actor: Any, toolkit: Toolkit, name: str, content: IO[bytes], notes: str = ""
) -> ToolkitVersion:
    """Add a draft version from an uploaded PDF or DOCX, its type checked by its content."""
    kind = document_type(name=name, content=content)
    latest = (
        Toolkit.objects.select_for_update()
        .filter(pk=toolkit.pk)
        .aggregate(n=Max("versions__number"))["n"]
    )
    number = (latest or 0) + 1
    version = ToolkitVersion(
        toolkit=toolkit,
        number=number,
        document_type=kind,
        original_name=name[:200],
        notes=notes.strip()[:300],
    )
    # A full disk raises chorus.lib.storage.FileNotSaved and keeps nothing; a record that
    # cannot be saved takes its file with it.
    version.document.save(f"{toolkit.slug}-v{number}.{kind.value}", File(content), save=False)
    try:
        return audited_create(actor=actor, instance=version)
    except BaseException:
        version.document.delete(save=False)
        raise


def toolkit_version_publish(
    *, actor: Any, version: ToolkitVersion, published_on: datetime.date | None = None
) -> ToolkitVersion:
    if version.status == ToolkitVersion.Status.PUBLISHED:
        raise ValidationError("This version is already published.")
    audited_update(
        actor=actor,
        instance=version,
        fields={
            "status": ToolkitVersion.Status.PUBLISHED,
            "published_on": published_on or timezone.localdate(),
        },
    )
    return version


def toolkit_version_delete(*, actor: Any, version: ToolkitVersion) -> None:
    """Delete a draft (a published version stays: people have downloaded it)."""
    if version.status == ToolkitVersion.Status.PUBLISHED:
        raise ValidationError("A published version cannot be deleted.")
    document = version.document
    _delete(actor=actor, instance=version)
    transaction.on_commit(lambda: document.delete(save=False))


def toolkit_version_download_count(*, version: ToolkitVersion) -> None:
    """Count one download. Who downloaded is not stored anywhere: a counter, no audit row."""
    ToolkitVersion.objects.filter(pk=version.pk).update(downloads=F("downloads") + 1)


@transaction.atomic
def message_line_create(
    *,
    actor: Any,
    toolkit: Toolkit,
    text: str,
    finding: Finding | None = None,
    placements: Iterable[Placement] = (),
    posts: Iterable[Post] = (),
) -> MessageLine:
    position = (toolkit.lines.aggregate(n=Max("position"))["n"] or 0) + 1
    line = audited_create(
        actor=actor,
        instance=MessageLine(
            toolkit=toolkit, text=text.strip(), finding=finding, position=position
        ),
    )
    _set_coverage(actor=actor, line=line, name="placements", records=placements)
    _set_coverage(actor=actor, line=line, name="posts", records=posts)
    return line


@transaction.atomic
def message_line_update(
    *,
    actor: Any,
    line: MessageLine,
    placements: Iterable[Placement] | None = None,
    posts: Iterable[Post] | None = None,
    **fields: Any,
) -> MessageLine:
    audited_update(actor=actor, instance=line, fields=fields)
    if placements is not None:
        _set_coverage(actor=actor, line=line, name="placements", records=placements)
    if posts is not None:
        _set_coverage(actor=actor, line=line, name="posts", records=posts)
    return line


def _set_coverage(*, actor: Any, line: MessageLine, name: str, records: Iterable[Any]) -> None:
    """Set a line's placements or posts, with an audit row naming both lists of ids."""
    related = getattr(line, name)
    before = sorted(related.values_list("pk", flat=True))
    after = sorted({record.pk for record in records})
    if before != after:
        related.set(after)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=line,
            changes={name: {"from": before, "to": after}},
        )


@transaction.atomic
def message_line_link(
    *, actor: Any, line: MessageLine, placement: Placement | None = None, post: Post | None = None
) -> MessageLine:
    """Record that a placement or a post used this message (one of the two)."""
    name, record = _coverage(placement=placement, post=post)
    current = list(getattr(line, name).all())
    if record.pk in {r.pk for r in current}:
        raise ValidationError(f"This message is already linked to that {name[:-1]}.")
    _set_coverage(actor=actor, line=line, name=name, records=[*current, record])
    return line


@transaction.atomic
def message_line_unlink(
    *, actor: Any, line: MessageLine, placement: Placement | None = None, post: Post | None = None
) -> MessageLine:
    """Take back the record that a placement or a post used this message."""
    name, record = _coverage(placement=placement, post=post)
    current = list(getattr(line, name).all())
    _set_coverage(
        actor=actor, line=line, name=name, records=[r for r in current if r.pk != record.pk]
    )
    return line


def _coverage(*, placement: Placement | None, post: Post | None) -> tuple[str, Any]:
    if (placement is None) == (post is None):
        raise ValueError("Give a placement or a post, not both.")
    return ("placements", placement) if placement is not None else ("posts", post)


def message_line_delete(*, actor: Any, line: MessageLine) -> None:
    _delete(actor=actor, instance=line)
