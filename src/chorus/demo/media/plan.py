"""The demo placements, planned year by year: when, where, in what format, under what headline.

Depends on nothing but the financial year (not on today, not on the database), so
every run, on any machine, draws the same placements; in 2022/23 they reproduce the
seed's figures exactly (177 stories, 115 with lived-experience voices, 120 at
mixed-middle outlets).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import slugify

from chorus.demo.media import data
from chorus.demo.media.headlines import HEADLINES, HOMES, JOBS, NAMES, TOWNS, Headline
from chorus.demo.people import data as people_data
from chorus.media.models import OutletKind
from chorus.media.models import PlacementFormat as F

# Stories about an awareness day only appear while its campaign runs.
CAMPAIGN_ONLY_THEMES = frozenset({"imd", "refugee_week", "domestic_workers"})


def year_targets(first_year: int) -> tuple[int, int, int]:
    """(placements, with lived experience, at mixed-middle outlets) for a financial year."""
    return data.YEAR_TARGETS.get(first_year, data.LATER_YEARS)


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
    people_data.NW_CARLISLE: datetime.date(2022, 9, 20),
    people_data.NE_STOCKTON: datetime.date(2023, 5, 1),
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
            rng.choice([r for r in people_data.REGIONS if _region_open(r, day)])
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
    country, cities = HOMES[origin]
    town = (region[1] or region[0]) if region else None
    values = {
        "name": rng.choice(NAMES[origin]),
        "nationality": origin,
        "country": country,
        "city": rng.choice(cities),
        "town": town or rng.choice(TOWNS),
        "job": rng.choice(JOBS),
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
