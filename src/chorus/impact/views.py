"""The dashboard and the printable impact report: read-only pages over the indicators."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from chorus.accounts.access import requires
from chorus.impact.forms import PeriodForm
from chorus.impact.indicators import earliest_record_date
from chorus.impact.periods import Period
from chorus.impact.report import build_report
from chorus.lib import panels


def _period_context(request: HttpRequest, *, with_content: bool = False) -> dict[str, Any]:
    """The period form, the chosen period (None when the form has errors) and its report.

    `with_content` adds the registered report content (highlighted records) to the report.
    """
    today = timezone.localdate()
    current_year = Period.financial_year_containing(today)
    if "date_from" in request.GET or "date_to" in request.GET:
        form = PeriodForm(request.GET)
        period = form.period if form.is_valid() else None
    else:
        form = PeriodForm(initial={"date_from": current_year.start, "date_to": current_year.end})
        period = current_year
    first = earliest_record_date() or today
    presets = list(reversed(Period.financial_years_between(min(first, today), today)))
    return {
        "form": form,
        "period": period,
        "presets": presets,
        "preset_selected": period in presets,
        "report": (
            build_report(period, with_content=with_content, viewer=request.user) if period else None
        ),
    }


@requires("dashboard", "view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The home page: the panels registered for this role, then the dashboard.

    A role whose panel replaces the dashboard (the safeguarding lead's inbox) sees only
    its panels here, with a link to the dashboard; asking for a period shows it.
    """
    shown = panels.render_panels(request)
    asking_for_period = "date_from" in request.GET or "date_to" in request.GET
    if any(p.panel.replaces_dashboard for p in shown) and not asking_for_period:
        return render(request, "impact/home.html", {"panels": shown})
    return render(request, "impact/dashboard.html", {**_period_context(request), "panels": shown})


@requires("dashboard", "view")
def media_dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard itself, for roles whose home page shows something else first."""
    return render(request, "impact/dashboard.html", _period_context(request))


@requires("reports", "view")
def report(request: HttpRequest) -> HttpResponse:
    download = request.GET.get("download")
    context = _period_context(request, with_content=download != "json")
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
