"""The fixed parts of the demo round-up: the three sent editions and the readers.

Subscribers: invented people and organisations (every organisation ends in "(demo)"),
at example.org and example.net addresses only. No name of a real refugee or
storyteller may appear in this file.
"""

from __future__ import annotations

import datetime

from chorus.demo.monitoring.data import EUROPE, INTERNATIONAL, UK

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

# The list the charity kept before Chorus, by the day each reader confirmed: "by June
# 2023, we were sending it to over 1,000 people". Addresses are generated
# (reader-0001@example.org …); every one is confirmed and still subscribed.
HISTORIC_READERS_BY_JUNE_2023 = 1046
HISTORIC_READERS_AFTER = 180  # July 2023 – June 2024
HISTORIC_FIRST_DAY = datetime.date(2021, 1, 11)
HISTORIC_JUNE_2023 = datetime.date(2023, 6, 28)
HISTORIC_LAST_DAY = datetime.date(2024, 6, 20)
