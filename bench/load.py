"""Fill a freshly migrated Chorus database with a large, invented data set.

Run by bench/run.py in a subprocess whose environment points Django at the
throwaway benchmark database; not meant to be run by hand against real data
(it refuses to touch a database that already holds people or placements).

    python bench/load.py --people 100000 --placements 10000 --start 2021-07-01 \
        --end 2026-11-22 --username bench-coordinator --password ...

Prints one JSON object on the last line of its output: row counts and seconds taken.
Every name here is invented; a fixed seed makes the data the same on every run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from collections.abc import Sequence

SEED = 20260701
BATCH = 2000

FIRST_NAMES = (
    "Amara Aisha Ali Amir Ana Anh Aziz Bashir Chen Dana Daniel Dawit Elena Emma Fatima Farah "
    "Grace Hana Hassan Ibrahim Ines Isaac Jamal Jana Joseph Kemi Khalid Lena Leila Lucas Maria "
    "Mariam Mohammed Nadia Nour Olena Omar Priya Rahel Rania Samir Sara Selam Tariq Thomas Yara "
    "Yusuf Zainab Zoe Ahmed Bilal Carlos Diana Eritrea Hamid Joy Kofi Marta Noah Ruth Sami"
).split()
LAST_NAMES = (
    "Abebe Ahmadi Akhtar Ali Bakr Barzani Begum Bianchi Chowdhury Costa Da Silva Diallo Evans "
    "Farah Fernandes Haddad Hussain Ibrahim Jones Kaur Khan Kovalenko Lee Mahmoud Mensah Mohamud "
    "Nguyen Novak Okafor Osman Patel Popescu Qureshi Rahman Rossi Said Santos Shevchenko Singh "
    "Smith Tesfaye Wang Williams Yilmaz Yusuf Zaman Brown Clarke Hughes Murphy Taylor Walker"
).split()
JOB_TITLES = [
    "",
    "",
    "Reporter",
    "Home affairs correspondent",
    "Producer",
    "Editor",
    "Freelance journalist",
    "Storyteller",
    "Volunteer",
    "Campaigns officer",
    "Caseworker",
    "Trustee",
    "Programme manager",
    "Community organiser",
    "Researcher",
]
ORG_WORDS = (
    "Refugee Migrant Welcome Sanctuary Community Action Voices Bridge Haven Together Future "
    "Open Door Hope Unity Horizon Compass Harbour Anchor Rights Justice Network Alliance"
).split()
MASTHEADS = ["Gazette", "Echo", "Chronicle", "Herald", "Post", "Courier", "Radio", "Live", "Voice"]
ORG_SUFFIXES = [
    "Project",
    "Trust",
    "Network",
    "Forum",
    "Group",
    "Foundation",
    "Centre",
    "Collective",
]
REGION_TREE = {
    "North East": ["Newcastle", "Stockton-on-Tees", "Sunderland"],
    "North West": ["Manchester", "Liverpool", "Bolton"],
    "Yorkshire": ["Leeds", "Sheffield", "Bradford"],
    "Midlands": ["Birmingham", "Leicester", "Nottingham"],
    "London": ["Hackney", "Croydon"],
    "Scotland": ["Glasgow"],
}
OUTLET_KINDS = [
    "national_press",
    "regional_press",
    "tv",
    "radio",
    "online",
    "magazine",
    "agency",
    "podcast",
]
# How outlets spread across audience segments (slugs seeded by a migration).
SEGMENT_WEIGHTS = {
    "mixed-middle": 40,
    "already-supportive": 20,
    "hostile-leaning": 15,
    "specialist": 15,
    "unknown": 10,
}
FORMAT_WEIGHTS = {
    "news_quote": 30,
    "interview": 20,
    "feature": 15,
    "first_person": 10,
    "broadcast": 10,
    "opinion": 8,
    "letter": 4,
    "other": 3,
}
TOPICS = [
    "asylum",
    "refugee",
    "migration",
    "visa",
    "family reunion",
    "resettlement",
    "the NHS",
    "work",
    "housing",
    "community",
    "citizenship",
    "English classes",
]
HEADLINES = [
    "'I just wanted to be safe': one family's story of {topic}",
    "How {place} is changing the conversation on {topic}",
    "Why {topic} matters to {place}",
    "{name} on rebuilding a life through {topic}",
    "The volunteers behind {place}'s welcome",
    "New figures on {topic} in {place}",
    "Opinion: we need a fairer approach to {topic}",
    "Meet the {place} team supporting people with {topic}",
    "{name}: 'My neighbours made {place} home'",
    "Letters: {topic} and our shared future",
]
CAMPAIGN_THEMES = [
    "Together with Refugees",
    "Welcome Week",
    "Families Together",
    "Lift the Ban",
    "Sanctuary Summer",
    "Voices of Home",
    "Fair Visas",
    "Refugee Week",
    "Safe Routes",
    "Neighbours",
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load invented benchmark data.")
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--placements", type=int, required=True)
    parser.add_argument("--start", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--end", type=datetime.date.fromisoformat, required=True)
    parser.add_argument("--storytellers", type=int, default=5000)
    parser.add_argument("--outreach", type=int, default=5000)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chorus.settings")
    import django

    django.setup()

    started = time.perf_counter()
    counts = load(
        people=args.people,
        placements=args.placements,
        start=args.start,
        end=args.end,
        username=args.username,
        password=args.password,
    )
    counts.update(load_storytellers(count=args.storytellers, password=args.password))
    counts.update(load_network(outreach=args.outreach))
    loaded = time.perf_counter()
    analyse()
    finished = time.perf_counter()
    summary = {
        "counts": counts,
        "load_seconds": round(loaded - started, 2),
        "analyse_seconds": round(finished - loaded, 2),
    }
    print(json.dumps(summary))
    return 0


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load(
    *,
    people: int,
    placements: int,
    start: datetime.date,
    end: datetime.date,
    username: str,
    password: str,
) -> dict[str, int]:
    from django.db import transaction

    from chorus.accounts.models import User
    from chorus.accounts.roles import Role
    from chorus.media.models import (
        AudienceSegment,
        Campaign,
        Journalist,
        Outlet,
        OutletDomain,
        Placement,
    )
    from chorus.people.models import Organisation, OrganisationKind, Person, Region

    if Person.objects.exists() or Placement.objects.exists():
        raise SystemExit("This database already holds data: the benchmark loads only empty ones.")

    rng = random.Random(SEED)
    n_orgs = max(people // 50, 100)
    n_outlets = 60
    n_campaigns = 30

    with transaction.atomic():
        # The measuring user: a co-ordinator, whose role needs no second factor.
        user = User(username=username, role=Role.COORDINATOR, first_name="Bench", last_name="User")
        user.set_password(password)
        user.save()

        # Regions: six parents and their places, 21 in all.
        parents = Region.objects.bulk_create([Region(name=name) for name in REGION_TREE])
        children = Region.objects.bulk_create(
            [
                Region(name=child, parent=parent)
                for parent in parents
                for child in REGION_TREE[parent.name]
            ]
        )
        regions = parents + children

        # Outlets: invented mastheads, each published by a media organisation.
        mastheads = [f"The {region.name} {title}" for region in regions for title in MASTHEADS]
        outlet_names = rng.sample(mastheads, min(n_outlets, len(mastheads)))
        org_rows = [
            Organisation(name=f"{name} Media Group", kind=OrganisationKind.MEDIA)
            for name in outlet_names
        ]
        # Other organisations: charities, funders, networks…
        org_names = {o.name.lower() for o in org_rows}
        while len(org_rows) < n_orgs:
            index = len(org_rows)
            name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)} {rng.choice(ORG_SUFFIXES)}"
            if name.lower() in org_names:
                name = f"{name} {index}"
            org_names.add(name.lower())
            org_rows.append(
                Organisation(
                    name=name,
                    kind=rng.choice(list(OrganisationKind)),
                    website=f"https://org{index}.example.org/",
                    region=rng.choice(regions) if rng.random() < 0.7 else None,
                    notes="" if rng.random() < 0.8 else "Met at a regional network meeting.",
                )
            )
        orgs = Organisation.objects.bulk_create(org_rows, batch_size=BATCH)

        segments = {s.slug: s for s in AudienceSegment.objects.all()}
        segment_weights = {slug: w for slug, w in SEGMENT_WEIGHTS.items() if slug in segments}
        outlets = Outlet.objects.bulk_create(
            [
                Outlet(
                    name=name,
                    kind=rng.choice(OUTLET_KINDS),
                    segment=segments[_weighted(rng, segment_weights)],
                    reach_estimate=rng.randrange(5_000, 5_000_000) if rng.random() < 0.7 else None,
                    reach_source=rng.choice(["", "Ofcom 2024", "Publisher media pack"]),
                    needs_segment_review=rng.random() < 0.05,
                    organisation=org,
                )
                for name, org in zip(outlet_names, orgs, strict=False)
            ]
        )
        domains = OutletDomain.objects.bulk_create(
            [
                OutletDomain(outlet=outlet, domain=f"{host}{i}.example.com")
                for i, outlet in enumerate(outlets)
                for host in (["news"] if i % 3 else ["news", "www.news-mobile"])
            ]
        )

        campaigns: list[Campaign] = []
        span_days = (end - start).days
        for i in range(n_campaigns):
            starts = start + datetime.timedelta(days=rng.randrange(max(span_days, 1)))
            campaigns.append(
                Campaign(
                    name=f"{CAMPAIGN_THEMES[i % len(CAMPAIGN_THEMES)]} {starts.year} #{i}",
                    hashtag=f"#{CAMPAIGN_THEMES[i % len(CAMPAIGN_THEMES)].replace(' ', '')}{i}",
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=rng.randrange(14, 120)),
                    description="An invented campaign for the benchmark.",
                )
            )
        campaigns = Campaign.objects.bulk_create(campaigns)

        person_rows: list[Person] = []
        for i in range(people):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            person_rows.append(
                Person(
                    full_name=f"{first} {last}",
                    email=f"{first}.{last}.{i}@example.org".lower() if rng.random() < 0.8 else "",
                    phone=f"07700 9{rng.randrange(10_000, 99_999)}" if rng.random() < 0.4 else "",
                    organisation=rng.choice(orgs) if rng.random() < 0.6 else None,
                    job_title=rng.choice(JOB_TITLES),
                    region=rng.choice(regions) if rng.random() < 0.7 else None,
                    notes="" if rng.random() < 0.9 else "Prefers contact by email.",
                )
            )
        Person.objects.bulk_create(person_rows, batch_size=BATCH)
        person_ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))

        # About one person in seventy is a journalist at one of the outlets.
        journalist_people = rng.sample(person_ids, min(len(person_ids), max(people // 70, 1)))
        journalists = [
            Journalist(
                person_id=pid,
                outlet=rng.choice(outlets),
                beats=rng.choice(
                    ["home affairs", "politics, home affairs", "community", "health", ""]
                ),
                is_current=rng.random() < 0.85,
            )
            for pid in journalist_people
        ]
        Journalist.objects.bulk_create(journalists, batch_size=BATCH)

        # Placements: more in later years (the desk grows), weighted towards
        # mixed-middle outlets, a third with a lived-experience voice.
        outlet_domain = {o.pk: f"news{i}.example.com" for i, o in enumerate(outlets)}
        outlet_weights = [4 if o.segment.slug == "mixed-middle" else 2 for o in outlets]
        placement_rows: list[Placement] = []
        for i in range(placements):
            day = start + datetime.timedelta(days=int(span_days * rng.random() ** 0.8))
            outlet = rng.choices(outlets, weights=outlet_weights)[0]
            fmt = _weighted(rng, FORMAT_WEIGHTS)
            place = rng.choice(regions)
            headline = rng.choice(HEADLINES).format(
                topic=rng.choice(TOPICS),
                place=place.name,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            )
            campaign = rng.choice(campaigns) if rng.random() < 0.45 else None
            domain = outlet_domain[outlet.pk]
            placement_rows.append(
                Placement(
                    published_on=day,
                    outlet=outlet,
                    headline=headline,
                    url=f"https://{domain}/{day:%Y/%m}/story-{i}" if rng.random() < 0.9 else "",
                    format=fmt,
                    # Lived experience quoted from outside the network (the network's own
                    # storytellers would be recorded uses of their story).
                    quotes_outside_network=(
                        lived := fmt in {"first_person", "interview"} or rng.random() < 0.2
                    ),
                    outside_voice_note="A person quoted in the piece" if lived else "",
                    is_humanising=rng.random() < 0.8,
                    campaign=campaign,
                    region=place if rng.random() < 0.6 else None,
                    notes="" if rng.random() < 0.85 else "Followed up with the producer.",
                    created_by=user if rng.random() < 0.3 else None,
                )
            )
        Placement.objects.bulk_create(placement_rows, batch_size=BATCH)

    return {
        "people": people,
        "organisations": len(orgs),
        "regions": len(regions),
        "outlets": len(outlets),
        "outlet_domains": len(domains),
        "journalists": len(journalists),
        "campaigns": len(campaigns),
        "placements": placements,
    }


SAFEGUARDING_USERNAME = "bench-safeguarding"
LANGUAGES = ["English", "Farsi", "Dari", "Pashto", "Arabic", "Kurdish", "Tigrinya", "Ukrainian"]


def load_storytellers(*, count: int, password: str) -> dict[str, object]:
    """Storytellers with encrypted details, languages, themes and a consent each.

    Also creates the safeguarding lead who measures the list: their role needs a
    second factor, so a TOTP authenticator is made and its secret handed back.
    """
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import transaction

    from chorus.accounts.models import User
    from chorus.accounts.roles import Role
    from chorus.people.models import Person, Region
    from chorus.voices.models import (
        Consent,
        StorytellerLanguage,
        StorytellerProfile,
        Theme,
    )

    rng = random.Random(SEED + 1)
    regions = list(Region.objects.all())
    themes = list(Theme.objects.all())
    with transaction.atomic():
        lead = User(username=SAFEGUARDING_USERNAME, role=Role.SAFEGUARDING_LEAD)
        lead.set_password(password)
        lead.save()
        secret = generate_totp_secret()
        TOTP.activate(lead, secret)

        people = Person.objects.bulk_create(
            [Person(full_name=f"Storyteller S-{i:05d}") for i in range(1, count + 1)],
            batch_size=BATCH,
        )
        profiles = StorytellerProfile.objects.bulk_create(
            [
                StorytellerProfile(
                    person=person,
                    reference=f"S-{i:05d}",
                    legal_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    name_in_media=rng.choice(["first_name", "pseudonym", "anonymous"]),
                    media_name=rng.choice(FIRST_NAMES),
                    contact_details=f"07700 9{rng.randrange(10**5):05d}",
                    country_of_origin=rng.choice(
                        ["Afghanistan", "Iran", "Eritrea", "Syria", "Ukraine"]
                    ),
                    story_notes="Invented benchmark notes about an invented person.",
                    region=rng.choice(regions),
                    media_training_done=rng.random() < 0.6,
                    experience=rng.choice(["new", "some", "experienced"]),
                    is_available=rng.random() < 0.8,
                )
                for i, person in enumerate(people, start=1)
            ],
            batch_size=BATCH,
        )
        StorytellerLanguage.objects.bulk_create(
            [
                StorytellerLanguage(storyteller=profile, language=language, level="fluent")
                for profile in profiles
                for language in rng.sample(LANGUAGES, rng.randint(1, 3))
            ],
            batch_size=BATCH,
        )
        through = StorytellerProfile.themes.through
        through.objects.bulk_create(
            [
                through(storytellerprofile_id=profile.pk, theme_id=theme.pk)
                for profile in profiles
                for theme in rng.sample(themes, 2)
            ],
            batch_size=BATCH,
        )
        Consent.objects.bulk_create(
            [
                Consent(
                    storyteller=profile,
                    given_on=datetime.date(2024, 1, 1),
                    how="written",
                    media_types=["print", "online", "broadcast"],
                    identity_level=rng.choice(["anonymous", "pseudonym", "first_name"]),
                )
                for profile in profiles
            ],
            batch_size=BATCH,
        )
    return {"storytellers": count, "totp_secret": secret}


OUTREACH_TITLES = [
    "Regional network meeting",
    "Conference on asylum support",
    "Introduction from a partner",
    "Referral from a drop-in",
    "Meeting with local charities",
    "Community event",
]


def load_network(*, outreach: int) -> dict[str, int]:
    """Partners in every region, monthly group counts and an outreach log with chains.

    Two in five entries follow from an earlier one; a few led to a storyteller, many
    to placements; each names one to three people and up to two organisations. Half
    the log is in the North East (the region page measured), as outreach clusters.
    """
    from django.db import transaction

    from chorus.media.models import Placement
    from chorus.network.models import (
        MemberSnapshot,
        OutreachEntry,
        OutreachKind,
        OutreachLead,
        Partner,
        PartnerKind,
    )
    from chorus.people.models import Organisation, Person, Region
    from chorus.voices.models import StorytellerProfile

    rng = random.Random(SEED + 7)
    regions = list(Region.objects.order_by("pk"))
    north_east = [r for r in regions if r.name == "North East" or r.parent_id == regions[0].pk]
    org_ids = list(Organisation.objects.values_list("pk", flat=True)[:3000])
    people = list(
        Person.objects.filter(storyteller__isnull=True).values_list("pk", flat=True)[:20000]
    )
    placements = list(Placement.objects.values_list("pk", flat=True))
    storytellers = list(StorytellerProfile.objects.values_list("pk", flat=True)[:500])
    with transaction.atomic():
        partners = []
        used: set[tuple[int, int]] = set()
        for region in regions:
            for org in rng.sample(org_ids, 10):
                if (org, region.pk) in used:
                    continue
                used.add((org, region.pk))
                partners.append(
                    Partner(
                        organisation_id=org,
                        region=region,
                        kind=rng.choice(list(PartnerKind)),
                        contact_id=rng.choice(people),
                    )
                )
        Partner.objects.bulk_create(partners, batch_size=BATCH)
        MemberSnapshot.objects.bulk_create(
            [
                MemberSnapshot(
                    taken_on=datetime.date(2016 + m // 12, m % 12 + 1, 28), members=300 + 9 * m
                )
                for m in range(120)
            ]
        )
        entries = []
        for i in range(outreach):
            region = rng.choice(north_east) if rng.random() < 0.5 else rng.choice(regions)
            entries.append(
                OutreachEntry(
                    kind=rng.choice(list(OutreachKind)),
                    happened_on=datetime.date(2019, 1, 1)
                    + datetime.timedelta(days=int(2400 * i / outreach)),
                    title=f"{rng.choice(OUTREACH_TITLES)} #{i}",
                    region=region if rng.random() < 0.9 else None,
                    introduced_by_id=rng.choice(people) if rng.random() < 0.5 else None,
                    storyteller_id=rng.choice(storytellers)
                    if storytellers and rng.random() < 0.05
                    else None,
                    notes="Invented notes for the benchmark." if rng.random() < 0.5 else "",
                )
            )
        entries = OutreachEntry.objects.bulk_create(entries, batch_size=BATCH)
        for index, entry in enumerate(entries):
            if index > 10 and rng.random() < 0.4:
                entry.led_from_id = entries[rng.randrange(max(0, index - 50), index)].pk
        OutreachEntry.objects.bulk_update(entries, ["led_from"], batch_size=BATCH)
        people_rows, org_rows, placement_rows, leads = [], [], [], []
        people_through = OutreachEntry.people.through
        orgs_through = OutreachEntry.organisations.through
        placements_through = OutreachEntry.placements.through
        for entry in entries:
            for pid in rng.sample(people, rng.randint(1, 3)):
                people_rows.append(people_through(outreachentry_id=entry.pk, person_id=pid))
            for oid in rng.sample(org_ids, rng.randint(0, 2)):
                org_rows.append(orgs_through(outreachentry_id=entry.pk, organisation_id=oid))
            if placements and rng.random() < 0.3:
                for plid in rng.sample(placements, rng.randint(1, 3)):
                    placement_rows.append(
                        placements_through(outreachentry_id=entry.pk, placement_id=plid)
                    )
            if rng.random() < 0.05:
                leads.append(OutreachLead(entry=entry, kind="training_session", label="A day"))
        people_through.objects.bulk_create(people_rows, batch_size=BATCH)
        orgs_through.objects.bulk_create(org_rows, batch_size=BATCH)
        placements_through.objects.bulk_create(placement_rows, batch_size=BATCH)
        OutreachLead.objects.bulk_create(leads, batch_size=BATCH)
    return {"partners": len(partners), "outreach_entries": len(entries)}


def analyse() -> None:
    """Refresh planner statistics, as autovacuum would on a live PostgreSQL database.

    SQLite gets nothing: a real Chorus SQLite database never has ANALYZE run on it,
    so the benchmark measures it in that state.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    sys.exit(main())
