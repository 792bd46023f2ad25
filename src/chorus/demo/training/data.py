"""The training demo's fixed records: invented names, trainers, clients and class sizes."""

import datetime

FIRST = [
    "Maren", "Tobin", "Priya", "Callum", "Ines", "Rowan", "Delphine", "Kwame", "Harriet",
    "Oskar", "Leonie", "Tariq", "Bronwen", "Emeka", "Saoirse", "Lukas", "Nadia", "Fergus",
    "Ottilie", "Ravi",
]  # fmt: skip
LAST = [
    "Holloway", "Achterberg", "Quist", "Penrose", "Varga", "Ellery", "Marchetti", "Oduya",
    "Lindqvist", "Thwaite",
]  # fmt: skip
PSEUDONYMS = [
    "Sun", "River", "Cedar", "Falcon", "Willow", "Harbour", "Lantern", "Meadow", "Orchard",
    "Pebble", "Quill", "Rowan-Tree", "Sparrow", "Thistle", "Umber", "Vale",
]  # fmt: skip
SPEAKERS = [
    "a BBC News home affairs producer", "a Guardian data journalist", "an ITV News planner",
    "a PA Media reporter", "a Metro opinion editor", "a local radio presenter",
    "a podcast producer", "a press officer from a national charity", "a Sky News correspondent",
    "a regional newspaper editor", "a fact-checker", "a social media editor",
]  # fmt: skip
NEW_CLIENTS = [
    "Kirkbride Migrant Support (demo)", "Tyneside Welcome Hub (demo)",
    "Wearside Sanctuary Network (demo)", "Pennine Refugee Forum (demo)",
    "Severn Migrant Advice (demo)", "Fenland New Neighbours (demo)",
    "Clyde Welcome Project (demo)", "Ouse Valley Sanctuary (demo)",
    "Mersey Refugee Law Centre (demo)", "Solent Migrant Voice (demo)",
    "Humber Welcome Partnership (demo)",
]  # fmt: skip
EXISTING_CLIENTS = [
    "Refugee Action", "Refugee Council", "Doctors of the World UK", "NACCOM", "Praxis",
    "Migration Exchange", "Counterpoints Arts", "British Future", "IOM UK",
    "Roma Support Group", "Sound Delivery", "The Voice of Domestic Workers", "Asylum Matters",
    "City of Sanctuary UK",
]  # fmt: skip
# Sector masterclasses of 2022/23: 20 named each, consecutive classes share 4 people,
# so 100 distinct people; plus people counted at the door.
SECTOR_MASTERCLASSES = [
    (datetime.date(2022, 7, 12), "Getting your story into the news", 17),
    (datetime.date(2022, 9, 20), "Working with broadcast journalists", 17),
    (datetime.date(2022, 11, 8), "Writing a press release that gets read", 17),
    (datetime.date(2023, 1, 24), "Social media for campaigns", 17),
    (datetime.date(2023, 3, 14), "Responding to hostile coverage", 16),
    (datetime.date(2023, 5, 16), "Framing migration for the mixed middle", 16),
]
LIVED_EXPERIENCE_MASTERCLASSES = [
    (datetime.date(2022, 10, 11), "Farsi", "Farsi interpreter"),
    (datetime.date(2023, 4, 18), "Arabic", "Arabic interpreter"),
]
BESPOKE_SIZES = [10, 11, 9, 12, 10, 10, 11, 10, 9, 12, 10, 11, 10, 10, 14]  # twice: 318
