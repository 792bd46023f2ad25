"""Load the fictional demo data set. Safe to run again: nothing is created twice.

Each area of the charity's work has its demo records in its own sub-package here
(`people`, `media`, `voices`, `monitoring`, `roundup`, `training`, `network`,
`research`): a `data` module with
the invented records as plain data and a `loader` that writes them through the area's
services. `load` calls each area's loader in turn, one line each, in the order the
records depend on one another.

Every loader finds records by their natural keys (usernames, names, a reference in
each demo placement's notes) before it creates anything, so a second run only adds
what is missing, such as the placements of the days since the last run. The random
choices are seeded (per financial year, per storyteller), so every run, on any
machine, makes the same records.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from chorus.demo.media.loader import load_media
from chorus.demo.monitoring.loader import load_monitoring
from chorus.demo.network.loader import load_network
from chorus.demo.people.loader import load_people
from chorus.demo.research.loader import load_research
from chorus.demo.roundup.loader import load_roundup
from chorus.demo.social.loader import load_social
from chorus.demo.summary import Log, Summary
from chorus.demo.training.loader import load_training
from chorus.demo.voices.loader import load_voices


def load(*, password: str, today: datetime.date | None = None, log: Log = print) -> Summary:
    """Create whatever part of the demo data set is missing, in one transaction."""
    today = today or timezone.localdate()
    summary = Summary()
    with transaction.atomic():
        people = load_people(password=password, summary=summary)
        outlets = load_media(today=today, people=people, summary=summary)
        load_voices(today=today, users=people.users, summary=summary)
        news = load_monitoring(today=today, outlets=outlets, summary=summary)
        load_roundup(today=today, users=people.users, news=news, summary=summary)
        load_training(today=today, users=people.users, summary=summary)
        load_network(today=today, users=people.users, summary=summary)
        load_social(users=people.users, summary=summary)
        # After social and media: a toolkit's messages link to the posts and placements.
        load_research(users=people.users, summary=summary)
    for line in summary.lines():
        log(line)
    return summary
