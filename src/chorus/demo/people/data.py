"""The demo's staff, regions, partner organisations and their contacts.

The organisations and regions are real, named as the public knows them. Every *person*
here (staff, contacts) is invented: no name of a real refugee, storyteller or member of
staff may appear in this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from chorus.accounts.roles import Role
from chorus.people.models import OrganisationKind

# username, role, first name, last name, job
STAFF = [
    ("admin", Role.ADMIN, "Ruth", "Calloway", "Operations manager"),
    ("safeguarding", Role.SAFEGUARDING_LEAD, "Parveen", "Ashdown", "Head of Voices"),
    ("media", Role.MEDIA_OFFICER, "Hollie", "Brannigan", "Media officer"),
    ("coordinator", Role.COORDINATOR, "Declan", "Fairweather", "North East comms co-ordinator"),
    ("digital", Role.DIGITAL_OFFICER, "Anjali", "Mercer", "Digital officer"),
    ("director", Role.DIRECTOR, "Morwenna", "Tregarthen", "Director"),
    ("volunteer", Role.VOLUNTEER, "Joel", "Ainsworth", "Round-up volunteer"),
    ("readonly", Role.READ_ONLY, "Beatrice", "Oyelaran-Hughes", "Trustee"),
]

# (parent, child or None)
REGIONS: list[tuple[str, str | None]] = [
    ("North East", "Stockton-on-Tees"),
    ("North East", "Newcastle"),
    ("North East", "Middlesbrough"),
    ("North East", "Sunderland"),
    ("North West", "Carlisle"),
    ("North West", "Manchester"),
    ("North West", "Liverpool"),
    ("Yorkshire and the Humber", "Leeds"),
    ("Yorkshire and the Humber", "Bradford"),
    ("West Midlands", "Birmingham"),
    ("London", None),
    ("Scotland", "Glasgow"),
    ("Wales", "Cardiff"),
    ("Northern Ireland", "Belfast"),
]

# The two towns of the outreach case study, as keys of REGIONS.
NE_STOCKTON: tuple[str, str | None] = ("North East", "Stockton-on-Tees")
NW_CARLISLE: tuple[str, str | None] = ("North West", "Carlisle")


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    website: str = ""
    region: tuple[str, str | None] | None = None


ORGANISATIONS = [
    OrganisationSpec(
        "City of Sanctuary UK", OrganisationKind.NETWORK, "https://cityofsanctuary.org"
    ),
    OrganisationSpec("Asylum Matters", OrganisationKind.CHARITY, "https://asylummatters.org"),
    OrganisationSpec("NACCOM", OrganisationKind.NETWORK, "https://naccom.org.uk"),
    OrganisationSpec(
        "Praxis", OrganisationKind.CHARITY, "https://www.praxis.org.uk", ("London", None)
    ),
    OrganisationSpec("IOM UK", OrganisationKind.PUBLIC_BODY, "https://unitedkingdom.iom.int"),
    OrganisationSpec(
        "Counterpoints Arts", OrganisationKind.CHARITY, "https://counterpointsarts.org.uk"
    ),
    OrganisationSpec(
        "Migration Exchange", OrganisationKind.NETWORK, "https://www.migrationexchange.org.uk"
    ),
    OrganisationSpec(
        "More in Common", OrganisationKind.ACADEMIC, "https://www.moreincommon.org.uk"
    ),
    OrganisationSpec("British Future", OrganisationKind.ACADEMIC, "https://www.britishfuture.org"),
    OrganisationSpec(
        "Refugee Action", OrganisationKind.CHARITY, "https://www.refugee-action.org.uk"
    ),
    OrganisationSpec(
        "Refugee Council", OrganisationKind.CHARITY, "https://www.refugeecouncil.org.uk"
    ),
    OrganisationSpec(
        "Doctors of the World UK", OrganisationKind.CHARITY, "https://www.doctorsoftheworld.org.uk"
    ),
    OrganisationSpec("The Voice of Domestic Workers", OrganisationKind.GRASSROOTS),
    OrganisationSpec("Sound Delivery", OrganisationKind.CHARITY),
    OrganisationSpec("Roma Support Group", OrganisationKind.CHARITY),
]

# Invented contacts at partner organisations: full name, organisation, job, region.
CONTACTS = [
    ("Gwen Tallis", "City of Sanctuary UK", "Network co-ordinator", ("North West", "Carlisle")),
    (
        "Idris Calderbank",
        "Asylum Matters",
        "Regional campaigns officer",
        ("North East", "Stockton-on-Tees"),
    ),
    ("Ffion Ashworth", "NACCOM", "Communications lead", None),
    ("Bram Delacourt", "Counterpoints Arts", "Programme producer", ("London", None)),
    ("Marisol Quaid", "IOM UK", "Communications officer", ("London", None)),
    ("Teodor Hale", "Refugee Action", "Press officer", ("North West", "Manchester")),
]
