"""Training days on a region's page (people's region registry; loaded by TrainingConfig.ready).

The section lists the regional training days held in the region (and the regions inside
it) with how many attended. It is a count of people, which a published report may hide
when small. Names appear only to those who may see them: attendee names to those who
take attendance, names on lived-experience courses only to the roles that sign in with
two factors. Showing names is audited as a read of those registrations.
"""

from __future__ import annotations

from typing import Any

from chorus.people.models import Region
from chorus.people.regions import RegionSection
from chorus.privacy.services import audit_list_view
from chorus.training import selectors
from chorus.training.models import CourseKind, Registration, Session


def training_days(regions: list[Region], viewer: Any) -> RegionSection | None:
    days = list(
        selectors.with_counts(
            Session.objects.filter(
                course__kind=CourseKind.REGIONAL,
                status=Session.Status.SCHEDULED,
                region__in=regions,
            ).select_related("course", "region", "host")
        ).order_by("starts_at")
    )
    if not days:
        return None
    names: dict[int, list[str]] = {}
    if selectors.may_see_attendees(viewer):
        attended = Registration.objects.filter(
            session__in=days, status=Registration.Status.ATTENDED
        ).order_by("pk")
        shown = []
        for registration in attended:
            if registration.lived_experience and not selectors.may_see_lived_experience(viewer):
                continue
            names.setdefault(registration.session_id, []).append(
                selectors.shown_name(registration, viewer)
            )
            shown.append(registration.pk)
        audit_list_view(
            actor=viewer,
            model=Registration,
            ids=shown,
            title="Training days on a region page",
            note=", ".join(str(region) for region in regions[:1]),
        )
    rows = [
        {
            "session": day,
            "attended": selectors.counts_of(day).total_attended,
            "names": names.get(day.pk, []),
        }
        for day in days
    ]
    return RegionSection(
        key="training_days",
        title="Training days",
        template="training/_region_section.html",
        context={"rows": rows},
        count=sum(selectors.counts_of(day).total_attended for day in days),
        people_count=True,
        order=20,
    )
