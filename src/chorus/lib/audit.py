"""The audit hook for code in lib, which may not import the app that keeps the log.

`privacy` registers its `audit_record` here in its AppConfig.ready(). lib code that
writes (the import framework) records through `audit()`, which refuses to run
without a registered recorder: a write that cannot be audited is not made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_recorder: Callable[..., Any] | None = None


def register(recorder: Callable[..., Any]) -> None:
    """Set the function that writes one audit row (keyword arguments as `audit`)."""
    global _recorder
    _recorder = recorder


def audit(
    *,
    actor: Any,
    action: str,
    instance: Any = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> Any:
    """Write one audit row through the registered recorder, in the caller's transaction."""
    if _recorder is None:
        raise ImproperlyConfigured("No audit recorder is registered (privacy registers one).")
    return _recorder(actor=actor, action=action, instance=instance, changes=changes, note=note)
