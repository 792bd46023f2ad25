"""The demo's invented news of the last 24 hours: the stories of the morning draft.

Every story is invented, although the outlets are real (see `data`). No name of a real
refugee or storyteller may appear in this file.
"""

from __future__ import annotations

from chorus.demo.monitoring.data import Report, Story

# The wire copy that several outlets run word for word (a near-copy for the de-duplication).
_WIRE_BACKLOG = (
    "The statistics watchdog has told the Home Office to review how it reports the asylum "
    "backlog, after finding that published figures left out thousands of claims waiting for "
    "an appeal. In a letter published on Tuesday, the regulator said the department should "
    "explain its methods and correct earlier releases. A Home Office spokesperson said the "
    "department would respond in full and that asylum decisions were being made faster than "
    "at any time in the last five years."
)

# Reports within 24 hours of the demo's "now": what today's draft is built from.
STORIES = [
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
]
