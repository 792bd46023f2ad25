"""The one door to storytellers' records.

Every view that shows a storyteller fetches them here. People who may not know
storytellers exist get 404, never 403. Every read is audited, and reads that
include sensitive details say so in the audit row.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chorus.accounts.access import can
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record
from chorus.voices.models import StorytellerProfile


def may_see_sensitive(user: Any) -> bool:
    return can(user, "storyteller_sensitive", "view")


def storytellers_for(user: Any) -> QuerySet[StorytellerProfile]:
    """The storytellers this user may list (none for roles outside the matrix)."""
    if not can(user, "storytellers", "view"):
        return StorytellerProfile.objects.none()
    profiles = StorytellerProfile.objects.exclude(status=StorytellerProfile.Status.ERASED)
    return profiles.select_related("region", "region__parent")


def get_storyteller_for(
    user: Any, pk: int, *, purpose: str = "viewed profile"
) -> StorytellerProfile:
    """The storyteller `pk` if this user may see them (404 otherwise); the read is audited."""
    try:
        profile = storytellers_for(user).get(pk=pk)
    except StorytellerProfile.DoesNotExist:
        raise Http404("No such storyteller") from None
    sensitive = may_see_sensitive(user)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        instance=profile,
        note=f"{purpose} ({'with' if sensitive else 'without'} sensitive details)",
    )
    return profile
