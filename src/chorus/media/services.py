"""Writes of media: outlets, campaigns, placements, and the audited showing of names used in
media. Each is one transaction that also writes its audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from chorus.lib.weburl import host_of
from chorus.media.models import (
    AudienceSegment,
    Campaign,
    Outlet,
    OutletDomain,
    Placement,
)
from chorus.media.selectors import default_segment, outlet_by_name, outlet_for_url
from chorus.media.story_uses import placement_uses, uses_forget
from chorus.people.models import Organisation, OrganisationKind
from chorus.people.services import organisation_create
from chorus.privacy.models import AuditAction, AuditEntry
from chorus.privacy.services import (
    audit_created_many,
    audit_record,
    audited_create,
    audited_update,
    created_fields,
    diff,
    snapshot,
)
from chorus.voices.access import may_see_sensitive
from chorus.voices.models import StorytellerProfile


def _set_domains(outlet: Outlet, domains: list[str]) -> None:
    wanted = {d.strip().lower().removeprefix("www.") for d in domains if d.strip()}
    outlet.domains.exclude(domain__in=wanted).delete()
    existing = set(outlet.domains.values_list("domain", flat=True))
    OutletDomain.objects.bulk_create(
        [OutletDomain(outlet=outlet, domain=d) for d in sorted(wanted - existing)]
    )


def _organisation_for(*, actor: Any, name: str) -> Organisation:
    """The organisation an outlet of this name extends: one of that name no outlet has
    yet, or a new one (kind "media")."""
    same_name = Organisation.objects.filter(name__iexact=name).order_by("pk").first()
    if same_name is not None and not Outlet.objects.filter(organisation=same_name).exists():
        return same_name
    # Another outlet (since renamed) extends the organisation of that name.
    label = name if same_name is None else f"{name} (outlet)"
    return organisation_create(actor=actor, name=label, kind=OrganisationKind.MEDIA)


@transaction.atomic
def outlet_create(
    *, actor: Any, name: str, domains: list[str] | None = None, **fields: Any
) -> Outlet:
    fields.setdefault("segment", default_segment())
    outlet = Outlet(name=name.strip(), **fields)
    outlet.full_clean()
    if outlet.organisation_id is None:
        outlet.organisation = _organisation_for(actor=actor, name=outlet.name)
    outlet.save()
    _set_domains(outlet, domains or [])
    changes = created_fields(outlet)
    if domains:
        changes["domains"] = {"from": None, "to": sorted(outlet.domain_list)}
    audit_record(actor=actor, action=AuditAction.CREATE, instance=outlet, changes=changes)
    return outlet


@transaction.atomic
def outlet_update(
    *, actor: Any, outlet: Outlet, domains: list[str] | None = None, **fields: Any
) -> Outlet:
    before = snapshot(outlet)
    old_domains = sorted(outlet.domain_list)
    for name, value in fields.items():
        setattr(outlet, name, value)
    # Choosing a segment is the review an imported outlet was waiting for.
    if "segment" in fields and fields["segment"] != before["segment"]:
        outlet.needs_segment_review = False
    outlet.full_clean()
    changes = diff(before, outlet)
    if changes:
        outlet.save(update_fields=[*changes, "updated_at"])
    if domains is not None:
        _set_domains(outlet, domains)
        new_domains = sorted(outlet.domain_list)
        if new_domains != old_domains:
            changes["domains"] = {"from": old_domains, "to": new_domains}
    if changes:
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=outlet, changes=changes)
    return outlet


@transaction.atomic
def outlet_set_segment(*, actor: Any, outlet: Outlet, segment: AudienceSegment) -> Outlet:
    return outlet_update(actor=actor, outlet=outlet, segment=segment, needs_segment_review=False)


def outlet_find_or_create_for_placement(
    *, actor: Any, name: str, url: str = ""
) -> tuple[Outlet, bool]:
    """The outlet called `name`, or a new one flagged for segment review. Says if it was new."""
    existing = outlet_by_name(name)
    if existing:
        return existing, False
    host = host_of(url)
    outlet = outlet_create(
        actor=actor,
        name=name,
        domains=[host] if host and not OutletDomain.objects.filter(domain=host).exists() else [],
        needs_segment_review=True,
    )
    return outlet, True


def campaign_create(*, actor: Any, **fields: Any) -> Campaign:
    return audited_create(actor=actor, instance=Campaign(**fields))


def campaign_update(*, actor: Any, campaign: Campaign, **fields: Any) -> Campaign:
    audited_update(actor=actor, instance=campaign, fields=fields)
    return campaign


def placement_create(*, actor: Any, **fields: Any) -> Placement:
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    return audited_create(actor=actor, instance=Placement(created_by=created_by, **fields))


def placement_update(*, actor: Any, placement: Placement, **fields: Any) -> Placement:
    audited_update(actor=actor, instance=placement, fields=fields)
    return placement


@transaction.atomic
def placement_delete(*, actor: Any, placement: Placement) -> None:
    """Deletes the placement for good; the audit row keeps what it was."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=placement,
        changes={
            "headline": {"from": placement.headline, "to": None},
            "outlet": {"from": str(placement.outlet), "to": None},
            "published_on": {"from": str(placement.published_on), "to": None},
            "url": {"from": placement.url, "to": None},
        },
    )
    # The storytellers who spoke in it: their uses go with it, each audited.
    uses_forget(
        actor=actor, uses=placement_uses(placement), reason=f"Placement deleted: {placement}"
    )
    placement.delete()


@transaction.atomic
def placement_record(
    *, actor: Any, outlet_name: str = "", placement: Placement | None = None, **fields: Any
) -> tuple[Placement, bool]:
    """Create a placement (or update `placement`) whose outlet is given by name.

    An empty name means the outlet that publishes at the link's domain. A name Chorus
    does not know becomes a new outlet flagged for segment review; the second value
    says whether that happened, so the user can be told.
    """
    url = fields.get("url", placement.url if placement else "")
    created = False
    if outlet_name.strip():
        outlet, created = outlet_find_or_create_for_placement(
            actor=actor, name=outlet_name, url=url
        )
    else:
        found = outlet_for_url(url)
        if found is None:
            raise ValueError("No outlet was named, and none is known for the link's domain.")
        outlet = found
    fields["outlet"] = outlet
    if placement is None:
        return placement_create(actor=actor, **fields), created
    return placement_update(actor=actor, placement=placement, **fields), created


def placement_export_record(*, actor: Any, filters: str, row_count: int) -> AuditEntry:
    """The audit row for a download of placements: who, how many, with which filters."""
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="media.placement",
        note=f"{row_count} placements as CSV; filters: {filters or 'none'}",
    )


# --- Importing the placements spreadsheet --------------------------------------------

_CHECKED_RELATIONS = ["outlet", "campaign", "region", "created_by"]


@transaction.atomic
def placement_create_many(*, actor: Any, rows: list[dict[str, Any]]) -> list[Placement]:
    """Create many placements at once, each with its audit row, as `placement_create` would.

    Only for related records (outlet, campaign, region) the caller has just read in the
    same transaction: their existence is not checked again, which would cost a query per
    row and per relation and made a 5,000-row import take many seconds. Every other
    field is validated as usual.
    """
    created_by = actor if getattr(actor, "is_authenticated", False) else None
    placements = [Placement(created_by=created_by, **fields) for fields in rows]
    for placement in placements:
        placement.full_clean(exclude=_CHECKED_RELATIONS)
    Placement.objects.bulk_create(placements, batch_size=500)
    audit_created_many(actor=actor, instances=placements)
    return placements


# --- Showing names ------------------------------------------------------------------


def media_name_reveal(*, actor: Any, storyteller_ids: Iterable[int], where: str) -> dict[int, str]:
    """The names used in media of these storytellers, for users who may see them ({} else).

    Decrypts only these few names, and audits the read of each.
    """
    ids = sorted(set(storyteller_ids))
    if not ids or not may_see_sensitive(actor):
        return {}
    profiles = list(
        StorytellerProfile.objects.filter(pk__in=ids).only("pk", "reference", "media_name")
    )
    with transaction.atomic():
        for profile in profiles:
            audit_record(
                actor=actor,
                action=AuditAction.VIEW,
                instance=profile,
                note=f"name in media shown on {where}",
            )
    return {profile.pk: profile.media_name for profile in profiles}
