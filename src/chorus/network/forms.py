"""Forms of the network. They validate and read; writing is left to services."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from chorus.media.models import Pitch, Placement
from chorus.network.models import MemberSnapshot, OutreachEntry, OutreachKind, Partner, PartnerKind
from chorus.people.models import Organisation, Person, Region
from chorus.voices.models import StorytellerProfile

_DATE = "%Y-%m-%d"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=_DATE)


def not_storytellers() -> QuerySet[Person]:
    """People an entry may name: never a storyteller's directory entry."""
    return Person.objects.filter(storyteller__isnull=True).only("id", "full_name")


def regions() -> QuerySet[Region]:
    return Region.objects.select_related("parent").order_by("parent__name", "name")


class SnapshotForm(forms.ModelForm):
    class Meta:
        model = MemberSnapshot
        fields = ["taken_on", "members", "note"]
        labels = {"taken_on": "Counted on", "members": "Members"}
        help_texts = {
            "members": "As Google Groups shows it under People › Members.",
            "note": "Optional: where the number comes from.",
        }
        widgets = {"taken_on": _date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].initial = timezone.localdate()

    def clean_taken_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["taken_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("A count cannot be dated in the future.")
        return day

    def validate_unique(self) -> None:
        # A second count for the same day replaces the first (the service does it).
        pass


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["organisation", "region", "kind", "contact", "since", "notes"]
        widgets = {"since": _date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.only("id", "name")  # type: ignore[attr-defined]
        self.fields["region"].queryset = regions()  # type: ignore[attr-defined]
        self.fields["contact"].queryset = not_storytellers()  # type: ignore[attr-defined]


class PartnerFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    region = forms.ModelChoiceField(queryset=regions(), required=False, empty_label="Any region")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *PartnerKind.choices])

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class OutreachFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search",
        help_text="Titles, organisations and who introduced it.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *OutreachKind.choices])
    region = forms.ModelChoiceField(queryset=regions(), required=False, empty_label="Any region")
    date_from = forms.DateField(required=False, label="From", widget=_date_input())
    date_to = forms.DateField(required=False, label="To", widget=_date_input())

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class OutreachForm(forms.ModelForm):
    """An outreach entry. The storyteller it led to is offered only to roles that may
    see storytellers; for everyone else the field is not there and stays as it was."""

    class Meta:
        model = OutreachEntry
        fields = [
            "kind",
            "happened_on",
            "title",
            "region",
            "led_from",
            "introduced_by",
            "people",
            "organisations",
            "storyteller",
            "placements",
            "pitches",
            "notes",
        ]
        labels = {"happened_on": "Date"}
        help_texts = {
            "notes": "Keep to what the work needs: notes may name people, and anyone "
            "who may read the outreach log reads them.",
            "people": "Contacts only. A storyteller is chosen below as the storyteller "
            "this led to.",
        }
        widgets = {"happened_on": _date_input()}

    def __init__(
        self,
        *args: Any,
        storytellers: QuerySet[StorytellerProfile] | None = None,
        pitches: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["region"].queryset = regions()  # type: ignore[attr-defined]
        entries = OutreachEntry.objects.only("id", "title", "kind", "happened_on")
        if self.instance.pk:
            entries = entries.exclude(pk=self.instance.pk)
        f["led_from"].queryset = entries.order_by("-happened_on")  # type: ignore[attr-defined]
        f["introduced_by"].queryset = not_storytellers()  # type: ignore[attr-defined]
        f["people"].queryset = not_storytellers()  # type: ignore[attr-defined]
        f["organisations"].queryset = Organisation.objects.only("id", "name")  # type: ignore[attr-defined]
        f["placements"].queryset = (  # type: ignore[attr-defined]
            Placement.objects.select_related("outlet").order_by("-published_on")
        )
        f["placements"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.published_on:%d %b %Y}, {p.outlet.name}: {p.headline}"
        )
        if storytellers is None:
            del f["storyteller"]
        else:
            f["storyteller"].queryset = storytellers.select_related(None).only(  # type: ignore[attr-defined]
                "id", "reference"
            )
            f["storyteller"].label_from_instance = lambda s: s.reference  # type: ignore[attr-defined]
        if pitches:
            f["pitches"].queryset = Pitch.objects.defer("idea").order_by("title")  # type: ignore[attr-defined]
        else:
            del f["pitches"]

    def relations(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("people", "organisations", "placements", "pitches")
            if name in self.fields
        }

    def plain_fields(self) -> dict[str, Any]:
        skip = {"people", "organisations", "placements", "pitches"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}


class LeadForm(forms.Form):
    """Something else this led to, in words (a training day), until its app links it."""

    label = forms.CharField(max_length=300, label="What it led to")
    on = forms.DateField(required=False, label="When", widget=_date_input())
