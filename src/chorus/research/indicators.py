"""Research's figures, registered with impact's indicator registry (ResearchConfig.ready)."""

from __future__ import annotations

from django.db.models import Min
from django.urls import reverse

from chorus.impact.indicators import Indicator, Period, Result, indicator, register_area
from chorus.research import selectors
from chorus.research.models import Study, Toolkit

register_area(
    code="research", title="Message testing", first_record_on=selectors.earliest_study_date
)
register_area(
    code="resources", title="Toolkits and resources", first_record_on=selectors.earliest_publication
)


@indicator(
    code="research.studies",
    title="Message-testing studies",
    definition="""Studies (focus groups, survey experiments, workshops, interviews) that ran
        during the period: begun on or before its last day and not ended before its first.
        Focus groups on one question in several places are one study.""",
    version=1,
    counts_people=False,
    unit="studies",
    kind="count",
)
def _studies(ind: Indicator, period: Period) -> Result:
    found = selectors.studies_running_in(period.start, period.end)
    return Result(
        ind,
        period,
        value=found.count(),
        records_url=reverse("research:study_list"),
        records=lambda: Study.objects.filter(pk__in=found.values("pk")),
    )


@indicator(
    code="resources.published",
    title="Toolkits published",
    definition="""Toolkits whose first published version was published during the period.
        Further versions of a toolkit already published are not counted again.""",
    version=1,
    counts_people=False,
    unit="toolkits",
    kind="count",
)
def _published(ind: Indicator, period: Period) -> Result:
    first = (
        selectors.published_versions()
        .values("toolkit")
        .annotate(first=Min("published_on"))
        .filter(first__range=(period.start, period.end))
        .values("toolkit")
    )
    return Result(
        ind,
        period,
        value=first.count(),
        records_url=reverse("research:toolkit_list"),
        records=lambda: Toolkit.objects.filter(pk__in=first),
    )
