"""Load the media desk's demo records: audience segments, outlets, journalists, campaigns,
and the placements of every financial year up to today (planned by `plan`).

Called by `chorus.demo.loader.load` inside its transaction, after the people. Records
are found by their natural keys (names, a reference in each demo placement's notes)
before anything is created, so a second run only adds what is missing, such as the
placements of the days since the last run.
"""

from __future__ import annotations

import datetime
import importlib

from chorus.accounts.models import User
from chorus.demo.media import data
from chorus.demo.media.plan import plan_year
from chorus.demo.people.loader import People, RegionKey, example_email
from chorus.demo.summary import Summary
from chorus.media.models import AudienceSegment, Campaign, Journalist, Outlet, Placement
from chorus.media.services import campaign_create, outlet_create
from chorus.people.models import Person, Region
from chorus.people.services import person_create
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, created_fields

FIRST_YEAR = 2021  # the demo's first financial year: July 2021 – June 2022
NOTE_PREFIX = data.NOTE_PREFIX
OUTSIDE_NOTE = "A person with lived experience, quoted through a partner organisation"


def load_media(*, today: datetime.date, people: People, summary: Summary) -> dict[str, Outlet]:
    """Create whatever part of the media desk's demo records is missing; the outlets by name."""
    _ensure_segments()
    outlets = _load_outlets(summary)
    _load_journalists(outlets, summary)
    campaigns = _load_campaigns(summary)
    created = _load_placements(
        today=today,
        outlets=outlets,
        regions=people.regions,
        campaigns=campaigns,
        author=people.users["media"],
    )
    summary.add("Placements", True, created)
    already = Placement.objects.filter(notes__startswith=NOTE_PREFIX).count() - created
    summary.add("Placements", False, already)
    return outlets


def _ensure_segments() -> None:
    # A flush empties the table its migration filled; put the same rows back.
    migration = importlib.import_module("chorus.media.migrations.0002_seed_audience_segments")
    for slug, name, description, position in migration.SEGMENTS:
        AudienceSegment.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def _load_outlets(summary: Summary) -> dict[str, Outlet]:
    segments = {segment.slug: segment for segment in AudienceSegment.objects.all()}
    outlets: dict[str, Outlet] = {}
    for spec in data.OUTLETS:
        outlet = Outlet.objects.filter(name__iexact=spec.name).first()
        summary.add("Outlets", outlet is None)
        if outlet is None:
            outlet = outlet_create(
                actor=None,
                name=spec.name,
                kind=spec.kind,
                segment=segments[spec.segment],
                domains=list(spec.domains),
            )
        outlets[spec.name] = outlet
    return outlets


def _load_journalists(outlets: dict[str, Outlet], summary: Summary) -> None:
    for full_name, outlet_name, beats in data.JOURNALISTS:
        person = Person.objects.filter(full_name=full_name).first()
        if person is None:
            person = person_create(actor=None, full_name=full_name, email=example_email(full_name))
        journalist, created = Journalist.objects.get_or_create(
            person=person, outlet=outlets[outlet_name], defaults={"beats": beats}
        )
        summary.add("Journalists", created)
        if created:
            # No service writes journalists yet; the audit row is written here as one would.
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                instance=journalist,
                changes=created_fields(journalist),
            )


def _load_campaigns(summary: Summary) -> list[tuple[data.CampaignSpec, Campaign]]:
    campaigns = []
    for spec in data.CAMPAIGNS:
        campaign = Campaign.objects.filter(name__iexact=spec.name).first()
        summary.add("Campaigns", campaign is None)
        if campaign is None:
            campaign = campaign_create(
                actor=None,
                name=spec.name,
                hashtag=spec.hashtag,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                description=spec.description,
            )
        campaigns.append((spec, campaign))
    return campaigns


def _load_placements(
    *,
    today: datetime.date,
    outlets: dict[str, Outlet],
    regions: dict[RegionKey, Region],
    campaigns: list[tuple[data.CampaignSpec, Campaign]],
    author: User,
) -> int:
    """Bulk-create the planned placements up to today that are not there yet."""
    existing = set(
        Placement.objects.filter(notes__startswith=NOTE_PREFIX).values_list("notes", flat=True)
    )
    campaign_by_name = {spec.name: campaign for spec, campaign in campaigns}
    last_year = today.year if today.month >= 7 else today.year - 1
    new = []
    for first_year in range(FIRST_YEAR, last_year + 1):
        for plan in plan_year(first_year):
            note = f"{NOTE_PREFIX}{plan.ref}."
            if plan.published_on > today or note in existing:
                continue
            new.append(
                Placement(
                    published_on=plan.published_on,
                    outlet=outlets[plan.outlet.name],
                    headline=plan.headline,
                    url=plan.url,
                    format=plan.format,
                    # Lived-experience voices start as people outside the network; the
                    # voices loader then records the storytellers who spoke in some.
                    quotes_outside_network=plan.features_lived_experience,
                    outside_voice_note=OUTSIDE_NOTE if plan.features_lived_experience else "",
                    is_humanising=True,
                    campaign=campaign_by_name.get(plan.campaign),
                    region=regions[plan.region] if plan.region else None,
                    notes=note,
                    created_by=author,
                )
            )
    if new:
        Placement.objects.bulk_create(new, batch_size=500)
        # One summary row instead of one per placement: these were never typed in by anyone.
        audit_record(
            actor=None,
            action=AuditAction.IMPORT,
            object_type="media.placement",
            object_repr=f"{len(new)} demo placements",
            note="demo data",
        )
    return len(new)
