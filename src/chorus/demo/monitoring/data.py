"""The fixed parts of the demo's media monitoring: a starter list of real feeds, and the
shape of the invented news they carry (the stories themselves are in `news_today` and
`news_past`).

Feeds: real, public RSS feeds of UK and European outlets and organisations that report
on migration, as a starting point for the charity's own list. They are loaded disabled
(the demo assumes no network), and feed addresses move: staff should open each one and
check it still answers with a feed before enabling it.

Stories: every story is invented, although the outlets are real. Their links point at
the outlets' real domains under paths that do not exist ("…-demo-…"). People are named
by first name only, and where a person is involved the town is invented (Kelderby,
Sallowfield, Hollinbridge, Vathikos). No name of a real refugee or storyteller may
appear in the news.
"""

from __future__ import annotations

from dataclasses import dataclass

UK, EUROPE, INTERNATIONAL = "uk", "europe", "international"


@dataclass(frozen=True)
class FeedSpec:
    name: str
    url: str
    region: str
    language: str
    poll_minutes: int
    outlet: str  # the demo outlet of that name, or "" when the media desk has none
    # Where the demo's invented articles from this feed point: "{ref}" is filled in.
    article_url: str


FEEDS = [
    FeedSpec(
        "BBC News – UK",
        "https://feeds.bbci.co.uk/news/uk/rss.xml",
        UK,
        "en",
        30,
        "BBC News",
        "https://www.bbc.co.uk/news/uk-demo-{ref}",
    ),
    FeedSpec(
        "BBC News – Europe",
        "https://feeds.bbci.co.uk/news/world/europe/rss.xml",
        EUROPE,
        "en",
        30,
        "BBC News",
        "https://www.bbc.co.uk/news/world-europe-demo-{ref}",
    ),
    FeedSpec(
        "The Guardian – UK immigration",
        "https://www.theguardian.com/uk/immigration/rss",
        UK,
        "en",
        30,
        "The Guardian",
        "https://www.theguardian.com/uk-news/demo-{ref}",
    ),
    FeedSpec(
        "The Guardian – Refugees",
        "https://www.theguardian.com/world/refugees/rss",
        INTERNATIONAL,
        "en",
        60,
        "The Guardian",
        "https://www.theguardian.com/world/demo-{ref}",
    ),
    FeedSpec(
        "Sky News – UK",
        "https://feeds.skynews.com/feeds/rss/uk.xml",
        UK,
        "en",
        30,
        "Sky News",
        "https://news.sky.com/story/demo-{ref}",
    ),
    FeedSpec(
        "The Independent – UK news",
        "https://www.independent.co.uk/news/uk/rss",
        UK,
        "en",
        30,
        "The Independent",
        "https://www.independent.co.uk/news/uk/home-news/demo-{ref}.html",
    ),
    FeedSpec(
        "Daily Mail – News",
        "https://www.dailymail.co.uk/news/index.rss",
        UK,
        "en",
        60,
        "Daily Mail",
        "https://www.dailymail.co.uk/news/article-demo-{ref}.html",
    ),
    FeedSpec(
        "Daily Express – UK",
        "https://www.express.co.uk/posts/rss/1/uk",
        UK,
        "en",
        60,
        "Daily Express",
        "https://www.express.co.uk/news/uk/demo-{ref}",
    ),
    FeedSpec(
        "Free Movement",
        "https://freemovement.org.uk/feed/",
        UK,
        "en",
        120,
        "Free Movement",
        "https://freemovement.org.uk/demo-{ref}/",
    ),
    FeedSpec(
        "The Migration Observatory",
        "https://migrationobservatory.ox.ac.uk/feed/",
        UK,
        "en",
        360,
        "",
        "https://migrationobservatory.ox.ac.uk/resources/commentaries/demo-{ref}/",
    ),
    FeedSpec(
        "ECRE",
        "https://ecre.org/feed/",
        EUROPE,
        "en",
        120,
        "",
        "https://ecre.org/demo-{ref}/",
    ),
    FeedSpec(
        "InfoMigrants",
        "https://www.infomigrants.net/en/rss/all.xml",
        EUROPE,
        "en",
        60,
        "",
        "https://www.infomigrants.net/en/post/demo-{ref}",
    ),
    FeedSpec(
        "Euronews",
        "https://www.euronews.com/rss?level=theme&name=news",
        EUROPE,
        "en",
        60,
        "",
        "https://www.euronews.com/my-europe/demo-{ref}",
    ),
    FeedSpec(
        "Politico Europe",
        "https://www.politico.eu/feed/",
        EUROPE,
        "en",
        60,
        "",
        "https://www.politico.eu/article/demo-{ref}/",
    ),
    FeedSpec(
        "France 24 – Europe",
        "https://www.france24.com/en/europe/rss",
        EUROPE,
        "en",
        60,
        "",
        "https://www.france24.com/en/europe/demo-{ref}",
    ),
    FeedSpec(
        "The New Humanitarian",
        "https://www.thenewhumanitarian.org/rss.xml",
        INTERNATIONAL,
        "en",
        180,
        "",
        "https://www.thenewhumanitarian.org/news/demo-{ref}",
    ),
]


# --- Invented news ------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One outlet's report of a story, in its own words (or a wire copy of another's)."""

    feed: str  # FeedSpec.name
    title: str
    summary: str
    minutes_later: int = 0  # after the story's first report


@dataclass(frozen=True)
class Story:
    key: str  # part of each report's invented address: unique, never changed
    hours_ago: float  # when the first report came out, before the demo's "now"
    reports: tuple[Report, ...]
