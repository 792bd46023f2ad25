"""Writes of creative projects. Each is one transaction that also writes its audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chorus.people.models import Organisation
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, audited_create, audited_update
from chorus.social.creative.models import Participant, Project
from chorus.voices.consent.services import story_use_record
from chorus.voices.models import MediaType, StorytellerProfile, StoryUse


def _partners_set(*, actor: Any, project: Project, partners: list[Organisation]) -> None:
    before = sorted(project.partners.values_list("pk", flat=True))
    project.partners.set(partners)
    after = sorted(org.pk for org in partners)
    if before != after:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=project,
            changes={"partners": [before, after]},
        )


@transaction.atomic
def project_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    description: str = "",
    shown_at: str = "",
    shown_on: datetime.date | None = None,
    starts_on: datetime.date | None = None,
    partners: list[Organisation] | None = None,
) -> Project:
    project = audited_create(
        actor=actor,
        instance=Project(
            name=name.strip(),
            kind=kind,
            description=description,
            shown_at=shown_at.strip(),
            shown_on=shown_on,
            starts_on=starts_on,
        ),
    )
    if partners:
        _partners_set(actor=actor, project=project, partners=list(partners))
    return project


@transaction.atomic
def project_update(
    *, actor: Any, project: Project, partners: list[Organisation] | None = None, **fields: Any
) -> dict[str, Any]:
    allowed = {"name", "kind", "description", "shown_at", "shown_on", "starts_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not a project's editable field: {sorted(unknown)}")
    changes = audited_update(actor=actor, instance=project, fields=fields)
    if partners is not None:
        _partners_set(actor=actor, project=project, partners=list(partners))
    return changes


@transaction.atomic
def project_participant_add(
    *,
    actor: Any,
    project: Project,
    storyteller: StorytellerProfile,
    identity_level: str,
    face_shown: bool = False,
) -> Participant:
    """A storyteller takes part: two uses of their story, as images and in exhibition.

    Both judges are asked for each (through `story_use_record`), on the day the work
    was shown (today before then); either refusal records neither and raises
    ValidationError with the judge's reason.
    """
    if Participant.objects.filter(project=project, storyteller=storyteller).exists():
        raise ValidationError(
            "%(ref)s already takes part in this project.", params={"ref": storyteller.reference}
        )
    on = project.shown_on or timezone.localdate()
    uses = {}
    for media_type, what in ((MediaType.PHOTO, "images"), (MediaType.EXHIBITION, "exhibition")):
        uses[media_type] = story_use_record(
            actor=actor,
            storyteller=storyteller,
            kind=StoryUse.Kind.CREATIVE,
            object_id=project.pk,
            description=f"{project.name} ({what})"[:300],
            media_type=media_type,
            identity_level=identity_level,
            face_shown=face_shown,
            on=on,
        )
    return audited_create(
        actor=actor,
        instance=Participant(
            project=project,
            storyteller=storyteller,
            identity_level=identity_level,
            face_shown=face_shown,
            photo_use=uses[MediaType.PHOTO],
            exhibition_use=uses[MediaType.EXHIBITION],
        ),
    )
