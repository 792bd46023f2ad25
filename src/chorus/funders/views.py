"""Pages of `funders`: grants with what they pay for and their duties, income, funder reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.funders import selectors, services
from chorus.funders.forms import (
    DutyForm,
    FunderReportForm,
    GrantForm,
    IncomeForm,
    PurposeForm,
    save_or_errors,
)
from chorus.funders.models import Duty, Grant
from chorus.impact.indicators import all_indicators
from chorus.impact.periods import Period
from chorus.lib.charts import Bar, column_chart


def page_context(request: HttpRequest) -> dict[str, bool]:
    """What the sub-navigation of every funders page offers this role."""
    return {
        "can_see_grants": can(request.user, "funders", "view"),
        "can_see_outcomes": can(request.user, "outcomes", "view"),
    }


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["can_change"] = can(request.user, "funders", "change")
    return render(request, template, page_context(request) | context)


def _form_page(request: HttpRequest, form: Any, title: str, cancel: str) -> HttpResponse:
    return _render(request, "funders/form.html", {"form": form, "title": title, "cancel": cancel})


@requires("funders", "view")
@require_http_methods(["GET"])
def grant_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _render(
        request,
        "funders/grant_list.html",
        {
            "grants": selectors.grants(),
            "due": selectors.duties_due(today),
            "days": selectors.DUE_WITHIN_DAYS,
            "today": today,
        },
    )


@requires("funders", "change")
@require_http_methods(["GET", "POST"])
def grant_new(request: HttpRequest) -> HttpResponse:
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = save_or_errors(
            form, lambda: services.grant_create(actor=request.user, **form.cleaned_data)
        )
        if grant is not None:
            messages.success(request, f"Recorded the grant {grant.identifier}.")
            return redirect("funders:grant_detail", pk=grant.pk)
    return _form_page(request, form, "Record a grant", "funders:grant_list")


@requires("funders", "change")
@require_http_methods(["GET", "POST"])
def grant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(Grant, pk=pk)
    form = GrantForm(request.POST or None, instance=Grant.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form,
            lambda: services.grant_update(actor=request.user, grant=grant, **form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, "Saved the grant.")
            return redirect("funders:grant_detail", pk=grant.pk)
    return _form_page(request, form, f"Edit {grant.identifier}", "funders:grant_list")


@requires("funders", "view")
@require_http_methods(["GET"])
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(Grant.objects.select_related("funder"), pk=pk)
    return _grant_page(request, grant, None)


def _grant_page(request: HttpRequest, grant: Grant, purpose_form: Any) -> HttpResponse:
    if purpose_form is None and can(request.user, "funders", "change"):
        purpose_form = PurposeForm(choices=services.purpose_choices(grant), prefix="purpose")
    return _render(
        request,
        "funders/grant_detail.html",
        {
            "grant": grant,
            "purposes": grant.purposes.all(),
            "duties": grant.duties.all(),
            "income": grant.income.all(),
            "purpose_form": purpose_form,
            "today": timezone.localdate(),
        },
    )


@requires("funders", "change")
@require_http_methods(["POST"])
def grant_purpose_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the grant to what it pays for (a course, a campaign…)."""
    grant = get_object_or_404(Grant.objects.select_related("funder"), pk=pk)
    form = PurposeForm(request.POST, choices=services.purpose_choices(grant), prefix="purpose")
    if form.is_valid():
        linked = save_or_errors(
            form,
            lambda: services.purpose_add(
                actor=request.user,
                grant=grant,
                choice=form.cleaned_data["choice"],
                amount=form.cleaned_data["amount"],
            ),
        )
        if linked is not None:
            messages.success(request, f"Linked {linked.title}.")
            return redirect("funders:grant_detail", pk=grant.pk)
    return _grant_page(request, grant, form)


@requires("funders", "change")
@require_http_methods(["GET", "POST"])
def grant_duty_new(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(Grant, pk=pk)
    form = DutyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        duty = save_or_errors(
            form,
            lambda: services.duty_create(actor=request.user, grant=grant, **form.cleaned_data),
        )
        if duty is not None:
            messages.success(request, f"Added {duty}.")
            return redirect("funders:grant_detail", pk=grant.pk)
    return _form_page(
        request, form, f"Add a report or milestone: {grant.title}", "funders:grant_list"
    )


@requires("funders", "change")
@require_http_methods(["GET", "POST"])
def duty_edit(request: HttpRequest, pk: int) -> HttpResponse:
    duty = get_object_or_404(Duty.objects.select_related("grant"), pk=pk)
    form = DutyForm(request.POST or None, instance=Duty.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        saved = save_or_errors(
            form, lambda: services.duty_update(actor=request.user, duty=duty, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, "Saved.")
            return redirect("funders:grant_detail", pk=duty.grant_id)
    return _form_page(request, form, f"{duty.title} ({duty.grant.title})", "funders:grant_list")


@requires("funders", "view")
@require_http_methods(["GET"])
def grant_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A report for one funder: the grant's period (or one chosen) and its indicators."""
    grant = get_object_or_404(Grant.objects.select_related("funder"), pk=pk)
    initial = {
        "start": grant.planned_start,
        "end": grant.planned_end,
        "indicators": [p.code for p in _default_indicators()],
    }
    form = FunderReportForm(request.GET or None, initial=initial)
    report = None
    if form.is_bound and form.is_valid():
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
        codes = form.cleaned_data["indicators"]
    else:
        period = Period(grant.planned_start, grant.planned_end)
        codes = initial["indicators"]
    if not form.is_bound or form.is_valid():
        report = selectors.funder_report(grant, period, codes)
    return _render(
        request, "funders/grant_report.html", {"grant": grant, "form": form, "report": report}
    )


def _default_indicators() -> list[Any]:
    return [ind for ind in all_indicators() if ind.kind != "breakdown"][:4]


@requires("income", "view")
@require_http_methods(["GET"])
def income_summary(request: HttpRequest) -> HttpResponse:
    """Income by financial year, fund and source: a chart and the same numbers as a table.

    Roles that see income but not grants (the board) get the totals only.
    """
    years = selectors.income_by_year()
    # In thousands of pounds, so the axis stays readable at six figures.
    bars = [Bar(label=year.label, value=round(float(year.total) / 1000, 1)) for year in years]
    chart = column_chart(
        bars,
        chart_id="income-by-year",
        title="Income by financial year (£ thousand)",
        description="; ".join(f"{year.label}: £{year.total:,.0f}" for year in years)
        or "No income recorded.",
        unit=("thousand pounds", "thousand pounds"),
    )
    chosen = request.GET.get("year", "")
    entries = None
    if can(request.user, "funders", "view"):
        period = (
            Period.financial_year(int(chosen))
            if chosen.isdigit() and 1990 < int(chosen) < 2200
            else Period.financial_year_containing(timezone.localdate())
        )
        entries = selectors.income_in(period).select_related("grant", "grant__funder")
        chosen_label = f"{period.start.year}/{str(period.end.year)[-2:]}"
    else:
        chosen_label = ""
    return _render(
        request,
        "funders/income_summary.html",
        {
            "years": years,
            "chart": chart,
            "entries": entries,
            "chosen_label": chosen_label,
            "can_change_income": can(request.user, "income", "change"),
        },
    )


@requires("income", "change")
@require_http_methods(["GET", "POST"])
def income_new(request: HttpRequest) -> HttpResponse:
    form = IncomeForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        entry = save_or_errors(
            form, lambda: services.income_create(actor=request.user, **form.cleaned_data)
        )
        if entry is not None:
            messages.success(request, f"Recorded {entry}.")
            return redirect("funders:income_summary")
    return _form_page(request, form, "Record income", "funders:income_summary")
