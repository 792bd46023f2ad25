"""What the header's search box finds in voices: storytellers, by reference only.

Only roles that may view storytellers run this searcher (the access area), and it
matches the reference alone ("S-0042", "s42"): a name typed into the box finds no
storyteller, since names are encrypted and never searched. Every page of results is
audited like a list page, naming the storytellers it showed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from chorus.lib import search
from chorus.lib.search import Hit
from chorus.voices import services
from chorus.voices.access import storytellers_for


def reference_of(query: str) -> str:
    """The query as a reference: spaces dropped, upper case, "S42" read as "S-42"."""
    value = "".join(query.split()).upper()
    if value.startswith("S") and not value.startswith("S-"):
        value = "S-" + value[1:]
    return value


def find_storytellers(viewer: Any, query: str, limit: int) -> Sequence[Hit]:
    reference = reference_of(query)
    profiles = (
        storytellers_for(viewer)
        .select_related(None)
        .only("pk", "reference", "status")
        .filter(reference__icontains=reference)
        .order_by("reference", "pk")[:limit]
    )
    return [
        Hit(
            label=profile.reference,
            url=reverse("voices:storyteller_detail", args=[profile.pk]),
            detail=profile.get_status_display(),
            pk=profile.pk,
        )
        for profile in profiles
    ]


def audit_found(actor: Any, hits: Sequence[Hit]) -> None:
    services.storytellers_found_record(actor=actor, ids=[hit.pk for hit in hits])


def register_searchers() -> None:
    search.register(
        key="storytellers",
        title="Storytellers",
        access_area="storytellers",
        find=find_storytellers,
        more_url=lambda q: f"{reverse('voices:storyteller_list')}?{urlencode({'q': q})}",
        audit=audit_found,
        order=5,
    )
