"""What `research` holds about people, registered with privacy (loaded by ResearchConfig.ready).

Research keeps no participant's name or contact. A quote is kept only with the
participant's consent, in words that do not identify them, and its text is encrypted.

A quote may point at the participant's record in `people` (never shown with the
words) so that their rights can be honoured:

- subject access lists the quotes of that person;
- erasure deletes them (not blanks: a quote is nothing but the person's words);
- withdrawal of consent deletes them at once (`services.quote_consent_withdraw`,
  `services.quotes_withdraw_for`).

A quote with no participant (the partner recruited the group and keeps who took
part) cannot be found by person; a request naming it is met by deleting it on its
study's quotes page (audited).

Retention: quotes are kept while consent holds and for
CHORUS_RESEARCH_QUOTE_RETENTION_MONTHS (36 by default) after their study ended, then
`quotes_delete_expired` (nightly, `research.tasks`) deletes them. Quotes of a study still
running are kept. Toolkit documents are the charity's own publications, not personal
data.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from chorus.privacy.models import AuditAction
from chorus.privacy.registry import Article9Condition, LawfulBasis, PersonalData, register
from chorus.privacy.retention import months_before
from chorus.privacy.services import audit_record
from chorus.research.models import Quote, Study


def retention_months() -> int:
    return int(settings.CHORUS_RESEARCH_QUOTE_RETENTION_MONTHS)


def quotes_kept_until(study: Study) -> datetime.date | None:
    """The last day a study's quotes are kept; None while it runs (they are kept meanwhile)."""
    ended = study.ended_on
    if ended is None:
        return None
    year, month0 = divmod(ended.year * 12 + ended.month - 1 + retention_months(), 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(ended.day, last_day))


def quotes_expired(today: datetime.date | None = None) -> QuerySet[Quote]:
    """Quotes whose study ended more than the retention period ago."""
    cutoff = months_before(today or timezone.localdate(), retention_months())
    return Quote.objects.filter(study__ended_on__lt=cutoff)


def quotes_delete_expired(*, today: datetime.date | None = None) -> int:
    """Delete quotes past their retention period, each with an audit row. Returns how many."""
    count = 0
    for pk in list(quotes_expired(today).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            if not Quote.objects.filter(pk=pk).delete()[0]:
                continue  # withdrawn meanwhile
            audit_record(
                actor=None,
                action=AuditAction.DELETE,
                object_type="research.quote",
                object_id=str(pk),
                object_repr=f"Quote #{pk}",
                note=f"retention: study ended more than {retention_months()} months ago",
            )
        count += 1
    return count


def _delete_erased(records: QuerySet[Quote]) -> None:
    """A quote is only the person's words: erasing the person deletes it."""
    records.delete()


def register_personal_data() -> None:
    register(
        PersonalData(
            model=Quote,
            paths=("participant",),
            access_areas=("research_quotes",),
            lawful_basis=LawfulBasis.CONSENT,
            # What a participant says of their own route or status can reveal it.
            article9=Article9Condition.EXPLICIT_CONSENT,
            purpose="Participants' words from message testing, quoted without their name "
            "in findings and toolkits; kept while consent holds and "
            f"{retention_months()} months after the study.",
            erase=_delete_erased,
        )
    )
