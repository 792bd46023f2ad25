"""Forms of research. They validate and read; writing is left to services."""

from __future__ import annotations

from typing import Any

from django import forms

from chorus.media.models import Placement
from chorus.people.models import Organisation, Person
from chorus.research.models import Finding, MessageLine, Method, Result, Study, Toolkit, Variant
from chorus.social.models import Post

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
        labels = {
            "interval_low": "Interval, low",
            "interval_high": "Interval, high",
            "n": "n (people it was measured on)",
        }

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
    participant = forms.IntegerField(
        required=False,
        min_value=1,
        label="Participant's record number (optional)",
        help_text="The number of their record in People, when the charity holds one: it is "
        "never shown with the quote, and lets their withdrawal, subject access and erasure "
        "find it. Leave blank when a partner keeps who took part.",
    )

    def clean_participant(self) -> Person | None:
        number = self.cleaned_data["participant"]
        if number is None:
            return None
        person = Person.objects.filter(pk=number).first()
        if person is None:
            raise forms.ValidationError(f"No person numbered {number}.")
        return person


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


def _numbers(raw: str, model: type[Any], noun: str) -> list[Any]:
    """Records given by number, separated by commas; a ValidationError names the missing."""
    try:
        ids = sorted({int(part) for part in raw.replace(" ", "").split(",") if part})
    except ValueError:
        raise forms.ValidationError(f"Give {noun} numbers separated by commas.") from None
    found = list(model.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {r.pk for r in found})
    if missing:
        raise forms.ValidationError(f"No {noun} numbered {', '.join(str(m) for m in missing)}.")
    return found


class MessageLineForm(forms.ModelForm):
    # Placements and posts by number: a list of every one would be thousands of options.
    placements = forms.CharField(
        required=False,
        label="Placements that used it",
        help_text="Placement numbers, separated by commas (each placement's page shows it).",
    )
    posts = forms.CharField(
        required=False,
        label="Social posts that used it",
        help_text="Post numbers, separated by commas (each post's address ends with it).",
    )

    class Meta:
        model = MessageLine
        fields = ["text", "finding"]
        labels = {"finding": "Finding that supports it"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("placements", "posts"):
                self.fields[name].initial = ", ".join(
                    str(pk) for pk in getattr(self.instance, name).values_list("pk", flat=True)
                )

    def clean_placements(self) -> list[Placement]:
        return _numbers(self.cleaned_data["placements"], Placement, "placement")

    def clean_posts(self) -> list[Post]:
        return _numbers(self.cleaned_data["posts"], Post, "post")


class CoverageLinkForm(forms.Form):
    """One placement or post that used a message, by its number."""

    kind = forms.ChoiceField(
        choices=[("placement", "Media placement"), ("post", "Social post")], label="Used in a"
    )
    number = forms.IntegerField(min_value=1, label="Its number")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, number = data.get("kind"), data.get("number")
        if kind and number:
            model = Placement if kind == "placement" else Post
            record = model.objects.filter(pk=number).first()
            if record is None:
                self.add_error("number", f"No {kind} numbered {number}.")
            else:
                data["record"] = record
        return data

    def coverage(self) -> dict[str, Any]:
        """The keyword for the link and unlink services: placement= or post=."""
        return {self.cleaned_data["kind"]: self.cleaned_data["record"]}
