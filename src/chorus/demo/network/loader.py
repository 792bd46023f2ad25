"""Load the demo network: the Google group's counts, partners, and the two regional stories.

Called by `chorus.demo.loader.load` inside its transaction, after the media desk and
the storytellers network. Every person is invented. Through the services, so every
record has its audit row and every use of a story asks both judges:

- Carlisle: a City of Sanctuary conference (September 2022) → a contact in Carlisle →
  a refugee who joins the storytellers network after safeguarding in Farsi → ITV, a
  first-person piece in Metro and a PA quote from a media briefing (placements of the
  demo's own year, now recorded as his uses) → the June 2023 training day → more
  people come forward.
- Stockton-on-Tees: a meeting with local charities (May 2023) → the training day with
  Asylum Matters (January 2024) → a story pitched to BBC Look North.

The training days themselves belong to the training app; here they are leads in
words (`OutreachLead`, kind "training_session"), for it to link. Idempotent: the
stories are found by the conference's title, the counts by their day.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime

from chorus.accounts.models import User
from chorus.demo.media import data as media_data
from chorus.demo.media.data import NOTE_PREFIX
from chorus.demo.network import data as nd
from chorus.demo.people import data as people_data
from chorus.demo.summary import Summary
from chorus.demo.voices import data as vd
from chorus.media.models import Outlet, Pitch, Placement
from chorus.media.requests.services import pitch_create
from chorus.media.services import placement_update
from chorus.media.story_uses import placement_voice_record
from chorus.network import services
from chorus.network.models import MemberSnapshot, OutreachEntry
from chorus.people.models import Organisation, Person, Region
from chorus.people.services import organisation_create, organisation_update
from chorus.training.models import Session
from chorus.voices.consent.services import consent_record
from chorus.voices.models import (
    Consent,
    IdentityLevel,
    MediaType,
    Programme,
    StorytellerProfile,
    StoryUse,
    WellbeingCheckIn,
)
from chorus.voices.services import check_in_record, membership_add, storyteller_create

D = datetime.date
# The kind of lead a training day is, for the training app to link.
TRAINING = "training_session"


def _training_day(title: str) -> int | None:
    """The id of the training demo's regional day of this title (loaded first), if any."""
    session = Session.objects.filter(title=title).first()
    return session.pk if session is not None else None


def group_count(day: datetime.date) -> int:
    """The demo group's members on a day: steady growth, 1,100 on 28 June 2023."""
    months = (day.year - 2023) * 12 + (day.month - 6)
    step = 19 if months <= 0 else 14  # it grew faster before the summer of 2023
    return nd.GROUP_JUNE_2023 + months * step


def load_network(*, today: datetime.date, users: dict[str, User], summary: Summary) -> None:
    """Create whatever part of the demo network is missing."""
    coordinator = users["coordinator"]
    _load_counts(today, coordinator, summary)
    regions = _regions()
    _regional_outlets(regions)
    _load_partners(regions, coordinator, summary)
    exists = OutreachEntry.objects.filter(title=nd.CONFERENCE).exists()
    summary.add("Outreach stories", not exists, 2)
    if not exists:
        _carlisle(today, users, regions)
        _stockton(today, users, regions)


def _regions() -> dict[tuple[str, str | None], Region]:
    found: dict[tuple[str, str | None], Region] = {}
    for parent_name, child_name in people_data.REGIONS:
        parent = Region.objects.get(name__iexact=parent_name, parent=None)
        found[(parent_name, None)] = parent
        if child_name:
            found[(parent_name, child_name)] = Region.objects.get(
                name__iexact=child_name, parent=parent
            )
    return found


def _load_counts(today: datetime.date, actor: User, summary: Summary) -> None:
    have = set(MemberSnapshot.objects.values_list("taken_on", flat=True))
    day = nd.GROUP_START
    while day <= today:
        summary.add("Google group counts", day not in have)
        if day not in have:
            services.snapshot_record(
                actor=actor, taken_on=day, members=group_count(day), note="Demo count"
            )
        day = D(day.year + day.month // 12, day.month % 12 + 1, 28)


def _regional_outlets(regions: dict[tuple[str, str | None], Region]) -> None:
    """A regional outlet's organisation is in its region (its region page lists it)."""
    for spec in media_data.OUTLETS:
        if spec.region is None:
            continue
        outlet = Outlet.objects.select_related("organisation").filter(name=spec.name).first()
        if outlet and outlet.organisation and outlet.organisation.region_id is None:
            organisation_update(
                actor=None, organisation=outlet.organisation, region=regions[spec.region]
            )


def _organisation(name: str, kind: str, region: Region) -> Organisation:
    found = Organisation.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    return organisation_create(
        actor=None,
        name=name,
        kind=kind,
        region=region,
        notes="Demo data: every person linked to it here is invented.",
    )


def _load_partners(
    regions: dict[tuple[str, str | None], Region], actor: User, summary: Summary
) -> None:
    for name, org_kind, region_key, kind, contact, since in nd.PARTNERS:
        region = regions[region_key]
        organisation = _organisation(name, org_kind, region)
        exists = organisation.partnerships.filter(region=region).exists()
        summary.add("Partners", not exists)
        if not exists:
            services.partner_create(
                actor=actor,
                organisation=organisation,
                region=region,
                kind=kind,
                contact=Person.objects.get(full_name=contact) if contact else None,
                since=since,
            )


# --- Carlisle ---------------------------------------------------------------------------


def _lived_placement(outlet: str) -> Placement | None:
    """A lived-experience demo placement at `outlet` in the months after he joined.

    One no storyteller is recorded in yet, if there is one; otherwise one where another
    storyteller spoke too (a package can feature two people). Either way the year's
    figures stay as they were: the placement already featured lived experience.
    """
    # Not a campaign's: campaign placements feature that campaign's own ambassadors.
    in_window = Placement.objects.filter(
        notes__startswith=NOTE_PREFIX,
        outlet__name=outlet,
        published_on__range=(nd.COVERAGE_FROM, nd.COVERAGE_TO),
        campaign__isnull=True,
    ).select_related("outlet")
    used = StoryUse.objects.filter(kind=StoryUse.Kind.PLACEMENT).values("object_id")
    free = in_window.filter(quotes_outside_network=True).exclude(pk__in=used)
    return (
        free.order_by("published_on", "pk").first()
        or in_window.filter(pk__in=used).order_by("published_on", "pk").first()
    )


def _carlisle(
    today: datetime.date, users: dict[str, User], regions: dict[tuple[str, str | None], Region]
) -> None:
    lead, media = users["safeguarding"], users["media"]
    carlisle = regions[people_data.NW_CARLISLE]
    contact = Person.objects.get(full_name="Gwen Tallis")
    conference = services.outreach_create(
        actor=lead,
        kind="conference",
        happened_on=D(2022, 9, 17),
        title=nd.CONFERENCE,
        organisations=Organisation.objects.filter(name="City of Sanctuary UK"),
        people=[contact],
        notes="Met the co-ordinator of the network in Carlisle, who told us how many people "
        "seeking asylum are housed there with little support around them.",
    )
    joined = D(2022, 10, 11)
    profile = storyteller_create(
        actor=lead,
        legal_name="Farhad Sotoudeh",
        name_in_media=StorytellerProfile.NameInMedia.FIRST_NAME,
        media_name="Farhad",
        contact_details="Through the Head of Voices; WhatsApp +44 7700 900714",
        preferred_contact_route=StorytellerProfile.ContactRoute.HEAD_OF_VOICES,
        country_of_origin="Iran",
        immigration_situation="Refugee status; arrived by small boat",
        region=carlisle,
        story_notes="Wants to explain why the Rwanda plan would not deter people who are "
        "trying to reach safety. Not yet confident in English: interviews with support.",
        last_active_on=joined,
        languages=[
            {"language": "Farsi", "level": "native", "needs_interpreter": False},
            {"language": "English", "level": "basic", "needs_interpreter": True},
        ],
    )
    consent_record(
        actor=lead,
        storyteller=profile,
        given_on=joined,
        how=Consent.How.RECORDED,
        media_types=[MediaType.PRINT, MediaType.ONLINE, MediaType.BROADCAST],
        identity_level=IdentityLevel.FIRST_NAME,
        language="Farsi",
        information_given="Safeguarding conversation and consent in Farsi with the Head "
        "of Voices, no interpreter needed.",
    )
    network = Programme.objects.filter(name=vd.NETWORK).first()
    if network is not None:
        membership_add(actor=lead, programme=network, storyteller=profile, joined_on=joined)
    placements = []
    for outlet, headline, media_type in nd.CARLISLE_COVERAGE:
        placement = _lived_placement(outlet)
        if placement is None or placement.published_on > today:
            continue
        placement_update(actor=media, placement=placement, headline=headline, region=carlisle)
        placement_voice_record(
            actor=media,
            storyteller=profile,
            placement=placement,
            media_type=media_type,
            identity_level=IdentityLevel.FIRST_NAME,
        )
        # He is the voice now, not someone from outside the network.
        placement_update(
            actor=media, placement=placement, quotes_outside_network=False, outside_voice_note=""
        )
        placements.append(placement)
    introduction = services.outreach_create(
        actor=lead,
        kind="introduction",
        happened_on=D(2022, 10, 4),
        title="Introduction to a refugee in Carlisle who wants to speak to the media",
        region=carlisle,
        led_from=conference,
        introduced_by=contact,
        storyteller=profile,
        placements=placements,
        notes="Safeguarding and consent in Farsi with the Head of Voices, then support "
        "through each interview and the media briefing.",
    )
    if today >= D(2023, 6, 17):
        services.outreach_lead_add(
            actor=lead,
            entry=introduction,
            kind=TRAINING,
            label="Training day in Carlisle for 10 asylum seekers and refugees",
            object_id=_training_day("Carlisle training day"),
            on=D(2023, 6, 17),
        )
    # He keeps in touch with the Head of Voices (so the retention review leaves him be).
    keeps_in_touch = max(D(2023, 2, 1), today - datetime.timedelta(days=45))
    check_in_record(
        actor=lead,
        storyteller=profile,
        kind=WellbeingCheckIn.Kind.CHECK_IN,
        held_on=keeps_in_touch,
        notes="Doing well; would like to help others in Carlisle tell their stories.",
    )
    if today >= D(2023, 7, 20):
        services.outreach_create(
            actor=lead,
            kind="referral",
            happened_on=D(2023, 7, 20),
            title="More people in Carlisle come forward to share their stories",
            region=carlisle,
            led_from=introduction,
            introduced_by=contact,
            notes="Members of the Iranian and Afghan communities contacted the Head of "
            "Voices after the training day; two want to share their stories anonymously.",
        )


# --- Stockton-on-Tees -------------------------------------------------------------------


def _stockton(
    today: datetime.date, users: dict[str, User], regions: dict[tuple[str, str | None], Region]
) -> None:
    if today < D(2023, 5, 16):
        return
    coordinator, media = users["coordinator"], users["media"]
    stockton = regions[people_data.NE_STOCKTON]
    meeting = services.outreach_create(
        actor=coordinator,
        kind="meeting",
        happened_on=D(2023, 5, 16),
        title="Meeting with local charities in Stockton-on-Tees",
        region=stockton,
        organisations=Organisation.objects.filter(
            name__in=["Asylum Matters", "Stockton Welcome Kitchen"]
        ),
        people=Person.objects.filter(full_name="Idris Calderbank"),
        notes="Asked the organisations what training would help them most; agreed to plan "
        "a day with Asylum Matters.",
    )
    if today < D(2024, 1, 27):
        return
    services.outreach_lead_add(
        actor=coordinator,
        entry=meeting,
        kind=TRAINING,
        label="Training day with Asylum Matters for 14 members of grassroots charities",
        object_id=_training_day("Stockton training day with Asylum Matters"),
        on=D(2024, 1, 27),
    )
    pitch = pitch_create(
        actor=media,
        outlets=Outlet.objects.filter(name="BBC Look North"),
        title="Two dentists who cannot work in Stockton while the town is short of dentists",
        status=Pitch.Status.PITCHED,
        media_type=MediaType.BROADCAST,
        identity_level=IdentityLevel.ANONYMOUS,
        notes="From the training day: the participants' own story ideas.",
    )
    services.outreach_create(
        actor=coordinator,
        kind="referral",
        happened_on=D(2024, 1, 27),
        title="A story from the Stockton training day, pitched to BBC Look North",
        region=stockton,
        led_from=meeting,
        organisations=Organisation.objects.filter(name="Asylum Matters"),
        pitches=[pitch],
    )
