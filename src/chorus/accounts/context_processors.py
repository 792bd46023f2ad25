from typing import Any

from django.conf import settings
from django.http import HttpRequest

from chorus.accounts.access import can


def chorus(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)

    def allowed(area: str, action: str = "view") -> bool:
        return can(user, area, action)  # type: ignore[arg-type]

    nav = {
        area: allowed(area)
        for area in (
            "dashboard",
            "placements",
            "outlets",
            "journalists",
            "campaigns",
            "people",
            "audit",
            "staff",
            "reports",
            "storytellers",
            "requests",
            "pitches",
            "consent",
            "data_protection",
            "monitoring",
            "roundup",
            "roundup_send",
            "subscribers",
            "network",
            "network_group",
            "regions",
            "training",
            "research",
            "toolkits",
            "social",
            "funders",
            "income",
            "outcomes",
            "report",
            "breaches",
            "staff_checks",
        )
    }
    nav["raise_concern"] = allowed("safeguarding_raise", "change")
    nav["change_placements"] = allowed("placements", "change")
    nav["change_outlets"] = allowed("outlets", "change")
    nav["change_journalists"] = allowed("journalists", "change")
    nav["change_roundup"] = allowed("roundup", "change")
    nav["change_roundup_send"] = allowed("roundup_send", "change")
    nav["change_network"] = allowed("network", "change")
    return {"demo_mode": settings.CHORUS_DEMO, "nav": nav}
