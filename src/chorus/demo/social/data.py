"""The demo's social media as plain data: Human Journeys, the Un/Documented podcast, inLIMBO.

Every person, handle and guest is invented; the figures are the seed report's. Read
by `loader.py`, which writes them through the services.
"""

from __future__ import annotations

import datetime

D = datetime.date

# Human Journeys on Instagram, July 2022 – June 2023.
HANDLE = "humanjourneys.demo"
ACCOUNT_NAME = "Human Journeys"
ACCOUNT_ID = "17841400000009001"
STORIES = 95
OTHERS = 40
EXPORTED_ON = D(2023, 7, 5)
TOP_INDEX = 66  # the Refugee Ban Bill reel, in March 2023
TOP_PLAYS, TOP_REACH = 3074, 2659
# Hashtags by month: the campaigns running then (the media desk's campaigns link them).
TAGS = {
    (2022, 8): "#StoriesFromAfghanistan",
    (2022, 12): "#MigrantsDay",
    (2023, 2): "#UnheardVoices",
    (2023, 3): "#RefugeeBanBill",
    (2023, 6): "#RefugeeWeek2023",
}

# The Un/Documented pilot: six episodes in 2022/23, presented by a member of the team
# (the digital officer's account) and a former ambassador (an invented person).
SERIES_TITLE = "Un/Documented"
SERIES_DESCRIPTION = (
    "The pilot podcast: conversations with experts by experience about the asylum "
    "system, presented by a member of the team and a former ambassador."
)
SERIES_STARTS_ON = D(2022, 9, 1)
FORMER_AMBASSADOR = "Teodora Achterberg-Nwosu"  # invented
TEAM_HOST = "digital"  # the staff account of the team member who presents it
# (number, title, published on, show notes)
EPISODES = [
    (1, "Arriving", D(2022, 9, 20), "What the first weeks in the UK are like, and what helps."),
    (2, "Waiting", D(2022, 11, 15), "Years without a decision: what waiting does to a life."),
    (3, "Home, twice", D(2023, 1, 17), "Building a home after leaving one."),
    (4, "Working", D(2023, 3, 14), "The right to work, and what its absence costs."),
    (5, "Speaking up", D(2023, 5, 9), "Telling your story in the media, safely."),
    (
        6,
        "Safe routes",
        D(2023, 6, 20),
        "What a safe route would have meant. Questions to podcast@example.org.",
    ),
]
GUESTS_PER_EPISODE = 2
# Listens: the host's IAB downloads and Spotify's streams, each day for two weeks.
LISTEN_DAYS = 14
LISTENS_DAY_ONE = {"host": 180, "spotify": 45}
AWARD = ("Independent Podcast Awards", "Best Campaign or Cause", 2024, "shortlisted")

# inLIMBO: participants photographed, their stories shown at a film premiere.
PROJECT_NAME = "inLIMBO"
PROJECT_DESCRIPTION = (
    "A photographic project: participants were photographed and their stories shown "
    "at the premiere of a film about life in the asylum system."
)
PROJECT_STARTS_ON = D(2023, 2, 1)
PROJECT_SHOWN_AT = "Film premiere"
PROJECT_SHOWN_ON = D(2023, 6, 22)
PROJECT_PARTNERS = ["Northern Lens Collective", "Harbourside Picturehouse"]  # invented
PROJECT_CONSENT_ON = D(2023, 6, 1)  # each participant's consent for the project
PARTICIPANTS = 5
