"""Home-page panels: what each role sees first when they open Chorus.

An app registers its panels in its AppConfig.ready(); the home page renders those
registered for the signed-in user's role, in order. A panel that `replaces_dashboard`
takes the place of the media dashboard for its roles (the dashboard stays one link
away). Nothing here knows about any app: apps know about this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[str]
    title: str
    template: str
    # Called with the request when the panel is shown; returns the template's context.
    context: Callable[[HttpRequest], dict[str, Any]]
    replaces_dashboard: bool = False
    order: int = 100
    # Called with the request: False hides the panel (one that matters only sometimes,
    # such as an open breach's countdown). None: always shown.
    shown: Callable[[HttpRequest], bool] | None = None


_PANELS: dict[str, Panel] = {}


def register(
    *,
    key: str,
    roles: Iterable[str],
    title: str,
    template: str,
    context: Callable[[HttpRequest], dict[str, Any]],
    replaces_dashboard: bool = False,
    order: int = 100,
    shown: Callable[[HttpRequest], bool] | None = None,
) -> Panel:
    """Add a panel (registering the same key again replaces it: ready() may run twice)."""
    panel = Panel(
        key=key,
        roles=frozenset(str(role) for role in roles),
        title=title,
        template=template,
        context=context,
        replaces_dashboard=replaces_dashboard,
        order=order,
        shown=shown,
    )
    _PANELS[key] = panel
    return panel


def panels_for(user: Any) -> list[Panel]:
    """The panels registered for this user's role, in order."""
    role = str(getattr(user, "role", ""))
    return sorted(
        (panel for panel in _PANELS.values() if role in panel.roles),
        key=lambda panel: (panel.order, panel.key),
    )


@dataclass(frozen=True)
class RenderedPanel:
    panel: Panel
    context: dict[str, Any]


def render_panels(request: HttpRequest) -> list[RenderedPanel]:
    return [
        RenderedPanel(panel, panel.context(request))
        for panel in panels_for(request.user)
        if panel.shown is None or panel.shown(request)
    ]
