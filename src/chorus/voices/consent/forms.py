"""Forms of the consent screens. They validate and read; writing is left to consent_services."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from chorus.accounts.access import MATRIX
from chorus.people.models import Organisation, OrganisationKind
from chorus.voices.consent.services import add_months
from chorus.voices.models import (
    Consent,
    IdentityLevel,
    Interpreter,
    MediaType,
)
from chorus.voices.outlets import OutletFacts, OutletKind, audience_choices, outlet_choices

_DATE_WIDGET_FORMAT = "%Y-%m-%d"  # what <input type="date"> expects, whatever the locale
CONSENT_MONTHS = 12  # the suggested length of a consent


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=_DATE_WIDGET_FORMAT)


class ConsentForm(forms.Form):
    given_on = forms.DateField(label="Given on", widget=_date_input())
    how = forms.ChoiceField(label="How it was given", choices=Consent.How.choices)
    language = forms.CharField(
        label="Language",
        max_length=50,
        initial="English",
        help_text="The language it was given in.",
    )
    interpreter = forms.ModelChoiceField(
        queryset=Interpreter.objects.filter(is_active=True),
        required=False,
        empty_label="No interpreter",
    )
    taken_by = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Taken by")
    information_version = forms.CharField(
        label="Information sheet version",
        max_length=100,
        required=False,
        help_text="Which version of the information sheet they were given, e.g. 'v3, May 2023'.",
    )
    information_given = forms.CharField(
        label="What they were told",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the words used, or what differed from the information sheet.",
    )
    media_types = forms.MultipleChoiceField(
        label="Media types they agree to",
        choices=MediaType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one media type the consent covers."},
    )
    identity_level = forms.ChoiceField(
        label="Most identifying level allowed",
        choices=IdentityLevel.choices,
        initial=IdentityLevel.ANONYMOUS,
        help_text="Less identifying uses are covered too.",
    )
    face_shown = forms.BooleanField(label="Their face may be shown", required=False)
    # An outlet is excluded by its organisation in the directory (media organisations).
    excluded_organisations = forms.ModelMultipleChoiceField(
        label="Outlets excluded",
        queryset=Organisation.objects.filter(kind=OrganisationKind.MEDIA).only("id", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Outlets their story must never go to. Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    excluded_outlet_kinds = forms.MultipleChoiceField(
        label="Kinds of outlet excluded",
        choices=OutletKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    excluded_audiences = forms.MultipleChoiceField(
        label="Audiences excluded",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Outlets whose audience is mainly this are excluded.",
    )
    topics = forms.CharField(
        label="Topics",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Topics they agreed to talk about, and any they did not. Stored encrypted.",
    )
    expires_on = forms.DateField(
        label="Expires on",
        widget=_date_input(),
        help_text=f"Suggested: {CONSENT_MONTHS} months after it was given. Ask again before then.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # Consent is taken by staff who work with storytellers.
        staff: QuerySet[Any] = get_user_model().objects.filter(
            is_active=True, role__in=MATRIX["storytellers"]["view"]
        )
        taken_by = cast(forms.ModelChoiceField, self.fields["taken_by"])
        taken_by.queryset = staff
        audiences = cast(forms.MultipleChoiceField, self.fields["excluded_audiences"])
        audiences.choices = audience_choices()
        self.initial.setdefault("given_on", today)
        self.initial.setdefault("expires_on", add_months(today, CONSENT_MONTHS))
        self.initial.setdefault("taken_by", user.pk)

    def clean_given_on(self) -> datetime.date:
        given_on: datetime.date = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError("Consent cannot be given in the future: check the date.")
        return given_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given, expires = data.get("given_on"), data.get("expires_on")
        if given and expires and expires <= given:
            self.add_error("expires_on", "The expiry date must be after the date it was given.")
        return data


class UseCheckForm(forms.Form):
    """'Would this use be covered?': asks consent_covers, writes nothing."""

    outlet = forms.ChoiceField(label="Outlet", required=False)
    media_type = forms.ChoiceField(label="Media type", choices=MediaType.choices)
    identity_level = forms.ChoiceField(label="Identity level", choices=IdentityLevel.choices)
    face_shown = forms.BooleanField(label="Face shown", required=False)
    on = forms.DateField(label="Date of the use", widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())
        self.outlets = dict(outlet_choices())
        outlet = cast(forms.ChoiceField, self.fields["outlet"])
        outlet.choices = [("", "No outlet (e.g. our own social media)")] + [
            (key, facts.name) for key, facts in self.outlets.items()
        ]

    def clean_outlet(self) -> OutletFacts | None:
        """The chosen outlet as plain data for the judge, or None."""
        return self.outlets.get(self.cleaned_data.get("outlet") or "")


class WithdrawalForm(forms.Form):
    on = forms.DateField(label="Withdrawn on", widget=_date_input())
    how = forms.ChoiceField(label="How they withdrew", choices=Consent.How.choices)
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What they asked for, in their words if possible. Stored encrypted.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on", timezone.localdate())

    def clean_on(self) -> datetime.date:
        on: datetime.date = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("A withdrawal cannot be dated in the future.")
        return on


class FollowUpForm(forms.Form):
    DONE, REOPEN, SAVE = "done", "reopen", "save"

    note = forms.CharField(label="Action note", max_length=300, required=False)
    action = forms.ChoiceField(
        choices=[(DONE, "Mark done"), (REOPEN, "Reopen"), (SAVE, "Save note")],
        widget=forms.HiddenInput,
    )

    @property
    def done(self) -> bool | None:
        return {self.DONE: True, self.REOPEN: False}.get(self.cleaned_data["action"])
