"""What training offers the impact report besides its figures: the courses run in a period.

A funder's grant names the courses it paid for through this section (funders reads
the report-content registry, never training). Loaded from TrainingConfig.ready().
"""

from __future__ import annotations

from django.db.models import Count, Q

from chorus.impact import content
from chorus.impact.periods import Period
from chorus.training.models import Course, Session


def courses_run(period: Period) -> list[content.Item]:
    in_period = Q(
        sessions__starts_at__date__range=(period.start, period.end),
        sessions__status=Session.Status.SCHEDULED,
    )
    courses = (
        Course.objects.annotate(run=Count("sessions", filter=in_period))
        .filter(run__gt=0)
        .order_by("title")
    )
    return [
        content.Item(
            title=course.title,
            detail=f"{course.get_kind_display()}, {course.run} session"
            + ("s" if course.run != 1 else ""),
            record_id=course.pk,
        )
        for course in courses
    ]


content.register(
    key="training.courses",
    title="Courses run",
    description="""The courses and series of events with at least one session (not
        cancelled) in the period, with how many sessions each ran.""",
    items=courses_run,
    order=50,
)
