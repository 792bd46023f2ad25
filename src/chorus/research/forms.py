"""Forms of research. They validate and read; writing is left to services."""

from __future__ import annotations

from typing import Any

from django import forms

from chorus.media.models import Placement
from chorus.people.models import Organisation
from chorus.research.models import Finding, MessageLine, Method, Result, Study, Toolkit, Variant

_DATE = "%Y-%m-%d"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=_DATE)


class StudyForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = [
            "title",
            "method",
            "partner",
            "question",
            "started_on",
            "ended_on",
            "places",
            "sample_size",
            "segment_scheme",
            "segment_scheme_version",
            "notes",
        ]
        labels = {"places": "Constituencies or places"}
        widgets = {"started_on": _date_input(), "ended_on": _date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.only("id", "name")  # type: ignore[attr-defined]


class StudyFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    method = forms.ChoiceField(required=False, choices=[("", "Any method"), *Method.choices])

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class VariantForm(forms.ModelForm):
    class Meta:
        model = Variant
        fields = ["label", "frame", "messenger", "text"]


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = [
            "variant",
            "outcome",
            "segment",
            "effect",
            "interval_low",
            "interval_high",
            "n",
            "unit",
        ]
        labels = {"interval_low": "Interval, low", "interval_high": "Interval, high"}

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.study = study
        self.fields["variant"].queryset = study.variants.all()  # type: ignore[attr-defined]


class FindingForm(forms.ModelForm):
    evidence = forms.ModelMultipleChoiceField(
        queryset=Result.objects.select_related("study"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The results this finding rests on.",
    )

    class Meta:
        model = Finding
        fields = ["title", "statement", "review_by"]
        widgets = {"review_by": _date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["evidence"].initial = list(self.instance.evidence.all())


class FindingFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    due = forms.BooleanField(required=False, label="Due for review")

    def filters(self) -> dict[str, Any]:
        return {"q": self.cleaned_data.get("q", "")} if self.is_valid() else {}


class QuoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea, label="What they said")
    context = forms.CharField(
        max_length=200,
        label="Where it came from",
        help_text="e.g. 'a participant in a focus group in the West Midlands'. Never a name, "
        "an age with a place, a job or anything else that could identify them.",
    )
    finding = forms.ModelChoiceField(queryset=Finding.objects.all(), required=False)
    consent_given = forms.BooleanField(
        required=False,
        label="The participant agreed that their words may be kept and quoted without their name",
    )
    consent_recorded_on = forms.DateField(
        label="Consent recorded on", widget=_date_input(), required=False
    )


class SimpleSearchForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )


class ToolkitForm(forms.ModelForm):
    class Meta:
        model = Toolkit
        fields = ["title", "slug", "summary", "studies"]
        widgets = {"studies": forms.CheckboxSelectMultiple}


class VersionUploadForm(forms.Form):
    document = forms.FileField(help_text="A PDF or Word (.docx) document, up to 25 MB.")
    notes = forms.CharField(max_length=300, required=False, label="What changed")


class PublishForm(forms.Form):
    published_on = forms.DateField(widget=_date_input(), label="Published on")


class MessageLineForm(forms.ModelForm):
    # Placements by number: a list of every placement would be thousands of options.
    placements = forms.CharField(
        required=False,
        label="Placements that used it",
        help_text="Placement numbers, separated by commas (each placement's page shows it).",
    )

    class Meta:
        model = MessageLine
        fields = ["text", "finding"]
        labels = {"finding": "Finding that supports it"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["placements"].initial = ", ".join(
                str(pk) for pk in self.instance.placements.values_list("pk", flat=True)
            )

    def clean_placements(self) -> list[Placement]:
        raw = self.cleaned_data["placements"].replace(" ", "")
        try:
            ids = sorted({int(part) for part in raw.split(",") if part})
        except ValueError:
            raise forms.ValidationError("Give placement numbers separated by commas.") from None
        found = list(Placement.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {p.pk for p in found})
        if missing:
            raise forms.ValidationError(
                f"No placement numbered {', '.join(str(m) for m in missing)}."
            )
        return found
