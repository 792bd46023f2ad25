"""Load the demo storytellers network: storytellers, programmes, consent, support, uses.

Called by `chorus.demo.loader.load` inside its transaction. Every person is invented
(see `voices_data`). Deterministic: each storyteller's details come from a random
generator seeded with their reference, each use of a story from one seeded with the
placement's demo reference, so every run on every machine makes the same records.
Idempotent: storytellers are found by reference and placements by their existing
uses before anything is created.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime
import importlib
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from chorus.accounts.models import User
from chorus.demo import voices_data as vd
from chorus.media.models import AudienceSegment, Outlet, OutletKind, Placement
from chorus.media.story_uses import outlet_facts
from chorus.people.models import Organisation, Person, Region
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record
from chorus.voices.consent import consent_covers
from chorus.voices.models import (
    Consent,
    IdentityLevel,
    Interpreter,
    InvolvementPayment,
    MediaType,
    Membership,
    MentoringSession,
    Programme,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    Theme,
    WellbeingCheckIn,
)

if TYPE_CHECKING:
    from chorus.demo.summary import Summary

D = datetime.date
DAY = datetime.timedelta(days=1)
NOTE = "demo voices data"
PLACEMENT_NOTE_PREFIX = "Fictional demo placement, ref "  # as written by the demo loader

# Members of each programme, by position in the list of storytellers (0 = S-0001).
IMD_MEMBERS = range(0, 8)
RW_MEMBERS = range(8, 16)
STEERING_MEMBERS = (2, 9, 20, 31, 40, 47)
CANARY_INDEX = int(vd.CANARY_REFERENCE.split("-")[1]) - 1
OPEN_CONCERN_INDEXES = (CANARY_INDEX, 37)
CLOSED_CONCERN_INDEXES = (5, 28)
WITHDRAWN_INDEXES = {41: D(2023, 10, 12), 52: D(2024, 3, 5)}
LEFT_INDEXES = (52,)
PAUSED_INDEXES = (18, 44)
EXPIRED_INDEXES = (24, 25, 33, 49, 55)
# Inactive long enough to be flagged by the retention review.
INACTIVE_INDEXES = (26, 34, 58)

NAME_TO_IDENTITY: dict[str, str] = {
    StorytellerProfile.NameInMedia.REAL_NAME: IdentityLevel.NAMED,
    StorytellerProfile.NameInMedia.FIRST_NAME: IdentityLevel.FIRST_NAME,
    StorytellerProfile.NameInMedia.PSEUDONYM: IdentityLevel.PSEUDONYM,
    StorytellerProfile.NameInMedia.ANONYMOUS: IdentityLevel.ANONYMOUS,
}


@dataclass
class Context:
    today: datetime.date
    staff: dict[str, User]
    themes: list[Theme]
    regions: dict[tuple[str, str | None], Region]
    interpreters: list[Interpreter]
    programmes: dict[str, Programme]
    hostile: AudienceSegment | None
    excluded_outlets: list[Outlet]
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n


def load_voices(*, today: datetime.date, users: dict[str, User], summary: Summary) -> None:
    """Create whatever part of the demo storytellers network is missing."""
    ctx = Context(
        today=today,
        staff=users,
        themes=_ensure_themes(),
        regions=_regions(),
        interpreters=_load_interpreters(summary),
        programmes=_load_programmes(summary),
        hostile=AudienceSegment.objects.filter(slug="hostile-leaning").first(),
        excluded_outlets=list(
            Outlet.objects.filter(name__in=["GB News", "The Sun"]).select_related("organisation")
        ),
    )
    existing = set(StorytellerProfile.objects.values_list("reference", flat=True))
    for index in range(vd.STORYTELLER_COUNT):
        reference = f"S-{index + 1:04d}"
        summary.add("Storytellers", reference not in existing)
        if reference not in existing:
            _create_storyteller(ctx, index, reference)
    already = StoryUse.objects.filter(
        kind=StoryUse.Kind.PLACEMENT,
        object_id__in=Placement.objects.filter(notes__startswith=PLACEMENT_NOTE_PREFIX).values(
            "pk"
        ),
    ).count()
    summary.add("Uses of stories", False, already)
    summary.add("Uses of stories", True, _load_uses(ctx))
    if ctx.created:
        # One summary row instead of one per record: these were never typed in by anyone.
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="voices.storytellerprofile",
            object_repr=", ".join(f"{n} {kind}" for kind, n in sorted(ctx.created.items())),
            note=NOTE,
        )


# --- Fixed records ----------------------------------------------------------------------


def _ensure_themes() -> list[Theme]:
    # A flush (demo_load --reset) empties the table its migration filled; put it back.
    migration = importlib.import_module("chorus.voices.migrations.0002_seed_themes")
    for position, name in enumerate(migration.THEMES, start=1):
        if not Theme.objects.filter(name__iexact=name).exists():
            Theme.objects.create(name=name, position=position * 10)
    return list(Theme.objects.order_by("position", "name"))


def _regions() -> dict[tuple[str, str | None], Region]:
    regions = {}
    for key, _weight in vd.STORYTELLER_REGIONS:
        parent_name, child_name = key
        parent = Region.objects.get(name__iexact=parent_name, parent=None)
        regions[key] = (
            Region.objects.get(name__iexact=child_name, parent=parent) if child_name else parent
        )
    return regions


def _load_interpreters(summary: Summary) -> list[Interpreter]:
    interpreters = []
    for name, languages in vd.INTERPRETERS:
        interpreter = Interpreter.objects.filter(name=name).first()
        summary.add("Interpreters", interpreter is None)
        if interpreter is None:
            interpreter = Interpreter.objects.create(
                name=name,
                languages=languages,
                email=f"{name.split()[0].lower()}@interpreters.example.org",
            )
        interpreters.append(interpreter)
    return interpreters


def _load_programmes(summary: Summary) -> dict[str, Programme]:
    programmes = {}
    for spec in vd.PROGRAMMES:
        programme = Programme.objects.filter(name__iexact=spec.name).first()
        summary.add("Programmes", programme is None)
        if programme is None:
            programme = Programme.objects.create(
                name=spec.name,
                kind=spec.kind,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                theme=spec.theme,
                description=spec.description,
            )
            partners = Organisation.objects.filter(name__in=spec.partners)
            programme.partners.set(partners)
        programmes[spec.name] = programme
    return programmes


# --- Storytellers -----------------------------------------------------------------------


def _joined_on(index: int, rng: random.Random) -> datetime.date:
    if index in IMD_MEMBERS:
        return vd.PROGRAMMES[1].starts_on + rng.randint(0, 10) * DAY
    if index in RW_MEMBERS:
        return vd.PROGRAMMES[2].starts_on + rng.randint(0, 10) * DAY
    if index in INACTIVE_INDEXES:
        return D(2021, 4, 1) + rng.randint(0, 120) * DAY
    # The rest joined the network over two years, Carlisle and Stockton from the outreach on.
    return D(2021, 4, 1) + rng.randint(0, 700) * DAY


def _region_key(rng: random.Random) -> tuple[str, str | None]:
    keys = [key for key, _ in vd.STORYTELLER_REGIONS]
    weights = [weight for _, weight in vd.STORYTELLER_REGIONS]
    return rng.choices(keys, weights=weights)[0]


def _create_storyteller(ctx: Context, index: int, reference: str) -> StorytellerProfile:
    rng = random.Random(f"{vd.SEED}-{reference}")
    community = rng.choices(vd.COMMUNITIES, weights=[c.weight for c in vd.COMMUNITIES])[0]
    first, surname = rng.choice(community.first_names), rng.choice(community.surnames)
    joined_on = _joined_on(index, rng)
    region_key = _region_key(rng)
    region = ctx.regions[region_key]
    town = region_key[1] or region_key[0]
    themes = rng.sample(ctx.themes, k=rng.randint(1, 3))

    ambassador = index in IMD_MEMBERS or index in RW_MEMBERS
    name_in_media = rng.choices(
        list(StorytellerProfile.NameInMedia),
        weights=[3, 5, 2, 1] if ambassador else [1, 4, 3, 3],
    )[0]
    media_name = {
        StorytellerProfile.NameInMedia.REAL_NAME: f"{first} {surname}",
        StorytellerProfile.NameInMedia.FIRST_NAME: first,
        StorytellerProfile.NameInMedia.PSEUDONYM: rng.choice(
            [n for c in vd.COMMUNITIES for n in c.first_names if n != first]
        ),
        StorytellerProfile.NameInMedia.ANONYMOUS: "",
    }[name_in_media]
    english = rng.choice(["basic", "conversational", "fluent", "fluent"])
    needs_interpreter = (
        english == "basic" or community.languages[0] == "Farsi" and rng.random() < 0.4
    )
    route = rng.choice(list(StorytellerProfile.ContactRoute))
    story_notes = " ".join(
        [
            rng.choice(vd.STORY_OPENINGS).format(theme=themes[0].name.lower()),
            rng.choice(vd.STORY_DETAILS).format(town=town),
        ]
    )
    if index == CANARY_INDEX:
        story_notes += f" Safeguarding marker {vd.CANARY_MARKER}: see the open concern first."
    status = StorytellerProfile.Status.ACTIVE
    if index in LEFT_INDEXES:
        status = StorytellerProfile.Status.LEFT
    elif index in PAUSED_INDEXES:
        status = StorytellerProfile.Status.PAUSED
    inactive_days = rng.randint(800, 1000) if index in INACTIVE_INDEXES else rng.randint(0, 300)

    person = Person.objects.create(full_name=f"Storyteller {reference}", region=region)
    profile = StorytellerProfile.objects.create(
        person=person,
        reference=reference,
        legal_name=f"{first} {surname}",
        name_in_media=name_in_media,
        media_name=media_name,
        contact_details=f"WhatsApp +44 7700 900{rng.randint(0, 999):03d}",
        preferred_contact_route=route,
        country_of_origin=community.origin,
        immigration_situation=rng.choice(community.situations),
        region=region,
        media_training_done=ambassador or rng.random() < 0.5,
        experience=rng.choice(list(StorytellerProfile.Experience)),
        is_available=status == StorytellerProfile.Status.ACTIVE and rng.random() < 0.85,
        availability_note=rng.choice(
            ["", "", "Weekday evenings", "Not during Ramadan", "Weekends"]
        ),
        story_notes=story_notes,
        status=status,
        last_active_on=max(joined_on, ctx.today - inactive_days * DAY),
        # Two are waiting for a retention review; the nightly task flags the third.
        flagged_for_erasure_on=ctx.today - 12 * DAY if index in INACTIVE_INDEXES[:2] else None,
    )
    profile.themes.set(themes)
    languages = [
        StorytellerLanguage(
            storyteller=profile, language=language, level="native" if i == 0 else "fluent"
        )
        for i, language in enumerate(community.languages)
        if language != "English"
    ]
    languages.append(
        StorytellerLanguage(
            storyteller=profile,
            language="English",
            level="native" if english == "native" else english,
            needs_interpreter=needs_interpreter,
        )
    )
    StorytellerLanguage.objects.bulk_create(languages)
    ctx.count("storytellers")

    _memberships(ctx, index, profile, joined_on, rng)
    _consents(ctx, index, profile, community, joined_on, needs_interpreter, rng)
    if ambassador:
        _mentoring(ctx, profile, joined_on, rng)
    if rng.random() < 0.4 or index == CANARY_INDEX:
        _check_ins(ctx, profile, joined_on, rng)
    if index in OPEN_CONCERN_INDEXES or index in CLOSED_CONCERN_INDEXES:
        _concern(ctx, index, profile, joined_on, rng)
    return profile


def _memberships(
    ctx: Context,
    index: int,
    profile: StorytellerProfile,
    joined_on: datetime.date,
    rng: random.Random,
) -> None:
    rows = [
        Membership(programme=ctx.programmes[vd.NETWORK], storyteller=profile, joined_on=joined_on)
    ]
    if index in IMD_MEMBERS:
        spec = vd.PROGRAMMES[1]
        rows.append(
            Membership(
                programme=ctx.programmes[vd.IMD_2022],
                storyteller=profile,
                joined_on=spec.starts_on,
                left_on=spec.ends_on,
            )
        )
    if index in RW_MEMBERS:
        spec = vd.PROGRAMMES[2]
        rows.append(
            Membership(
                programme=ctx.programmes[vd.RW_2023],
                storyteller=profile,
                joined_on=spec.starts_on,
                left_on=spec.ends_on,
            )
        )
    if index in STEERING_MEMBERS:
        rows.append(
            Membership(
                programme=ctx.programmes[vd.STEERING],
                storyteller=profile,
                joined_on=max(vd.PROGRAMMES[3].starts_on, joined_on),
            )
        )
    if index in LEFT_INDEXES:
        rows[0].left_on = WITHDRAWN_INDEXES.get(index, joined_on + 400 * DAY)
    Membership.objects.bulk_create(rows)
    ctx.count("memberships", len(rows))


def _consents(
    ctx: Context,
    index: int,
    profile: StorytellerProfile,
    community: vd.Community,
    joined_on: datetime.date,
    needs_interpreter: bool,
    rng: random.Random,
) -> None:
    level = NAME_TO_IDENTITY[profile.name_in_media]
    interpreter = None
    language = "English"
    if needs_interpreter:
        language = community.languages[0]
        interpreter = next((i for i in ctx.interpreters if language in i.language_list), None)
    media_types = [
        m.value
        for m, chance in [
            (MediaType.PRINT, 0.75),
            (MediaType.ONLINE, 0.95),
            (MediaType.BROADCAST, 0.6),
            (MediaType.SOCIAL, 0.7),
            (MediaType.PODCAST, 0.4),
            (MediaType.PHOTO, 0.4),
            (MediaType.VIDEO, 0.3),
        ]
        if rng.random() < chance
    ] or [MediaType.ONLINE.value]
    # The most identifying level agreed: never less than how they are named in media.
    allowed = max(level, rng.choice(list(IdentityLevel)), key=IdentityLevel.rank)

    def consent(given_on: datetime.date, **extra: object) -> Consent:
        record = Consent.objects.create(
            storyteller=profile,
            given_on=given_on,
            how=rng.choice(list(Consent.How)),
            language=language,
            interpreter=interpreter,
            taken_by=ctx.staff["safeguarding"],
            information_version=rng.choice(["2021-v2", "2022-v3", "2023-v1"]),
            information_given=vd.CONSENT_INFORMATION,
            media_types=media_types,
            identity_level=allowed,
            face_shown=allowed == IdentityLevel.NAMED and rng.random() < 0.6,
            excluded_outlet_kinds=["tv"] if rng.random() < 0.1 else [],
            topics=rng.choice(vd.CONSENT_TOPICS),
            **extra,
        )
        if ctx.excluded_outlets and rng.random() < 0.3:
            record.excluded_organisations.set(
                [outlet.organisation for outlet in ctx.excluded_outlets if outlet.organisation]
            )
        if ctx.hostile is not None and rng.random() < 0.25:
            record.excluded_audiences = [ctx.hostile.slug]
            record.save(update_fields=["excluded_audiences"])
        ctx.count("consents")
        return record

    if index in EXPIRED_INDEXES:
        # An expired consent, renewed a few weeks later.
        expired_on = joined_on + rng.randint(300, 420) * DAY
        consent(joined_on, expires_on=expired_on)
        consent(expired_on + rng.randint(10, 40) * DAY, expires_on=None)
    elif index in WITHDRAWN_INDEXES:
        consent(
            joined_on,
            withdrawn_on=WITHDRAWN_INDEXES[index],
            withdrawal_how=Consent.How.VERBAL,
            withdrawal_note="Asked to stop: worried about being recognised by people back home.",
        )
    else:
        expires_on = joined_on + 3 * 365 * DAY if rng.random() < 0.3 else None
        consent(joined_on, expires_on=expires_on)


def _mentoring(
    ctx: Context, profile: StorytellerProfile, joined_on: datetime.date, rng: random.Random
) -> None:
    sessions = [
        MentoringSession(
            storyteller=profile,
            mentor=ctx.staff[rng.choice(["safeguarding", "media"])],
            held_on=joined_on + (14 + 21 * n + rng.randint(0, 6)) * DAY,
            notes=rng.choice(vd.MENTORING_NOTES),
        )
        for n in range(rng.randint(2, 4))
    ]
    MentoringSession.objects.bulk_create(sessions)
    ctx.count("mentoring sessions", len(sessions))


def _check_ins(
    ctx: Context, profile: StorytellerProfile, joined_on: datetime.date, rng: random.Random
) -> None:
    check_ins = [
        WellbeingCheckIn(
            storyteller=profile,
            kind=WellbeingCheckIn.Kind.CHECK_IN,
            held_on=min(ctx.today, joined_on + rng.randint(30, 400) * DAY),
            by=ctx.staff["safeguarding"],
            notes=rng.choice(vd.CHECK_IN_NOTES),
            follow_up_needed=rng.random() < 0.2,
        )
        for _ in range(rng.randint(1, 2))
    ]
    WellbeingCheckIn.objects.bulk_create(check_ins)
    ctx.count("wellbeing check-ins", len(check_ins))


def _concern(
    ctx: Context,
    index: int,
    profile: StorytellerProfile,
    joined_on: datetime.date,
    rng: random.Random,
) -> None:
    is_open = index in OPEN_CONCERN_INDEXES
    raised_on = min(ctx.today, joined_on + rng.randint(60, 300) * DAY)
    lead = ctx.staff["safeguarding"]
    if index == CANARY_INDEX:
        summary = "Received threatening messages after a community event; may be at risk."
        notes = (
            f"{vd.CANARY_MARKER}. Agreed: no media work until the situation is reviewed. "
            "Contact only through the Head of Voices."
        )
    elif is_open:
        summary = "Distressed after a recent Home Office interview."
        notes = "Checking in weekly; referred to a counselling service with their agreement."
    else:
        summary = "Felt pressured by a journalist to share more than agreed."
        notes = "Spoke to the journalist's editor; the storyteller is happy to continue."
    concern = SafeguardingConcern.objects.create(
        storyteller=profile,
        raised_on=raised_on,
        raised_by=lead,
        level=SafeguardingConcern.Level.HIGH if is_open else SafeguardingConcern.Level.MEDIUM,
        status=SafeguardingConcern.Status.OPEN if is_open else SafeguardingConcern.Status.CLOSED,
        summary=summary,
        notes=notes,
        resolved_by=None if is_open else lead,
        resolved_on=None if is_open else raised_on + 21 * DAY,
        reviewed_on=raised_on,  # the lead raised it: it is not new to them
    )
    SafeguardingAction.objects.bulk_create(
        [
            SafeguardingAction(
                concern=concern,
                description="Call to check how they are and agree next steps.",
                owner=lead,
                due_on=raised_on + 3 * DAY,
                done_on=raised_on + 2 * DAY,
            ),
            SafeguardingAction(
                concern=concern,
                description="Review whether media work can start again.",
                owner=lead,
                due_on=raised_on + 30 * DAY,
                done_on=None if is_open else raised_on + 21 * DAY,
            ),
        ]
    )
    ctx.count("safeguarding concerns")


# --- Uses of stories --------------------------------------------------------------------


def _media_type(placement: Placement) -> str:
    kind = placement.outlet.kind
    if kind in (OutletKind.TV, OutletKind.RADIO):
        return MediaType.BROADCAST
    if kind == OutletKind.PODCAST:
        return MediaType.PODCAST
    return MediaType.ONLINE if placement.url else MediaType.PRINT


def _load_uses(ctx: Context) -> int:
    """Link lived-experience demo placements to the storytellers who spoke, where consented."""
    start, end = vd.USE_PERIOD
    placements = list(
        Placement.objects.filter(
            notes__startswith=PLACEMENT_NOTE_PREFIX,
            quotes_outside_network=True,
            published_on__range=(start, min(end, ctx.today)),
        )
        .exclude(
            pk__in=StoryUse.objects.filter(
                kind=StoryUse.Kind.PLACEMENT, object_id__isnull=False
            ).values("object_id")
        )
        .select_related("outlet__segment", "campaign")
        .order_by("notes")
    )
    if not placements:
        return 0
    # The demo's own storytellers only: one who joined later (the Carlisle story of
    # chorus.demo.network) must not change who is drawn for these placements on a rerun.
    own = [f"S-{index + 1:04d}" for index in range(vd.STORYTELLER_COUNT)]
    profiles = list(
        StorytellerProfile.objects.exclude(status=StorytellerProfile.Status.ERASED)
        .filter(reference__in=own)
        .order_by("reference")
    )
    by_reference = {p.reference: p for p in profiles}
    cohorts = {
        campaign: [
            by_reference[f"S-{i + 1:04d}"] for i in members if f"S-{i + 1:04d}" in by_reference
        ]
        for campaign, members in (
            (vd.COHORT_CAMPAIGNS[vd.IMD_2022], IMD_MEMBERS),
            (vd.COHORT_CAMPAIGNS[vd.RW_2023], RW_MEMBERS),
        )
    }
    held_from = dict(
        SafeguardingConcern.objects.filter(status=SafeguardingConcern.Status.OPEN).values_list(
            "storyteller_id", "raised_on"
        )
    )
    media_user = ctx.staff["media"]
    with_interpreter = set(
        StorytellerLanguage.objects.filter(needs_interpreter=True).values_list(
            "storyteller_id", flat=True
        )
    )
    created = 0
    last_appearance: dict[int, datetime.date] = {}
    for placement in placements:
        rng = random.Random(f"{vd.SEED}-use-{placement.notes}")
        if rng.random() < 0.45:
            continue  # not every lived-experience voice is one of the network's storytellers
        campaign = placement.campaign.name if placement.campaign else ""
        pool = cohorts.get(campaign) or profiles
        media_type = _media_type(placement)
        for profile in rng.sample(pool, k=min(4, len(pool))):
            held = held_from.get(profile.pk)
            if held is not None and placement.published_on >= held:
                continue  # an open safeguarding concern holds every use
            level = NAME_TO_IDENTITY[profile.name_in_media]
            coverage = consent_covers(
                storyteller=profile,
                outlet=outlet_facts(placement.outlet),
                media_type=media_type,
                identity_level=level,
                on=placement.published_on,
            )
            consent = coverage.consent
            if not coverage or consent is None:
                continue
            withdrawn_on = consent.withdrawn_on
            use = StoryUse.objects.create(
                storyteller=profile,
                kind=StoryUse.Kind.PLACEMENT,
                object_id=placement.pk,
                description=placement.outlet.name,
                used_on=placement.published_on,
                media_type=media_type,
                identity_level=level,
                consent=consent,
                recorded_by=media_user,
                withdrawal_action=(
                    "Asked the outlet to remove the first name." if withdrawn_on else ""
                ),
                withdrawal_done_on=(
                    withdrawn_on + 7 * DAY if withdrawn_on and rng.random() < 0.5 else None
                ),
            )
            # A storyteller spoke: the placement no longer needs the outside-voice mark.
            Placement.objects.filter(pk=placement.pk).update(
                quotes_outside_network=False, outside_voice_note=""
            )
            _pay(ctx, profile, placement, use, rng, interpreter=profile.pk in with_interpreter)
            seen = last_appearance.get(profile.pk)
            if seen is None or placement.published_on > seen:
                last_appearance[profile.pk] = placement.published_on
            created += 1
            break
    for pk, day in last_appearance.items():
        StorytellerProfile.objects.filter(pk=pk).exclude(last_media_appearance__gte=day).update(
            last_media_appearance=day
        )
    if created:
        ctx.count("uses of stories", created)
    return created


def _pay(
    ctx: Context,
    profile: StorytellerProfile,
    placement: Placement,
    use: StoryUse,
    rng: random.Random,
    *,
    interpreter: bool,
) -> None:
    paid_on = placement.published_on + rng.randint(3, 14) * DAY
    payments = [
        InvolvementPayment(
            storyteller=profile,
            kind=InvolvementPayment.Kind.FEE,
            amount=Decimal(rng.choice(["50.00", "75.00"])),
            method=rng.choice(list(InvolvementPayment.Method)),
            paid_on=paid_on,
            note=f"Fee for {placement.outlet.name}",
        )
    ]
    if interpreter:
        payments.append(
            InvolvementPayment(
                storyteller=profile,
                kind=InvolvementPayment.Kind.INTERPRETER,
                amount=Decimal("90.00"),
                method=InvolvementPayment.Method.BANK,
                paid_on=paid_on,
                note="Interpreter for the interview",
            )
        )
    if rng.random() < 0.3:
        payments.append(
            InvolvementPayment(
                storyteller=profile,
                kind=InvolvementPayment.Kind.TRAVEL,
                amount=Decimal(rng.randint(8, 60)),
                method=InvolvementPayment.Method.CASH,
                paid_on=paid_on,
                note="Train fare to the studio",
            )
        )
    InvolvementPayment.objects.bulk_create(payments)
    ctx.count("payments", len(payments))
    if rng.random() < 0.5:
        WellbeingCheckIn.objects.create(
            storyteller=profile,
            kind=WellbeingCheckIn.Kind.AFTERCARE,
            held_on=placement.published_on + 2 * DAY,
            by=ctx.staff["safeguarding"],
            appearance=use,
            notes=rng.choice(vd.CHECK_IN_NOTES),
        )
        ctx.count("wellbeing check-ins")
