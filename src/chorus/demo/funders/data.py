"""The demo's funders, their grants, income and reporting duties: all invented.

No trust, foundation or fund here exists: the names are made up for the demo. The
2022/23 income comes to £108,980: the grant instalments and donations below
(£94,730) and the fees of the 27 paid bespoke training sessions (£14,250), which the
training demo records through impact's income service.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from chorus.demo.voices.data import IMD_2022, RW_2023

D = datetime.date

INCOME_2022_23 = Decimal("108980")
EARNED_2022_23 = Decimal("14250")  # recorded by training's demo: 14 × £600 + 13 × £450


@dataclass(frozen=True)
class DutySpec:
    title: str
    kind: str  # "report" or "milestone"
    # Days from the day the demo loads (so the director always has something due), or a date.
    due_in_days: int | None = None
    due_on: datetime.date | None = None
    submitted_on: datetime.date | None = None
    learning_note: str = ""


@dataclass(frozen=True)
class GrantSpec:
    identifier: str
    funder: str
    title: str
    programme: str
    amount: Decimal
    award_date: datetime.date
    planned_start: datetime.date
    planned_end: datetime.date
    fund: str
    description: str = ""
    # (received on, amount)
    instalments: tuple[tuple[datetime.date, Decimal], ...] = ()
    duties: tuple[DutySpec, ...] = ()
    # Report-content section keys and item titles the grant paid for, with the amount.
    purposes: tuple[tuple[str, str, Decimal | None], ...] = field(default=())


FUNDERS = (
    "Harbourlight Trust",
    "Fenwick Moor Foundation",
    "Aldous Pemberton Charitable Trust",
    "Kestrel Lane Fund",
    "Sanderling Bequest",
)

GRANTS = (
    GrantSpec(
        identifier="360G-harbourlight-2022-031",
        funder="Harbourlight Trust",
        title="Lived experience in the media",
        programme="Voices for Change",
        amount=Decimal("60000"),
        award_date=D(2022, 5, 12),
        planned_start=D(2022, 7, 1),
        planned_end=D(2024, 6, 30),
        fund="restricted",
        description="Two years of the ambassador programmes and media training for people "
        "with lived experience of migration.",
        instalments=((D(2022, 7, 15), Decimal("30000")), (D(2023, 7, 14), Decimal("30000"))),
        duties=(
            DutySpec(
                "Year one report",
                "report",
                due_on=D(2023, 8, 31),
                submitted_on=D(2023, 8, 24),
                learning_note="They asked how ambassadors chose which stories to tell; "
                "we agreed to share the consent screens in year two.",
            ),
            DutySpec("Final report", "report", due_on=D(2024, 8, 31), submitted_on=D(2024, 8, 29)),
        ),
        purposes=(
            ("media.campaigns", "#StoriesFromAfghanistan", Decimal("8000")),
            ("voices.programmes", IMD_2022, Decimal("11000")),
            ("voices.programmes", RW_2023, Decimal("11000")),
        ),
    ),
    GrantSpec(
        identifier="360G-fenwickmoor-2022-007",
        funder="Fenwick Moor Foundation",
        title="Core costs",
        programme="Strong Foundations",
        amount=Decimal("45000"),
        award_date=D(2022, 2, 28),
        planned_start=D(2022, 4, 1),
        planned_end=D(2025, 3, 31),
        fund="unrestricted",
        instalments=((D(2022, 4, 15), Decimal("15000")), (D(2022, 7, 20), Decimal("15000"))),
        duties=(
            DutySpec(
                "Annual report 2022/23",
                "report",
                due_on=D(2023, 9, 30),
                submitted_on=D(2023, 9, 18),
            ),
        ),
    ),
    GrantSpec(
        identifier="360G-fenwickmoor-2025-019",
        funder="Fenwick Moor Foundation",
        title="Core costs, second term",
        programme="Strong Foundations",
        amount=Decimal("60000"),
        award_date=D(2025, 3, 3),
        planned_start=D(2025, 4, 1),
        planned_end=D(2028, 3, 31),
        fund="unrestricted",
        duties=(
            DutySpec("Annual report", "report", due_in_days=21),
            DutySpec(
                "Learning conversation with the programme manager", "milestone", due_in_days=45
            ),
            DutySpec("Mid-term review", "milestone", due_in_days=120),
        ),
    ),
    GrantSpec(
        identifier="360G-aldouspemberton-2022-112",
        funder="Aldous Pemberton Charitable Trust",
        title="Communications training in the North",
        programme="Regions",
        amount=Decimal("24000"),
        award_date=D(2022, 8, 4),
        planned_start=D(2022, 9, 1),
        planned_end=D(2023, 8, 31),
        fund="restricted",
        instalments=((D(2022, 9, 10), Decimal("24000")),),
        duties=(
            DutySpec(
                "Final report",
                "report",
                due_on=D(2023, 10, 31),
                submitted_on=D(2023, 10, 2),
                learning_note="The trustees want the regional days' partners named in the "
                "next application.",
            ),
        ),
        purposes=(("training.courses", "Regional training day", Decimal("24000")),),
    ),
    GrantSpec(
        identifier="360G-kestrellane-2023-004",
        funder="Kestrel Lane Fund",
        title="Message testing on safe routes",
        programme="Narrative Change",
        amount=Decimal("18500"),
        award_date=D(2022, 12, 1),
        planned_start=D(2023, 1, 1),
        planned_end=D(2023, 12, 31),
        fund="restricted",
        instalments=((D(2023, 1, 20), Decimal("9250")), (D(2023, 7, 21), Decimal("9250"))),
        duties=(
            DutySpec(
                "Findings shared", "milestone", due_on=D(2023, 10, 1), submitted_on=D(2023, 9, 27)
            ),
        ),
        purposes=(("media.campaigns", "Safe routes", Decimal("6000")),),
    ),
    GrantSpec(
        identifier="360G-sanderling-2023-001",
        funder="Sanderling Bequest",
        title="Endowment gift",
        programme="",
        amount=Decimal("10000"),
        award_date=D(2023, 2, 14),
        planned_start=D(2023, 3, 1),
        planned_end=D(2023, 3, 1),
        fund="endowment",
        description="Capital kept; only its returns may be spent.",
        instalments=((D(2023, 3, 1), Decimal("10000")),),
    ),
)

# (received on, amount, description): individual giving and events, unrestricted.
DONATIONS = (
    (D(2021, 12, 20), Decimal("2370"), "Winter appeal"),
    (D(2022, 3, 31), Decimal("1750"), "Individual giving, January to March"),
    (D(2022, 9, 30), Decimal("1420"), "Individual giving, July to September"),
    (D(2022, 12, 22), Decimal("2860"), "Winter appeal"),
    (D(2023, 6, 25), Decimal("2200"), "Refugee Week sponsored walk"),
)

# The strategy, its outcomes and the indicators measuring them, with baselines and targets.
STRATEGY = ("Strategy 2022–2025", D(2022, 7, 1), D(2025, 6, 30))
OUTCOMES = (
    (
        "More people with lived experience heard in the media",
        (
            ("media.placements", Decimal("150"), "2021/22", Decimal("170")),
            ("media.lived_experience_share", Decimal("55"), "2021/22", Decimal("60")),
        ),
    ),
    (
        "The work is funded to last",
        (("funders.income_total", Decimal("90000"), "2021/22", Decimal("100000")),),
    ),
)
# (indicator, value, source, note) entered by hand for 2022/23.
ENTERED = (
    (
        "media.placements",
        Decimal("180"),
        "Media officer's spreadsheet, June 2023",
        "Three regional radio pieces were not logged in Chorus at the time.",
    ),
)
