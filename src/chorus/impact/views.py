"""The dashboard and the printable impact report: read-only pages over the indicators."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chorus.accounts.access import requires
from chorus.impact.forms import PeriodForm
from chorus.impact.periods import Period
from chorus.impact.report import build_report
from chorus.impact.selectors import earliest_placement_date


def _period_context(request: HttpRequest) -> dict[str, Any]:
    """The period form, the chosen period (None when the form has errors) and its report."""
    today = timezone.localdate()
    current_year = Period.financial_year_containing(today)
    if "date_from" in request.GET or "date_to" in request.GET:
        form = PeriodForm(request.GET)
        period = form.period if form.is_valid() else None
    else:
        form = PeriodForm(initial={"date_from": current_year.start, "date_to": current_year.end})
        period = current_year
    first = earliest_placement_date() or today
    presets = list(reversed(Period.financial_years_between(min(first, today), today)))
    return {
        "form": form,
        "period": period,
        "presets": presets,
        "preset_selected": period in presets,
        "report": build_report(period) if period else None,
    }


@requires("dashboard", "view")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "impact/dashboard.html", _period_context(request))


@requires("reports", "view")
def report(request: HttpRequest) -> HttpResponse:
    context = _period_context(request)
    download = request.GET.get("download")
    impact_report = context["report"]
    if impact_report is not None and download in {"html", "json"}:
        name = (
            f"impact-report-{impact_report.period.start}-to-{impact_report.period.end}.{download}"
        )
        if download == "json":
            body = json.dumps(impact_report.as_json(), indent=2)
            response = HttpResponse(body, content_type="application/json")
        else:
            response = HttpResponse(impact_report.as_standalone_html(), content_type="text/html")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "impact/report.html", context)
