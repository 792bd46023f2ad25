"""What the person page says of a journalist (registered with `chorus.people.roles`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chorus.accounts.access import can
from chorus.media.models import Journalist, JournalistProfile
from chorus.people.models import Person


def journalist_links(person: Person, viewer: Any) -> list[tuple[str, str]]:
    """A link to their journalist entry, for someone in the directory and a viewer who may
    open it; nothing otherwise."""
    if not can(viewer, "journalists", "view"):
        return []
    in_directory = (
        Journalist.objects.filter(person=person).exists()
        or JournalistProfile.objects.filter(person=person).exists()
    )
    if not in_directory:
        return []
    return [
        (
            "Journalist: their entry in the journalists",
            reverse("media:journalist_detail", args=[person.pk]),
        )
    ]
