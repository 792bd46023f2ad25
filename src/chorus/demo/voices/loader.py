"""Load the demo storytellers network: storytellers, programmes, consent, support, uses.

Called by `chorus.demo.loader.load` inside its transaction. Every person is invented
(see `data`). Deterministic: each storyteller's details come from a random
generator seeded with their reference, each use of a story from one seeded with the
placement's demo reference, so every run on every machine makes the same records.
Idempotent: storytellers are found by reference and placements by their existing
uses before anything is created.

Only for demo databases: never point this at real data.
"""

from __future__ import annotations

import datetime
import importlib

from chorus.accounts.models import User
from chorus.demo.media.data import NOTE_PREFIX
from chorus.demo.people.loader import RegionKey
from chorus.demo.summary import Summary
from chorus.demo.voices import data as vd
from chorus.demo.voices.context import Context
from chorus.demo.voices.storytellers import storyteller_create
from chorus.demo.voices.uses import uses_load
from chorus.media.models import AudienceSegment, Outlet, Placement
from chorus.people.models import Organisation, Region
from chorus.privacy.models import AuditAction
from chorus.privacy.services import audit_record
from chorus.voices.models import Interpreter, Programme, StorytellerProfile, StoryUse, Theme

NOTE = "demo voices data"


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
            storyteller_create(ctx, index, reference)
    already = StoryUse.objects.filter(
        kind=StoryUse.Kind.PLACEMENT,
        object_id__in=Placement.objects.filter(notes__startswith=NOTE_PREFIX).values("pk"),
    ).count()
    summary.add("Uses of stories", False, already)
    summary.add("Uses of stories", True, uses_load(ctx))
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


def _regions() -> dict[RegionKey, Region]:
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
