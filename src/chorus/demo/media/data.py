"""The media desk's fixed demo records: outlets, journalists, campaigns, yearly targets.

Outlets and campaigns are real bodies and real events of the sector, named as the
public knows them. Every *person* here (the journalists) is invented: no name of a
real refugee, storyteller or member of staff may appear in this file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from chorus.demo.people.data import NE_STOCKTON, NW_CARLISLE
from chorus.media.models import OutletKind

D = datetime.date

# Every demo placement's notes start with this, then its reference ("2022-017."): the
# loaders find the demo's own placements by it.
NOTE_PREFIX = "Fictional demo placement, ref "


@dataclass(frozen=True)
class OutletSpec:
    name: str
    kind: str
    segment: str
    domains: tuple[str, ...] = ()
    # Where demo links point: "https://{host}/{section}/…". No host: placements get no link.
    host: str = ""
    section: str = "news"
    weight: float = 1.0  # how often the demo places stories here, relative to its segment
    region: tuple[str, str | None] | None = None


MM, SUP, HOST, SPEC = "mixed-middle", "already-supportive", "hostile-leaning", "specialist"
K = OutletKind

OUTLETS = [
    # Mixed middle: the audience the work is for.
    OutletSpec("BBC News", K.TV, MM, ("bbc.co.uk", "bbc.com"), "www.bbc.co.uk", "news", 10),
    OutletSpec("ITV News", K.TV, MM, ("itv.com",), "www.itv.com", "news", 10),
    OutletSpec("Sky News", K.TV, MM, ("news.sky.com",), "news.sky.com", "story", 9),
    OutletSpec("Metro", K.NATIONAL_PRESS, MM, ("metro.co.uk",), "metro.co.uk", "news", 11),
    OutletSpec("Channel 5 News", K.TV, MM, ("channel5.com",), weight=3),
    OutletSpec("BBC Radio 4", K.RADIO, MM, weight=3),
    OutletSpec("BBC Radio 5 Live", K.RADIO, MM, weight=3),
    OutletSpec("Times Radio", K.RADIO, MM, weight=5),
    OutletSpec("LBC", K.RADIO, MM, ("lbc.co.uk",), "www.lbc.co.uk", "news", 4),
    OutletSpec(
        "The Times",
        K.NATIONAL_PRESS,
        MM,
        ("thetimes.co.uk", "thetimes.com"),
        "www.thetimes.com",
        "article",
        3,
    ),
    OutletSpec("The i Paper", K.NATIONAL_PRESS, MM, ("inews.co.uk",), "inews.co.uk", "news", 5),
    OutletSpec(
        "Evening Standard",
        K.REGIONAL_PRESS,
        MM,
        ("standard.co.uk",),
        "www.standard.co.uk",
        "news",
        3,
        ("London", None),
    ),
    OutletSpec(
        "Daily Mirror", K.NATIONAL_PRESS, MM, ("mirror.co.uk",), "www.mirror.co.uk", "news", 4
    ),
    OutletSpec("Yahoo News UK", K.ONLINE, MM, ("uk.news.yahoo.com",), "uk.news.yahoo.com", "", 2),
    OutletSpec("LADbible", K.ONLINE, MM, ("ladbible.com",), "www.ladbible.com", "news", 2),
    OutletSpec("PA Media", K.AGENCY, MM, ("pamediagroup.com",), weight=5),
    OutletSpec("BBC Look North", K.TV, MM, weight=4, region=NE_STOCKTON),
    OutletSpec("ITV News Tyne Tees", K.TV, MM, weight=2, region=("North East", "Newcastle")),
    OutletSpec("BBC Radio Cumbria", K.RADIO, MM, weight=2, region=NW_CARLISLE),
    OutletSpec(
        "The Northern Echo",
        K.REGIONAL_PRESS,
        MM,
        ("thenorthernecho.co.uk",),
        "www.thenorthernecho.co.uk",
        "news",
        4,
        NE_STOCKTON,
    ),
    OutletSpec("Cumberland News", K.REGIONAL_PRESS, MM, weight=3, region=NW_CARLISLE),
    OutletSpec(
        "News & Star",
        K.REGIONAL_PRESS,
        MM,
        ("newsandstar.co.uk",),
        "www.newsandstar.co.uk",
        "news",
        2,
        NW_CARLISLE,
    ),
    OutletSpec(
        "Teesside Live",
        K.REGIONAL_PRESS,
        MM,
        ("gazettelive.co.uk",),
        "www.gazettelive.co.uk",
        "news",
        3,
        NE_STOCKTON,
    ),
    OutletSpec(
        "Chronicle Live",
        K.REGIONAL_PRESS,
        MM,
        ("chroniclelive.co.uk",),
        "www.chroniclelive.co.uk",
        "news",
        3,
        ("North East", "Newcastle"),
    ),
    OutletSpec(
        "Manchester Evening News",
        K.REGIONAL_PRESS,
        MM,
        ("manchestereveningnews.co.uk",),
        "www.manchestereveningnews.co.uk",
        "news",
        3,
        ("North West", "Manchester"),
    ),
    OutletSpec(
        "Liverpool Echo",
        K.REGIONAL_PRESS,
        MM,
        ("liverpoolecho.co.uk",),
        "www.liverpoolecho.co.uk",
        "news",
        2,
        ("North West", "Liverpool"),
    ),
    OutletSpec(
        "The Herald",
        K.REGIONAL_PRESS,
        MM,
        ("heraldscotland.com",),
        "www.heraldscotland.com",
        "news",
        2,
        ("Scotland", "Glasgow"),
    ),
    OutletSpec(
        "WalesOnline",
        K.REGIONAL_PRESS,
        MM,
        ("walesonline.co.uk",),
        "www.walesonline.co.uk",
        "news",
        2,
        ("Wales", "Cardiff"),
    ),
    OutletSpec(
        "Birmingham Mail",
        K.REGIONAL_PRESS,
        MM,
        ("birminghammail.co.uk",),
        "www.birminghammail.co.uk",
        "news",
        1,
        ("West Midlands", "Birmingham"),
    ),
    OutletSpec(
        "Yorkshire Post",
        K.REGIONAL_PRESS,
        MM,
        ("yorkshirepost.co.uk",),
        "www.yorkshirepost.co.uk",
        "news",
        1,
        ("Yorkshire and the Humber", "Leeds"),
    ),
    # Already supportive.
    OutletSpec(
        "The Guardian",
        K.NATIONAL_PRESS,
        SUP,
        ("theguardian.com",),
        "www.theguardian.com",
        "uk-news",
        8,
    ),
    OutletSpec(
        "The Independent",
        K.ONLINE,
        SUP,
        ("independent.co.uk",),
        "www.independent.co.uk",
        "news/uk",
        6,
    ),
    OutletSpec("Big Issue", K.MAGAZINE, SUP, ("bigissue.com",), "www.bigissue.com", "news", 4),
    OutletSpec("Channel 4 News", K.TV, SUP, ("channel4.com",), "www.channel4.com", "news", 4),
    OutletSpec(
        "openDemocracy", K.ONLINE, SUP, ("opendemocracy.net",), "www.opendemocracy.net", "en", 3
    ),
    OutletSpec(
        "HuffPost UK",
        K.ONLINE,
        SUP,
        ("huffingtonpost.co.uk",),
        "www.huffingtonpost.co.uk",
        "entry",
        3,
    ),
    OutletSpec(
        "New Statesman",
        K.MAGAZINE,
        SUP,
        ("newstatesman.com",),
        "www.newstatesman.com",
        "politics",
        1,
    ),
    OutletSpec("Byline Times", K.ONLINE, SUP, ("bylinetimes.com",), "bylinetimes.com", "", 1),
    # Hostile-leaning: rare, and worth it when a real voice gets through.
    OutletSpec(
        "Daily Mail", K.NATIONAL_PRESS, HOST, ("dailymail.co.uk",), "www.dailymail.co.uk", "news", 2
    ),
    OutletSpec("GB News", K.TV, HOST, ("gbnews.com",), "www.gbnews.com", "news", 2),
    OutletSpec(
        "The Telegraph",
        K.NATIONAL_PRESS,
        HOST,
        ("telegraph.co.uk",),
        "www.telegraph.co.uk",
        "news",
        2,
    ),
    OutletSpec(
        "Daily Express", K.NATIONAL_PRESS, HOST, ("express.co.uk",), "www.express.co.uk", "news", 1
    ),
    OutletSpec("The Sun", K.NATIONAL_PRESS, HOST, ("thesun.co.uk",), "www.thesun.co.uk", "news", 1),
    # Specialist audiences.
    OutletSpec("Tortoise", K.PODCAST, SPEC, ("tortoisemedia.com",), "www.tortoisemedia.com", "", 2),
    OutletSpec(
        "Bloomberg", K.ONLINE, SPEC, ("bloomberg.com",), "www.bloomberg.com", "news/articles", 1
    ),
    OutletSpec(
        "The Conversation UK",
        K.ONLINE,
        SPEC,
        ("theconversation.com",),
        "theconversation.com",
        "",
        1,
    ),
    OutletSpec(
        "Third Sector", K.MAGAZINE, SPEC, ("thirdsector.co.uk",), "www.thirdsector.co.uk", "", 1
    ),
    OutletSpec(
        "Civil Society",
        K.ONLINE,
        SPEC,
        ("civilsociety.co.uk",),
        "www.civilsociety.co.uk",
        "news",
        1,
    ),
    OutletSpec(
        "Free Movement", K.ONLINE, SPEC, ("freemovement.org.uk",), "freemovement.org.uk", "", 1
    ),
]

# Invented journalists: full name, outlet, beats.
JOURNALISTS = [
    ("Harriet Quennell", "BBC News", "home affairs, immigration"),
    ("Dev Ramaswamy-Holt", "BBC News", "social affairs"),
    ("Niamh Corrigan-Pike", "ITV News", "home affairs"),
    ("Callum Ashby-Ward", "ITV News", "features, community"),
    ("Priya Lindqvist", "Sky News", "home affairs, politics"),
    ("Owen Trevaskis", "Sky News", "documentaries"),
    ("Freya Makinde", "Metro", "first-person, features"),
    ("Marcus Edevane", "Metro", "news"),
    ("Imogen Strachan-Bell", "Times Radio", "producer, afternoon programme"),
    ("Rhys Penhaligon", "The i Paper", "immigration, politics"),
    ("Saoirse Dunleavy", "The Guardian", "migration, human rights"),
    ("Jonah Whitcombe", "The Independent", "home affairs"),
    ("Leila Forsyth-Amadi", "Big Issue", "social justice, features"),
    ("Fergus Blackwood-Eze", "PA Media", "home affairs"),
    ("Anika Thornbury", "Channel 4 News", "investigations"),
    ("Bethan Carwardine", "BBC Look North", "North East, community"),
    ("Kwame Hollingsworth", "The Northern Echo", "Teesside, politics"),
    ("Isla Renshaw", "Cumberland News", "Carlisle, community"),
    ("Tobias Kettering", "The Telegraph", "home affairs"),
    ("Maud Achterberg", "Tortoise", "newsroom, podcasts"),
    ("Ciaran Blakemore", "Bloomberg", "UK economy, labour market"),
    ("Esme Varga-Lowe", "openDemocracy", "borders, investigations"),
    ("Hamish Okafor-Reid", "Daily Mail", "home affairs"),
    ("Rosalind Pemberton-Shah", "GB News", "politics"),
    ("Gethin Marlowe", "WalesOnline", "Wales, communities"),
    ("Yasmin Colborne", "Manchester Evening News", "Greater Manchester, housing"),
    ("Nathaniel Osei-Bright", "LBC", "producer, phone-ins"),
    ("Clemency Hartigan", "BBC Radio 4", "producer, documentaries"),
    ("Ravi Dunstable", "Teesside Live", "Teesside"),
    ("Orla Fenwick-Mayo", "HuffPost UK", "life, first-person"),
]


@dataclass(frozen=True)
class CampaignSpec:
    name: str
    hashtag: str
    starts_on: datetime.date
    ends_on: datetime.date
    description: str
    # How much more coverage lands while it runs (ambassador programmes bring a lot).
    boost: float = 2.0
    ambassadors: bool = False
    themes: tuple[str, ...] = field(default=())


CAMPAIGNS = [
    CampaignSpec(
        "International Migrants Day 2021",
        "#MigrantsDay",
        D(2021, 12, 6),
        D(2021, 12, 19),
        "Ambassadors for International Migrants Day, 18 December.",
        2.4,
        True,
        ("imd",),
    ),
    CampaignSpec(
        "Refugee Week 2022: Healing",
        "#RefugeeWeek2022",
        D(2022, 6, 13),
        D(2022, 6, 26),
        "Refugee Week ambassadors on the theme of Healing.",
        3.0,
        True,
        ("refugee_week",),
    ),
    CampaignSpec(
        "#StoriesFromAfghanistan",
        "#StoriesFromAfghanistan",
        D(2022, 8, 8),
        D(2022, 8, 28),
        "One year on from the fall of Kabul: Afghan voices on Human Journeys and in the press.",
        2.5,
        False,
        ("afghan",),
    ),
    CampaignSpec(
        "Safe routes",
        "#SafeRoutesSaveLives",
        D(2022, 11, 1),
        D(2023, 1, 31),
        "Messages on safe routes, tested with mixed-middle focus groups.",
        1.3,
        False,
        ("safe_routes",),
    ),
    CampaignSpec(
        "International Migrants Day 2022: Community",
        "#MigrantsDay",
        D(2022, 12, 5),
        D(2022, 12, 20),
        "Seven ambassadors on the theme of Community, with IOM UK.",
        2.4,
        True,
        ("imd",),
    ),
    CampaignSpec(
        "#UnheardVoices",
        "#UnheardVoices",
        D(2023, 2, 20),
        D(2023, 3, 24),
        "The hidden voices of migrant domestic workers, with The Voice of Domestic Workers "
        "and Sound Delivery.",
        1.5,
        False,
        ("domestic_workers",),
    ),
    CampaignSpec(
        "#RefugeeBanBill",
        "#RefugeeBanBill",
        D(2023, 3, 7),
        D(2023, 7, 20),
        "Responding to the Illegal Migration Bill with the voices of people it would affect.",
        1.4,
        False,
        ("bill",),
    ),
    CampaignSpec(
        "Refugee Week 2023: Compassion",
        "#RefugeeWeek2023",
        D(2023, 6, 12),
        D(2023, 6, 25),
        "Eight ambassadors on the theme of Compassion.",
        3.0,
        True,
        ("refugee_week",),
    ),
    CampaignSpec(
        "International Migrants Day 2023",
        "#MigrantsDay",
        D(2023, 12, 4),
        D(2023, 12, 19),
        "Ambassadors for International Migrants Day, with IOM UK.",
        2.4,
        True,
        ("imd",),
    ),
    CampaignSpec(
        "Refugee Week 2024: Our Home",
        "#RefugeeWeek2024",
        D(2024, 6, 10),
        D(2024, 6, 23),
        "Refugee Week ambassadors on the theme of Our Home.",
        3.0,
        True,
        ("refugee_week",),
    ),
    CampaignSpec(
        "International Migrants Day 2024",
        "#MigrantsDay",
        D(2024, 12, 2),
        D(2024, 12, 19),
        "Ambassadors for International Migrants Day.",
        2.4,
        True,
        ("imd",),
    ),
    CampaignSpec(
        "Refugee Week 2025: Community as a Verb",
        "#RefugeeWeek2025",
        D(2025, 6, 9),
        D(2025, 6, 22),
        "Refugee Week ambassadors on the theme of Community as a Verb.",
        3.0,
        True,
        ("refugee_week",),
    ),
    CampaignSpec(
        "International Migrants Day 2025",
        "#MigrantsDay",
        D(2025, 12, 1),
        D(2025, 12, 19),
        "Ambassadors for International Migrants Day.",
        2.4,
        True,
        ("imd",),
    ),
    CampaignSpec(
        "Refugee Week 2026",
        "#RefugeeWeek2026",
        D(2026, 6, 8),
        D(2026, 6, 21),
        "Refugee Week ambassadors.",
        3.0,
        True,
        ("refugee_week",),
    ),
]

# How many placements each financial year (by its first year), how many of them feature
# a lived-experience voice, and how many are at mixed-middle outlets. 2022/23 is the
# seed's year: 177 stories, 65% lived experience, 68% mixed middle.
YEAR_TARGETS = {
    2021: (152, 94, 99),
    2022: (177, 115, 120),
    2023: (191, 128, 127),
    2024: (203, 136, 140),
    2025: (209, 142, 146),
}
LATER_YEARS = (214, 147, 150)
