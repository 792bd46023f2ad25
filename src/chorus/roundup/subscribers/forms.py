"""Forms of the round-up's public pages (sign-up, preferences) and of its staff pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from chorus.monitoring.models import NewsRegion
from chorus.roundup.models import Subscriber, SubscriberConsent, Suppression

# Shown above the sign-up button and stored, word for word, in the consent record.
# Changing it changes what new subscribers agree to; records already made keep theirs.
CONSENT_WORDING = (
    "Email me the migration news round-up, with the sections and as often as I chose "
    "above. My email address, name and organisation are kept only to send it to me and "
    "are never shared. I will get an email to confirm first, and every round-up has a "
    "link to unsubscribe at once."
)

_SECTION_CHOICES = NewsRegion.choices
_ALL_SECTIONS = [value for value, _ in _SECTION_CHOICES]


def _sections_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Sections",
        choices=_SECTION_CHOICES,
        initial=_ALL_SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one section."},
    )


def _frequency_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="How often",
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.DAILY,
        widget=forms.RadioSelect,
    )


def stored_sections(chosen: list[str]) -> list[str]:
    """Every section chosen is stored as "all" (empty), so new sections reach them too."""
    return [] if set(chosen) >= set(_ALL_SECTIONS) else [s for s in _ALL_SECTIONS if s in chosen]


def shown_sections(stored: list[str]) -> list[str]:
    return list(stored) or list(_ALL_SECTIONS)


class SignUpForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    name = forms.CharField(label="Name", max_length=200, required=False)
    organisation = forms.CharField(
        label="Organisation", max_length=200, required=False, help_text="If you like."
    )
    sections = _sections_field()
    frequency = _frequency_field()
    # A field people never see: a form that comes back with it filled in was sent by
    # a program, and is answered as if it worked while nothing is done.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def subscription_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "organisation": data["organisation"],
            "sections": stored_sections(data["sections"]),
            "frequency": data["frequency"],
        }


class PreferencesForm(forms.Form):
    sections = _sections_field()
    frequency = _frequency_field()

    def __init__(self, *args: Any, subscriber: Subscriber, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"sections": shown_sections(subscriber.sections), "frequency": subscriber.frequency},
        )
        super().__init__(*args, **kwargs)


# --- Staff --------------------------------------------------------------------------


class SubscriberFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search",
        help_text="Email, name or organisation",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Any status"), *Subscriber.Status.choices],
    )


class SuppressionFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Search",
        help_text="Email address",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    reason = forms.ChoiceField(
        required=False,
        label="Reason",
        choices=[("", "Any reason"), *Suppression.Reason.choices],
    )


class SubscriberAddForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    name = forms.CharField(label="Name", max_length=200, required=False)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    sections = _sections_field()
    frequency = _frequency_field()
    method = forms.ChoiceField(
        label="How they agreed",
        choices=[
            (SubscriberConsent.Method.IN_PERSON, SubscriberConsent.Method.IN_PERSON.label),
            (SubscriberConsent.Method.EMAIL_REQUEST, SubscriberConsent.Method.EMAIL_REQUEST.label),
        ],
        widget=forms.RadioSelect,
    )
    given_on = forms.DateField(
        label="When they agreed",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day they said yes.",
    )
    wording = forms.CharField(
        label="What they were told",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the words used, e.g. the sign-up sheet's text or your email to them. "
        "It is kept as the record of their consent.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self) -> Any:
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("This is in the future.")
        return day
