"""Synthetic news pages with known gold text, in the shapes of real outlets' page templates.

Every story, person and quote here is invented; outlets are named only for their house style.
Each page is built from one of several templates that copy the structure real news sites use
(where the body sits, what they put around and inside it: navigation, cookie banners, share
bars, newsletter boxes, "read more" links, captions, pull quotes, author bios, comments,
"most read" lists, inline scripts and JSON state), so an extractor's precision and recall can
be measured against the article text a person would call "the article":

    gold = the body paragraphs, in-body sub-headings, lists, quotes and tables, one per line;
           not the headline, standfirst, byline, captions, links, promos or anything around.

These pages are labelled synthetic wherever they are reported. They cannot replace real pages:
they only show that the extractor removes the kinds of boilerplate real pages carry.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# --- Invented material --------------------------------------------------------------------

PLACES = [
    "Dover",
    "Folkestone",
    "Calais",
    "Dunkirk",
    "Portsmouth",
    "Croydon",
    "Glasgow",
    "Cardiff",
    "Belfast",
    "Leeds",
    "Bristol",
    "Middlesbrough",
    "Stockton (invented ward)",
    "Hastings",
    "Newport",
    "Sunderland",
    "Rochdale",
    "Wakefield",
    "Aberdeen",
    "Swansea",
]
NAMES = [
    "Mara Ellison",
    "Tobias Wren",
    "Hannah Okafor",
    "Priya Castell",
    "Joel Barraclough",
    "Ines Marlowe",
    "Daniel Ferrow",
    "Sophie Aldane",
    "Kwame Hollis",
    "Ruth Penhale",
    "Omar Teasdale",
    "Lena Vostrikova",
    "Callum Briar",
    "Aisha Moreton",
    "Felix Granger",
]
ORGS = [
    "the Home Office",
    "the local council",
    "the Refugee Welcome Network (invented)",
    "the Coastal Rescue Trust (invented)",
    "the county's health board",
    "the Border Force",
    "the Migrant Legal Centre (invented)",
    "the city's housing department",
    "the Channel Families Project (invented)",
    "the regional police force",
]
TOPICS = [
    ("hotel", "asylum hotel", "the hotel", "residents"),
    ("crossing", "small boat crossings", "the crossing", "people on board"),
    ("housing", "temporary housing", "the hostel", "families"),
    ("court", "the appeal tribunal", "the hearing", "the claimants"),
    ("school", "school places", "the school", "pupils"),
    ("clinic", "the drop-in clinic", "the clinic", "patients"),
]

SENTENCES = [
    "{org} said it was reviewing the arrangements at {thing} after concerns were raised by "
    "{group}.",
    "{person}, who has volunteered in {place} for six years, said the situation had changed "
    "quickly.",
    "\u201cWe were told it would be temporary, but nobody has given us a date,\u201d {person} "
    "said.",
    "Figures published on {day} show {n} people were affected in the last quarter, up from {m} "
    "a year earlier.",
    "Local councillors are expected to discuss {subject} at a meeting next {day}.",
    "{org} declined to comment on individual cases but said support was available to {group}.",
    "The decision follows months of talks between {org} and community groups in {place}.",
    "Campaigners said {subject} had been underfunded for years and called for a clear plan.",
    "{person} described the conditions at {thing} as \u201ccramped but calm\u201d during a "
    "visit on {day}.",
    "A spokesperson for {org} said the safety of {group} remained the priority.",
    "The report, seen by local reporters, recommends that {subject} be reviewed within {n} weeks.",
    "Some {group} have been moved to {place}, around {n} miles away, according to a letter "
    "sent on {day}.",
    "The charity said it had helped {n} families in {place} since January.",
    "Police said there was no evidence of a wider threat and asked people not to speculate online.",
    "{person} said the community had \u201cshown what welcome looks like\u201d over the past "
    "month.",
    "Opposition MPs have asked for the figures on {subject} to be published in full.",
    "The council said it had not been consulted before {thing} was chosen.",
    "{org} confirmed that {n} staff would be added to the team by the end of the year.",
    "Residents held a quiet vigil outside {thing} on {day} evening, with candles and "
    "handwritten signs.",
    "A further update on {subject} is expected before Parliament rises for the summer.",
    "Lawyers for {group} argued that the rules had been applied inconsistently.",
    "The judge said the evidence about {subject} was \u201cincomplete and in places "
    "contradictory\u201d.",
    "Volunteers in {place} have set up a rota to provide hot meals and English lessons.",
    "An inspection in {day} found that {thing} met most, but not all, of the required standards.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

FR_SENTENCES = [
    "La préfecture a indiqué que {n} personnes avaient été prises en charge à {place} depuis "
    "lundi.",
    "Selon l'association, les conditions d'accueil se sont nettement dégradées ces dernières "
    "semaines.",
    "\u00ab Nous manquons de tout, surtout de couvertures \u00bb, explique {person}, bénévole "
    "depuis {m} ans.",
    "Le maire a demandé à l'État de prendre ses responsabilités et d'ouvrir un centre "
    "d'hébergement.",
    "Une enquête a été ouverte par le parquet pour déterminer les circonstances exactes du drame.",
    "Les secours sont intervenus peu avant l'aube, dans une mer agitée et par un vent fort.",
    "Les bénévoles distribuent chaque soir des repas chauds près de la gare de {place}.",
    "Le ministère de l'Intérieur n'a pas souhaité commenter ces chiffres.",
]
DE_SENTENCES = [
    "Nach Angaben der Behörden wurden in der Nacht {n} Menschen in {place} untergebracht.",
    "Die Stadtverwaltung kündigte an, die Unterkunft bis Ende des Monats zu erweitern.",
    "\u201eWir stoßen an unsere Grenzen\u201c, sagte {person}, die seit {m} Jahren "
    "ehrenamtlich hilft.",
    "Der Flüchtlingsrat kritisierte die Entscheidung als kurzsichtig und unsozial.",
    "Die Polizei ermittelt wegen des Verdachts der Schleusung gegen zwei Männer.",
    "Viele der Betroffenen warten seit Monaten auf eine Entscheidung über ihren Antrag.",
    "Das Innenministerium verwies auf die gestiegenen Zugangszahlen im Frühjahr.",
    "Ehrenamtliche organisieren täglich Deutschkurse und eine Kleiderkammer in {place}.",
]


@dataclass(frozen=True)
class Page:
    id: str
    template: str
    url: str
    html: str
    gold: str
    title: str
    language: str
    published: str  # ISO 8601 UTC


class Story:
    """One invented story: headline, standfirst, paragraphs and a date."""

    def __init__(self, rng: random.Random, language: str = "en", paragraphs: int = 8) -> None:
        self.rng = rng
        self.language = language
        topic = rng.choice(TOPICS)
        self.place = rng.choice(PLACES)
        self.person = rng.choice(NAMES)
        self.org = rng.choice(ORGS)
        self.subject = topic[1]
        self.thing = topic[2]
        self.group = topic[3]
        pool = {"en": SENTENCES, "fr": FR_SENTENCES, "de": DE_SENTENCES}[language]
        self._used: set[str] = set()
        self.paragraphs = [self._paragraph(pool) for _ in range(paragraphs)]
        if language == "en":
            self.title = f"{self.org.capitalize()} criticised over {self.subject} in {self.place}"
            self.standfirst = (
                f"Volunteers say {self.group} were given little notice as pressure grows on "
                f"{self.subject}"
            )
        elif language == "fr":
            self.title = f"À {self.place}, les bénévoles débordés face à l'afflux de personnes"
            self.standfirst = "Les associations dénoncent un manque de moyens et de coordination."
        else:
            self.title = f"{self.place}: Ehrenamtliche schlagen Alarm wegen Unterkünften"
            self.standfirst = "Die Helferinnen und Helfer fordern mehr Unterstützung vom Land."
        base = datetime(2025, 1, 6, 6, 0, tzinfo=UTC)
        self.published = base + timedelta(
            days=rng.randrange(0, 300), minutes=rng.randrange(0, 14 * 60)
        )

    def _paragraph(self, pool: list[str]) -> str:
        count = self.rng.choice([1, 2, 2, 3])
        return " ".join(self._fresh_sentence(pool) for _ in range(count))

    def _fresh_sentence(self, pool: list[str]) -> str:
        # Real articles do not repeat a sentence word for word; draw again when one would.
        sentence = self._sentence(self.rng.choice(pool))
        for _ in range(20):
            if sentence not in self._used:
                break
            sentence = self._sentence(self.rng.choice(pool))
        self._used.add(sentence)
        return sentence

    def _sentence(self, template: str) -> str:
        rng = self.rng
        text = template.format(
            org=self.org,
            person=rng.choice(NAMES),
            place=rng.choice(PLACES),
            thing=self.thing,
            group=self.group,
            subject=self.subject,
            day=rng.choice(DAYS),
            n=rng.randrange(3, 900),
            m=rng.randrange(2, 400),
        )
        return text[0].upper() + text[1:]

    def subheading(self) -> str:
        return self.rng.choice(
            [
                "What happens next",
                "Pressure on services",
                "\u2018Nobody told us\u2019",
                "The figures",
                "A long wait",
            ]
            if self.language == "en"
            else ["Et maintenant ?", "Des moyens insuffisants"]
            if self.language == "fr"
            else ["Wie geht es weiter?", "Lange Wartezeiten"]
        )


# --- Boilerplate that real pages carry -----------------------------------------------------

NAV_SECTIONS = [
    "Home",
    "News",
    "UK",
    "World",
    "Politics",
    "Business",
    "Money",
    "Sport",
    "Football",
    "Culture",
    "Lifestyle",
    "Travel",
    "Opinion",
    "Science",
    "Health",
    "Education",
    "Tech",
    "Climate",
    "Video",
    "Podcasts",
    "Newsletters",
    "Puzzles",
    "Obituaries",
    "Weather",
]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def nav(rng: random.Random, cls: str = "nav") -> str:
    items = rng.sample(NAV_SECTIONS, k=rng.randrange(12, len(NAV_SECTIONS)))
    subs = "".join(
        f'<li><a href="/{s.lower()}/{i}">{s} {i}</a></li>' for s in items[:6] for i in range(8)
    )
    links = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in items)
    return (
        f'<nav class="{cls}" aria-label="Sections"><ul>{links}</ul>'
        f'<ul class="sub">{subs}</ul></nav>'
    )


def script_noise(rng: random.Random, kilobytes: int) -> str:
    """Inline scripts and JSON state of the size real pages carry (tens to hundreds of kB)."""
    chunk = (
        'window.__config={"ads":{"slots":["top","mpu","inline"],"refresh":30},'
        '"consent":{"vendor":755,"purposes":[1,2,3,4,7,9,10]},"ab":{"test":"%d"}};'
        "function f%d(a){return a&&a.map(function(x){return x*2})}"
    )
    body = "".join(chunk % (rng.randrange(10**6), i) for i in range(kilobytes * 1024 // 260 + 1))
    return f"<script>{body}</script>"


def css_noise(kilobytes: int) -> str:
    rule = ".c{i}{{margin:0 0 {i}px;padding:2px;font:400 1rem/1.4 sans-serif}}"
    return "<style>" + "".join(rule.format(i=i) for i in range(kilobytes * 1024 // 70)) + "</style>"


def cookie_banner() -> str:
    return (
        '<div id="onetrust-banner-sdk" class="otFlat" role="dialog"><div class="ot-sdk-container">'
        "<p>We and our partners use cookies and similar technologies to store and access "
        "information on your device, to personalise ads and content, and to measure ad and "
        "content performance.</p><button>Accept all</button><button>Manage preferences</button>"
        "</div></div>"
    )


def most_read(rng: random.Random, heading: str = "Most read") -> str:
    items = "".join(
        f'<li><a href="/news/{rng.randrange(10**7)}">'
        f"{esc(rng.choice(NAMES))} on why {rng.choice(PLACES)} matters now</a></li>"
        for _ in range(10)
    )
    return f'<aside class="most-read"><h2>{heading}</h2><ol>{items}</ol></aside>'


def footer(outlet: str) -> str:
    links = "".join(
        f'<li><a href="/{x}">{x.replace("-", " ").title()}</a></li>'
        for x in [
            "about-us",
            "contact-us",
            "complaints",
            "privacy-policy",
            "cookie-policy",
            "terms-and-conditions",
            "advertise-with-us",
            "work-for-us",
            "accessibility",
        ]
    )
    return (
        f'<footer class="site-footer"><ul>{links}</ul><p>\u00a9 2025 {outlet} Ltd. All rights '
        "reserved. Registered in England and Wales.</p></footer>"
    )


def json_ld(story: Story, url: str, body: str | None, kind: str = "NewsArticle") -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": story.title,
        "datePublished": story.published.isoformat(),
        "dateModified": (story.published + timedelta(hours=2)).isoformat(),
        "author": [{"@type": "Person", "name": story.person}],
        "mainEntityOfPage": url,
        "inLanguage": {"en": "en-GB", "fr": "fr-FR", "de": "de-DE"}[story.language],
    }
    if body is not None:
        data["articleBody"] = body
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def head(story: Story, url: str, rng: random.Random, extra: str = "", css_kb: int = 20) -> str:
    return (
        f'<head><meta charset="utf-8"><title>{esc(story.title)} | News</title>'
        f'<meta property="og:title" content="{html.escape(story.title)}">'
        f'<meta property="og:url" content="{url}">'
        f'<meta name="description" content="{html.escape(story.standfirst)}">'
        f"{css_noise(css_kb)}{script_noise(rng, rng.randrange(20, 120))}{extra}</head>"
    )


# --- Templates --------------------------------------------------------------------------
# Each returns (html, gold lines). Gold lines are the article text a reader would keep.


def guardian_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    gold: list[str] = []
    parts: list[str] = []
    for i, para in enumerate(story.paragraphs):
        if i == 3:
            parts.append(
                '<aside data-component="rich-link"><div><a href="/uk-news/2025/x">'
                "Related: Charities warn over winter shelter places</a></div></aside>"
            )
        if i == 4:
            parts.append(
                '<figure class="element-image"><img src="x.jpg" alt=""><figcaption>'
                f"<span>Volunteers outside the centre in {esc(story.place)}.</span> "
                "Photograph: Jane Doe/PA</figcaption></figure>"
            )
            parts.append(
                '<aside data-component="newsletter-signup"><p>Sign up to First Edition</p>'
                "<p>Our morning email breaks down the key stories of the day, telling you "
                "what\u2019s "
                "happening and why it matters</p><p>Privacy Notice: Newsletters may contain info "
                "about charities, online ads, and content funded by outside parties.</p>"
                "<button>Sign up</button><p>after newsletter promotion</p></aside>"
            )
        if i == 5 and len(story.paragraphs) > 7:
            sub = story.subheading()
            parts.append(f"<h2>{esc(sub)}</h2>")
            gold.append(sub)
        parts.append(f'<p class="dcr-s23rjr">{esc(para)}</p>')
        gold.append(para)
    body = "".join(parts)
    page = (
        f'<!DOCTYPE html><html lang="en">{head(story, url, rng, json_ld(story, url, None))}'
        f"<body>{cookie_banner()}<header>{nav(rng)}</header>"
        f'<main data-layout="StandardLayout"><article>'
        f'<div data-gu-name="headline"><h1>{esc(story.title)}</h1></div>'
        f'<div data-gu-name="standfirst"><p>{esc(story.standfirst)}</p></div>'
        f'<div data-gu-name="meta"><address><a rel="author" href="/profile/x">{esc(story.person)}'
        f"</a></address><details><summary>{story.published:%a %d %b %Y %H.%M GMT}</summary>"
        "</details><span>Share</span></div>"
        f'<div data-gu-name="body"><div id="maincontent"><div '
        f'class="article-body-commercial-selector '
        f'article-body-viewer-selector">{body}</div></div>'
        '<div class="submeta"><span>Explore more on these topics</span><ul><li><a href="/t/1">'
        'Immigration and asylum</a></li><li><a href="/t/2">Refugees</a></li></ul>'
        "<a>Share</a><a>Reuse this content</a></div></div></article>"
        f"{most_read(rng, 'Most viewed')}</main>{footer('Guardian News & Media')}</body></html>"
    )
    return page, gold


def bbc_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    gold: list[str] = []
    blocks = [
        f'<div data-component="byline-block"><span>By {esc(story.person)}</span>'
        "<span>BBC News, " + esc(story.place) + "</span></div>"
    ]
    for i, para in enumerate(story.paragraphs):
        if i == 2:
            blocks.append(
                '<div data-component="image-block"><figure><img src="a.jpg" alt="">'
                f"<figcaption><span>Image caption, </span>The site in {esc(story.place)} has "
                "housed up to 200 people</figcaption></figure></div>"
            )
        if i == 5:
            sub = story.subheading()
            blocks.append(f'<div data-component="subheadline-block"><h2>{esc(sub)}</h2></div>')
            gold.append(sub)
        strong = f"<b>{esc(para)}</b>" if i == 0 else esc(para)
        blocks.append(f'<div data-component="text-block"><p>{strong}</p></div>')
        gold.append(para)
    blocks.append(
        '<div data-component="links-block"><h2>More on this story</h2><ul>'
        '<li><a href="/news/uk-1">Hotel plans paused after protests</a></li>'
        '<li><a href="/news/uk-2">What is the asylum backlog?</a></li></ul></div>'
        '<div data-component="tags"><h2>Related topics</h2><ul><li>Immigration</li>'
        "<li>Asylum</li></ul></div>"
    )
    page = (
        f'<!DOCTYPE html><html lang="en-GB">{head(story, url, rng, json_ld(story, url, None))}'
        f'<body><div id="__next"><header>{nav(rng, "bbc-nav")}</header>'
        f'<main id="main-content"><article><header><h1 id="main-heading">{esc(story.title)}</h1>'
        f'<time datetime="{story.published.isoformat()}">{story.published:%-d %B %Y}</time>'
        f"<button>Share</button><button>Save</button></header>{''.join(blocks)}</article>"
        f"{most_read(rng, 'Top stories')}{most_read(rng, 'Features')}</main>"
        f"{footer('BBC')}</div>"
        f'<script id="__NEXT_DATA__" type="application/json">{{"props":{{"page":"{url}"}}}}'
        f"</script></body></html>"
    )
    return page, gold


def reach_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    """Regional tabloid templates: READ MORE links, ad slots and sign-ups between paragraphs."""
    gold: list[str] = []
    parts: list[str] = []
    for i, para in enumerate(story.paragraphs):
        parts.append(f"<p>{esc(para)}</p>")
        gold.append(para)
        if i == 1:
            parts.append(
                '<div class="read-more-links"><p><b>READ MORE:</b> <a href="/news/1">'
                f"{esc(rng.choice(NAMES))} says {esc(rng.choice(PLACES))} deserves better</a></p>"
                '<p><b>READ MORE:</b> <a href="/news/2">Road closures planned for next week</a>'
                "</p></div>"
            )
        if i in (2, 5):
            parts.append(
                '<div class="ad-placeholder"><span>Advertisement</span><div id="div-gpt-ad-'
                f'{i}"></div></div>'
            )
        if i == 3:
            parts.append(
                '<div class="newsletter-signup"><p>Get the biggest stories from '
                f'{esc(story.place)} straight to your inbox</p><form><input type="email" '
                'placeholder="Enter your email"><button>Subscribe</button></form><p>We use your '
                "sign-up to provide content in ways you\u2019ve consented to. This may include "
                "adverts from us and 3rd parties based on our understanding.</p></div>"
            )
    parts.append(
        "<p><i>Join our WhatsApp community for the latest news straight to your phone.</i></p>"
        "<p><i>Have you got a story? Email newsdesk@example.co.uk</i></p>"
    )
    body_text = "\n".join(gold)
    page = (
        f'<!DOCTYPE html><html lang="en">'
        f"{head(story, url, rng, json_ld(story, url, body_text), css_kb=40)}"
        f'<body>{cookie_banner()}{nav(rng, "mega-nav")}<div class="breadcrumbs">'
        '<a href="/">Home</a> &gt; <a href="/news">News</a></div>'
        f'<article class="article-main"><h1 class="publication-font">{esc(story.title)}</h1>'
        f'<p class="sub-title">{esc(story.standfirst)}</p>'
        f'<div class="article-information"><div class="author">{esc(story.person)} '
        'Senior Reporter</div><ul class="share"><li>Facebook</li><li>X</li><li>WhatsApp</li>'
        f'<li>Email</li></ul></div><figure><img src="m.jpg"><figcaption>Campaigners gathered '
        f"outside the town hall (Image: {esc(story.place)} Live)</figcaption></figure>"
        f'<div class="article-body">{"".join(parts)}</div>'
        '<div class="tag-list"><a>Asylum</a><a>Council</a></div></article>'
        f"{most_read(rng)}{most_read(rng, 'More On')}{footer('Reach')}</body></html>"
    )
    return page, gold


def sky_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    gold: list[str] = []
    parts: list[str] = []
    for i, para in enumerate(story.paragraphs):
        if i == 3:
            parts.append(
                "<p><strong>Read more:</strong><br>"
                '<a href="/story/1">Minister defends asylum accommodation plans</a><br>'
                '<a href="/story/2">Record number of crossings in a single day</a></p>'
            )
        if i == 4:
            parts.append(
                '<div class="sdc-article-widget sdc-article-video"><div class="sdc-site-video">'
                "</div><p>Please use Chrome browser for a more accessible video player</p>"
                f"<p>The scene in {esc(story.place)} on {rng.choice(DAYS)}</p></div>"
            )
        parts.append(f"<p>{esc(para)}</p>")
        gold.append(para)
    parts.append(
        '<div class="sdc-article-widget callfn-widget"><p><strong>Follow Sky News on WhatsApp'
        "</strong></p><p>Keep up with all the latest news from the UK and around the world by "
        "following Sky News</p><a>Tap here</a></div>"
    )
    page = (
        f'<!DOCTYPE html><html lang="en">{head(story, url, rng, json_ld(story, url, None))}'
        f'<body>{nav(rng, "sdc-site-header")}<div class="sdc-site-tile__headline">'
        f'<h1 class="sdc-article-header__long-title">{esc(story.title)}</h1>'
        f'<p class="sdc-article-header__sub-title">{esc(story.standfirst)}</p></div>'
        f'<div class="sdc-article-date"><p>Tuesday {story.published:%-d %B %Y} 14:02, UK</p></div>'
        '<div class="sdc-article-body sdc-article-body--story sdc-article-body--lead">'
        f"{''.join(parts)}</div>"
        '<div class="sdc-site-outbrain"><h3>Around the web</h3><ul><li>You won\u2019t believe '
        "these holiday deals</li><li>Doctors stunned by simple trick</li></ul></div>"
        f"{most_read(rng, 'Top Stories')}{footer('Sky UK')}</body></html>"
    )
    return page, gold


def comment_text(rng: random.Random) -> str:
    """A reader's comment: a sentence of the article's kind, in a reader's voice."""
    return rng.choice(SENTENCES[:4]).format(
        org="They", person="I", place="here", thing="it", group="people", subject="this",
        day="today", n=3, m=2,
    )  # fmt: skip


def wordpress_local(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    """A small independent site: share buttons, related posts, an author box and comments."""
    gold: list[str] = []
    parts: list[str] = []
    for i, para in enumerate(story.paragraphs):
        parts.append(f"<p>{esc(para)}</p>")
        gold.append(para)
        if i == 2:
            items = [
                f"{rng.randrange(20, 90)} beds in the main building",
                "a separate wing for families with children",
                "a weekly advice session run by volunteers",
            ]
            parts.append("<p>The plans include:</p>")
            gold.append("The plans include:")
            parts.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in items) + "</ul>")
            gold.extend(items)
        if i == 4:
            quote = story.paragraphs[1].split(".")[0] + "."
            parts.append(f'<blockquote class="pullquote">{esc(quote)}</blockquote>')
    comments = "".join(
        f'<li class="comment"><div class="comment-author">{esc(rng.choice(NAMES))} says:</div>'
        f'<div class="comment-content"><p>{esc(comment_text(rng))}'
        '</p></div><a class="comment-reply-link">Reply</a></li>'
        for _ in range(rng.randrange(2, 6))
    )
    page = (
        '<!DOCTYPE html><html lang="en-GB">'
        f"{head(story, url, rng, json_ld(story, url, None, 'BlogPosting'), css_kb=60)}"
        f'<body class="post-template-default single single-post"><div id="page">'
        f'<header id="masthead"><p class="site-title">{esc(story.place)} Voice</p>'
        f"{nav(rng, 'main-navigation')}</header>"
        f'<div id="content"><main id="main"><article class="post type-post"><header '
        f'class="entry-header">'
        f'<h1 class="entry-title">{esc(story.title)}</h1><div class="entry-meta">Posted on '
        f'<time class="entry-date published" datetime="{story.published.isoformat()}">'
        f"{story.published:%B %-d, %Y}</time> by {esc(story.person)}</div></header>"
        f'<div class="entry-content">{"".join(parts)}'
        '<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>'
        "<li>Facebook</li><li>X</li><li>Email</li><li>Print</li></ul></div>"
        '<div class="sharedaddy sd-block sd-like"><h3>Like this:</h3><span>Like Loading...</span>'
        '</div><div id="jp-relatedposts"><h3>Related</h3><p>Council budget: what it means for '
        'you</p><p>In "Local news"</p></div></div>'
        f'<footer class="entry-footer">Posted in <a>Community</a> Tagged <a>asylum</a></footer>'
        f'<div class="author-info"><h2>About {esc(story.person)}</h2><p>{esc(story.person)} has '
        "covered community news in the area for a decade and edits the weekly print edition.</p>"
        "</div></article>"
        f'<div id="comments" class="comments-area"><h2>{rng.randrange(2, 9)} thoughts on '
        f'\u201c{esc(story.title)}\u201d</h2><ol class="comment-list">{comments}</ol>'
        '<div id="respond"><h3>Leave a Reply</h3><p>Your email address will not be published.'
        "</p></div></div></main>"
        '<aside id="secondary" class="widget-area"><section class="widget"><h2>Recent Posts</h2>'
        "<ul><li>Market returns to the square</li><li>Library hours change</li></ul></section>"
        '<section class="widget"><h2>Archives</h2><ul><li>May 2025</li><li>April 2025</li></ul>'
        f"</section></aside></div>{footer(story.place + ' Voice')}</div></body></html>"
    )
    return page, gold


def lemonde_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    gold: list[str] = []
    parts: list[str] = []
    cut = max(3, len(story.paragraphs) - 2)
    for i, para in enumerate(story.paragraphs[:cut]):
        if i == 2:
            parts.append(
                '<section class="catcher catcher--inline"><span class="catcher__label">Lire aussi'
                '</span> | <a class="js-article-read-also">Dans le Pas-de-Calais, les associations '
                "à bout de souffle</a></section>"
            )
        parts.append(f'<p class="article__paragraph">{esc(para)}</p>')
        gold.append(para)
    page = (
        f'<!DOCTYPE html><html lang="fr">{head(story, url, rng, json_ld(story, url, None))}'
        f'<body>{nav(rng, "Header__nav")}<main><section class="article__wrapper">'
        f'<h1 class="article__title">{esc(story.title)}</h1>'
        f'<p class="article__desc">{esc(story.standfirst)}</p>'
        f'<p class="meta__publisher">Le Monde avec AFP</p><span class="meta__date">Publié le '
        f"{story.published:%d/%m/%Y} à {story.published:%H}h{story.published:%M}</span>"
        f'<article class="article__content">{"".join(parts)}'
        '<section class="paywall"><p class="paywall__message">Il vous reste 62.4% de cet article '
        "à lire. La suite est réservée aux abonnés.</p><a>S\u2019abonner</a></section></article>"
        "</section>"
        f"{most_read(rng, 'Les plus lus')}</main>{footer('Le Monde')}</body></html>"
    )
    return page, gold


def tagesschau_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    gold: list[str] = []
    parts: list[str] = []
    for i, para in enumerate(story.paragraphs):
        if i == 3:
            sub = story.subheading()
            parts.append(f'<h2 class="meldung__subhead">{esc(sub)}</h2>')
            gold.append(sub)
        parts.append(f'<p class="textabsatz">{esc(para)}</p>')
        gold.append(para)
        if i == 1:
            parts.append(
                '<div class="teaser-xs"><span>Mehr zum Thema</span><a>Kommunen fordern mehr Geld'
                "</a></div>"
            )
    parts.append(
        '<div class="metatextline">Dieses Thema im Programm: Das Erste | tagesschau | '
        "20:00 Uhr</div>"
    )
    page = (
        f'<!DOCTYPE html><html lang="de">{head(story, url, rng, json_ld(story, url, None))}'
        f'<body>{nav(rng)}<main><article class="container content-wrapper__group">'
        f'<h1 class="seitenkopf__headline">{esc(story.title)}</h1>'
        f'<p class="metatextline">Stand: {story.published:%d.%m.%Y %H:%M} Uhr</p>'
        f'<p class="textabsatz"><strong>{esc(story.standfirst)}</strong></p>'
        f"{''.join(parts)}</article>{most_read(rng, 'Meistgelesen')}</main>"
        f"{footer('ARD')}</body></html>"
    )
    # The bold standfirst sits in a body paragraph, as on the real template: it is body text.
    gold.insert(0, story.standfirst)
    return page, gold


def independent_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    """Inline promos, a data table and a correction-free body with a pull quote."""
    gold: list[str] = []
    parts: list[str] = []
    for i, para in enumerate(story.paragraphs):
        parts.append(f"<p>{esc(para)}</p>")
        gold.append(para)
        if i == 1:
            parts.append(
                '<div class="inline-readmore"><p>Read More</p><ul><li><a>Home Office misses '
                "target for clearing backlog</a></li><li><a>Families moved at short notice"
                "</a></li></ul></div>"
            )
        if i == 2:
            rows = [(str(2020 + k), str(rng.randrange(1000, 9000))) for k in range(4)]
            table = "".join(f"<tr><td>{y}</td><td>{n}</td></tr>" for y, n in rows)
            parts.append(
                f"<table><thead><tr><th>Year</th><th>Applications</th></tr></thead>"
                f"<tbody>{table}</tbody></table>"
            )
            gold.append("Year Applications")
            gold.extend(f"{y} {n}" for y, n in rows)
        if i == 3:
            parts.append(
                f'<aside class="pull-quote"><p>{esc(story.paragraphs[0][:80])}</p></aside>'
            )
            parts.append(
                '<div class="newsletter-inline"><p>Sign up for our free Morning Headlines email'
                "</p><p>Get our free Morning Headlines email for news from our reporters across "
                "the world</p><p>Sign up to our free morning email for the latest news</p>"
                "<p>Read our privacy notice</p></div>"
            )
    page = (
        f'<!DOCTYPE html><html lang="en-GB">{head(story, url, rng, json_ld(story, url, None))}'
        f"<body>{cookie_banner()}{nav(rng)}<article><header><h1>{esc(story.title)}</h1>"
        f'<h2 class="sub-headline">{esc(story.standfirst)}</h2><div class="author">'
        f"<a>{esc(story.person)}</a><time>{story.published:%A %d %B %Y %H:%M BST}</time>"
        '</div><div class="share"><a>Comments</a><a>Bookmark</a></div></header>'
        '<div class="support-box"><p>Support truly independent journalism</p><p>Our mission '
        "is to deliver unbiased, fact-based reporting that holds power to account.</p></div>"
        f'<div id="main" class="article-body">{"".join(parts)}</div>'
        f"</article>{most_read(rng)}{footer('Independent Digital News & Media')}</body></html>"
    )
    return page, gold


def jsonld_shell(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    """A page whose body is rendered by scripts: the HTML holds a teaser, JSON-LD the text."""
    gold = list(story.paragraphs)
    body = "\n\n".join(gold)
    teaser = story.paragraphs[0][:120]
    page = (
        f'<!DOCTYPE html><html lang="en">'
        f"{head(story, url, rng, json_ld(story, url, body, 'ReportageNewsArticle'))}"
        f'<body>{nav(rng)}<div id="root"><h1>{esc(story.title)}</h1><p class="teaser">'
        f"{esc(teaser)}\u2026</p><noscript>Please enable JavaScript to read this article."
        f"</noscript></div>{most_read(rng)}{footer('Example Media')}</body></html>"
    )
    return page, gold


def itv_like(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    gold: list[str] = []
    parts: list[str] = []
    for i, para in enumerate(story.paragraphs):
        parts.append(f'<p class="rich-text">{esc(para)}</p>')
        gold.append(para)
        if i == 2:
            parts.append(
                '<div class="podcast-promo"><p>Want a quick and expert briefing on the biggest '
                "news stories? Listen to our latest podcasts to find out What You Need To Know."
                "</p></div>"
            )
        if i == 4:
            quote = f"\u201cWe will not walk away from these families,\u201d {story.person} said."
            parts.append(f"<blockquote><p>{esc(quote)}</p></blockquote>")
            gold.append(quote)
    data = {"props": {"pageProps": {"article": {"title": story.title, "id": rng.randrange(9**9)}}}}
    page = (
        f'<!DOCTYPE html><html lang="en">{head(story, url, rng, json_ld(story, url, None))}'
        f'<body><div id="__next">{nav(rng)}<main><article><h1>{esc(story.title)}</h1>'
        f'<div class="byline"><span>{esc(story.person)}</span><span>ITV News Reporter</span>'
        f"<span>{esc(story.place)}</span></div>"
        f"<time>{story.published:%A %-d %B %Y, %-I:%M%p}</time>"
        f'<div class="article-content">{"".join(parts)}</div>'
        '<div class="share-bar"><span>Share this article</span><a>Facebook</a><a>X</a>'
        "<a>Copy link</a></div></article>"
        f"{most_read(rng, 'Latest Stories')}</main>{footer('ITV Consumer')}</div>"
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'
        "</body></html>"
    )
    return page, gold


def short_brief(story: Story, url: str, rng: random.Random) -> tuple[str, list[str]]:
    """A three-paragraph brief on a heavy page: boilerplate outweighs the article."""
    gold = story.paragraphs[:3]
    parts = "".join(f"<p>{esc(p)}</p>" for p in gold)
    related = "".join(
        f'<div class="card"><h3><a>{esc(rng.choice(NAMES))}: {esc(rng.choice(PLACES))} '
        f"update</a></h3><p>{esc(story.standfirst)}</p></div>"
        for _ in range(8)
    )
    page = (
        f'<!DOCTYPE html><html lang="en-GB">{head(story, url, rng, json_ld(story, url, None))}'
        f"<body>{cookie_banner()}{nav(rng)}<main><article><h1>{esc(story.title)}</h1>"
        f'<div class="story-body">{parts}</div>'
        '<p class="copyright">\u00a9 Press Association 2025</p></article>'
        f'<section class="related"><h2>You may also like</h2>{related}</section>'
        f"{most_read(rng)}</main>{footer('Example News')}</body></html>"
    )
    return page, gold


TEMPLATES = {
    "guardian-like": (guardian_like, "en"),
    "bbc-like": (bbc_like, "en"),
    "reach-like": (reach_like, "en"),
    "sky-like": (sky_like, "en"),
    "wordpress-local": (wordpress_local, "en"),
    "lemonde-like": (lemonde_like, "fr"),
    "tagesschau-like": (tagesschau_like, "de"),
    "independent-like": (independent_like, "en"),
    "jsonld-shell": (jsonld_shell, "en"),
    "itv-like": (itv_like, "en"),
    "short-brief": (short_brief, "en"),
}


def pages(per_template: int = 6, seed: int = 2025) -> list[Page]:
    """The synthetic set: `per_template` pages of each template, the same on every run."""
    out: list[Page] = []
    for name, (build, language) in TEMPLATES.items():
        for k in range(per_template):
            rng = random.Random(f"{seed}-{name}-{k}")  # noqa: S311  (reproducible test data)
            story = Story(rng, language, paragraphs=rng.choice([4, 6, 8, 10, 14, 20]))
            url = f"https://news.example/{name}/{story.published:%Y/%m/%d}/story-{k}"
            page_html, gold = build(story, url, rng)
            out.append(
                Page(
                    id=f"synthetic/{name}/{k}",
                    template=name,
                    url=url,
                    html=page_html,
                    gold="\n".join(gold),
                    title=story.title,
                    language=language,
                    published=story.published.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                )
            )
    return out
