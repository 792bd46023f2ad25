"""What else staff can do with an article: areas that use articles add their actions.

`monitoring` knows nothing of the areas built on it. An area that does something with
an article (the round-up adds it to today's draft) registers an action from its
AppConfig.ready(): a function of the signed-in user that returns the action, or None
when that user may not take it. The article list and page show a button per action,
posting to the action's URL (a URL name taking the article's id) with a `next` field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ArticleAction:
    label: str
    route: str


ActionProvider = Callable[[Any], ArticleAction | None]

_PROVIDERS: dict[str, ActionProvider] = {}


def register(key: str, provider: ActionProvider) -> None:
    """Add (or replace, on reload) an area's action."""
    _PROVIDERS[key] = provider


def actions_for(user: Any) -> list[ArticleAction]:
    """The actions this user may take on articles, in a stable order."""
    found = (_PROVIDERS[key](user) for key in sorted(_PROVIDERS))
    return [action for action in found if action is not None]
