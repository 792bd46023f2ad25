"""Forms of funders: grants, what they pay for, duties, income, outcomes and targets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from chorus.funders.models import Duty, Grant, IncomeEntry, Measure, Outcome, Strategy
from chorus.impact.indicators import all_indicators
from chorus.people.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GrantForm(forms.ModelForm):
    class Meta:
        model = Grant
        fields = (
            "identifier",
            "title",
            "funder",
            "programme",
            "amount",
            "currency",
            "award_date",
            "planned_start",
            "planned_end",
            "fund",
            "description",
        )
        widgets = {"award_date": DATE, "planned_start": DATE, "planned_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]


class PurposeForm(forms.Form):
    choice = forms.ChoiceField(label="What the grant pays for")
    amount = forms.DecimalField(
        label="Amount of the grant spent on it (optional)",
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = choices  # type: ignore[attr-defined]


class DutyForm(forms.ModelForm):
    class Meta:
        model = Duty
        fields = ("kind", "title", "due_on", "status", "submitted_on", "learning_note")
        widgets = {"due_on": DATE, "submitted_on": DATE}


class IncomeForm(forms.ModelForm):
    class Meta:
        model = IncomeEntry
        fields = ("received_on", "amount", "source", "fund", "grant", "description")
        widgets = {"received_on": DATE}


class FunderReportForm(forms.Form):
    start = forms.DateField(label="From", widget=DATE)
    end = forms.DateField(label="To", widget=DATE)
    indicators = forms.MultipleChoiceField(
        label="Indicators the funder cares about",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = indicator_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("The period must end after it starts.")
        return data


def indicator_choices() -> list[tuple[str, str]]:
    return [(ind.code, f"{ind.title} ({ind.code})") for ind in all_indicators()]


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ("title", "description", "starts_on", "ends_on")
        widgets = {"starts_on": DATE, "ends_on": DATE}


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ("title", "description")


class MeasureForm(forms.ModelForm):
    indicator_code = forms.ChoiceField(label="Indicator")

    class Meta:
        model = Measure
        fields = ("indicator_code", "baseline", "baseline_label")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = indicator_choices()  # type: ignore[attr-defined]


class TargetForm(forms.Form):
    period_start = forms.DateField(label="Period from", widget=DATE)
    period_end = forms.DateField(label="Period to", widget=DATE)
    value = forms.DecimalField(label="Target", max_digits=14, decimal_places=2)


class EnteredValueForm(forms.Form):
    period_start = forms.DateField(label="Period from", widget=DATE)
    period_end = forms.DateField(label="Period to", widget=DATE)
    value = forms.DecimalField(label="Value", max_digits=14, decimal_places=2)
    source = forms.CharField(label="Source", max_length=300)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), required=False)


def save_or_errors[T](form: forms.BaseForm, write: Callable[[], T]) -> T | None:
    """Call the service; a ValidationError it raises goes back onto the form as errors."""
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
