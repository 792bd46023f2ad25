"""What a run of the demo loader created, and what it found already there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Log = Callable[[str], None]


@dataclass
class Summary:
    """What one run created, and what it found already there."""

    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, was_created: bool, count: int = 1) -> None:
        for target in (self.created, self.existing):
            target.setdefault(kind, 0)
        target = self.created if was_created else self.existing
        target[kind] += count

    def lines(self) -> list[str]:
        return [
            f"{kind}: {self.created[kind]} created, {self.existing[kind]} already there"
            for kind in self.created
        ]
