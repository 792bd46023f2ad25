"""Background work of the round-up. crontask loads this module, so every schedule of the
round-up is registered here; each task only calls a service, is idempotent and is safe
to kill at any line (delivery keeps a ledger for exactly that)."""

from __future__ import annotations

from typing import Any

from crontask import cron
from django.tasks import task


@task
def deliver_send(send_id: int) -> dict[str, Any]:
    """Deliver one send until it is done, paused, or only deferred messages are left."""
    from chorus.roundup import delivery

    # A second task for the same send gives way at once: one worker delivers a send.
    return delivery.deliver(send_id, lock_wait=1).as_json()


@task
def sign_up(sealed: str) -> None:
    """A sign-up from the public form (encrypted: it holds an address and a name)."""
    from chorus.roundup import subscribers

    subscribers.sign_up_from_task(sealed)


@cron("* * * * *")  # every minute: a send goes out within a minute of its time
@task
def start_due_sends() -> int:
    """Start sends whose time has come, and hand abandoned ones to a worker again."""
    from chorus.roundup import delivery

    return delivery.start_due_sends()


@cron("20 4 * * *")  # nightly: sign-ups never confirmed within the week expire
@task
def expire_pending_signups() -> int:
    from chorus.roundup import subscribers

    return subscribers.pending_expire()


@cron("30 6 * * *")  # half past six, before the editor starts
@task
def build_morning_draft() -> int:
    """Build (or top up) today's draft edition. Returns the edition's id."""
    from chorus.roundup import editions

    return editions.build_draft().pk


@cron("0 7 * * Fri")  # Friday morning: the week's digest, for the editor to approve
@task
def build_weekly_digest() -> int:
    from chorus.roundup import editions

    return editions.build_weekly_digest().pk
