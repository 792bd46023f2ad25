"""Benchmark: end-to-end ingestion of round-up feed items into a database, in-process.

    .venv/bin/python bench/monitoring_ingest.py [--database-url URL] [--stories 600] [--per-feed 50]
        [--profile]

Goal on the 2-core machine: at least 5 stories/s sustained.

Builds a throwaway database (SQLite in a temporary folder by default, or the local
PostgreSQL database named in --database-url, which must contain "bench" and is dropped),
migrated in this process with bench/run.py's production-like environment, and eight
sources. Then generates invented feed items with a fixed seed, in the style of UK
migration news: reports of one event by several outlets in their own words (same-story
groups), wire copies and updated versions of earlier items (near-copies), items a later
poll of the same feed brings again (same link), and news that has nothing to do with
migration. The items are handed to `chorus.monitoring.services.ingest.store_items`, one fetch of one
feed at a time and in order of time, as polling does: each item is normalised, checked
against the database (link, guid, headline, MinHash band keys), embedded and clustered
against the stories of the last four days, classified and stored.

Prints stories/s over the whole run after the first (warm-up) fetch, which also loads
the embedding model (timed apart), p50/p95 ms per story by kind of item, the time spent
in each stage (sentence embedding, other features, normalising, classification, story
assignment, SQL, the rest), and PASS/FAIL against the goal. `--profile` also runs the
timed fetches under cProfile and prints the ten functions with the most own time (the
timings are then inflated). Figures are written to bench/results/roundup-ingest-<engine>.json.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import functools
import io
import json
import math
import os
import platform
import pstats
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from run import (
    RESULTS_DIR,
    git_commit,
    percentile,
    print_rows,
    run_in_django,
)

SEED = 20261122
GOAL_PER_SECOND = 5.0

# --- Invented news ------------------------------------------------------------------------

SOURCES = [
    ("BBC News – UK", "www.bbc.co.uk", "national_press"),
    ("The Guardian – UK news", "www.theguardian.com", "national_press"),
    ("ITV News", "www.itv.com", "tv"),
    ("The Independent", "www.independent.co.uk", "national_press"),
    ("Sky News", "news.sky.com", "tv"),
    ("Kent Online", "www.kentonline.co.uk", "regional_press"),
    ("Manchester Evening News", "www.manchestereveningnews.co.uk", "regional_press"),
    ("The Herald (Glasgow)", "www.heraldscotland.com", "regional_press"),
]
COASTS = ["Dover", "Folkestone", "Dungeness", "Deal", "Hythe", "Ramsgate"]
FRENCH_COAST = ["Wimereux", "Gravelines", "Calais", "Boulogne-sur-Mer", "Dunkirk", "Equihen"]
TOWNS = [
    "Stockton-on-Tees",
    "Rotherham",
    "Tamworth",
    "Epping",
    "Knowsley",
    "Skegness",
    "Bournemouth",
    "Wakefield",
    "Hartlepool",
    "Canterbury",
    "Swansea",
    "Paisley",
    "Middlesbrough",
    "Ipswich",
    "Barnsley",
    "Crawley",
    "Lincoln",
    "Warrington",
    "Dudley",
    "Wrexham",
    "Falkirk",
    "Bangor",
    "Newry",
    "Colchester",
    "Peterborough",
    "Torquay",
    "Blackpool",
    "Sunderland",
    "Margate",
    "Bolton",
]
CITIES = [
    "Glasgow",
    "Manchester",
    "Birmingham",
    "Leeds",
    "Cardiff",
    "Belfast",
    "Bristol",
    "Liverpool",
    "Sheffield",
    "Newcastle",
    "Nottingham",
    "Leicester",
    "Edinburgh",
    "Aberdeen",
    "Plymouth",
    "Coventry",
]
CENTRES = ["Harmondsworth", "Brook House", "Colnbrook", "Yarl's Wood", "Dungavel", "Derwentside"]
CHARITIES = [
    "Refugee Council",
    "Freedom from Torture",
    "Care4Calais",
    "Safe Passage",
    "Migrant Voice",
    "the Scottish Refugee Council",
]
COUNTRIES = ["Sudan", "Eritrea", "Afghanistan", "Syria", "Iran", "Ukraine", "Albania", "Yemen"]
POLICIES = [
    "the returns agreement with France",
    "the new family reunion rules",
    "the asylum accommodation contracts",
    "the skilled worker visa threshold",
    "the right to rent checks",
    "the ban on asylum seekers working",
]
MONTHS = ["March", "April", "May", "June", "September", "October"]


@dataclass(frozen=True)
class Event:
    """One thing that happened: every outlet's report of it shares these facts."""

    id: int
    kind: str
    facts: dict[str, str]
    day: int  # hours since the start of the run when it happened


# For each kind of event: headlines and sentences. "[a|b|c]" is a choice made afresh for
# every report, so two outlets' reports of one event share the facts (names, places,
# numbers) but seldom whole runs of words, as with real outlets writing their own copy.
EVENT_KINDS: dict[str, tuple[list[str], list[str]]] = {
    "rescue": (
        [
            "{n} [people|migrants] [rescued from|picked up from] [small boat|dinghy] off {coast}",
            "Border Force brings {n} [migrants|people] ashore at {coast} [after|following] "
            "Channel crossing",
            "[RNLI crews|Lifeboat volunteers] help {n} people [in difficulty|in trouble] in the "
            "Channel near {coast}",
            "[Small boat|Dinghy] carrying {n} people [intercepted|stopped] off {coast}",
        ],
        [
            "[Border Force|Coastguard crews|RNLI volunteers] [brought|helped|escorted] {n} "
            "[people|migrants|men, women and children] [ashore at|to safety at|to the harbour "
            "at] {coast} [on {weekday}|early on {weekday}|on {weekday} morning].",
            "The [boat|dinghy|vessel] [is understood to have|was believed to have|had] "
            "[left|set off|launched] from [near|the beaches at|close to] {french} [in the early "
            "hours|before dawn|overnight].",
            "[Among those rescued|Those on board included|The group included] [several "
            "children|young children|a pregnant woman|teenagers travelling alone], [the Home "
            "Office said|officials confirmed|according to {charity}].",
            "[It brings|This takes|That brings] the number of [Channel crossings|people "
            "crossing the Channel in small boats] [this {month}|so far this year|since "
            "{month}] to {n2}.",
            "{charity}, [which supports|working with|helping] people [who arrive|arriving] "
            "[by boat|on the Kent coast], [said|warned|repeated] that [safe routes|safe and "
            "legal routes|humanitarian visas] would [save lives|end the crossings|stop the "
            "smugglers].",
        ],
    ),
    "deaths": (
        [
            "{n} [migrants|people] [die|dead|killed] [trying to cross|crossing] the Channel "
            "[from|near] {french}",
            "Channel [tragedy|deaths]: {n} [dead|die] after [boat|dinghy] [gets into "
            "difficulty|capsizes] near {french}",
            "French [authorities|coastguards] say {n} people died in Channel crossing "
            "[attempt|off {french}]",
            "Deaths [in the Channel|off {french}] [renew|prompt] calls for safe routes",
        ],
        [
            "French [coastguards|authorities|officials] [said|confirmed] {n} people "
            "[died|lost their lives] [after|when] [an overcrowded dinghy|a small boat] "
            "[got into difficulty|capsized|began to sink] off {french} [on {weekday}|early on "
            "{weekday}].",
            "[The prefecture|The regional authority|A spokesperson for the prefecture] said "
            "[dozens of others|{n2} others|more than {n2} people] [were rescued|were pulled "
            "from the water] and [taken to|brought ashore at] {french}.",
            "{charity} [said|called] the deaths [avoidable|a preventable tragedy] and [called "
            "for|urged ministers to open] [safe and legal routes|humanitarian visas].",
            "The Home Secretary [said|told MPs] [the smuggling gangs|people smugglers|the "
            "criminal gangs] [were responsible|must be stopped|had blood on their hands].",
        ],
    ),
    "hotel": (
        [
            "[Protest|Demonstration] outside asylum hotel in {town} [as counter-demonstrators "
            "gather|turns tense|draws hundreds]",
            "Police [separate groups|make arrests] at {town} hotel housing asylum seekers",
            "{town} asylum hotel to close [by|in] {month}, Home Office [confirms|says]",
            "[Residents and refugees|Neighbours] speak out after [protest|disorder] at {town} "
            "hotel",
        ],
        [
            "[Police said|Officers estimated|Organisers claimed] {n} people [attended|joined "
            "|took part in] the [protest|demonstration|gathering] outside the hotel in {town} "
            "[on {weekday}|on {weekday} evening|at the weekend].",
            "The hotel [has housed|has been used to house|is home to] [men seeking "
            "asylum|about {n2} asylum seekers|families seeking asylum] [since last year|since "
            "{month}|for more than a year].",
            "The Home Office [said|confirmed|told the council] it would [stop using|close|hand "
            "back] the hotel [by|before the end of|in] {month}.",
            "[A local group|Neighbours|A church group] [welcomed|greeted|invited] the "
            "[men|residents|families] [with a football match|to a community meal|with a "
            "banner reading Refugees Welcome].",
            "{charity} said people [seeking sanctuary|seeking asylum] [should not be used as "
            "political pawns|deserved safety, not fear|were being scapegoated].",
        ],
    ),
    "backlog": (
        [
            "Asylum backlog [falls|drops] to {n2} as Home Office [speeds up|clears] "
            "[decisions|claims]",
            "Number waiting for an asylum decision [drops|falls] to {n2}, [figures show|data "
            "reveals]",
            "Home Office figures: {n2} asylum claims [awaiting|waiting for] a first decision",
            "Asylum [claims|case] backlog [down to|cut to] {n2} but appeals [rise|soar]",
        ],
        [
            "[Official figures|Home Office statistics|Quarterly figures] [published|released] "
            "[on {weekday}|this week] show {n2} people were waiting for [an initial|a first] "
            "decision on their asylum claim.",
            "[Most claims|The largest number of claims|Many of the applications] [were "
            "from|came from] people from {country}, {country2} and [Afghanistan|Iran|Syria].",
            "The Home Office said [the use of asylum hotels|the number of hotels in use|the "
            "cost of accommodation] would [keep falling|fall further|come down] [by "
            "{month}|this year].",
            "{charity} [warned|said|cautioned] that [rushed decisions|refusals made in "
            "haste|poor-quality decisions] were being [overturned|reversed] on appeal [in "
            "{n}% of cases|at record rates].",
        ],
    ),
    "court": (
        [
            "[Court of Appeal|High Court|Supreme Court] rules {policy} unlawful [in case "
            "brought by {charity}|after challenge by {country} family|on {weekday}]",
            "Judges [find|rule] {policy} [breaches the law|unlawful] in [landmark|key] ruling",
            "[Court ruling|Legal defeat] deals blow to {policy}",
            "Home Office loses [legal challenge|court case] over {policy}",
        ],
        [
            "[Judges ruled|The court ruled|The judges found] [on {weekday}|this week] that "
            "{policy} was [unlawful|incompatible with the law|irrational].",
            "The case was brought by [a man|a woman|a family] from {country} [supported "
            "by|represented by lawyers working with|with help from] {charity}.",
            "The Home Office said it was [disappointed|studying the judgment] and would "
            "[consider an appeal|consider its next steps|respond in due course].",
            "Lawyers [said|estimated] the [judgment|ruling|decision] could affect [{n} "
            "people|up to {n2} people|thousands of families].",
        ],
    ),
    "detention": (
        [
            "Detainees at {centre} [begin|start] hunger strike over [removal|deportation] flight",
            "Hunger strike at {centre} [immigration removal centre|as {n} refuse food|over "
            "removal flight to {country}]",
            "Men held at {centre} protest [ahead of|against] deportation flight to {country}",
            "Inspectors [criticise|condemn] conditions at {centre} [detention|removal] centre",
        ],
        [
            "About {n} [men|detainees|people] held at {centre} [immigration removal "
            "centre|detention centre] [refused food|began a hunger strike] [on {weekday}|this "
            "week].",
            "They [face removal|are due to be deported|are expected to be removed] on a "
            "charter flight to {country} [next week|on {weekday}|within days].",
            "{charity} said [several|some|many] had lived in the UK [for years|for more than "
            "a decade|since childhood] and had [children|families|jobs] here.",
            "The Home Office said it [does not comment on individual cases|would remove those "
            "with no right to be here].",
        ],
    ),
    "community": (
        [
            "Refugee-run [bakery|café|kitchen] in {city} marks {n} years [of feeding the "
            "neighbourhood|in business]",
            "From {country} to {city}: the refugee [chefs|bakers|tailors] [cooking up|stitching "
            "together] a new life",
            "{city} choir of refugees and locals [performs for|sings to] {n2} people",
            "Refugee [doctors|nurses|teachers] in {city} [help to cut|tackle] [waiting "
            "lists|staff shortages]",
        ],
        [
            "The project in {city} was [started|set up|founded] by a woman who [fled|escaped] "
            "{country} [with her children|in {month} {n} years ago|after the war began].",
            "It now [employs|trains|supports] {n} people, [many of them|most of them|several "
            "of them] refugees [from {country2}|from {country}|who arrived recently].",
            "[She said|Its founder said|The organisers said] [she wanted|they wanted] to "
            "[give back to|thank] the city that [welcomed|took in] [her family|them].",
            "{charity} said [stories like this|projects like this one] show what refugees "
            "[bring to|give to] [the UK|their new communities].",
        ],
    ),
    "policy": (
        [
            "[Home Secretary|Government] [announces|confirms|sets out] changes to {policy} "
            "[from {month}|after review|amid backlash from {charity}]",
            "Government to [overhaul|tighten|scrap] {policy}, [Home Secretary|minister] says",
            "[Charities|{charity}] [criticise|condemn|warn over] plans to change {policy} "
            "[from {month}|affecting {n2}|]",
            "Ministers [unveil|set out] new rules on {policy} in bid to cut net migration",
        ],
        [
            "The Home Secretary told MPs [on {weekday}|in a statement|this week] that {policy} "
            "would [change|be tightened|be replaced] from {month}.",
            "The government [said|claimed|estimated] the changes would [cut net migration "
            "by|reduce arrivals by] {n2} a year.",
            "{charity} said the plans would [leave families separated for longer|push people "
            "into destitution|do nothing to stop the boats].",
            "[Opposition parties|Critics|Backbench MPs] said the government had [lost control "
            "of immigration|failed to think through the plans|offered no evidence].",
        ],
    ),
}
# News that is not about migration (some of it on purpose close in words: "migration" of
# birds, Channel ferries), in the same form.
OFF_TOPIC: list[tuple[list[str], list[str]]] = [
    (
        [
            "{city} [City|Rovers|United] [beat|edge past|thrash] [rivals|{town}] {goals}-[0|1] in "
            "[derby thriller|cup tie|league clash]",
        ],
        [
            "A [late winner|second-half double|first-half penalty] [sealed victory|earned "
            "the points|settled the tie] for {city} [on {weekday} night|at the weekend].",
            "The manager [praised|thanked] the fans after a [sell-out crowd|crowd] of {n3},{n4}.",
            "[They move|The win lifts them] [up to|into] [third|fifth|the play-off places] "
            "[in the table|with {n3} games left].",
        ],
    ),
    (
        [
            "Met Office issues [yellow|amber] [weather warning|warning for rain|wind warning] "
            "for {city} [and {town}|from {weekday}|as {n3}mm of rain forecast]",
        ],
        [
            "[Heavy rain|Strong winds|Thunderstorms] [are expected|are forecast] across "
            "{city} [from {weekday} evening|on {weekday}|overnight].",
            "Forecasters said [up to {n3}mm of rain|gusts of {n3}mph] could [fall|hit] "
            "[high ground|the coast|parts of the region].",
            "Drivers were [told|urged|advised] to [take care|allow extra time|avoid "
            "unnecessary journeys].",
        ],
    ),
    (
        [
            "Bank of England [holds|cuts] interest rates [at|to] [3.5|3.75|4|4.25] per cent "
            "[as inflation [rises|falls] to {goals}.{goals}%|in {goals}-4 vote|despite "
            "{month} forecast]",
        ],
        [
            "The Bank's [committee|rate-setters] voted [{goals} to 4|narrowly] to "
            "[keep rates unchanged|cut rates] [on {weekday}|this week].",
            "[Economists|Analysts|City traders] had [expected|predicted|priced in] a "
            "[cut|rise|pause] [in {month}|later this year].",
            "Mortgage lenders said [fixed deals|two-year rates] were [already "
            "falling|likely to fall|unchanged].",
        ],
    ),
    (
        [
            "Council in {town} [approves|rejects] plan for {n} new homes [near {city}|on "
            "green belt|despite objections]",
        ],
        [
            "Councillors in {town} [voted for|backed|threw out] the [development|scheme] "
            "[on {weekday}|after a long debate].",
            "Residents had raised concerns about [traffic|school places|flooding|GP appointments].",
            "The developer said it would [appeal|start work in {month}|revise the plans].",
        ],
    ),
    (
        [
            "Train services between {city} and London [disrupted|cancelled|delayed] by "
            "[signal fault|strike|flooding]",
        ],
        [
            "Passengers were told to expect [delays|disruption] of up to {n3} minutes [on "
            "{weekday}|all day].",
            "Network Rail said [engineers were working to fix|crews were repairing] the "
            "[fault|damage] [near {town}|outside {city}].",
        ],
    ),
    (
        [
            "[Swallows|Geese|Swifts] arrive [early|late] [in {town}|on the {coast} "
            "coast|around {city}] as spring migration [begins|gets under way]",
        ],
        [
            "Birdwatchers in {town} reported the first [swallows|swifts|geese] [on "
            "{weekday}|this week].",
            "The RSPB said the [great migration|spring migration] was {n3} days [earlier|later] "
            "than usual.",
        ],
    ),
    (
        [
            "{city} [museum|gallery] [unveils|shows] {n3} newly restored [paintings|tapestries]",
        ],
        [
            "The [collection|exhibition] goes on display in {city} from {weekday}.",
            "Curators spent {n3} months [restoring|cleaning] the [works|pieces].",
        ],
    ),
    (
        [
            "Cross-Channel ferry fares [rise|fall] [by {n3}%|from Dover to {french}] "
            "[ahead of|before] the {month} holidays",
        ],
        [
            "Operators said fares from Dover to {french} would [rise|fall] by {n3} per cent.",
            "[Holidaymakers|Families] were [urged|advised] to book [early|before {month}].",
        ],
    ),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WIRE_TAIL = "Additional reporting by PA Media."
_CHOICE = re.compile(r"\[([^\[\]]*)\]")


@dataclass
class Generated:
    """Everything handed to `store_items`, fetch by fetch, and what each item is."""

    fetches: list[tuple[int, datetime.datetime, list[Any]]]  # (source index, poll time, items)
    kinds: list[list[str]] = field(default_factory=list)  # per fetch, per item: report, copy…


def _facts(rng: random.Random) -> dict[str, str]:
    country, country2 = rng.sample(COUNTRIES, 2)
    return {
        "n": str(rng.choice([rng.randrange(2, 90), rng.randrange(100, 900)])),
        "n2": f"{rng.randrange(1_000, 120_000):,}",
        "n3": str(rng.randrange(2, 60)),
        "n4": str(rng.randrange(100, 999)),
        "goals": str(rng.randrange(2, 6)),
        "coast": rng.choice(COASTS),
        "french": rng.choice(FRENCH_COAST),
        "town": rng.choice(TOWNS),
        "city": rng.choice(CITIES),
        "centre": rng.choice(CENTRES),
        "charity": rng.choice(CHARITIES),
        "country": country,
        "country2": country2,
        "policy": rng.choice(POLICIES),
        "month": rng.choice(MONTHS),
        "weekday": rng.choice(WEEKDAYS),
    }


def _render(template: str, facts: dict[str, str], rng: random.Random) -> str:
    chosen = template
    while "[" in chosen:  # innermost choices first
        chosen = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), chosen)
    return " ".join(chosen.format(**facts).split())


def _summary(sentences: Sequence[str], facts: dict[str, str], rng: random.Random) -> str:
    # Each outlet picks its own facts, in its own order and words.
    picked = rng.sample(list(sentences), rng.randint(1, min(3, len(sentences))))
    return "<p>" + " ".join(_render(s, facts, rng) for s in picked) + "</p>"


def generate(
    stories: int, per_feed: int, start: datetime.datetime, span: datetime.timedelta
) -> Generated:
    """`stories` feed items in fetches of `per_feed`, over `span` from `start`, fixed seed.

    Of each fetch, about: 10 % items an earlier poll of the same feed already brought,
    10 % near-copies of an earlier item (wire copy in another outlet, or an updated
    version), 25 % news that is not about migration, the rest reports of events, an
    event being reported by up to five outlets in their own headlines and sentences.
    """
    from chorus.monitoring.pipeline.feeds import FeedItem

    rng = random.Random(SEED)
    fetch_count = math.ceil(stories / per_feed)
    step = span / fetch_count
    events: list[Event] = []
    reported: dict[int, set[int]] = defaultdict(set)  # event id → sources that reported it
    seen_by_source: dict[int, list[Any]] = defaultdict(list)
    repeated: set[Any] = set()
    earlier: list[tuple[int, Any]] = []  # (source, item) of every new report so far
    out = Generated(fetches=[])
    serial = 0

    def url_for(source: int, slug: str) -> str:
        nonlocal serial
        serial += 1
        domain = SOURCES[source][1]
        tracking = "?utm_source=rss&utm_medium=feed" if serial % 4 == 0 else ""
        return f"https://{domain}/news/{slug}-{serial:06d}{tracking}"

    def slug_of(title: str) -> str:
        return "-".join(w.lower() for w in title.split()[:6] if w.isalnum())

    remaining = stories
    for k in range(fetch_count):
        source = k % len(SOURCES)
        poll = start + step * (k + 1)
        window_start = start + step * k
        hours_now = (poll - start).total_seconds() / 3600
        items: list[tuple[Any, str]] = []
        fresh: list[Any] = []
        size = min(per_feed, remaining)
        remaining -= size
        for _ in range(size):
            published = window_start + (poll - window_start) * rng.random()
            roll = rng.random()
            repeatable = [i for i in seen_by_source[source][-per_feed:] if i not in repeated]
            if roll < 0.10 and repeatable:
                item = rng.choice(repeatable)
                repeated.add(item)
                items.append((item, "repeat"))
                continue
            if roll < 0.20 and earlier:
                origin_source, origin = rng.choice(earlier[-150:])
                wire = origin_source != source or rng.random() < 0.5
                title = f"{origin.title} – latest" if not wire else origin.title
                summary = origin.summary_html.replace("</p>", f" {WIRE_TAIL}</p>")
                url = url_for(source, slug_of(title))
                item = FeedItem(url, url, title, summary, published)
                kind = "near-copy"
            elif roll < 0.45:
                headlines, sentences = rng.choice(OFF_TOPIC)
                facts = _facts(rng)
                title = _render(rng.choice(headlines), facts, rng)
                url = url_for(source, slug_of(title))
                item = FeedItem(url, url, title, _summary(sentences, facts, rng), published)
                kind = "off-topic"
            else:
                # An event of the last two days this outlet has not reported yet, or a new one.
                open_events = [
                    e
                    for e in events[-40:]
                    if hours_now - e.day < 48 and source not in reported[e.id]
                ]
                if open_events and rng.random() < 0.6:
                    event = rng.choice(open_events)
                else:
                    event = Event(
                        len(events), rng.choice(list(EVENT_KINDS)), _facts(rng), int(hours_now)
                    )
                    events.append(event)
                reported[event.id].add(source)
                headlines, sentences = EVENT_KINDS[event.kind]
                title = _render(rng.choice(headlines), event.facts, rng)
                url = url_for(source, slug_of(title))
                item = FeedItem(url, url, title, _summary(sentences, event.facts, rng), published)
                kind = "first report" if len(reported[event.id]) == 1 else "same story"
            items.append((item, kind))
            fresh.append(item)
            if kind != "near-copy":
                earlier.append((source, item))
        seen_by_source[source].extend(fresh)  # a later poll of this feed may bring them again
        items.sort(key=lambda pair: pair[0].published, reverse=True)  # newest first, as feeds
        out.fetches.append((source, poll, [item for item, _ in items]))
        out.kinds.append([kind for _, kind in items])
    return out


# --- Measuring ------------------------------------------------------------------------------


class Stages:
    """Wall-clock seconds spent in each stage, by wrapping the functions ingest calls.

    Times are exclusive: a stage called inside another (the embedding inside features, the
    MinHash copy test inside story scoring, SQL inside a story) counts only for itself, so
    the stages add up to the whole run.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.first_embed: float | None = None
        self.sql_by_statement: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        self._children: list[float] = []  # time spent in timed calls under each open call

    def timed(self, stage: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        self._children.append(0.0)
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - began
            inner = self._children.pop()
            if stage == "embedding" and self.first_embed is None:
                self.first_embed = elapsed  # loads the model: reported apart
            else:
                self.seconds[stage] += elapsed - inner
                self.calls[stage] += 1
            if self._children:
                self._children[-1] += elapsed

    def wrap(self, owner: Any, name: str, stage: str) -> Callable[[], None]:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            return self.timed(stage, original, *args, **kwargs)

        setattr(owner, name, timed)
        return lambda: setattr(owner, name, original)

    def sql(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return self.timed("sql", execute, sql, params, many, context)
        finally:
            shape = self.sql_by_statement[_statement_shape(sql)]
            shape[0] += time.perf_counter() - began
            shape[1] += 1

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()
        self.sql_by_statement.clear()


def _statement_shape(sql: str) -> str:
    """A statement without its lists of placeholders and column lists, to group by."""
    shape = re.sub(r"\((?:%s, )+%s\)", "(…)", sql)
    shape = re.sub(r"\(…\)(?:, \(…\))+", "(…), …", shape)
    shape = re.sub(r"SELECT .*? FROM", "SELECT … FROM", shape, count=1)
    shape = re.sub(r"\s+", " ", shape).replace('"', "")
    return shape[:110]


STAGE_LABELS = {
    "embedding": "sentence embedding",
    "features": "features (MinHash, words, names)",
    "normalising": "normalising (URL, HTML, language)",
    "copy check": "MinHash copy test (is_copy)",
    "story assignment": "story assignment (assign_story)",
    "classification": "classification",
    "sql": "SQL (in the database driver)",
    "story": "rest of each story (ORM, Python)",
    "fetch": "per fetch (recent stories, classifier)",
}


@contextmanager
def instrumented(
    stages: Stages, per_story: list[tuple[str, float, str]], kind_of: dict[int, str]
) -> Iterator[None]:
    """Time every stage, and every story (`ingest._store_one`: one transaction per item).

    `per_story` receives (kind of item, ms, outcome); `kind_of` maps id(item) to its kind
    for the fetch being stored."""
    from django.db import connection

    from chorus.monitoring.pipeline import dedupe, embedding, normalise, similarity
    from chorus.monitoring.services import classification as classifier
    from chorus.monitoring.services import ingest

    undo = [
        stages.wrap(embedding, "embed", "embedding"),
        stages.wrap(dedupe, "features", "features"),
        stages.wrap(dedupe, "assign_story", "story assignment"),
        stages.wrap(similarity, "is_copy", "copy check"),
        stages.wrap(classifier.Judge, "classify", "classification"),
        *(
            stages.wrap(normalise, name, "normalising")
            for name in ("canonical_url", "sanitise_html", "plain_text", "detect_language")
        ),
    ]
    original = ingest._store_one

    def store_one(item: Any, **kwargs: Any) -> str:
        began = time.perf_counter()
        outcome = stages.timed("story", original, item, **kwargs)
        per_story.append((kind_of[id(item)], (time.perf_counter() - began) * 1000, outcome))
        return outcome

    ingest._store_one = store_one  # type: ignore[assignment]
    try:
        with connection.execute_wrapper(stages.sql):
            yield
    finally:
        ingest._store_one = original  # type: ignore[assignment]
        for restore in reversed(undo):
            restore()


def make_sources() -> list[Any]:
    from chorus.monitoring.models import Source
    from chorus.people.models import Organisation, OrganisationKind

    made = []
    for name, domain, _kind in SOURCES:
        publisher = Organisation.objects.create(
            name=name.split(" – ")[0], kind=OrganisationKind.MEDIA
        )
        made.append(
            Source.objects.create(
                name=name, url=f"https://{domain}/feeds/rss.xml", publisher=publisher, kind="rss"
            )
        )
    return made


def counts() -> dict[str, int]:
    from chorus.monitoring.models import Article, ArticleBand, StoryCluster

    return {
        "articles": Article.objects.count(),
        "near-copies stored": Article.objects.filter(copy_of__isnull=False).count(),
        "relevant": Article.objects.filter(relevant=True).count(),
        "story clusters": StoryCluster.objects.count(),
        "clusters of 2+ outlets": StoryCluster.objects.filter(outlet_count__gte=2).count(),
        "band keys": ArticleBand.objects.count(),
    }


def _ms(values: Sequence[float], fraction: float) -> str:
    return f"{percentile(sorted(values), fraction):.1f}" if values else "-"


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/monitoring_ingest.py",
        description="Time end-to-end ingestion of feed items (normalise, de-duplicate, "
        "cluster, classify, store), in-process.",
    )
    parser.add_argument(
        "--database-url",
        help="a local PostgreSQL URL whose database name contains 'bench' (it is dropped and "
        "recreated); default: SQLite in a temporary folder",
    )
    parser.add_argument("--stories", type=int, default=600, help="feed items in all")
    parser.add_argument("--per-feed", type=int, default=50, help="items per fetch of a feed")
    parser.add_argument(
        "--days",
        type=float,
        default=3.0,
        help="the polling the items are spread over (default 3; every story of the last four "
        "days is compared with each new one, so more items a day is more work per item)",
    )
    parser.add_argument(
        "--goal", type=float, default=GOAL_PER_SECOND, help="stories/s sustained (default 5)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile summary (top 10)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when the goal is missed")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and database afterwards"
    )
    args = parser.parse_args(argv)
    if args.per_feed < 1 or args.stories < 2 * args.per_feed:
        parser.error("--stories must be at least twice --per-feed (one fetch is a warm-up)")
    if args.days <= 0:
        parser.error("--days must be positive")
    return args


def run(args: argparse.Namespace, engine: str, describe: str) -> int:
    from django.core.management import call_command
    from django.utils import timezone

    from chorus.monitoring.services import ingest

    print("Migrating…", end=" ", flush=True)
    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"{time.perf_counter() - began:.1f} s")

    sources = make_sources()
    span = datetime.timedelta(days=args.days)
    generated = generate(args.stories, args.per_feed, timezone.now() - span, span)
    kinds: dict[str, int] = defaultdict(int)
    for fetch_kinds in generated.kinds:
        for kind in fetch_kinds:
            kinds[kind] += 1
    print(
        f"{args.stories:,} items over {args.days:g} days in {len(generated.fetches)} fetches of "
        f"{len(sources)} feeds: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items()))
    )

    stages = Stages()
    per_story: list[tuple[str, float, str]] = []
    per_fetch: list[tuple[int, float]] = []
    kind_of: dict[int, str] = {}
    profiler = cProfile.Profile() if args.profile else None
    reports = []

    def store(k: int) -> float:
        source_index, poll, items = generated.fetches[k]
        kind_of.clear()
        kind_of.update({id(i): kind for i, kind in zip(items, generated.kinds[k], strict=True)})
        began = time.perf_counter()
        if profiler is not None and k > 0:
            profiler.enable()
        reports.append(
            stages.timed("fetch", ingest.store_items, items, source=sources[source_index], now=poll)
        )
        if profiler is not None and k > 0:
            profiler.disable()
        return time.perf_counter() - began

    load_before = os.getloadavg()[0]
    with instrumented(stages, per_story, kind_of):
        # Warm-up: the first fetch loads the embedding model and the classifier's data.
        warmup_seconds = store(0)
        warmup_stories = len(per_story)
        stages.reset()
        cpu_began = time.process_time()
        began = time.perf_counter()
        for k in range(1, len(generated.fetches)):
            per_fetch.append((len(generated.fetches[k][2]), store(k)))
        sustained_seconds = time.perf_counter() - began
        cpu_seconds = time.process_time() - cpu_began
    load_after = os.getloadavg()[0]

    timed = per_story[warmup_stories:]
    sustained_stories = len(timed)
    rate = sustained_stories / sustained_seconds
    cpu_rate = sustained_stories / cpu_seconds if cpu_seconds else math.inf
    passed = rate >= args.goal
    errors = [e for r in reports for e in r.errors]
    stored = counts()

    print()
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, ms, _ in timed:
        by_kind[kind].append(ms)
    all_ms = [ms for _, ms, _ in timed]
    rows = [
        [kind, str(len(v)), _ms(v, 0.5), _ms(v, 0.95), f"{max(v):.1f}"]
        for kind, v in sorted(by_kind.items())
    ]
    rows.append(
        ["all", str(len(all_ms)), _ms(all_ms, 0.5), _ms(all_ms, 0.95), f"{max(all_ms):.1f}"]
    )
    print_rows(["item (after warm-up)", "items", "p50 ms", "p95 ms", "max ms"], rows)

    print()
    stage_rows = [
        [
            label,
            f"{stages.calls.get(stage, 0):,}",
            f"{stages.seconds.get(stage, 0.0):.2f}",
            f"{100 * stages.seconds.get(stage, 0.0) / sustained_seconds:.0f} %",
        ]
        for stage, label in STAGE_LABELS.items()
    ]
    print_rows(["stage, own time (after warm-up)", "calls", "seconds", "share"], stage_rows)
    print()
    slowest_sql = sorted(stages.sql_by_statement.items(), key=lambda kv: -kv[1][0])[:5]
    print_rows(
        ["SQL statements taking the most time", "calls", "seconds"],
        [[shape, f"{n:,}", f"{spent:.2f}"] for shape, (spent, n) in slowest_sql],
    )

    first_rate = per_fetch[0][0] / per_fetch[0][1]
    last_rate = per_fetch[-1][0] / per_fetch[-1][1]
    print(
        f"\nWarm-up fetch: {warmup_stories} items in {warmup_seconds:.2f} s, of which the first "
        f"embedding (loads the model) {stages.first_embed or 0:.2f} s."
    )
    print(
        f"Per fetch after warm-up: {first_rate:.1f} stories/s at the first, {last_rate:.1f} at "
        f"the last (every story of the last four days is compared with each new one)."
    )
    print("Stored: " + ", ".join(f"{v:,} {k}" for k, v in stored.items()) + ".")
    if errors:
        print(f"{len(errors)} items refused, e.g. {errors[0]}")

    print()
    print_rows(
        ["database", "stories", "seconds", "stories/s", "per CPU-second", f"≥ {args.goal:g}/s"],
        [
            [
                describe,
                str(sustained_stories),
                f"{sustained_seconds:.1f}",
                f"{rate:.1f}",
                f"{cpu_rate:.1f}",
                "PASS" if passed else "FAIL",
            ]
        ],
    )
    print(
        f"\nLoad average {load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} "
        "CPUs. CPU time is this process's only (on PostgreSQL the server's work is not in it)."
    )

    if profiler is not None:
        print("\ncProfile of the fetches after the warm-up (timings above include its cost):")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(10)
        lines = out.getvalue().splitlines()
        start_at = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print("\n".join(line for line in lines[start_at:] if line.strip()))

    report = {
        "engine": engine,
        "database": describe,
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": [round(load_before, 2), round(load_after, 2)],
        "profiled": bool(args.profile),
        "goal_stories_per_second": args.goal,
        "days": args.days,
        "items": dict(kinds),
        "warmup": {
            "stories": warmup_stories,
            "seconds": round(warmup_seconds, 2),
            "first_embedding_seconds": round(stages.first_embed or 0.0, 2),
        },
        "sustained": {
            "stories": sustained_stories,
            "seconds": round(sustained_seconds, 2),
            "stories_per_second": round(rate, 2),
            "stories_per_cpu_second": round(cpu_rate, 2),
            "p50_ms": round(percentile(sorted(all_ms), 0.5), 1),
            "p95_ms": round(percentile(sorted(all_ms), 0.95), 1),
            "first_fetch_stories_per_second": round(first_rate, 2),
            "last_fetch_stories_per_second": round(last_rate, 2),
        },
        "stages_seconds": {k: round(v, 3) for k, v in stages.seconds.items()},
        "slowest_sql": {shape: [round(spent, 3), n] for shape, (spent, n) in slowest_sql},
        "stored": stored,
        "passed": passed,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    out_path = RESULTS_DIR / f"roundup-ingest-{engine}.json"
    out_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Figures saved to {out_path.relative_to(RESULTS_DIR.parent.parent)}.")
    return 1 if args.strict and not passed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return run_in_django(
        "Chorus round-up ingestion benchmark",
        prefix="chorus-bench-ingest-",
        database_url=args.database_url,
        keep=args.keep,
        body=lambda db: run(args, db.engine, db.describe()),
    )


if __name__ == "__main__":
    sys.exit(main())
