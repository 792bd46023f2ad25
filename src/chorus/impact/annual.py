"""The annual report as the charity publishes it, built section by section from records.

Each section names the indicator codes it shows; a code no app has registered (yet)
is listed as "not recorded in Chorus", never given a figure. Highlighted records come
from the report-content registry (only those staff chose), the narrative blocks from
the draft (`AnnualReport`). The result is a plain, JSON-able *document*: the page,
the PDF, the CSV and `chorus report` all render it, and publishing stores it as the
snapshot, so a published version renders exactly as it was.

This module imports no app: it reads figures through chorus.impact.indicators and
records through chorus.impact.content.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from chorus.impact import content, suppression
from chorus.impact.indicators import Period, Result, all_areas, compute_all, get_indicator

if TYPE_CHECKING:
    from chorus.impact.models import AnnualReport


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    # Indicator codes, in the order shown, each with what it is in words (for a
    # section that says it is not recorded in Chorus).
    codes: tuple[tuple[str, str], ...] = ()
    # Report-content keys whose records the section shows.
    content: tuple[str, ...] = ()
    # The draft field holding the section's text ("welcome", "objectives"), if any;
    # every other section has an introduction.
    text_field: str = ""


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("welcome", "Welcome", text_field="welcome"),
    SectionSpec(
        "media",
        "Media work",
        codes=(
            ("media.placements", "stories placed"),
            ("media.days_per_placement", "how often a story was placed"),
            ("media.lived_experience_share", "stories with lived-experience voices"),
            ("media.mixed_middle_share", "stories reaching the mixed middle"),
            ("media.placements_by_month", "stories by month"),
            ("media.placements_by_segment", "stories by audience"),
        ),
        content=("media.highlighted_placements",),
    ),
    SectionSpec(
        "training",
        "Training",
        codes=(
            ("training.masterclass_participants", "masterclass participants"),
            ("training.bespoke_sessions", "bespoke sessions"),
            ("training.bespoke_participants", "people at bespoke sessions"),
            ("training.organisations_trained", "organisations trained"),
            ("training.confidence_rose_share", "trainees whose confidence rose"),
            ("training.participants_by_region", "participants by region"),
        ),
        content=("training.quotes",),
    ),
    SectionSpec(
        "network",
        "The communications network",
        codes=(
            ("roundup.subscribers", "round-up recipients"),
            ("network.members", "Google group members"),
            ("events.comms_meetings", "comms meetings"),
            ("events.panel_attendees", "panel attendees"),
            ("events.panel_journalist_share", "journalists on the panel"),
        ),
    ),
    SectionSpec(
        "lived_experience",
        "Lived experience",
        codes=(
            ("voices.ambassadors", "ambassadors"),
            ("voices.network_members", "storytellers network members"),
            ("voices.steering_group", "steering group members"),
        ),
        content=("voices.case_studies",),
    ),
    SectionSpec(
        "narrative",
        "Narrative projects",
        codes=(
            ("research.studies", "message-testing studies"),
            ("resources.published", "resources published"),
        ),
    ),
    SectionSpec(
        "human_journeys",
        "Human Journeys and the podcast",
        codes=(
            ("social.human_journeys_stories", "Human Journeys stories"),
            ("social.top_post", "the top post"),
            ("podcast.episodes", "podcast episodes"),
        ),
    ),
    SectionSpec("objectives", "Objectives for the future", text_field="objectives"),
    # The funder and income figures come from the funders area.
    SectionSpec(
        "funders",
        "Funders",
        codes=(("funders.grants", "grants"), ("funders.funders", "funders")),
    ),
    SectionSpec(
        "income",
        "Income",
        codes=(("funders.income_total", "income"),),
    ),
)
NOT_RECORDED = "not recorded in Chorus"


def previous_period(period: Period) -> Period:
    """The same days one year earlier (29 February becomes the 28th)."""

    def back(day: datetime.date) -> datetime.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return Period(back(period.start), back(period.end))


def _registered(code: str) -> bool:
    try:
        get_indicator(code)
    except KeyError:
        return False
    return True


def registered_codes() -> list[str]:
    return [code for spec in SECTIONS for code, _ in spec.codes if _registered(code)]


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def records_hash(ids: tuple[int, ...] | list[int]) -> str:
    """The SHA-256 of the sorted record ids behind a value: the same records, the same hash."""
    text = ",".join(str(pk) for pk in sorted(ids))
    return hashlib.sha256(text.encode()).hexdigest()


def _percent(part: int, whole: int) -> int | None:
    return round(part * 100 / whole) if whole else None


def _comparison(
    result: Result, previous: Result | None, label: str, recorded: bool
) -> dict[str, Any] | None:
    if previous is None or result.indicator.kind == "breakdown":
        return None
    if not recorded:
        # The area's first record comes after the previous period: a 0 there would
        # say "none", when in truth nobody recorded any in Chorus yet.
        return {"period": label, "value": None, "display": NOT_RECORDED}
    data: dict[str, Any] = {
        "period": label,
        "value": _plain(previous.value),
        "display": previous.display,
    }
    now, before = result.value, previous.value
    if result.indicator.kind == "share":
        now, before = result.percent, previous.percent
    if isinstance(now, int | float) and isinstance(before, int | float):
        change = now - before
        unit = " points" if result.indicator.kind == "share" else ""
        data["change"] = f"{change:+,.1f}".replace(".0", "") + unit if change else "no change"
    return data


def _figure(
    result: Result,
    previous: Result | None,
    previous_label: str,
    *,
    with_hashes: bool,
    previous_recorded: bool = True,
) -> dict[str, Any]:
    ind = result.indicator
    total = sum(row.value for row in result.rows)
    figure: dict[str, Any] = {
        "code": ind.code,
        "title": ind.title,
        "definition": ind.definition,
        "definition_version": ind.version,
        "unit": ind.unit,
        "kind": ind.kind,
        "counts_people": ind.counts_people,
        "value": _plain(result.value),
        "display": result.display,
        "phrase": result.phrase,
        "fraction": result.fraction,
        "percent": result.percent,
        "numerator": result.numerator,
        "denominator": result.denominator,
        "records_url": result.records_url,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "value": row.value,
                "display": f"{row.value:,}",
                "percent": _percent(row.value, total),
                "records_url": row.records_url,
                "highlight": row.highlight,
            }
            for row in result.rows
        ],
        "previous": _comparison(result, previous, previous_label, previous_recorded),
    }
    if with_hashes:
        figure["records_hash"] = records_hash(result.record_ids)
        if result.numerator is not None:
            figure["denominator_records_hash"] = records_hash(result.denominator_record_ids)
        for row_data, row in zip(figure["rows"], result.rows, strict=True):
            row_data["records_hash"] = records_hash(row.record_ids)
    return figure


def _items(report: AnnualReport | None, key: str, period: Period) -> list[dict[str, Any]]:
    section = content.get_section(key)
    if section is None:
        return []
    if section.chosen:
        if report is None:
            return []
        chosen = {h.record_id for h in report.highlights.all() if h.content_key == key}
        if not chosen:
            return []
        items = [item for item in section.choices(period) if item.record_id in chosen]
    else:
        items = section.items(period)
    return [
        {
            "section": section.title,
            "title": item.title,
            "detail": item.detail,
            "link": item.link,
            "record_id": item.record_id,
        }
        for item in items
    ]


def _case_studies(report: AnnualReport | None, section: str) -> list[dict[str, Any]]:
    """The section's case studies whose storyteller has not withdrawn the consent behind them."""
    if report is None:
        return []
    return [
        {
            "title": case.title,
            "text": case.text,
            "name": case.name_shown,
            "photo": case.face_shown,
            "record_id": case.pk,
        }
        for case in report.case_studies.all()
        if case.section == section
        and case.story_use is not None
        and case.story_use.consent.withdrawn_on is None
    ]


def build_document(
    period: Period,
    report: AnnualReport | None = None,
    *,
    published: bool = False,
) -> dict[str, Any]:
    """The annual report for `period` as a plain document.

    `published` hashes the records behind each figure and applies the small-numbers
    rule (staff drafts show the true numbers).
    """
    codes = registered_codes()
    before = previous_period(period)
    results = compute_all(period, codes)
    previous = compute_all(before, codes)
    intros = report.introductions if report is not None else {}
    # Areas with a record on or before the previous period's last day.
    recorded_before = {
        area.code
        for area in all_areas()
        if (first := area.first_record_on()) is not None and first <= before.end
    }
    sections: list[dict[str, Any]] = []
    for spec in SECTIONS:
        figures = [
            _figure(
                results[code],
                previous.get(code),
                before.short_label,
                with_hashes=published,
                previous_recorded=results[code].indicator.area in recorded_before,
            )
            for code, _ in spec.codes
            if code in results
        ]
        missing = [{"code": code, "what": what} for code, what in spec.codes if code not in results]
        items = [item for key in spec.content for item in _items(report, key, period)]
        cases = _case_studies(report, spec.key)
        text = getattr(report, spec.text_field, "") if report and spec.text_field else ""
        sections.append(
            {
                "key": spec.key,
                "title": spec.title,
                "text": text,
                "intro": intros.get(spec.key, "") if not spec.text_field else "",
                "figures": figures,
                "missing": missing,
                "items": items,
                "case_studies": cases,
                "recorded": bool(figures or items or cases or not spec.codes),
            }
        )
    rule = suppression.rule()
    document: dict[str, Any] = {
        "title": report.title if report is not None else f"Impact report {period.short_label}",
        "charity": settings.CHORUS_CHARITY_NAME,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "period_label": period.label,
        "period_short_label": period.short_label,
        "previous_period": {
            "from": before.start.isoformat(),
            "to": before.end.isoformat(),
            "label": before.short_label,
        },
        "generated_on": timezone.localdate().isoformat(),
        "suppression": {**rule, "applied": published},
        "sections": sections,
    }
    if published:
        for section in sections:
            for figure in section["figures"]:
                suppression.apply(figure, rule["threshold"])
    return document


def figures_of(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{code: figure} over every section of a document."""
    return {f["code"]: f for s in document["sections"] for f in s["figures"]}


def period_of(document: dict[str, Any]) -> Period:
    return Period(
        datetime.date.fromisoformat(document["period"]["from"]),
        datetime.date.fromisoformat(document["period"]["to"]),
    )
