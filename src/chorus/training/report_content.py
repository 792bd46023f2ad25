"""What training offers the impact report besides its figures.

The courses run in a period (a funder's grant names the courses it paid for through
this section: funders reads the report-content registry, never training), and
trainees' own words: only quotes whose writer said yes to quoting are offered, with
their name or anonymously ("a participant"). Loaded from TrainingConfig.ready().
"""

from __future__ import annotations

from django.db.models import Count, Q

from chorus.impact import content
from chorus.impact.periods import Period
from chorus.training.models import Course, Feedback, Session


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


QUOTES = 6


def quotes_with_permission(period: Period) -> list[content.Item]:
    feedback = (
        Feedback.objects.filter(
            session__starts_at__date__gte=period.start,
            session__starts_at__date__lte=period.end,
            quote_permission__in=[
                Feedback.QuotePermission.YES,
                Feedback.QuotePermission.ANONYMOUSLY,
            ],
        )
        .select_related("session__course", "registration")
        .order_by("-session__starts_at", "pk")
    )
    items = []
    for form in feedback:
        if not form.quote.strip():
            continue
        named = form.quote_permission == Feedback.QuotePermission.YES and form.registration
        who = form.registration.name if named and form.registration else "A participant"
        items.append(
            content.Item(
                title=f"“{form.quote.strip()}”",
                detail=f"{who}, {form.session.course.title}",
                record_id=form.pk,
            )
        )
        if len(items) == QUOTES:
            break
    return items


content.register(
    key="training.quotes",
    title="In trainees' words",
    description="""Quotes from training feedback forms whose writers gave permission to
        quote them (with their name, or anonymously), newest session first.""",
    items=quotes_with_permission,
    chosen=False,
    order=20,
)
