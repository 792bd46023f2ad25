"""The fixed parts of the demo storytellers network.

Programmes and partner organisations follow the charity's real work (ambassador
cohorts for International Migrants Day 2022 and Refugee Week 2023, the Lived
Experience Storytellers Network, the steering group). Every *person* here is
invented: storytellers, interpreters, and everything said about them. No name of a
real refugee, storyteller or member of staff may appear in this file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

D = datetime.date

# The one demo storyteller whose safeguarding note and story notes carry this marker.
# Tests check it never leaks (database files, logs, audit rows, pages other roles see).
CANARY_MARKER = "CANARY-SAFEGUARDING-7f3a"
CANARY_REFERENCE = "S-0023"
STORYTELLER_COUNT = 60
SEED = "chorus-demo-voices"


@dataclass(frozen=True)
class Community:
    """Where a group of storytellers comes from, the languages they speak, invented names."""

    origin: str  # country of origin, as stored (encrypted) on the profile
    languages: tuple[str, ...]  # first language first
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    weight: float
    situations: tuple[str, ...]


ASYLUM = (
    "Asylum seeker, waiting for a decision",
    "Asylum seeker, appeal pending",
    "Refugee status granted",
    "Refugee status granted",
    "Humanitarian protection",
)
COMMUNITIES = [
    Community(
        "Iran",
        ("Farsi",),
        ("Dariush", "Shirin", "Navid", "Parisa", "Babak", "Mahsa", "Farhad", "Laleh", "Omid"),
        ("Rostamzadeh", "Karimpour", "Tehranchi", "Moradian", "Sepahvand", "Golestani"),
        4,
        ASYLUM,
    ),
    Community(
        "Afghanistan",
        ("Dari", "Pashto"),
        ("Farid", "Mursal", "Jawad", "Shabnam", "Sohail", "Marzia", "Habib", "Nilofar", "Wahid"),
        ("Sultanzai", "Noorzad", "Rahimyar", "Wardakzai", "Hakimzada", "Sadaat"),
        5,
        ASYLUM + ("Afghan Relocations and Assistance Policy (ARAP)", "Afghan resettlement (ACRS)"),
    ),
    Community(
        "Syria",
        ("Arabic",),
        ("Rami", "Lina", "Samer", "Nour", "Yara", "Khaled", "Rania", "Tarek"),
        ("Haddadin", "Khouryeh", "Nassrallah", "Darwisheh", "Samaan"),
        3,
        ASYLUM + ("Resettled (UK Resettlement Scheme)",),
    ),
    Community(
        "Sudan",
        ("Arabic",),
        ("Mohanad", "Hiba", "Abdelmoneim", "Safaa", "Musab", "Ikhlas"),
        ("Elnourani", "Babikir", "Osmanli", "Abdelgadir"),
        2,
        ASYLUM,
    ),
    Community(
        "Iraq (Kurdistan Region)",
        ("Kurdish (Sorani)", "Arabic"),
        ("Rebaz", "Shno", "Dilan", "Hemin", "Berivan", "Karwan", "Avan"),
        ("Qadirzada", "Salihi", "Rashidani", "Hawrami"),
        3,
        ASYLUM,
    ),
    Community(
        "Eritrea",
        ("Tigrinya",),
        ("Yonas", "Senait", "Filmon", "Ruta", "Tesfay", "Saba", "Merhawi"),
        ("Tekleab", "Ghebrehiwet", "Habtemariam", "Berhanu"),
        3,
        ASYLUM,
    ),
    Community(
        "Ukraine",
        ("Ukrainian", "Russian"),
        ("Olena", "Taras", "Iryna", "Bohdan", "Oksana", "Dmytro", "Halyna"),
        ("Kovalchuk", "Shevchenko-Lys", "Melnychenko", "Bondarenko", "Hnatyuk"),
        3,
        ("Homes for Ukraine visa", "Ukraine Family Scheme visa", "Ukraine Permission Extension"),
    ),
    Community(
        "Albania",
        ("Albanian",),
        ("Ardit", "Elira", "Besnik", "Drita"),
        ("Hoxhallari", "Krasniqaj", "Berisholli"),
        1,
        ASYLUM + ("Victim of modern slavery, waiting for a conclusive grounds decision",),
    ),
    Community(
        "Philippines",
        ("Tagalog", "English"),
        ("Marites", "Jocelyn", "Rodel", "Analyn"),
        ("Dela Paz", "Villanueva-Santos", "Macaraeg"),
        1,
        ("Overseas domestic worker visa", "Overseas domestic worker, no valid leave"),
    ),
    Community(
        "Hong Kong",
        ("Cantonese", "English"),
        ("Ka-wai", "Siu-ming", "Hoi-lam"),
        ("Cheung-Lau", "Wai-Tsang"),
        1,
        ("British National (Overseas) visa",),
    ),
    Community(
        "Somalia",
        ("Somali", "Arabic"),
        ("Hodan", "Abdiwali", "Ifrah", "Liban"),
        ("Warsameh", "Guleid", "Dualeh"),
        1,
        ASYLUM,
    ),
]

# Regions storytellers live in: (parent, child) keys of demo `data.REGIONS`, with weights.
# Carlisle and Stockton-on-Tees are the outreach towns of the case study.
STORYTELLER_REGIONS: list[tuple[tuple[str, str | None], float]] = [
    (("North West", "Carlisle"), 5),
    (("North East", "Stockton-on-Tees"), 5),
    (("North East", "Newcastle"), 3),
    (("North East", "Middlesbrough"), 2),
    (("North East", "Sunderland"), 1),
    (("North West", "Manchester"), 3),
    (("North West", "Liverpool"), 2),
    (("Yorkshire and the Humber", "Leeds"), 2),
    (("Yorkshire and the Humber", "Bradford"), 2),
    (("West Midlands", "Birmingham"), 3),
    (("London", None), 6),
    (("Scotland", "Glasgow"), 2),
    (("Wales", "Cardiff"), 1),
    (("Northern Ireland", "Belfast"), 1),
]

# Sentences for story notes: invented, general, and about no real person.
STORY_OPENINGS = [
    "Wants to talk about {theme} from their own experience.",
    "Has spoken at a community event about {theme} and would like to reach a wider audience.",
    "Prefers written pieces to live interviews; happy to talk about {theme}.",
    "Would like to challenge what people assume about {theme}.",
    "Interested in radio; has thought a lot about how to talk about {theme}.",
]
STORY_DETAILS = [
    "Spent months in contingency accommodation before moving to {town}.",
    "Volunteers with a local food project in {town}.",
    "Trained as a nurse before leaving; cannot work while the claim is decided.",
    "Studying English at college in {town}; confident in interviews with an interpreter.",
    "Family still abroad: never show the face or name the home town.",
    "Ran a small business before leaving; now mentors newer arrivals in {town}.",
    "Plays in a community football team in {town}.",
    "Has written poetry about the journey; would like to read it on air one day.",
]
CHECK_IN_NOTES = [
    "Felt the interview went well; tired afterwards. No follow-up needed.",
    "Some difficult comments online after the piece. Talked through muting and reporting.",
    "Doing well; asked about the next training session.",
    "Worried about a Home Office letter; signposted to a legal advice service.",
    "Pleased with the piece; shared it with their college class.",
]
MENTORING_NOTES = [
    "Practised a three-minute version of their story for radio.",
    "Talked about boundaries: which questions to decline, and how.",
    "Worked on a first-person piece; second draft next time.",
    "Mock TV interview with feedback on pace and key messages.",
    "Planned what to share and what to keep private before the first interview.",
]
CONSENT_TOPICS = [
    "Life in the UK now, work and study. Not the journey, not family at home.",
    "The asylum process and waiting for a decision. Not the reasons for leaving.",
    "Community, volunteering and hopes for the future.",
    "The journey and arriving in the UK; no details that could identify family.",
    "Work and skills; the right to work.",
]
CONSENT_INFORMATION = (
    "Explained who the journalist is, where the piece may appear, that it stays online, "
    "and that consent can be withdrawn at any time before publication."
)

# Six interpreters the charity books (invented).
INTERPRETERS = [
    ("Nasrin Aghdami", "Farsi, Dari"),
    ("Gul Ahmadzai", "Pashto, Dari"),
    ("Mariam Sabbagh", "Arabic"),
    ("Rozhan Barzinji", "Kurdish (Sorani), Arabic"),
    ("Aster Woldemichael", "Tigrinya, Amharic"),
    ("Nataliya Hrytsenko", "Ukrainian, Russian"),
]


@dataclass(frozen=True)
class ProgrammeSpec:
    name: str
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    theme: str
    description: str
    partners: tuple[str, ...]  # organisation names in demo `data.ORGANISATIONS`
    size: int  # how many storytellers join it


NETWORK = "Lived Experience Storytellers Network"
IMD_2022 = "International Migrants Day 2022 ambassadors"
RW_2023 = "Refugee Week 2023 ambassadors"
STEERING = "Lived experience steering group"
PROGRAMMES = [
    ProgrammeSpec(
        NETWORK,
        "network",
        D(2021, 4, 1),
        None,
        "",
        "People with lived experience of migration who tell their stories in the media "
        "with the charity's support.",
        (),
        STORYTELLER_COUNT,
    ),
    ProgrammeSpec(
        IMD_2022,
        "ambassadors",
        D(2022, 9, 15),
        D(2022, 12, 31),
        "Community",
        "Ambassadors for International Migrants Day, 18 December 2022: media training, "
        "mentoring and first-person pieces.",
        ("IOM UK",),
        8,
    ),
    ProgrammeSpec(
        RW_2023,
        "ambassadors",
        D(2023, 3, 1),
        D(2023, 6, 30),
        "Compassion",
        "Ambassadors for Refugee Week, 19–25 June 2023, on the theme of Compassion.",
        ("Counterpoints Arts",),
        8,
    ),
    ProgrammeSpec(
        STEERING,
        "steering_group",
        D(2023, 1, 16),
        None,
        "",
        "Six people with current or lived experience of the asylum system who challenge "
        "assumptions and shape the charity's decisions.",
        (),
        6,
    ),
]
# Campaign (demo `data.CAMPAIGNS`) whose placements prefer each cohort's ambassadors.
COHORT_CAMPAIGNS = {
    IMD_2022: "International Migrants Day 2022: Community",
    RW_2023: "Refugee Week 2023: Compassion",
}
# Placements of these financial years are linked to storytellers ("who spoke").
USE_PERIOD = (D(2022, 7, 1), D(2024, 6, 30))

# --- Who is in which state, by position in the list of storytellers (0 = S-0001) ----------

# Members of each programme.
IMD_MEMBERS = range(0, 8)
RW_MEMBERS = range(8, 16)
STEERING_MEMBERS = (2, 9, 20, 31, 40, 47)
CANARY_INDEX = int(CANARY_REFERENCE.split("-")[1]) - 1
OPEN_CONCERN_INDEXES = (CANARY_INDEX, 37)
CLOSED_CONCERN_INDEXES = (5, 28)
WITHDRAWN_INDEXES = {41: D(2023, 10, 12), 52: D(2024, 3, 5)}
LEFT_INDEXES = (52,)
PAUSED_INDEXES = (18, 44)
EXPIRED_INDEXES = (24, 25, 33, 49, 55)
# Inactive long enough to be flagged by the retention review.
INACTIVE_INDEXES = (26, 34, 58)
