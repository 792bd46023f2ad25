"""The fixed parts of the demo round-up: a starter list of real feeds, invented news, readers.

Feeds: real, public RSS feeds of UK and European outlets and organisations that report
on migration, as a starting point for the charity's own list. They are loaded disabled
(the demo assumes no network), and feed addresses move: staff should open each one and
check it still answers with a feed before enabling it.

Stories: every story below is invented, although the outlets are real. Their links
point at the outlets' real domains under paths that do not exist ("…-demo-…"). People
are named by first name only, and where a person is involved the town is invented
(Kelderby, Sallowfield, Hollinbridge, Vathikos). No name of a real refugee or
storyteller may appear in this file.

Subscribers: invented people and organisations (every organisation ends in "(demo)"),
at example.org and example.net addresses only.
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


# The wire copy that several outlets run word for word (a near-copy for the de-duplication).
_WIRE_BACKLOG = (
    "The statistics watchdog has told the Home Office to review how it reports the asylum "
    "backlog, after finding that published figures left out thousands of claims waiting for "
    "an appeal. In a letter published on Tuesday, the regulator said the department should "
    "explain its methods and correct earlier releases. A Home Office spokesperson said the "
    "department would respond in full and that asylum decisions were being made faster than "
    "at any time in the last five years."
)

# Reports are grouped by day before the demo's "now": within 24 hours (today's draft),
# then a day, two and three days earlier (the three sent editions in the archive).
STORIES = [
    # --- The last 24 hours: the morning draft -----------------------------------------
    Story(
        "crossings",
        6,
        (
            Report(
                "BBC News – UK",
                "More than 300 people cross the Channel in small boats in a single day",
                "Border Force brought 312 people ashore at Dover on Sunday, the highest number "
                "for a single day this year, according to Home Office figures. Calm weather "
                "and light winds meant at least seven dinghies made the crossing from northern "
                "France.",
            ),
            Report(
                "Sky News – UK",
                "Busiest day of the year for Channel crossings as 312 arrive in Dover",
                "Seven small boats carrying 312 migrants reached Kent on Sunday, Home Office "
                "figures show. Charities said the numbers showed the need for safe routes for "
                "people seeking asylum in the UK.",
                minutes_later=40,
            ),
            Report(
                "The Guardian – UK immigration",
                "Charities call for safe routes as 312 people cross Channel in one day",
                "Refugee charities have renewed calls for safe and legal routes to the UK after "
                "312 people crossed the Channel in small boats on Sunday. Most of those who "
                "arrived in Dover were from Sudan, Eritrea and Afghanistan, Border Force said.",
                minutes_later=95,
            ),
            Report(
                "The Independent – UK news",
                "Channel crossings: 312 people arrive in Dover on busiest day of 2025",
                "More than 300 migrants crossed the Channel on Sunday in seven boats, taking "
                "the total for the year past last year's figure for the same date. The Home "
                "Office said Border Force had worked through the night at Dover.",
                minutes_later=150,
            ),
            Report(
                "Daily Express – UK",
                "Channel invasion: 312 more migrants land in Dover as Home Office loses control",
                "Another 312 migrants landed in Dover on Sunday as the small boats invasion "
                "showed no sign of slowing. Seven dinghies were escorted into Kent by Border "
                "Force while residents looked on.",
                minutes_later=210,
            ),
        ),
    ),
    Story(
        "welcome",
        4,
        (
            Report(
                "BBC News – UK",
                "'This town gave me back my future': Kelderby welcomes refugee families",
                "In Kelderby, a small town in Cumbria, volunteers have spent a year helping "
                'six refugee families settle. "When I arrived I knew nobody. Now my neighbours '
                'ask me to teach them to cook," said Nadia, who fled Sudan with her two '
                "daughters in 2023 and now volunteers at the town's food bank.",
            ),
            Report(
                "The Guardian – UK immigration",
                "How a Cumbrian town learned to say welcome",
                "A year after the first refugee families arrived, Kelderby in Cumbria has a "
                "sewing group, a Saturday football team and a waiting list of volunteers. "
                "Nadia, who fled the war in Sudan, says the town's welcome gave her the "
                "confidence to start training as a teaching assistant.",
                minutes_later=180,
            ),
        ),
    ),
    Story(
        "hotel",
        10,
        (
            Report(
                "BBC News – UK",
                "Asylum hotel in Hollinbridge to close by the summer, Home Office says",
                "The Home Office has confirmed that the Riverside Hotel in Hollinbridge, "
                "Lincolnshire, will stop housing people seeking asylum by July. About 140 men "
                "live there and will be moved to other accommodation.",
            ),
            Report(
                "The Guardian – UK immigration",
                "Residents of Lincolnshire asylum hotel face move with two weeks' notice",
                "People seeking asylum at the Riverside Hotel in Hollinbridge say they fear "
                "losing their college places and GP appointments after being told the hotel "
                "will close. Local volunteers said 140 men would be dispersed across England.",
                minutes_later=120,
            ),
            Report(
                "Daily Mail – News",
                "Victory for Hollinbridge residents as migrant hotel is finally shut",
                "Campaigners in Hollinbridge celebrated last night after the Home Office said "
                "the Riverside Hotel would no longer house asylum seekers. The 140 men staying "
                "there will be moved by July.",
                minutes_later=240,
            ),
        ),
    ),
    Story(
        "ruling",
        14,
        (
            Report(
                "BBC News – UK",
                "Court of Appeal rules removals to third country unlawful",
                "The Court of Appeal in London has ruled that the government's plan to remove "
                "some asylum seekers to a third country is unlawful because their claims were "
                "not properly considered first. The Home Office said it would appeal to the "
                "Supreme Court.",
            ),
            Report(
                "Free Movement",
                "Court of Appeal finds third-country removal policy unlawful: what it means",
                "In a judgment handed down today, the Court of Appeal held that removal to a "
                "third country without an individual assessment of the asylum claim breaches "
                "the Home Secretary's duties. We look at what the ruling means for people "
                "waiting for removal.",
                minutes_later=90,
            ),
            Report(
                "The Independent – UK news",
                "Government loses appeal court fight over third-country asylum removals",
                "Judges at the Court of Appeal have ruled against the Home Office's policy of "
                "removing asylum seekers to a third country, in a blow to ministers. The "
                "government said it was disappointed and would take the case to the Supreme "
                "Court.",
                minutes_later=45,
            ),
            Report(
                "The Guardian – UK immigration",
                "Third-country removals policy ruled unlawful by appeal judges",
                "Lawyers for four asylum seekers have won their challenge at the Court of "
                "Appeal, which found the Home Office acted unlawfully by planning their removal "
                "without considering their claims. Charities welcomed the ruling.",
                minutes_later=70,
            ),
        ),
    ),
    Story(
        "carers",
        18,
        (
            Report(
                "The Guardian – UK immigration",
                "Care homes warn of staff shortages as overseas worker visas fall by half",
                "Applications for health and care worker visas have fallen by more than half "
                "in a year, new Home Office figures show. Care providers in England say they "
                "are struggling to fill night shifts without overseas recruitment.",
            ),
            Report(
                "BBC News – UK",
                "Care worker visa applications halve as new rules bite",
                "The number of people applying for health and care worker visas fell by 54% "
                "last year, according to Home Office statistics. Providers in England warn "
                "that care homes could close without overseas workers.",
                minutes_later=60,
            ),
            Report(
                "The Migration Observatory",
                "Commentary: what is behind the fall in care worker visas?",
                "Health and care worker visa applications fell by 54% last year. This "
                "commentary looks at the rule changes behind the fall, and at what the Home "
                "Office figures can and cannot tell us about shortages in the care sector in "
                "England.",
                minutes_later=300,
            ),
        ),
    ),
    Story(
        "backlog",
        8,
        (
            Report(
                "The Independent – UK news",
                "Watchdog tells Home Office to review how it reports asylum backlog",
                _WIRE_BACKLOG,
            ),
            Report(
                "Daily Mail – News",
                "Home Office told to review asylum backlog figures by statistics watchdog",
                _WIRE_BACKLOG,
                minutes_later=35,
            ),
            Report(
                "Sky News – UK",
                "Asylum backlog figures must be reviewed, statistics watchdog tells Home Office",
                _WIRE_BACKLOG,
                minutes_later=50,
            ),
        ),
    ),
    Story(
        "swamped",
        12,
        (
            Report(
                "Daily Express – UK",
                "'We're swamped': seaside town says it cannot cope with asylum seekers",
                "Councillors in a Kent seaside town say they are swamped by asylum seekers "
                "placed in local hotels, and have written to the Home Secretary asking for "
                "no more to be sent.",
            ),
        ),
    ),
    Story(
        "pact",
        5,
        (
            Report(
                "BBC News – Europe",
                "European Parliament approves final part of EU migration pact",
                "MEPs in Strasbourg have voted to approve the last piece of the EU's migration "
                "pact, which sets faster border procedures and a system for sharing "
                "responsibility for asylum seekers between member states. The vote passed by "
                "361 votes to 248.",
            ),
            Report(
                "Politico Europe",
                "MEPs wave through EU migration pact after late-night deal in Strasbourg",
                "The European Parliament backed the final file of the migration pact by 361 "
                "votes to 248 on Wednesday, after the centre-right and liberals settled "
                "differences over border procedures. The Commission will now draw up plans "
                "with member states.",
                minutes_later=30,
            ),
            Report(
                "Euronews",
                "EU migration pact: what changes after today's vote in Strasbourg",
                "With 361 votes in favour, the European Parliament has completed the EU's "
                "overhaul of its asylum rules. Euronews explains the new screening at the "
                "border, the solidarity mechanism and when member states must apply them.",
                minutes_later=75,
            ),
            Report(
                "ECRE",
                "Migration pact vote: rights groups warn of more detention at Europe's borders",
                "Following the European Parliament's vote of 361 to 248, ECRE warns that the "
                "pact will lead to more people, including families with children, being held "
                "in border procedures across the EU.",
                minutes_later=160,
            ),
            Report(
                "France 24 – Europe",
                "European lawmakers adopt last part of migration and asylum pact",
                "The European Parliament in Strasbourg on Wednesday adopted the final element "
                "of the EU pact on migration and asylum, 361 to 248, ending years of talks "
                "between member states.",
                minutes_later=110,
            ),
        ),
    ),
    Story(
        "island",
        9,
        (
            Report(
                "InfoMigrants",
                "Greece: reception centre on Vathikos holds three times its capacity",
                "More than 1,900 asylum seekers are staying at the reception centre on the Greek "
                "island of Vathikos, which was built for 650, aid groups say. Arrivals of "
                "migrants by sea from Turkey have risen sharply this month.",
            ),
            Report(
                "BBC News – Europe",
                "Greek island camp overcrowded as arrivals from Turkey rise",
                "Aid workers on Vathikos say the island's reception centre for asylum seekers now "
                "holds more than 1,900 people, nearly three times its capacity of 650. Greece's "
                "migration ministry said transfers to the mainland would begin next week.",
                minutes_later=140,
            ),
            Report(
                "The New Humanitarian",
                "Aegean arrivals rise and Vathikos reception centre is over capacity again",
                "On the Greek island of Vathikos, 1,900 asylum seekers share space built for "
                "650. Medical charities report shortages of water and shelter as Greece waits "
                "for transfers to the mainland.",
                minutes_later=260,
            ),
        ),
    ),
    Story(
        "rescue",
        15,
        (
            Report(
                "InfoMigrants",
                "Italy: 58 rescued off Lampedusa after boat capsizes",
                "The Italian coast guard rescued 58 migrants from a capsized boat south of "
                "Lampedusa overnight. Survivors said the boat had left Libya two days earlier; "
                "at least three people are missing.",
            ),
            Report(
                "France 24 – Europe",
                "Dozens rescued, three missing after migrant boat capsizes near Lampedusa",
                "Italian rescuers pulled 58 people from the sea near Lampedusa after their boat "
                "overturned in rough water, the coast guard said. Three people are missing.",
                minutes_later=85,
            ),
            Report(
                "Euronews",
                "Lampedusa: coast guard saves 58 people from capsized boat",
                "Fifty-eight migrants were rescued in the Mediterranean south of Lampedusa, "
                "Italy's coast guard said, and a search continues for three missing people.",
                minutes_later=130,
            ),
        ),
    ),
    Story(
        "germany",
        20,
        (
            Report(
                "Euronews",
                "Asylum applications in Germany fall for a second year",
                "First-time asylum applications in Germany fell by 30% last year, the federal "
                "migration office said, with fewer people arriving from Syria and Afghanistan.",
            ),
        ),
    ),
    Story(
        "chad",
        11,
        (
            Report(
                "The New Humanitarian",
                "Sudanese refugees in Chad face cuts to food aid",
                "Aid agencies in eastern Chad say rations for Sudanese refugees will be cut by "
                "half from next month because of funding gaps. More than 700,000 refugees have "
                "crossed into Chad since the war began.",
            ),
            Report(
                "The Guardian – Refugees",
                "Food aid for 700,000 Sudanese refugees in Chad to be halved",
                "The UN's food agency says it will halve rations for Sudanese refugees in "
                "eastern Chad, warning that families who fled the war already live on one meal "
                "a day.",
                minutes_later=200,
            ),
        ),
    ),
    Story(
        "rugby",
        3,
        (
            Report(
                "BBC News – UK",
                "England name uncapped fly-half in squad for autumn internationals",
                "England's head coach has named two uncapped players in a 36-man squad for the "
                "autumn internationals at Twickenham.",
            ),
        ),
    ),
    Story(
        "weather",
        7,
        (
            Report(
                "Sky News – UK",
                "Amber warning for heavy rain across northern England",
                "The Met Office has issued an amber warning for heavy rain across Cumbria, "
                "Lancashire and Yorkshire, where rivers could burst their banks on Tuesday.",
            ),
        ),
    ),
    Story(
        "swallows",
        16,
        (
            Report(
                "BBC News – UK",
                "Swallows start their migration south a week early",
                "Birdwatchers across England have reported swallows and house martins gathering "
                "for their migration to Africa a week earlier than usual, after a dry summer.",
            ),
        ),
    ),
    # --- A day earlier: yesterday's edition ------------------------------------------
    Story(
        "france",
        30,
        (
            Report(
                "BBC News – UK",
                "UK and France agree to expand small boats returns deal",
                "The UK and France have agreed to widen their returns agreement so that more "
                "people who cross the Channel in small boats can be returned to France, the Home "
                "Secretary announced. The Home Office said the first returns from Dover under "
                "the wider deal would begin next month.",
            ),
            Report(
                "Sky News – UK",
                "Home Secretary signs wider Channel returns agreement with France",
                "The UK will be able to return more people who arrive by small boat to France "
                "under an expanded deal signed in Paris, in exchange for taking more people "
                "with family ties in Britain.",
                minutes_later=50,
            ),
            Report(
                "The Guardian – UK immigration",
                "Expanded UK-France returns deal 'will not stop crossings', say charities",
                "Refugee charities say the wider returns deal signed in Paris offers too few "
                "safe routes to make a difference to the number of people crossing the Channel.",
                minutes_later=120,
            ),
        ),
    ),
    Story(
        "detention",
        34,
        (
            Report(
                "The Guardian – UK immigration",
                "Inspectors criticise conditions at Fenwick House removal centre",
                "The prisons inspectorate found that people held at Fenwick House immigration "
                "removal centre in England were detained for too long, and that staff missed "
                "signs that some were victims of trafficking.",
            ),
            Report(
                "The Independent – UK news",
                "Detainees held too long at immigration removal centre, report finds",
                "People in immigration detention at Fenwick House waited months for decisions, "
                "and some were held despite evidence of torture, inspectors said.",
                minutes_later=70,
            ),
        ),
    ),
    Story(
        "frontex",
        28,
        (
            Report(
                "Euronews",
                "Frontex: crossings on the central Mediterranean route down by a third",
                "Irregular crossings by migrants into the EU through the central Mediterranean "
                "fell by 33% in the first ten months of the year, mostly to Italy, the EU "
                "border agency Frontex said in Warsaw.",
            ),
            Report(
                "InfoMigrants",
                "Fewer migrants reach Italy by sea, says Frontex, but more take the Atlantic route",
                "Frontex figures published in Warsaw show a 33% fall in crossings to Italy over "
                "the central Mediterranean, while arrivals in the Canary Islands continue to rise.",
                minutes_later=180,
            ),
        ),
    ),
    Story(
        "strike",
        40,
        (
            Report(
                "Sky News – UK",
                "Train strikes called off after last-minute pay deal",
                "Drivers' union members will vote on a new pay offer after strikes planned for "
                "next week across England were suspended.",
            ),
        ),
    ),
    Story(
        "netmigration",
        44,
        (
            Report(
                "BBC News – UK",
                "Net migration to the UK falls for the second year in a row",
                "Net migration to the UK fell to 431,000 in the year to June, the Office for "
                "National Statistics said, mainly because fewer people came on work and study "
                "visas.",
            ),
            Report(
                "The Migration Observatory",
                "Net migration: 431,000 and falling, what the new ONS figures show",
                "The Office for National Statistics now puts net migration to the UK in the year "
                "to June at 431,000. We explain why the fall is mostly about students and care "
                "workers on visas, and why the numbers will be revised.",
                minutes_later=120,
            ),
            Report(
                "Daily Mail – News",
                "Mass migration still far too high despite fall, say critics",
                "Net migration to the UK was 431,000 in the year to June, official figures "
                "show, with critics saying ministers have still not got numbers under control.",
                minutes_later=90,
            ),
        ),
    ),
    # --- Two days earlier -------------------------------------------------------------
    Story(
        "children",
        52,
        (
            Report(
                "The Guardian – UK immigration",
                "Unaccompanied children housed in hotels for months, report finds",
                "Unaccompanied children seeking asylum in England spent an average of four "
                "months in hotels before councils found them a place, a report by the "
                "children's commissioner says.",
            ),
            Report(
                "BBC News – UK",
                "Children seeking asylum left in hotels too long, commissioner warns",
                "The children's commissioner for England says unaccompanied asylum-seeking "
                "children are being housed in hotels for four months on average.",
                minutes_later=90,
            ),
        ),
    ),
    Story(
        "spain",
        56,
        (
            Report(
                "Euronews",
                "Spain's parliament debates plan to regularise undocumented workers",
                "Spanish MPs in Madrid have begun debating a citizens' initiative, signed by more "
                "than 600,000 people, to regularise undocumented migrants who already live and "
                "work in Spain.",
            ),
            Report(
                "France 24 – Europe",
                "Spain weighs legal status for undocumented migrants after petition",
                "A citizens' petition signed by more than 600,000 people has brought a proposal "
                "to regularise undocumented migrants before Spain's parliament in Madrid.",
                minutes_later=100,
            ),
        ),
    ),
    Story(
        "flood",
        60,
        (
            Report(
                "Daily Mail – News",
                "Universities overrun by flood of asylum claims from overseas students",
                "More than 16,000 people who came to study on student visas claimed asylum last "
                "year, Home Office figures show, as vice-chancellors complain that campuses "
                "are being overrun.",
            ),
        ),
    ),
    Story(
        "displaced",
        66,
        (
            Report(
                "The Guardian – Refugees",
                "Record 123 million people forced from their homes, UNHCR says",
                "The number of people forced to flee war, violence and persecution has risen "
                "for the twelfth year in a row, the UN refugee agency UNHCR said in its annual "
                "report.",
            ),
            Report(
                "The New Humanitarian",
                "UNHCR counts 123 million displaced as funding falls",
                "The UN refugee agency's annual report counts 123 million refugees and "
                "displaced people worldwide, as donors cut aid budgets.",
                minutes_later=240,
            ),
        ),
    ),
    # --- Three days earlier ------------------------------------------------------------
    Story(
        "kitchen",
        76,
        (
            Report(
                "BBC News – UK",
                "Refugee cooks open community kitchen in Sallowfield",
                "A community kitchen run by refugees has opened in Sallowfield on Teesside. "
                '"Cooking is how I say thank you," said Yonas, who fled Eritrea and was '
                "granted refugee status last year. The kitchen serves free lunches on Fridays.",
            ),
        ),
    ),
    Story(
        "waits",
        80,
        (
            Report(
                "BBC News – UK",
                "Asylum seekers waiting two years for decisions, MPs say",
                "The Home Affairs Committee says thousands of people seeking asylum in the UK "
                "have waited more than two years for a first decision, leaving them unable to "
                "work.",
            ),
            Report(
                "The Guardian – UK immigration",
                "MPs urge right to work for asylum seekers after two-year waits",
                "A Commons committee report says asylum seekers who wait more than a year for "
                "a decision should be allowed to work, after finding some had waited two years.",
                minutes_later=60,
            ),
            Report(
                "The Independent – UK news",
                "Asylum decisions taking more than two years, Home Affairs Committee finds",
                "Thousands of asylum claims in the UK have been waiting more than two years for "
                "a first decision, the Home Affairs Committee says in a new report.",
                minutes_later=110,
            ),
        ),
    ),
    Story(
        "dutch",
        84,
        (
            Report(
                "Politico Europe",
                "Dutch coalition talks stall over asylum limits",
                "Talks on a new Dutch government have stalled over a proposal to cap asylum "
                "applications in the Netherlands, negotiators in The Hague said.",
            ),
            Report(
                "Euronews",
                "Netherlands: asylum cap splits parties in coalition talks",
                "Coalition negotiations in the Netherlands broke up without agreement on "
                "limiting asylum numbers, with parties due to meet again next week in The Hague.",
                minutes_later=150,
            ),
        ),
    ),
    Story(
        "football",
        88,
        (
            Report(
                "Sky News – UK",
                "Late winner sends Newcastle into cup quarter-finals",
                "A stoppage-time header at St James' Park sent Newcastle through to the "
                "quarter-finals of the cup.",
            ),
        ),
    ),
]

# The three sent editions in the archive, each built on its morning from the news before it.
PAST_EDITION_DAYS = (3, 2, 1)  # days before today
PAST_EDITION_INTROS = {
    3: "Good morning. Refugee cooks on Teesside, and MPs on two-year waits for asylum decisions.",
    2: "Good morning. A report on children seeking asylum left in hotels leads today.",
    1: "Good morning. The UK and France widen their returns deal; net migration falls again.",
}


# --- Subscribers ----------------------------------------------------------------------

IMPORT_BASIS = "existing list, 2021"

# (address, name, organisation): invented, at example.org and example.net only.
CONFIRMED = [
    ("press.officer@example.org", "", "Northern Refugee Action Network (demo)"),
    ("comms@example.org", "", "Tees Valley Sanctuary Forum (demo)"),
    ("info@example.net", "", "Carlisle Welcome Circle (demo)"),
    ("policy@example.org", "", "Migrant Rights Policy Hub (demo)"),
    ("news@example.net", "", "Wearside Community Law Centre (demo)"),
    ("alex.p@example.org", "Alex Penrose", "Northern Refugee Action Network (demo)"),
    ("sam.oduya@example.net", "Sam Oduya", "Riverside Housing Association (demo)"),
    ("j.whitlock@example.org", "Jo Whitlock", "Cumbria Voluntary Services (demo)"),
    ("r.castellano@example.net", "Rosa Castellano", "European Integration Desk (demo)"),
    ("m.haldane@example.org", "Morag Haldane", "Scottish Sanctuary Project (demo)"),
    ("t.brightwell@example.org", "Tom Brightwell", "Faith Leaders for Welcome (demo)"),
    ("priya.n@example.net", "Priya Nandakumar", "Health Access for All (demo)"),
    ("d.ferrante@example.org", "Dario Ferrante", "Mediterranean Rescue Watch (demo)"),
    ("k.osei@example.net", "Kofi Osei", "Youth Sanctuary Teesside (demo)"),
    ("l.marchetti@example.org", "Lucia Marchetti", "European Integration Desk (demo)"),
    ("g.pryce@example.net", "Gwen Pryce", "Wales Welcome Partnership (demo)"),
    ("h.lindgren@example.org", "Hanna Lindgren", "Nordic Asylum Monitor (demo)"),
    ("b.okafor@example.net", "Bola Okafor", "Teesside Law Clinic (demo)"),
    ("c.mcbride@example.org", "Ciaran McBride", "Belfast Migrant Forum (demo)"),
    ("f.dumont@example.net", "Fabienne Dumont", "Calais Observers Network (demo)"),
    ("newsdesk@example.org", "", "Northern Community Radio (demo)"),
    ("training@example.net", "", "Journalism Diversity Trust (demo)"),
    ("research@example.org", "", "Centre for Migration Studies (demo)"),
    ("e.varga@example.net", "Eszter Varga", "Central Europe Refugee Desk (demo)"),
    ("w.ashton@example.org", "Will Ashton", "Riverside Borough Council (demo)"),
    ("n.begum@example.net", "Nasreen Begum", "Stockton Women's Centre (demo)"),
    ("o.kowalski@example.org", "Ola Kowalski", "Polish Community Association (demo)"),
    ("y.demir@example.net", "Yusuf Demir", "Kurdish Community Centre (demo)"),
    ("a.mensah@example.org", "Abena Mensah", "Health Access for All (demo)"),
    ("s.rutherford@example.net", "Sian Rutherford", "Faith Leaders for Welcome (demo)"),
    ("p.garnett@example.org", "Paul Garnett", "Cumbria Voluntary Services (demo)"),
    ("v.ionescu@example.net", "Vera Ionescu", "Romanian Workers Advice (demo)"),
    ("d.kerr@example.org", "Duncan Kerr", "Scottish Sanctuary Project (demo)"),
]
# Sections each confirmed reader asked for, by position in CONFIRMED (default: all).
CONFIRMED_SECTIONS = {7: [UK], 8: [EUROPE], 12: [EUROPE, INTERNATIONAL], 16: [EUROPE], 19: [EUROPE]}
WEEKLY = {3, 10, 22, 29}

PENDING = [
    # (address, name, organisation, hours since they signed up)
    ("hello@example.org", "", "Sunderland Welcome Café (demo)", 3),
    ("i.moreau@example.net", "Ines Moreau", "European Integration Desk (demo)", 26),
    ("r.quayle@example.org", "Rob Quayle", "Isle of Man Refugee Support (demo)", 50),
]

UNSUBSCRIBED = [
    ("old.office@example.org", "", "Former Regional Partnership (demo)"),
    ("g.hartley@example.net", "Grace Hartley", "Hartley Consulting (demo)"),
]

SUPPRESSED = ("closed.mailbox@example.net", "", "Dissolved Advice Service (demo)")
BOUNCE_DETAIL = "550 5.1.1 The email account that you tried to reach does not exist (demo)"
