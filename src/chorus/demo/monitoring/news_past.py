"""The demo's invented news of one, two and three days earlier: the sent editions' stories.

Every story is invented, although the outlets are real (see `data`). No name of a real
refugee or storyteller may appear in this file.
"""

from __future__ import annotations

from chorus.demo.monitoring.data import Report, Story

# Reports a day, two and three days before the demo's "now": the three sent editions in
# the archive are built from them.
STORIES = [
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
