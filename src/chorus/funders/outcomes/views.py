"""Pages of outcomes and targets: the strategy, each outcome's indicators and their progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from chorus.accounts.access import can, requires
from chorus.funders import selectors, services
from chorus.funders.forms import (
    EnteredValueForm,
    MeasureForm,
    OutcomeForm,
    StrategyForm,
    TargetForm,
    save_or_errors,
)
from chorus.funders.models import Measure, Outcome, Strategy
from chorus.funders.views import page_context
from chorus.impact.indicators import get_indicator


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context["can_change"] = can(request.user, "outcomes", "change")
    return render(request, template, page_context(request) | context)


def _form_page(request: HttpRequest, form: Any, title: str) -> HttpResponse:
    return _render(
        request,
        "funders/form.html",
        {"form": form, "title": title, "cancel": "funders:outcome_list"},
    )


@requires("outcomes", "view")
@require_http_methods(["GET"])
def outcome_list(request: HttpRequest) -> HttpResponse:
    strategies = []
    for strategy in selectors.strategies():
        outcomes = []
        for outcome in strategy.outcomes.all():
            measures = [
                (measure, get_indicator(measure.indicator_code), selectors.progress_for(measure))
                for measure in outcome.measures.all()
            ]
            outcomes.append((outcome, measures))
        strategies.append((strategy, outcomes))
    return _render(request, "funders/outcome_list.html", {"strategies": strategies})


@requires("outcomes", "change")
@require_http_methods(["GET", "POST"])
def strategy_new(request: HttpRequest) -> HttpResponse:
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        strategy = save_or_errors(
            form, lambda: services.strategy_create(actor=request.user, **form.cleaned_data)
        )
        if strategy is not None:
            messages.success(request, f"Added the strategy {strategy}.")
            return redirect("funders:outcome_list")
    return _form_page(request, form, "Add a strategy")


@requires("outcomes", "change")
@require_http_methods(["GET", "POST"])
def strategy_outcome_new(request: HttpRequest, pk: int) -> HttpResponse:
    strategy = get_object_or_404(Strategy, pk=pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = save_or_errors(
            form,
            lambda: services.outcome_create(
                actor=request.user, strategy=strategy, **form.cleaned_data
            ),
        )
        if outcome is not None:
            messages.success(request, f"Added the outcome {outcome}.")
            return redirect("funders:outcome_list")
    return _form_page(request, form, f"Add an outcome to {strategy}")


@requires("outcomes", "change")
@require_http_methods(["GET", "POST"])
def outcome_measure_new(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_object_or_404(Outcome, pk=pk)
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        measure = save_or_errors(
            form,
            lambda: services.measure_create(
                actor=request.user, outcome=outcome, **form.cleaned_data
            ),
        )
        if measure is not None:
            messages.success(request, "Added the indicator.")
            return redirect("funders:measure_detail", pk=measure.pk)
    return _form_page(request, form, f"Measure “{outcome}” by an indicator")


@requires("outcomes", "view")
@require_http_methods(["GET"])
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _measure_page(request, get_object_or_404(_measures(), pk=pk), None, None)


def _measures() -> Any:
    return Measure.objects.select_related("outcome", "outcome__strategy")


def _measure_page(
    request: HttpRequest, measure: Measure, target_form: Any, value_form: Any
) -> HttpResponse:
    return _render(
        request,
        "funders/measure_detail.html",
        {
            "measure": measure,
            "indicator": get_indicator(measure.indicator_code),
            "progress": selectors.progress_for(measure),
            "entered": measure.entered_values.select_related("entered_by"),
            "target_form": target_form or TargetForm(prefix="target"),
            "value_form": value_form or EnteredValueForm(prefix="value"),
        },
    )


@requires("outcomes", "change")
@require_http_methods(["POST"])
def measure_target_set(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(_measures(), pk=pk)
    form = TargetForm(request.POST, prefix="target")
    if form.is_valid():
        target = save_or_errors(
            form,
            lambda: services.target_set(actor=request.user, measure=measure, **form.cleaned_data),
        )
        if target is not None:
            messages.success(request, "Saved the target.")
            return redirect("funders:measure_detail", pk=measure.pk)
    return _measure_page(request, measure, form, None)


@requires("outcomes", "change")
@require_http_methods(["POST"])
def measure_value_enter(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_object_or_404(_measures(), pk=pk)
    form = EnteredValueForm(request.POST, prefix="value")
    if form.is_valid():
        value = save_or_errors(
            form,
            lambda: services.value_enter(actor=request.user, measure=measure, **form.cleaned_data),
        )
        if value is not None:
            messages.success(request, "Saved the value entered by hand.")
            return redirect("funders:measure_detail", pk=measure.pk)
    return _measure_page(request, measure, None, form)
