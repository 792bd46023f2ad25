"""What a worker did with a send, and why it stopped (in words shown to staff)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DeliveryReport:
    send_id: int
    worker: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    recovered: int = 0
    stopped: str = ""
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "send_id": self.send_id,
            "worker": self.worker,
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "skipped": self.skipped,
            "recovered": self.recovered,
            "stopped": self.stopped,
            "error": self.error,
            "elapsed_seconds": round(self.elapsed, 3),
        }


# Why a worker stopped, in words shown to staff.
STOPPED_DONE = "Everyone has been sent to."
STOPPED_PAUSED = "The send was paused."
STOPPED_WAITING = "Only deferred messages are left; they are tried again later."
STOPPED_LIMIT = "Stopped after the number of messages asked for."
STOPPED_OTHERS = "Other workers still hold the last messages; they are sent by them."
STOPPED_UNREACHABLE = "The mail server could not be reached."
STOPPED_OLDER = "A worker of an earlier version is delivering this send alone."
STOPPED_CUT_OFF = "This worker was cut off from the database; the other workers carry on."
