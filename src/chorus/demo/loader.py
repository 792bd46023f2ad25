"""Load the fictional demo data set. Safe to run again: nothing is created twice.

Records are found by their natural keys (usernames, names, a reference in each
demo placement's notes) before anything is created, so a second run only adds what
is missing, such as the placements of the days since the last run. The random
choices are seeded per financial year, so every run, on any machine, draws the same
placements; in 2022/23 they reproduce the seed's figures exactly (177 stories, 115
with lived-experience voices, 120 at mixed-middle outlets).

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import bisect
import datetime
import importlib
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from chorus.accounts.models import User
from chorus.accounts.services import user_create
from chorus.demo import data
from chorus.demo.headlines import HEADLINES, Headline
from chorus.demo.network import load_network
from chorus.demo.roundup_loader import load_roundup
from chorus.demo.social import load_social
from chorus.demo.training import load_training
from chorus.demo.voices_loader import load_voices
from chorus.media.models import AudienceSegment, Campaign, Journalist, Outlet, OutletKind, Placement
from chorus.media.models import PlacementFormat as F
from chorus.media.services import campaign_create, outlet_create
from chorus.people.models import Organisation, Person, Region
from chorus.people.services import organisation_create, person_create, region_get_or_create
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, created_fields

# Stories about an awareness day only appear while its campaign runs.
CAMPAIGN_ONLY_THEMES = frozenset({"imd", "refugee_week", "domestic_workers"})
FIRST_YEAR = 2021  # the demo's first financial year: July 2021 – June 2022
NOTE_PREFIX = "Fictional demo placement, ref "
Log = Callable[[str], None]


@dataclass
class Summary:
    """What one run created, and what it found already there."""

    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, was_created: bool, count: int = 1) -> None:
        for target in (self.created, self.existing):
            target.setdefault(kind, 0)
        target = self.created if was_created else self.existing
        target[kind] += count

    def lines(self) -> list[str]:
        return [
            f"{kind}: {self.created[kind]} created, {self.existing[kind]} already there"
            for kind in self.created
        ]


def load(*, password: str, today: datetime.date | None = None, log: Log = print) -> Summary:
    """Create whatever part of the demo data set is missing, in one transaction."""
    today = today or timezone.localdate()
    summary = Summary()
    with transaction.atomic():
        _ensure_segments()
        users = _load_users(password, summary)
        regions = _load_regions(summary)
        organisations = _load_organisations(regions, summary)
        _load_contacts(organisations, regions, summary)
        outlets = _load_outlets(summary)
        _load_journalists(outlets, summary)
        campaigns = _load_campaigns(summary)
        created = _load_placements(
            today=today,
            outlets=outlets,
            regions=regions,
            campaigns=campaigns,
            author=users["media"],
        )
        summary.add("Placements", True, created)
        already = Placement.objects.filter(notes__startswith=NOTE_PREFIX).count() - created
        summary.add("Placements", False, already)
        load_voices(today=today, users=users, summary=summary)
        load_roundup(today=today, users=users, outlets=outlets, summary=summary)
        load_training(today=today, users=users, summary=summary)
        load_network(today=today, users=users, summary=summary)
        load_social(users=users, summary=summary)
    for line in summary.lines():
        log(line)
    return summary


# --- Directory, staff and the media desk's fixed records ---------------------------------


def _ensure_segments() -> None:
    # A flush empties the table its migration filled; put the same rows back.
    migration = importlib.import_module("chorus.media.migrations.0002_seed_audience_segments")
    for slug, name, description, position in migration.SEGMENTS:
        AudienceSegment.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def _load_users(password: str, summary: Summary) -> dict[str, User]:
    users: dict[str, User] = {}
    for username, role, first, last, _job in data.STAFF:
        user = User.objects.filter(username=username).first()
        summary.add("Staff users", user is None)
        if user is None:
            user = user_create(
                actor=None,
                username=username,
                role=role,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@example.org".lower(),
            )
        users[username] = user
    return users


def _load_regions(summary: Summary) -> dict[tuple[str, str | None], Region]:
    regions: dict[tuple[str, str | None], Region] = {}
    for parent_name, child_name in data.REGIONS:
        if (parent_name, None) not in regions:
            regions[(parent_name, None)] = _region(parent_name, None, summary)
        if child_name:
            regions[(parent_name, child_name)] = _region(
                child_name, regions[(parent_name, None)], summary
            )
    return regions


def _region(name: str, parent: Region | None, summary: Summary) -> Region:
    existed = Region.objects.filter(name__iexact=name, parent=parent).exists()
    summary.add("Regions", not existed)
    return region_get_or_create(name=name, parent=parent)


def _load_organisations(
    regions: dict[tuple[str, str | None], Region], summary: Summary
) -> dict[str, Organisation]:
    organisations: dict[str, Organisation] = {}
    for spec in data.ORGANISATIONS:
        organisation = Organisation.objects.filter(name__iexact=spec.name).first()
        summary.add("Organisations", organisation is None)
        if organisation is None:
            organisation = organisation_create(
                actor=None,
                name=spec.name,
                kind=spec.kind,
                website=spec.website,
                region=regions[spec.region] if spec.region else None,
                notes="Demo data: a real organisation; every person linked to it here is invented.",
            )
        organisations[spec.name] = organisation
    return organisations


def _load_contacts(
    organisations: dict[str, Organisation],
    regions: dict[tuple[str, str | None], Region],
    summary: Summary,
) -> None:
    for full_name, organisation_name, job_title, region in data.CONTACTS:
        exists = Person.objects.filter(full_name=full_name).exists()
        summary.add("Partner contacts", not exists)
        if not exists:
            person_create(
                actor=None,
                full_name=full_name,
                email=_email(full_name),
                organisation=organisations[organisation_name],
                job_title=job_title,
                region=regions[region] if region else None,
            )


def _email(full_name: str) -> str:
    return f"{slugify(full_name).replace('-', '.')}@example.org"


def _load_outlets(summary: Summary) -> dict[str, Outlet]:
    segments = {segment.slug: segment for segment in AudienceSegment.objects.all()}
    outlets: dict[str, Outlet] = {}
    for spec in data.OUTLETS:
        outlet = Outlet.objects.filter(name__iexact=spec.name).first()
        summary.add("Outlets", outlet is None)
        if outlet is None:
            outlet = outlet_create(
                actor=None,
                name=spec.name,
                kind=spec.kind,
                segment=segments[spec.segment],
                domains=list(spec.domains),
            )
        outlets[spec.name] = outlet
    return outlets


def _load_journalists(outlets: dict[str, Outlet], summary: Summary) -> None:
    for full_name, outlet_name, beats in data.JOURNALISTS:
        person = Person.objects.filter(full_name=full_name).first()
        if person is None:
            person = person_create(actor=None, full_name=full_name, email=_email(full_name))
        journalist, created = Journalist.objects.get_or_create(
            person=person, outlet=outlets[outlet_name], defaults={"beats": beats}
        )
        summary.add("Journalists", created)
        if created:
            # No service writes journalists yet; the audit row is written here as one would.
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                instance=journalist,
                changes=created_fields(journalist),
            )


def _load_campaigns(summary: Summary) -> list[tuple[data.CampaignSpec, Campaign]]:
    campaigns = []
    for spec in data.CAMPAIGNS:
        campaign = Campaign.objects.filter(name__iexact=spec.name).first()
        summary.add("Campaigns", campaign is None)
        if campaign is None:
            campaign = campaign_create(
                actor=None,
                name=spec.name,
                hashtag=spec.hashtag,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                description=spec.description,
            )
        campaigns.append((spec, campaign))
    return campaigns


# --- Placements --------------------------------------------------------------------


def year_targets(first_year: int) -> tuple[int, int, int]:
    """(placements, with lived experience, at mixed-middle outlets) for a financial year."""
    return data.YEAR_TARGETS.get(first_year, data.LATER_YEARS)


OUTSIDE_NOTE = "A person with lived experience, quoted through a partner organisation"


@dataclass(frozen=True)
class PlannedPlacement:
    ref: str
    published_on: datetime.date
    outlet: data.OutletSpec
    headline: str
    url: str
    format: str
    features_lived_experience: bool
    campaign: str  # campaign name, or ""
    region: tuple[str, str | None] | None


# Regional work started at different times: Carlisle after the City of Sanctuary
# conference in September 2022, Stockton-on-Tees in 2023.
REGION_STARTS: dict[tuple[str, str | None], datetime.date] = {
    data.NW_CARLISLE: datetime.date(2022, 9, 20),
    data.NE_STOCKTON: datetime.date(2023, 5, 1),
}


def plan_year(first_year: int) -> list[PlannedPlacement]:
    """Every demo placement of the financial year July `first_year` – June the year after.

    Depends on nothing but the year (not on today, not on the database), so the same
    placements come out on every run.
    """
    rng = random.Random(f"chorus-demo-placements-{first_year}")
    total, lived_total, mixed_total = year_targets(first_year)
    start, end = datetime.date(first_year, 7, 1), datetime.date(first_year + 1, 6, 30)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
    dates = _spread(rng, days, [_day_weight(day) for day in days], total)

    # Ambassador programmes bring more first-person stories: lived experience is drawn
    # with extra weight inside them, but the year's total stays exact.
    lived = set(
        _weighted_sample(
            rng, [2.5 if _campaign_on(d, ambassadors=True) else 1.0 for d in dates], lived_total
        )
    )
    mixed = set(rng.sample(range(total), mixed_total))

    planned = []
    for index, day in enumerate(dates):
        outlet = _pick_outlet(rng, day, mixed=index in mixed)
        is_lived = index in lived
        campaign = _campaign_on(day)
        linked = (
            campaign
            if campaign and rng.random() < (0.85 if campaign.ambassadors else 0.6)
            else None
        )
        region = outlet.region or (
            rng.choice([r for r in data.REGIONS if _region_open(r, day)])
            if rng.random() < 0.3
            else None
        )
        fmt = _pick_format(rng, outlet, lived=is_lived)
        headline = _write_headline(
            rng, day, lived=is_lived, fmt=fmt, campaign=linked, region=region
        )
        ref = f"{first_year}-{index + 1:03d}"
        planned.append(
            PlannedPlacement(
                ref=ref,
                published_on=day,
                outlet=outlet,
                headline=headline,
                url=_url(outlet, headline, ref),
                format=fmt,
                features_lived_experience=is_lived,
                campaign=linked.name if linked else "",
                region=region,
            )
        )
    return planned


def _spread(
    rng: random.Random, days: list[datetime.date], weights: list[float], k: int
) -> list[datetime.date]:
    """k days drawn in proportion to their weights, one from each k-th slice of the weight.

    Stratified rather than independent draws: every month gets close to its share, as
    a year of steady work would, while the days themselves stay random.
    """
    cumulative = list(itertools.accumulate(weights))
    step = cumulative[-1] / k
    last = len(days) - 1
    return [
        days[min(last, bisect.bisect_left(cumulative, (i + rng.random()) * step))] for i in range(k)
    ]


def _day_weight(day: datetime.date) -> float:
    weight = 1.0 if day.weekday() < 5 else 0.3
    if (day.month, day.day) >= (12, 23) or (day.month, day.day) <= (1, 2):
        weight *= 0.3  # the holidays are quiet
    elif day.month == 8:
        weight *= 0.8
    campaign = _campaign_on(day)
    if campaign:
        weight *= campaign.boost
    return weight


def _campaign_on(day: datetime.date, *, ambassadors: bool = False) -> data.CampaignSpec | None:
    """The campaign running on this day (counting a few days of coverage after it ends)."""
    running = [
        spec
        for spec in data.CAMPAIGNS
        if spec.starts_on - datetime.timedelta(days=3)
        <= day
        <= spec.ends_on + datetime.timedelta(days=5)
        and (spec.ambassadors or not ambassadors)
    ]
    return max(running, key=lambda spec: spec.boost, default=None)


def _weighted_sample(rng: random.Random, weights: Sequence[float], k: int) -> list[int]:
    # Efraimidis–Spirakis: exactly k distinct indices, heavier ones more likely.
    keys = sorted(((rng.random() ** (1 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [i for _, i in keys[:k]]


def _region_open(region: tuple[str, str | None] | None, day: datetime.date) -> bool:
    return region is None or day >= REGION_STARTS.get(region, datetime.date.min)


def _pick_outlet(rng: random.Random, day: datetime.date, *, mixed: bool) -> data.OutletSpec:
    candidates = [
        spec
        for spec in data.OUTLETS
        if (spec.segment == data.MM) == mixed and _region_open(spec.region, day)
    ]
    return rng.choices(candidates, weights=[spec.weight for spec in candidates])[0]


def _pick_format(rng: random.Random, outlet: data.OutletSpec, *, lived: bool) -> str:
    kind = outlet.kind
    options: dict[str, float]
    if kind == OutletKind.AGENCY:
        options = {F.NEWS_QUOTE: 6, F.INTERVIEW: 2 if lived else 0.5, F.FEATURE: 1}
    elif kind in (OutletKind.TV,):
        options = {F.BROADCAST: 6, F.INTERVIEW: 3, F.NEWS_QUOTE: 0.5 if lived else 3}
    elif kind in (OutletKind.RADIO, OutletKind.PODCAST):
        options = {F.INTERVIEW: 6, F.BROADCAST: 2, F.NEWS_QUOTE: 0.5 if lived else 2}
    elif lived:
        options = {F.FIRST_PERSON: 5, F.INTERVIEW: 3, F.FEATURE: 3}
    else:
        options = {F.NEWS_QUOTE: 5, F.FEATURE: 2, F.OPINION: 2, F.LETTER: 0.6, F.OTHER: 0.4}
    values = list(options)
    return str(rng.choices(values, weights=[options[v] for v in values])[0])


def _write_headline(
    rng: random.Random,
    day: datetime.date,
    *,
    lived: bool,
    fmt: str,
    campaign: data.CampaignSpec | None,
    region: tuple[str, str | None] | None,
) -> str:
    campaign_themes = set(campaign.themes) if campaign else set()
    fitting = [
        h
        for h in HEADLINES
        if h.fits(day, lived=lived)
        and not (set(h.themes) & (CAMPAIGN_ONLY_THEMES - campaign_themes))
    ]
    if fmt == F.LETTER:
        fitting = [h for h in fitting if h.text.startswith("Letter:")] or fitting
    else:
        fitting = [h for h in fitting if not h.text.startswith("Letter:")]
    themed = [h for h in fitting if set(h.themes) & campaign_themes]
    # Topical stories win more often while their topic is in the news.
    pool: list[Headline] = themed if themed and rng.random() < 0.75 else fitting
    weights = [3.0 if h.themes and not themed else 1.0 for h in pool]
    template = rng.choices(pool, weights=weights)[0]

    origin = rng.choice(template.origins or _origins_for(day, campaign))
    country, cities = data.HOMES[origin]
    town = (region[1] or region[0]) if region else None
    values = {
        "name": rng.choice(data.NAMES[origin]),
        "nationality": origin,
        "country": country,
        "city": rng.choice(cities),
        "town": town or rng.choice(data.TOWNS),
        "job": rng.choice(data.JOBS),
        "age": rng.randint(19, 64),
        "months": rng.choice([9, 14, 18, 22, 27, 31]),
    }
    text = template.text.format(**values)
    return text[0].upper() + text[1:]


def _origins_for(day: datetime.date, campaign: data.CampaignSpec | None) -> list[str]:
    if campaign and "domestic_workers" in campaign.themes:
        return ["Filipino"]
    if campaign and "afghan" in campaign.themes:
        return ["Afghan"]
    # Who was in the news changed over the years: Afghans after Kabul fell, Ukrainians
    # after the invasion, Sudanese people after the war began in April 2023.
    origins = ["Afghan", "Afghan", "Iranian", "Iranian", "Syrian", "Eritrean", "Kurdish"]
    if day >= datetime.date(2022, 3, 1):
        origins += ["Ukrainian", "Ukrainian"]
    if day >= datetime.date(2023, 4, 15):
        origins += ["Sudanese", "Sudanese"]
    return origins


def _url(outlet: data.OutletSpec, headline: str, ref: str) -> str:
    if not outlet.host:
        return ""  # broadcast-only outlets: the placement records the programme, not a link
    path = "/".join(
        part for part in (outlet.section, f"{slugify(headline)[:70]}-demo-{ref}") if part
    )
    return f"https://{outlet.host}/{path}"


def _load_placements(
    *,
    today: datetime.date,
    outlets: dict[str, Outlet],
    regions: dict[tuple[str, str | None], Region],
    campaigns: list[tuple[data.CampaignSpec, Campaign]],
    author: User,
) -> int:
    """Bulk-create the planned placements up to today that are not there yet."""
    existing = set(
        Placement.objects.filter(notes__startswith=NOTE_PREFIX).values_list("notes", flat=True)
    )
    campaign_by_name = {spec.name: campaign for spec, campaign in campaigns}
    last_year = today.year if today.month >= 7 else today.year - 1
    new = []
    for first_year in range(FIRST_YEAR, last_year + 1):
        for plan in plan_year(first_year):
            note = f"{NOTE_PREFIX}{plan.ref}."
            if plan.published_on > today or note in existing:
                continue
            new.append(
                Placement(
                    published_on=plan.published_on,
                    outlet=outlets[plan.outlet.name],
                    headline=plan.headline,
                    url=plan.url,
                    format=plan.format,
                    # Lived-experience voices start as people outside the network; the
                    # voices loader then records the storytellers who spoke in some.
                    quotes_outside_network=plan.features_lived_experience,
                    outside_voice_note=OUTSIDE_NOTE if plan.features_lived_experience else "",
                    is_humanising=True,
                    campaign=campaign_by_name.get(plan.campaign),
                    region=regions[plan.region] if plan.region else None,
                    notes=note,
                    created_by=author,
                )
            )
    if new:
        Placement.objects.bulk_create(new, batch_size=500)
        # One summary row instead of one per placement: these were never typed in by anyone.
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="media.placement",
            object_repr=f"{len(new)} demo placements",
            note="demo data",
        )
    return len(new)
