from __future__ import annotations

from typing import Any

from django import forms

from chorus.people.models import Organisation
from chorus.social.creative.models import Project
from chorus.voices.access import storytellers_for
from chorus.voices.models import IdentityLevel, StorytellerProfile

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        Organisation.objects.order_by("name"),
        required=False,
        help_text="The organisations the project was made with.",
    )

    class Meta:
        model = Project
        fields = ["name", "kind", "description", "starts_on", "shown_at", "shown_on", "partners"]
        widgets = {"starts_on": _DATE, "shown_on": _DATE}
        labels = {"shown_on": "Shown on"}


class ParticipantForm(forms.Form):
    storyteller: forms.ModelChoiceField[StorytellerProfile] = forms.ModelChoiceField(
        queryset=StorytellerProfile.objects.none(), label="Storyteller"
    )
    identity_level = forms.ChoiceField(
        label="How identifiable in the work", choices=IdentityLevel.choices
    )
    face_shown = forms.BooleanField(label="Their face is shown", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["storyteller"]
        field.queryset = storytellers_for(user).order_by("reference")  # type: ignore[attr-defined]
        field.label_from_instance = lambda profile: profile.reference  # type: ignore[attr-defined]
