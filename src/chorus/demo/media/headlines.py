"""Headline templates for the demo placements: fictional stories, invented first names.

Each template says whether it is a lived-experience story, which themes it belongs
to, and when it can appear (the Rwanda scheme only while it existed, and so on).
The blanks are filled from the lists at the end: invented first names by where the
person came from, their home country and cities, jobs and UK towns. None of the names
is the name of a real storyteller.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

D = datetime.date
ALWAYS = (D(2000, 1, 1), D(2100, 1, 1))


@dataclass(frozen=True)
class Headline:
    text: str
    lived: bool
    themes: tuple[str, ...] = ()
    window: tuple[datetime.date, datetime.date] = ALWAYS
    origins: tuple[str, ...] = ()  # where the person in the story comes from; empty: anywhere

    def fits(self, day: datetime.date, *, lived: bool) -> bool:
        return self.lived == lived and self.window[0] <= day <= self.window[1]


NOT_UKRAINIAN = ("Afghan", "Iranian", "Syrian", "Eritrean", "Sudanese", "Kurdish")

HEADLINES = [
    # Lived experience: the person speaks in their own words.
    Headline(
        "'I crossed the Channel because there was no other way': {name}'s story",
        True,
        origins=NOT_UKRAINIAN,
    ),
    Headline("{name}, {age}, fled {country} and now volunteers at a food bank in {town}", True),
    Headline(
        "I was a {job} in {city}. Now I wait in a hotel room in {town}", True, origins=NOT_UKRAINIAN
    ),
    Headline(
        "'My children ask when they can go to school': a year in an asylum hotel in {town}",
        True,
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "The {nationality} {job} who cannot work while the Home Office decides",
        True,
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "{name} waited {months} months for an asylum decision. This is what the wait was like",
        True,
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "'The letter said I could stay': {name} on the day everything changed",
        True,
        origins=NOT_UKRAINIAN,
    ),
    Headline("How {name} learned English in six months, and now helps others do the same", True),
    Headline("'Nobody wants to be a refugee': {name}'s journey from {city}", True),
    Headline(
        "'I want to pay my taxes': {name}, a {job} from {country}, on the right to work",
        True,
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "Now coaching a girls' football team in {town}, {name} remembers the road from {city}", True
    ),
    Headline("Student {name} on the long road from {city} to a university place in {town}", True),
    Headline(
        "What it is like inside an asylum hotel when protesters gather outside",
        True,
        themes=("hotels",),
        window=(D(2023, 1, 1), D(2025, 12, 31)),
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "A year after the fall of Kabul, {name} is still waiting to see family again",
        True,
        themes=("afghan",),
        window=(D(2022, 7, 20), D(2022, 9, 30)),
        origins=("Afghan",),
    ),
    Headline(
        "Afghan {job} {name} on rebuilding a career in {town}",
        True,
        themes=("afghan",),
        window=(D(2021, 8, 20), D(2100, 1, 1)),
        origins=("Afghan",),
    ),
    Headline(
        "'I still keep my press card from {city}': an Afghan journalist on starting over",
        True,
        themes=("afghan",),
        window=(D(2021, 8, 20), D(2100, 1, 1)),
        origins=("Afghan",),
    ),
    Headline(
        "{name} fled {city} with two suitcases. A year on, {town} feels like home",
        True,
        themes=("ukraine",),
        window=(D(2023, 2, 24), D(2100, 1, 1)),
        origins=("Ukrainian",),
    ),
    Headline(
        "'I am learning English at 68': {name} on starting again in {town}",
        True,
        themes=("ukraine",),
        window=(D(2022, 4, 1), D(2100, 1, 1)),
        origins=("Ukrainian",),
    ),
    Headline(
        "'The Rwanda plan would not have stopped me': {name} on why people still cross",
        True,
        themes=("rwanda",),
        window=(D(2022, 4, 14), D(2024, 7, 6)),
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "'This bill would have shut the door on me': {name} on the Illegal Migration Bill",
        True,
        themes=("bill",),
        window=(D(2023, 3, 7), D(2023, 9, 30)),
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "'I fled for the right to sing': {name}, from {city}, finds a stage in {town}",
        True,
        window=(D(2022, 9, 16), D(2100, 1, 1)),
        origins=("Iranian",),
    ),
    Headline(
        "'My family is still in {city}': {name} on waiting for news from Sudan",
        True,
        themes=("sudan",),
        window=(D(2023, 4, 15), D(2100, 1, 1)),
        origins=("Sudanese",),
    ),
    Headline(
        "After the riots, {name} says {town} is still home",
        True,
        themes=("riots",),
        window=(D(2024, 8, 5), D(2024, 12, 31)),
        origins=NOT_UKRAINIAN,
    ),
    Headline(
        "As Syria changes, {name} in {town} weighs what home means now",
        True,
        window=(D(2024, 12, 9), D(2100, 1, 1)),
        origins=("Syrian",),
    ),
    Headline(
        "'I cared for their children, but nobody asked about mine': {name}'s story",
        True,
        themes=("domestic_workers",),
        origins=("Filipino",),
    ),
    Headline(
        "'We cooked for the whole street': how {name} found community in {town}",
        True,
        themes=("imd",),
    ),
    Headline(
        "International Migrants Day ambassador {name}: 'We are your neighbours'",
        True,
        themes=("imd",),
    ),
    Headline(
        "Refugee Week ambassador {name}: 'I want people to see who we really are'",
        True,
        themes=("refugee_week",),
    ),
    Headline(
        "Refugee Week: {name} on the kindness of strangers in {town}",
        True,
        themes=("refugee_week",),
    ),
    Headline(
        "'A stranger on the bus helped me find my way': {name} on compassion",
        True,
        themes=("refugee_week",),
        window=(D(2023, 6, 1), D(2023, 6, 30)),
    ),
    Headline(
        "What a safe route would have meant for {name}",
        True,
        themes=("safe_routes",),
        origins=NOT_UKRAINIAN,
    ),
    # Without a lived-experience voice: the charity's or the sector's comment, context, data.
    Headline("Charities warn the asylum backlog leaves thousands in limbo", False),
    Headline("Small boats: what the numbers don't tell you", False),
    Headline("Safe routes would save lives, say refugee charities", False, themes=("safe_routes",)),
    Headline("Message testing: how to talk about safe routes", False, themes=("safe_routes",)),
    Headline("How volunteers in {town} are welcoming new neighbours", False),
    Headline("Asylum hotels: five things to know", False),
    Headline("Letter: refugees are our neighbours, not a number", False),
    Headline("Why words matter when reporting Channel crossings", False),
    Headline("Charities in {town} call for better support for people seeking asylum", False),
    Headline("Destitution is a policy choice, say campaigners", False),
    Headline("The right to work: why people seeking asylum want to contribute", False),
    Headline("New figures show most people crossing the Channel are granted refugee status", False),
    Headline("Opinion: Britain has always been a country of welcome", False),
    Headline("Winter shelters stretched as more people face destitution", False),
    Headline("Channel deaths: sector renews calls for safe routes", False),
    Headline(
        "Rwanda ruling: what happens next for people waiting in hotels",
        False,
        themes=("rwanda",),
        window=(D(2023, 6, 29), D(2024, 7, 6)),
    ),
    Headline(
        "Refugee charities respond to the Illegal Migration Bill",
        False,
        themes=("bill",),
        window=(D(2023, 3, 7), D(2023, 9, 30)),
    ),
    Headline(
        "Charities question plans to house people seeking asylum on former military sites",
        False,
        window=(D(2023, 3, 29), D(2024, 12, 31)),
    ),
    Headline(
        "Homes for Ukraine hosts in {town} on what comes next",
        False,
        themes=("ukraine",),
        window=(D(2022, 3, 18), D(2100, 1, 1)),
    ),
    Headline(
        "Afghan resettlement: families still waiting in bridging hotels",
        False,
        themes=("afghan",),
        window=(D(2021, 9, 1), D(2023, 12, 31)),
    ),
    Headline(
        "After the riots: how {town} came together",
        False,
        themes=("riots",),
        window=(D(2024, 8, 5), D(2024, 12, 31)),
    ),
    Headline(
        "What the new government's asylum plans mean for people waiting",
        False,
        window=(D(2024, 7, 5), D(2100, 1, 1)),
    ),
    Headline(
        "Migrant domestic workers call for the right to change employer",
        False,
        themes=("domestic_workers",),
    ),
    Headline(
        "Refugee Week: events across {town} celebrate new neighbours",
        False,
        themes=("refugee_week",),
    ),
    Headline("International Migrants Day: why community matters", False, themes=("imd",)),
]

# --- What fills a template's blanks -------------------------------------------------------

# Invented first names of the people in the stories, by where they came from. None of
# them is the name of a real storyteller.
NAMES = {
    "Afghan": [
        "Farid",
        "Nadia",
        "Sahar",
        "Jawad",
        "Wahid",
        "Mursal",
        "Shabnam",
        "Rahim",
        "Farzana",
        "Habib",
    ],
    "Iranian": [
        "Dariush",
        "Parisa",
        "Shirin",
        "Behnam",
        "Navid",
        "Roya",
        "Arash",
        "Niloufar",
        "Babak",
    ],
    "Ukrainian": ["Oksana", "Taras", "Iryna", "Mykola", "Olena", "Bohdan", "Halyna"],
    "Syrian": ["Rania", "Yara", "Khaled", "Lina", "Fadi", "Nour"],
    "Eritrean": ["Semhar", "Yonas", "Selam", "Filmon", "Senait", "Tesfay"],
    "Sudanese": ["Mazin", "Awadia", "Tarig", "Hiba", "Osman"],
    "Kurdish": ["Rojin", "Dilan", "Baran", "Shilan", "Rebin"],
    "Filipino": ["Marites", "Joy", "Liza", "Rowena"],
}
HOMES = {
    "Afghan": ("Afghanistan", ["Kabul", "Herat", "Mazar-i-Sharif"]),
    "Iranian": ("Iran", ["Tehran", "Shiraz", "Tabriz"]),
    "Ukrainian": ("Ukraine", ["Kharkiv", "Mariupol", "Odesa"]),
    "Syrian": ("Syria", ["Aleppo", "Homs", "Damascus"]),
    "Eritrean": ("Eritrea", ["Asmara", "Keren"]),
    "Sudanese": ("Sudan", ["Khartoum", "El Fasher"]),
    "Kurdish": ("Iraqi Kurdistan", ["Erbil", "Sulaymaniyah"]),
    "Filipino": ("the Philippines", ["Manila", "Cebu"]),
}
JOBS = [
    "nurse",
    "teacher",
    "engineer",
    "dentist",
    "journalist",
    "pharmacist",
    "chef",
    "footballer",
    "accountant",
    "interpreter",
    "photographer",
    "civil engineer",
    "midwife",
    "electrician",
]
TOWNS = [
    "Stockton-on-Tees",
    "Carlisle",
    "Middlesbrough",
    "Newcastle",
    "Manchester",
    "Liverpool",
    "Glasgow",
    "Cardiff",
    "Leeds",
    "Birmingham",
    "Bradford",
    "Sunderland",
    "Hull",
    "Wakefield",
    "Swansea",
    "Leicester",
    "Coventry",
    "Bolton",
    "Derby",
    "Plymouth",
    "London",
]
