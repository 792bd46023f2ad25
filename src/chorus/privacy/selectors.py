from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.text import capfirst

from chorus.lib.jsonq import json_list_holds
from chorus.privacy.models import AuditEntry


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor_username__iexact=actor)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_id:
        # The record's own rows, and the list pages that showed it.
        entries = entries.filter(Q(object_id=object_id) | json_list_holds("shown", object_id))
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries


def object_type_label(object_type: str) -> str:
    """A record type in words ("Storyteller" for voices.storytellerprofile)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return capfirst(str(model._meta.verbose_name))


def audited_object_types() -> list[tuple[str, str]]:
    """The record types the log holds, as (stored value, name in words), by name."""
    types = (
        AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
    return sorted(((t, object_type_label(t)) for t in types), key=lambda pair: pair[1].lower())
