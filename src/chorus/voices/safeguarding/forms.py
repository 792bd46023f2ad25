"""Forms for raising a safeguarding concern from anywhere, and for linking one to a profile.

The raising form never lists storytellers to someone who may not know who is in the
network: for them it has no storyteller field at all (a storyteller posted anyway is
ignored), only a box to describe the person in their own words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from chorus.accounts.access import can
from chorus.voices.access import storytellers_for
from chorus.voices.models import SafeguardingConcern, StorytellerProfile

_PRIVATE = {"autocomplete": "off", "spellcheck": "false"}


class StorytellerReferenceField(forms.ModelChoiceField):
    """A storyteller chosen by reference: no name is decrypted to fill the list."""

    def label_from_instance(self, obj: StorytellerProfile) -> str:
        return obj.reference


def _storyteller_choices(user: Any) -> Any:
    return storytellers_for(user).select_related(None).only("id", "reference").order_by("reference")


class ConcernRaiseForm(forms.Form):
    storyteller = StorytellerReferenceField(
        queryset=StorytellerProfile.objects.none(),
        required=False,
        empty_label="Not sure: I'll describe them below",
        help_text="Their reference, such as S-0042, if you know it.",
    )
    person_described = forms.CharField(
        required=False,
        label="Who is it about?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, **_PRIVATE}),
        help_text=(
            "Describe the person so the safeguarding lead can find them: where you met them, "
            "what they were taking part in, the name they gave you."
        ),
    )
    level = forms.ChoiceField(
        choices=SafeguardingConcern.Level.choices,
        widget=forms.RadioSelect,
        help_text="High: they may be at risk now. Tell the safeguarding lead in person too.",
    )
    summary = forms.CharField(
        label="What happened, or what worries you",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, **_PRIVATE}),
    )
    raised_on = forms.DateField(
        label="Date you noticed it",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"raised_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.may_pick = can(user, "storytellers", "view")
        if self.may_pick:
            self.fields["storyteller"].queryset = _storyteller_choices(user)  # type: ignore[attr-defined]
            self.fields["person_described"].label = "Or describe who it is about"
        else:
            # Not even an empty list: the form must not say who is in the network.
            del self.fields["storyteller"]
        self.order_fields(["storyteller", "person_described", "level", "summary", "raised_on"])

    def clean_raised_on(self) -> Any:
        value = self.cleaned_data["raised_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date can't be in the future.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        described = (data.get("person_described") or "").strip()
        if not data.get("storyteller") and not described:
            message = (
                "Choose the storyteller, or describe who it is about."
                if self.may_pick
                else "Describe who it is about, so the safeguarding lead can find them."
            )
            self.add_error("person_described", message)
        data["person_described"] = described
        return data

    def concern_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "storyteller": data.get("storyteller"),
            "person_described": data["person_described"],
            "level": data["level"],
            "summary": data["summary"],
            "raised_on": data["raised_on"],
        }


class ConcernLinkForm(forms.Form):
    storyteller = StorytellerReferenceField(
        queryset=StorytellerProfile.objects.none(),
        label="Storyteller",
        empty_label="Choose a storyteller",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["storyteller"].queryset = _storyteller_choices(user)  # type: ignore[attr-defined]
