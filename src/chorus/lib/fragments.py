"""Parts of pages that are the same for every visitor, kept in the shared cache.

A public page that hundreds of people open at once (the round-up's archive in the
minutes after a send) need not be built again for each of them. What is kept is the
part that depends on nothing about the visitor; never a CSRF token, a signed-in user's
menu or a message, which the page around it still renders on every request.

Fragments belong to a group. When what a group shows changes, `forget(group)` drops
every fragment of it at once by giving the group a new version, so nothing has to be
listed. The version is read before a fragment is built and changed only once the change
is committed: a fragment built from the data before the change is stored under the old
version, which nobody reads again. A version is never reused (a random value, not a
counter), so a version evicted from the cache cannot bring old fragments back.
Fragments also expire after `TIMEOUT`, which bounds how long a deployment that changes
a template can show the old one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 10 * 60
_PREFIX = "fragment"


def _version_key(group: str) -> str:
    return f"{_PREFIX}:{group}:version"


def _version(group: str) -> str:
    key = _version_key(group)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key) or "unversioned"
    return str(version)


def cached[T](
    group: str,
    name: str,
    build: Callable[[], T],
    *,
    storable: Callable[[T], bool] | None = None,
    timeout: int = TIMEOUT,
) -> T:
    """The fragment `name` of `group` from the cache, or `build()` it and keep it.

    `storable(value)` may refuse to keep what was built (a page number past the end of
    a list, say, which would fill the cache with copies of the last page). An exception
    from `build` (a 404) is raised, and nothing is kept.
    """
    key = f"{_PREFIX}:{group}:{_version(group)}:{name}"
    found = cache.get(key)
    if found is not None:
        return found
    value = build()
    if storable is None or storable(value):
        cache.set(key, value, timeout)
    return value


def forget(group: str) -> None:
    """Drop every fragment of `group`, once the current transaction (if any) commits."""
    transaction.on_commit(lambda: cache.set(_version_key(group), uuid.uuid4().hex, timeout=None))
