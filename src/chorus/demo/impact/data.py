"""The demo's draft annual report for 2022/23: its words, invented for the demo.

The figures are not here: the report computes them from the demo's records. The
words follow the shape of the seed report (a welcome, section introductions and
objectives) without quoting it; every person named is invented.
"""

from __future__ import annotations

import datetime

PERIOD = (datetime.date(2022, 7, 1), datetime.date(2023, 6, 30))
TITLE = "Impact report 2022/23"

WELCOME = """This year more people with lived experience of migration told their own
stories in the media than ever before, and more of those stories reached people who
are still making up their minds.

Thank you to everyone who made it possible: the storytellers, our partners across the
sector, the journalists who listened, and the funders who backed us."""

INTRODUCTIONS = {
    "media": "Our media work puts people with lived experience at the centre of the "
    "story, in outlets read by the mixed middle.",
    "training": "Our masterclasses and bespoke sessions help organisations across the "
    "sector tell stories that land.",
    "network": "The round-up, the Google group, the monthly comms meetings and our panel "
    "keep the sector connected.",
    "lived_experience": "Two ambassador programmes, the storytellers network and a new "
    "steering group shaped our work this year.",
}

OBJECTIVES = """Grow the storytellers network and our media volunteers.

Take regional training days to more towns.

Publish the Destitution Narrative toolkit."""

# The stories the report highlights: the demo's widest-reaching placements of the year.
HIGHLIGHTS = 3
