"""What research tells media about a placement: the toolkit messages it used.

Registered with `chorus.media.used_for` by ResearchConfig.ready, so the placement page
shows "Message line used" without media importing research.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator

from chorus.accounts.access import can
from chorus.media.models import Placement
from chorus.research.models import MessageLine


def message_lines_used(placement: Placement, viewer: Any) -> list[tuple[str, str]]:
    if not can(viewer, "toolkits", "view"):
        return []
    lines = MessageLine.objects.filter(placements=placement).select_related("toolkit")
    return [
        (
            f"Message line used: “{Truncator(line.text).chars(90)}” ({line.toolkit})",
            reverse("research:toolkit_detail", args=[line.toolkit_id]),
        )
        for line in lines.order_by("toolkit__title", "position", "pk")
    ]
