"""The fixed parts of the demo network: the Google group's growth, the regional partners,
and the Carlisle story's coverage.

The organisations are real or plainly local (a welcome kitchen in Stockton-on-Tees);
every person named is one of the invented contacts of `chorus.demo.people.data`. No
name of a real refugee, storyteller or member of staff may appear in this file.
"""

from __future__ import annotations

import datetime

from chorus.demo.people.data import NE_STOCKTON, NW_CARLISLE
from chorus.network.models import PartnerKind
from chorus.people.models import OrganisationKind
from chorus.voices.models import MediaType

D = datetime.date

# The outreach entry each run looks for: the Carlisle story starts with it.
CONFERENCE = "City of Sanctuary conference"

# The group's count on the 28th of each month: it passed 1,100 in June 2023.
GROUP_START = D(2021, 7, 28)
GROUP_JUNE_2023 = 1100


PARTNERS = [
    # organisation, kind of organisation, region, kind of partner, contact, since
    (
        "Carlisle City of Sanctuary",
        OrganisationKind.GRASSROOTS,
        NW_CARLISLE,
        PartnerKind.CITY_OF_SANCTUARY,
        "Gwen Tallis",
        D(2022, 9, 17),
    ),
    (
        "Asylum Matters",
        OrganisationKind.CHARITY,
        NE_STOCKTON,
        PartnerKind.ASYLUM_MATTERS,
        "Idris Calderbank",
        D(2023, 5, 16),
    ),
    (
        "Stockton Welcome Kitchen",
        OrganisationKind.GRASSROOTS,
        NE_STOCKTON,
        PartnerKind.LOCAL_CHARITY,
        None,
        D(2023, 5, 16),
    ),
]


# The outlet, the headline it now carries and the kind of media, in the order they ran.
CARLISLE_COVERAGE = [
    ("ITV News", "A Carlisle refugee on why he risked the Channel", MediaType.BROADCAST),
    ("Metro", "'I would cross again: the Rwanda plan stops no one like me'", MediaType.ONLINE),
    (
        "PA Media",
        "Refugee tells media briefing Rwanda scheme is no deterrent",
        MediaType.ONLINE,
    ),
]
COVERAGE_FROM = D(2022, 10, 15)
COVERAGE_TO = D(2023, 3, 31)
