"""The round-up's background work. crontask loads this module: importing the modules
that declare the round-up's tasks registers every schedule. Each task is declared
beside the service it runs, only calls it, is idempotent and is safe to kill at any
line (delivery keeps a ledger for exactly that):

- `editions.services`: build_morning_draft, build_weekly_digest;
- `subscribers.signup`: sign_up; `subscribers.services`: expire_pending_signups;
- `delivery.services`: start_due_sends; `delivery.sending`: deliver_send.
"""

from chorus.roundup.delivery import sending, services  # noqa: F401
from chorus.roundup.editions import services as editions  # noqa: F401
from chorus.roundup.subscribers import services as subscribers  # noqa: F401
