"""The demo's uses of stories: who spoke in the lived-experience placements, and their pay.

Deterministic: each placement's draw comes from a random generator seeded with its
demo reference. Every use is one that both the consent on file and the safeguarding
record allow on the day.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from chorus.demo.media.data import NOTE_PREFIX
from chorus.demo.voices import data as vd
from chorus.demo.voices.context import DAY, NAME_TO_IDENTITY, Context
from chorus.media.models import OutletKind, Placement
from chorus.media.story_uses import outlet_facts
from chorus.voices.consent import consent_covers
from chorus.voices.models import (
    InvolvementPayment,
    MediaType,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    WellbeingCheckIn,
)


def _media_type(placement: Placement) -> str:
    kind = placement.outlet.kind
    if kind in (OutletKind.TV, OutletKind.RADIO):
        return MediaType.BROADCAST
    if kind == OutletKind.PODCAST:
        return MediaType.PODCAST
    return MediaType.ONLINE if placement.url else MediaType.PRINT


def uses_load(ctx: Context) -> int:
    """Link lived-experience demo placements to the storytellers who spoke, where consented."""
    start, end = vd.USE_PERIOD
    placements = list(
        Placement.objects.filter(
            notes__startswith=NOTE_PREFIX,
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
            (vd.COHORT_CAMPAIGNS[vd.IMD_2022], vd.IMD_MEMBERS),
            (vd.COHORT_CAMPAIGNS[vd.RW_2023], vd.RW_MEMBERS),
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
