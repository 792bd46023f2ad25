"""The period picker: a start and an end date, checked before any figure is computed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from chorus.impact.periods import Period

# A longer span would draw hundreds of monthly bars and answer no question anyone asks.
MAX_YEARS = 10


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the first day of the period.",
            "invalid": "Enter the first day as a date, for example 2022-07-01.",
        },
    )
    date_to = forms.DateField(
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the last day of the period.",
            "invalid": "Enter the last day as a date, for example 2023-06-30.",
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if start > end:
                raise forms.ValidationError(
                    f"The period starts after it ends: “From” ({start:%-d %B %Y}) is later than "
                    f"“To” ({end:%-d %B %Y}). Choose a start date on or before the end date.",
                    code="period_reversed",
                )
            if (end - start).days > MAX_YEARS * 366:
                raise forms.ValidationError(
                    f"Choose a period of at most {MAX_YEARS} years.", code="period_too_long"
                )
        return cleaned

    @property
    def period(self) -> Period:
        """The chosen period; only after `is_valid()`."""
        return Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])


class AnnualReportForm(forms.Form):
    """The words of a draft annual report: title, welcome, objectives, introductions."""

    title = forms.CharField(max_length=200)
    welcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False)
    objectives = forms.CharField(
        label="Objectives for the future", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section_keys = [key for key, _ in sections]
        for key, title in sections:
            self.fields[f"intro_{key}"] = forms.CharField(
                label=f"Introduction: {title}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    @property
    def introductions(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"intro_{key}", "") for key in self.section_keys}


class PublishForm(forms.Form):
    note = forms.CharField(
        label="What changed since the last version",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed for a correction (every version after the first).",
    )


class CaseStudyForm(forms.Form):
    storyteller = forms.CharField(
        label="Storyteller's reference", max_length=20, help_text="For example S-0007."
    )
    section = forms.ChoiceField(choices=[])
    title = forms.CharField(max_length=200)
    text = forms.CharField(label="The case study", widget=forms.Textarea(attrs={"rows": 8}))
    name_shown = forms.CharField(label="How the report names them", max_length=200, required=False)
    identity_level = forms.ChoiceField(label="How identifiable they are", choices=[])
    face_shown = forms.BooleanField(label="With a photo of them", required=False)

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        identity_levels: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = sections  # type: ignore[attr-defined]
        self.fields["identity_level"].choices = identity_levels  # type: ignore[attr-defined]
