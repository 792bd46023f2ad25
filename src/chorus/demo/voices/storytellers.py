"""The demo storytellers: each one's profile, languages, memberships, consents and support.

Deterministic: each storyteller's details come from a random generator seeded with
their reference, so every run on every machine makes the same people.
"""

from __future__ import annotations

import datetime
import random

from chorus.demo.voices import data as vd
from chorus.demo.voices.context import DAY, NAME_TO_IDENTITY, Context
from chorus.people.models import Person
from chorus.voices.models import (
    Consent,
    IdentityLevel,
    MediaType,
    Membership,
    MentoringSession,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    WellbeingCheckIn,
)

D = datetime.date


def _joined_on(index: int, rng: random.Random) -> datetime.date:
    if index in vd.IMD_MEMBERS:
        return vd.PROGRAMMES[1].starts_on + rng.randint(0, 10) * DAY
    if index in vd.RW_MEMBERS:
        return vd.PROGRAMMES[2].starts_on + rng.randint(0, 10) * DAY
    if index in vd.INACTIVE_INDEXES:
        return D(2021, 4, 1) + rng.randint(0, 120) * DAY
    # The rest joined the network over two years, Carlisle and Stockton from the outreach on.
    return D(2021, 4, 1) + rng.randint(0, 700) * DAY


def _region_key(rng: random.Random) -> tuple[str, str | None]:
    keys = [key for key, _ in vd.STORYTELLER_REGIONS]
    weights = [weight for _, weight in vd.STORYTELLER_REGIONS]
    return rng.choices(keys, weights=weights)[0]


def storyteller_create(ctx: Context, index: int, reference: str) -> StorytellerProfile:
    rng = random.Random(f"{vd.SEED}-{reference}")
    community = rng.choices(vd.COMMUNITIES, weights=[c.weight for c in vd.COMMUNITIES])[0]
    first, surname = rng.choice(community.first_names), rng.choice(community.surnames)
    joined_on = _joined_on(index, rng)
    region_key = _region_key(rng)
    region = ctx.regions[region_key]
    town = region_key[1] or region_key[0]
    themes = rng.sample(ctx.themes, k=rng.randint(1, 3))

    ambassador = index in vd.IMD_MEMBERS or index in vd.RW_MEMBERS
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
    if index == vd.CANARY_INDEX:
        story_notes += f" Safeguarding marker {vd.CANARY_MARKER}: see the open concern first."
    status = StorytellerProfile.Status.ACTIVE
    if index in vd.LEFT_INDEXES:
        status = StorytellerProfile.Status.LEFT
    elif index in vd.PAUSED_INDEXES:
        status = StorytellerProfile.Status.PAUSED
    inactive_days = rng.randint(800, 1000) if index in vd.INACTIVE_INDEXES else rng.randint(0, 300)

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
        flagged_for_erasure_on=ctx.today - 12 * DAY if index in vd.INACTIVE_INDEXES[:2] else None,
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
    if rng.random() < 0.4 or index == vd.CANARY_INDEX:
        _check_ins(ctx, profile, joined_on, rng)
    if index in vd.OPEN_CONCERN_INDEXES or index in vd.CLOSED_CONCERN_INDEXES:
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
    if index in vd.IMD_MEMBERS:
        spec = vd.PROGRAMMES[1]
        rows.append(
            Membership(
                programme=ctx.programmes[vd.IMD_2022],
                storyteller=profile,
                joined_on=spec.starts_on,
                left_on=spec.ends_on,
            )
        )
    if index in vd.RW_MEMBERS:
        spec = vd.PROGRAMMES[2]
        rows.append(
            Membership(
                programme=ctx.programmes[vd.RW_2023],
                storyteller=profile,
                joined_on=spec.starts_on,
                left_on=spec.ends_on,
            )
        )
    if index in vd.STEERING_MEMBERS:
        rows.append(
            Membership(
                programme=ctx.programmes[vd.STEERING],
                storyteller=profile,
                joined_on=max(vd.PROGRAMMES[3].starts_on, joined_on),
            )
        )
    if index in vd.LEFT_INDEXES:
        rows[0].left_on = vd.WITHDRAWN_INDEXES.get(index, joined_on + 400 * DAY)
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

    if index in vd.EXPIRED_INDEXES:
        # An expired consent, renewed a few weeks later.
        expired_on = joined_on + rng.randint(300, 420) * DAY
        consent(joined_on, expires_on=expired_on)
        consent(expired_on + rng.randint(10, 40) * DAY, expires_on=None)
    elif index in vd.WITHDRAWN_INDEXES:
        consent(
            joined_on,
            withdrawn_on=vd.WITHDRAWN_INDEXES[index],
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
    is_open = index in vd.OPEN_CONCERN_INDEXES
    raised_on = min(ctx.today, joined_on + rng.randint(60, 300) * DAY)
    lead = ctx.staff["safeguarding"]
    if index == vd.CANARY_INDEX:
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
