from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from chorus.people.models import Person
from chorus.social.podcast.models import Award, Episode, Series
from chorus.voices.access import storytellers_for
from chorus.voices.models import IdentityLevel, StorytellerProfile

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["title", "description", "starts_on"]
        widgets = {"starts_on": _DATE}


class EpisodeForm(forms.ModelForm):
    class Meta:
        model = Episode
        fields = ["number", "title", "published_on", "show_notes", "taken_down_on"]
        widgets = {"published_on": _DATE, "taken_down_on": _DATE}
        labels = {"published_on": "Published", "taken_down_on": "Taken down"}
        help_texts = {
            "show_notes": "Email addresses, and the names of guests who take part "
            "anonymously, are taken out when it is saved.",
            "taken_down_on": "The day the episode was removed from every feed.",
        }

    def __init__(self, *args: Any, series: Series, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.series = series

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        clash = Episode.objects.filter(series=self.series, number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.series} already has an episode {number}.")
        return number


class HostForm(forms.Form):
    person = forms.ModelChoiceField(
        Person.objects.order_by("full_name"),
        required=False,
        label="A person",
        help_text="Someone outside the staff (a former ambassador).",
    )
    staff = forms.ModelChoiceField(
        get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        label="Or a member of staff",
    )
    role = forms.CharField(max_length=100, required=False, help_text="e.g. co-presenter.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("person")) == bool(data.get("staff")):
            raise forms.ValidationError("Choose either a person or a member of staff.")
        return data


class GuestForm(forms.Form):
    storyteller: forms.ModelChoiceField[StorytellerProfile] = forms.ModelChoiceField(
        queryset=StorytellerProfile.objects.none(), label="Storyteller"
    )
    anonymous = forms.BooleanField(
        label="Takes part anonymously",
        required=False,
        help_text="Not named in the episode or its notes; the judge is asked for an anonymous use.",
    )
    identity_level = forms.ChoiceField(
        label="How they are named, if not anonymous",
        choices=[c for c in IdentityLevel.choices if c[0] != IdentityLevel.ANONYMOUS],
        initial=IdentityLevel.FIRST_NAME,
    )
    voice_disguised = forms.BooleanField(label="Their voice is disguised", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["storyteller"]
        field.queryset = storytellers_for(user).order_by("reference")  # type: ignore[attr-defined]
        field.label_from_instance = lambda profile: profile.reference  # type: ignore[attr-defined]


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["name", "category", "year", "outcome", "episode"]

    def __init__(self, *args: Any, series: Series, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["episode"].queryset = series.episodes.all()  # type: ignore[attr-defined]
        self.fields["episode"].required = False
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
