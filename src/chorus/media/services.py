"""Writes of the media desk. Each is one transaction that also writes its audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chorus.lib.weburl import host_of
from chorus.media.models import AudienceSegment, Campaign, Outlet, OutletDomain, Placement
from chorus.media.selectors import default_segment, outlet_by_name
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record, created_fields, diff, snapshot


def _set_domains(outlet: Outlet, domains: list[str]) -> None:
    wanted = {d.strip().lower().removeprefix("www.") for d in domains if d.strip()}
    outlet.domains.exclude(domain__in=wanted).delete()
    existing = set(outlet.domains.values_list("domain", flat=True))
    OutletDomain.objects.bulk_create(
        [OutletDomain(outlet=outlet, domain=d) for d in sorted(wanted - existing)]
    )


@transaction.atomic
def outlet_create(
    *, actor: Any, name: str, domains: list[str] | None = None, **fields: Any
) -> Outlet:
    fields.setdefault("segment", default_segment())
    outlet = Outlet(name=name.strip(), **fields)
    outlet.full_clean()
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


def outlet_find_or_create_for_placement(*, actor: Any, name: str, url: str = "") -> tuple[Outlet, bool]:
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


@transaction.atomic
def campaign_create(*, actor: Any, **fields: Any) -> Campaign:
    campaign = Campaign(**fields)
    campaign.full_clean()
    campaign.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=campaign, changes=created_fields(campaign))
    return campaign


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, **fields: Any) -> Campaign:
    before = snapshot(campaign)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    changes = diff(before, campaign)
    if changes:
        campaign.save(update_fields=list(changes))
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=campaign, changes=changes)
    return campaign


@transaction.atomic
def placement_create(*, actor: Any, **fields: Any) -> Placement:
    placement = Placement(created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields)
    placement.full_clean()
    placement.save()
    audit_record(actor=actor, action=AuditAction.CREATE, instance=placement, changes=created_fields(placement))
    return placement


@transaction.atomic
def placement_update(*, actor: Any, placement: Placement, **fields: Any) -> Placement:
    before = snapshot(placement)
    for name, value in fields.items():
        setattr(placement, name, value)
    placement.full_clean()
    changes = diff(before, placement)
    if changes:
        placement.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, instance=placement, changes=changes)
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
    placement.delete()
