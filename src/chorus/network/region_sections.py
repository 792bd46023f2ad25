"""The network's parts of a region page: its partners and its outreach.

Registered with `chorus.people.regions` from NetworkConfig.ready(). Those who may
open the network see the partners (with their contact) and the outreach as chains;
everyone else sees how many there are, and nothing of who.
"""

from __future__ import annotations

from typing import Any

from chorus.accounts.access import can
from chorus.network import selectors
from chorus.network.display import Lens, record_names_read, show_links
from chorus.people.models import Region
from chorus.people.regions import RegionSection


def partners_section(regions: list[Region], viewer: Any) -> RegionSection:
    found = selectors.partners_in(regions)
    if not can(viewer, "network", "view"):
        return RegionSection(
            key="network_partners",
            title="Partners",
            template="network/region/partners_count.html",
            count=found.count(),
            order=20,
        )
    partners = list(found)
    return RegionSection(
        key="network_partners",
        title="Partners",
        template="network/region/partners.html",
        context={"partners": partners, "show_contacts": can(viewer, "people", "view")},
        count=len(partners),
        order=20,
    )


def outreach_section(regions: list[Region], viewer: Any) -> RegionSection:
    if not can(viewer, "network", "view"):
        return RegionSection(
            key="network_outreach",
            title="Outreach",
            template="network/region/outreach_count.html",
            count=selectors.outreach_count_in(regions),
            order=30,
        )
    chains, total = selectors.chains_in(regions, limit=selectors.REGION_ENTRIES)
    shown = show_links(chains, Lens.of(viewer))
    record_names_read(viewer=viewer, shown=shown, where=f"the outreach of {regions[0]}")
    return RegionSection(
        key="network_outreach",
        title="Outreach",
        template="network/region/outreach.html",
        context={"chains": shown, "total": total, "shown": selectors.REGION_ENTRIES},
        count=total,
        order=30,
    )
