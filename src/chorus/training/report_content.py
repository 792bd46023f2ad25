"""What training offers the impact report besides its figures: trainees' own words.

Loaded from TrainingConfig.ready(); registers with impact's report-content registry.
Only quotes whose writer said yes to quoting are offered: with their name, or
anonymously ("a participant").
"""

from __future__ import annotations

from chorus.impact import content
from chorus.impact.periods import Period
from chorus.training.models import Feedback

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
