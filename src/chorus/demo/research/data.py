"""The research demo's fixed records: two studies, their messages, results, findings,
consented quotes and the two toolkits. Every result and every participant's word is
invented; More in Common is the real partner the seed names.

The seed's figures for 2022-07-01..2023-06-30: two studies ran (the safe-routes focus
groups in two constituencies are one study; the Destitution Narrative workshops began
in November 2022 and ran for 18 months) and one toolkit was published (safe routes; the
Destitution Narrative toolkit follows in 2024).
"""

import datetime
from decimal import Decimal

D = datetime.date
PARTNER = "More in Common"

# Studies, by a short key the other records use.
STUDIES = {
    "safe": {
        "title": "Safe routes focus groups",
        "method": "focus_group",
        "question": "Do you know what safe routes are?",
        "started_on": D(2022, 10, 11),
        "ended_on": D(2022, 10, 13),
        "places": "Stoke-on-Trent Central, Bolton North East",
        "sample_size": 16,
        "segment_scheme": "British Seven",
        "segment_scheme_version": "2020",
        "with_partner": True,
    },
    "destitution": {
        "title": "Destitution Narrative workshops",
        "method": "workshop",
        "question": "",
        "started_on": D(2022, 11, 1),
        "ended_on": D(2024, 4, 30),
        "places": "Manchester, Glasgow, London",
        "sample_size": 60,
        "segment_scheme": "",
        "segment_scheme_version": "",
        "with_partner": False,
    },
}

# (study, label, frame, messenger, text)
VARIANTS = [
    (
        "safe",
        "A",
        "Fairness and order",
        "A former soldier",
        "Safe routes mean people can apply from where they are, so the system is fair and orderly.",
    ),
    (
        "safe",
        "B",
        "Compassion",
        "A refugee who came through a family scheme",
        "Nobody should have to risk their life in a small boat to reach safety.",
    ),
    (
        "destitution",
        "Work",
        "Contribution",
        "A person who was refused the right to work",
        "People want to work and pay their way; the rules leave them destitute instead.",
    ),
]

# (key, study, variant label, outcome, segment, effect, low, high, n, unit)
RESULTS = [
    ("order", "safe", "A", "Support for more safe routes", "Mixed middle",
     Decimal("12.00"), Decimal("3.00"), Decimal("21.00"), 16, "points"),
    ("compassion", "safe", "B", "Support for more safe routes", "Mixed middle",
     Decimal("4.00"), Decimal("-5.00"), Decimal("13.00"), 16, "points"),
    ("work", "destitution", "Work", "Agree destitution is a policy choice", "",
     Decimal("9.00"), Decimal("1.00"), Decimal("17.00"), 60, "points"),
]  # fmt: skip

# Findings: key -> (title, statement, review by, evidence result keys)
FINDINGS = {
    "order": (
        "Order lands with the mixed middle",
        "Framing safe routes as fair and orderly moved the mixed middle more than "
        "compassion alone (small groups: treat as a direction, not a size).",
        D(2024, 10, 1),
        ["order", "compassion"],
    ),
    "work": (
        "The right to work opens the destitution story",
        "Starting from people's wish to work and pay their way made destitution read as "
        "the result of rules, not of the people themselves.",
        D(2027, 4, 30),
        ["work"],
    ),
}

# (study, finding, text, context, consent recorded on)
QUOTES = [
    (
        "safe",
        "order",
        "I'd never heard the phrase, but if it means people don't drown, I'm for it.",
        "a participant in a Midlands focus group",
        D(2022, 10, 11),
    ),
    (
        "destitution",
        "work",
        "Nobody asked us whether we wanted to work. Of course we did.",
        "a participant in a Destitution Narrative workshop",
        D(2023, 9, 14),
    ),
]

# Toolkits: slug -> (title, summary, studies, (file name, kind), published on)
TOOLKITS = {
    "safe-routes": (
        "Safe routes messaging toolkit",
        "Tested messages on safe routes that land with the mixed middle.",
        ["safe"],
        ("safe-routes-toolkit.pdf", "pdf"),
        D(2023, 3, 20),
    ),
    "destitution-narrative": (
        "Destitution Narrative toolkit",
        "Messages on destitution from 18 months of workshops and focus groups.",
        ["destitution"],
        ("destitution-narrative.docx", "docx"),
        D(2024, 6, 12),
    ),
}

# Message lines: (toolkit slug, finding key, text, used in coverage)
# "coverage" finds the demo placement and Human Journeys post that used the line: the
# first of each published on or after that day.
LINES = [
    (
        "safe-routes",
        "order",
        "Safe routes let people apply from where they are: fair and orderly.",
        D(2023, 3, 20),
    ),
    (
        "safe-routes",
        "order",
        "Nobody should have to risk their life in a small boat to reach safety.",
        None,
    ),
    (
        "destitution-narrative",
        "work",
        "People want to work and pay their way: the rules leave them destitute instead.",
        None,
    ),
]
SOCIAL_HANDLE = "humanjourneys.demo"
