"""Forms of the storytellers network. They validate and read; writing is left to services.

Forms that carry encrypted values are only ever sent by POST. The list's filter form,
which is sent by GET, holds plain fields only: a reference, never a name.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

from chorus.accounts.models import User
from chorus.people.models import Organisation, Region
from chorus.voices import selectors
from chorus.voices.models import (
    IdentityLevel,
    InvolvementPayment,
    MediaType,
    Membership,
    MentoringSession,
    Programme,
    SafeguardingAction,
    SafeguardingConcern,
    StorytellerLanguage,
    StorytellerProfile,
    StoryUse,
    Theme,
    WellbeingCheckIn,
)

_DATE_WIDGET_FORMAT = "%Y-%m-%d"  # what <input type="date"> expects, whatever the locale
# Sensitive inputs: browsers must not remember them for the next person at this computer.
_PRIVATE = {"autocomplete": "off", "spellcheck": "false"}


def _date_input(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format=_DATE_WIDGET_FORMAT)


def _user_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _user_label(obj)


# --- The storytellers list ---------------------------------------------------------------

# A reference (S-0042) or its number. Names cannot be searched (they are encrypted) and
# must not travel in the address bar, so the browser refuses to send anything else.
REFERENCE_SEARCH = r"\s*[Ss]?-?\s*[0-9]{1,6}\s*"
YES_NO_ANY = [("", "Any"), ("yes", "Yes"), ("no", "No")]


class StorytellerFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        label="Reference",
        max_length=12,
        validators=[
            RegexValidator(
                rf"^{REFERENCE_SEARCH}$",
                "Search by reference only, such as S-0042 or 42.",
            )
        ],
        help_text="S-0042, or part of the number. Names cannot be searched.",
        widget=forms.TextInput(
            attrs={"type": "search", "pattern": REFERENCE_SEARCH, **_PRIVATE, "size": 10}
        ),
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.select_related("parent"), required=False, empty_label="Any region"
    )
    language = forms.ChoiceField(required=False)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(), required=False, empty_label="Any theme"
    )
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any status"),
            *[
                (value, label)
                for value, label in StorytellerProfile.Status.choices
                if value != StorytellerProfile.Status.ERASED
            ],
        ],
    )
    available = forms.ChoiceField(required=False, choices=YES_NO_ANY, label="Available")
    training = forms.ChoiceField(required=False, choices=YES_NO_ANY, label="Media training done")
    consent = forms.ChoiceField(
        required=False,
        label="Consent",
        choices=[
            ("", "Any"),
            (selectors.CONSENT_EXPIRING, "Expiring within 30 days"),
            (selectors.CONSENT_EXPIRED, "Expired"),
            (selectors.CONSENT_RUNNING_OUT, "Expiring or expired"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = selectors.language_names()
        choices = [("", "Any language"), *((name, name) for name in languages)]
        self.fields["language"].choices = choices  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        value = "".join(self.cleaned_data["q"].split()).upper()
        if value.startswith("S") and not value.startswith("S-"):
            value = "S-" + value[1:]
        return value

    def filters(self) -> dict[str, Any]:
        """The valid filters, as selector arguments; a filter that is not valid is ignored."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # holds the valid fields only

        def yes_no(value: str | None) -> bool | None:
            return {"yes": True, "no": False}.get(value or "")

        return {
            "q": data.get("q") or "",
            "region": data.get("region"),
            "language": data.get("language") or "",
            "theme": data.get("theme"),
            "status": data.get("status") or "",
            "available": yes_no(data.get("available")),
            "training_done": yes_no(data.get("training")),
            "consent": data.get("consent") or "",
        }


# --- Profiles -------------------------------------------------------------------------

PROFILE_FIELDS = [
    "name_in_media",
    "media_name",
    "legal_name",
    "contact_details",
    "preferred_contact_route",
    "country_of_origin",
    "immigration_situation",
    "region",
    "themes",
    "media_training_done",
    "experience",
    "is_available",
    "availability_note",
    "last_media_appearance",
    "story_notes",
    "status",
]


class StorytellerForm(forms.ModelForm):
    """A storyteller's profile. Encrypted fields are left out for staff who may not see them."""

    class Meta:
        model = StorytellerProfile
        fields = PROFILE_FIELDS
        labels = {
            "name_in_media": "Name they use in media",
            "media_name": "First name or pseudonym used in media",
            "legal_name": "Full name",
            "contact_details": "Contact details",
            "country_of_origin": "Country of origin",
            "immigration_situation": "Immigration situation",
            "media_training_done": "Media training done",
            "experience": "Media experience",
            "is_available": "Available for media work",
            "availability_note": "Availability",
            "last_media_appearance": "Last media appearance",
            "story_notes": "Story notes",
        }
        help_texts = {
            "media_name": "Leave empty if they take part anonymously.",
            "legal_name": "Never shown to the media desk, never in the directory.",
            "availability_note": "For example: 'evenings only', 'not until after her hearing'.",
        }
        widgets = {
            "media_name": forms.TextInput(attrs=_PRIVATE),
            "legal_name": forms.TextInput(attrs=_PRIVATE),
            "contact_details": forms.Textarea(attrs={"rows": 3, **_PRIVATE}),
            "country_of_origin": forms.TextInput(attrs=_PRIVATE),
            "immigration_situation": forms.TextInput(attrs=_PRIVATE),
            "story_notes": forms.Textarea(attrs={"rows": 5, **_PRIVATE}),
            "themes": forms.CheckboxSelectMultiple,
            "last_media_appearance": _date_input(),
        }

    def __init__(self, *args: Any, sensitive: bool, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sensitive:
            for name in StorytellerProfile.SENSITIVE_FIELDS:
                self.fields.pop(name, None)
        if creating:
            self.fields.pop("status")
        else:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                (value, label)
                for value, label in StorytellerProfile.Status.choices
                if value != StorytellerProfile.Status.ERASED
            ]
        self.fields["region"].queryset = Region.objects.select_related("parent")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needs_name = data.get("name_in_media") in (
            StorytellerProfile.NameInMedia.FIRST_NAME,
            StorytellerProfile.NameInMedia.PSEUDONYM,
        )
        if "media_name" in self.fields and needs_name and not data.get("media_name", "").strip():
            self.add_error("media_name", "Give the first name or pseudonym they use in media.")
        return data

    def profile_fields(self) -> dict[str, Any]:
        """The profile's own fields, for the service (themes go separately)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "themes"}


class LanguageForm(forms.Form):
    language = forms.CharField(max_length=50, required=False)
    level = forms.ChoiceField(
        choices=StorytellerLanguage.Level.choices, initial=StorytellerLanguage.Level.FLUENT
    )
    needs_interpreter = forms.BooleanField(required=False, label="Needs an interpreter")

    def clean_language(self) -> str:
        name = self.cleaned_data["language"].strip()
        return selectors.language_spelling(name) if name else ""


class BaseLanguageFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            name = form.cleaned_data.get("language", "")
            if not name:
                continue
            if name.lower() in seen:
                raise forms.ValidationError(f"{name} is listed twice.")
            seen.add(name.lower())

    def rows(self) -> list[dict[str, Any]]:
        """The languages to keep: filled-in rows not marked for removal."""
        return [
            form.cleaned_data
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data.get("language")
            and not form.cleaned_data.get("DELETE")
        ]


LanguageFormSet = forms.formset_factory(
    LanguageForm, formset=BaseLanguageFormSet, extra=2, can_delete=True, max_num=20
)


def language_formset(
    data: Any = None, *, profile: StorytellerProfile | None = None
) -> BaseLanguageFormSet:
    initial = []
    if profile is not None:
        initial = [
            {
                "language": lang.language,
                "level": lang.level,
                "needs_interpreter": lang.needs_interpreter,
            }
            for lang in profile.languages.all()
        ]
    return LanguageFormSet(data, initial=initial, prefix="languages")  # type: ignore[return-value]


# --- Support: mentoring, payments, wellbeing ---------------------------------------------


class MentoringForm(forms.ModelForm):
    mentor = StaffChoiceField(queryset=User.objects.none(), required=False)

    class Meta:
        model = MentoringSession
        fields = ["held_on", "mentor", "notes"]
        labels = {"held_on": "Date"}
        widgets = {"held_on": _date_input(), "notes": forms.Textarea(attrs={"rows": 3, **_PRIVATE})}

    def __init__(self, *args: Any, sensitive: bool, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "mentoring")
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = selectors.staff_choices()  # type: ignore[attr-defined]
        self.fields["mentor"].help_text = "Leave empty if you were the mentor."
        if not sensitive:
            self.fields.pop("notes")


class PaymentForm(forms.ModelForm):
    class Meta:
        model = InvolvementPayment
        fields = ["kind", "amount", "method", "paid_on", "note"]
        labels = {"amount": "Amount (£)", "paid_on": "Paid on"}
        widgets = {"paid_on": _date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "payment")
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs.update({"min": "0.01", "step": "0.01"})
        self.fields["paid_on"].help_text = "Leave empty while it is still to be paid."

    def clean_amount(self) -> Any:
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError("Enter an amount above zero.")
        return amount


def _appearance_label(use: StoryUse) -> str:
    when = f"{use.used_on.day} {use.used_on:%B %Y}" if use.used_on else "date unknown"
    return f"{use.description or use.get_kind_display()}, {when}"


class CheckInForm(forms.ModelForm):
    class Meta:
        model = WellbeingCheckIn
        fields = ["kind", "held_on", "appearance", "follow_up_needed", "notes"]
        labels = {
            "held_on": "Date",
            "appearance": "After which media appearance",
            "follow_up_needed": "Follow-up needed",
        }
        widgets = {"held_on": _date_input(), "notes": forms.Textarea(attrs={"rows": 3, **_PRIVATE})}

    def __init__(
        self, *args: Any, sensitive: bool, profile: StorytellerProfile, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "checkin")
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        appearance = cast(forms.ModelChoiceField, self.fields["appearance"])
        appearance.queryset = selectors.appearances_of(profile)
        appearance.label_from_instance = _appearance_label  # type: ignore[method-assign,assignment]
        appearance.help_text = "For aftercare: one of the placements their story was used in."
        if not sensitive:
            self.fields.pop("notes")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("appearance") and data.get("kind") != WellbeingCheckIn.Kind.AFTERCARE:
            self.add_error("appearance", "Only aftercare follows a media appearance.")
        return data


# --- Safeguarding ------------------------------------------------------------------------


class ConcernForm(forms.ModelForm):
    class Meta:
        model = SafeguardingConcern
        fields = ["raised_on", "level", "summary", "notes"]
        labels = {"raised_on": "Raised on"}
        help_texts = {"summary": "One or two lines: what the concern is."}
        widgets = {
            "raised_on": _date_input(),
            "summary": forms.Textarea(attrs={"rows": 2, **_PRIVATE}),
            "notes": forms.Textarea(attrs={"rows": 6, **_PRIVATE}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"raised_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ConcernEditForm(forms.ModelForm):
    class Meta:
        model = SafeguardingConcern
        fields = ["level", "summary", "notes"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, **_PRIVATE}),
            "notes": forms.Textarea(attrs={"rows": 6, **_PRIVATE}),
        }


class SafeguardingActionForm(forms.ModelForm):
    owner = StaffChoiceField(queryset=User.objects.none(), required=False)

    class Meta:
        model = SafeguardingAction
        fields = ["description", "owner", "due_on"]
        labels = {"description": "What needs doing", "due_on": "Due on"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2, **_PRIVATE}),
            "due_on": _date_input(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "action")
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = selectors.safeguarding_staff()  # type: ignore[attr-defined]
        owner.help_text = "Only staff who may see safeguarding records."


class ConcernCloseForm(forms.Form):
    """Closing a concern ends it: it no longer holds the person nor binds their uses."""

    status = forms.ChoiceField(
        label="Outcome",
        widget=forms.HiddenInput,
        choices=[(SafeguardingConcern.Status.CLOSED, "Closed: no further action")],
        initial=SafeguardingConcern.Status.CLOSED,
    )


class HoldClearForm(forms.Form):
    """Clearing the hold on a person: a note, and the conditions that bind every use."""

    note = forms.CharField(
        label="Why the hold can be cleared",
        widget=forms.Textarea(attrs={"rows": 3, **_PRIVATE}),
        help_text="Kept with the clearance; seen only by the safeguarding lead and admins.",
    )
    max_identity_level = forms.ChoiceField(
        label="Identity at most",
        required=False,
        choices=[("", "Any level their consent allows"), *IdentityLevel.choices],
        help_text="For example “Anonymous” for anonymous uses only.",
    )
    excluded_media_types = forms.MultipleChoiceField(
        label="Not in",
        required=False,
        choices=MediaType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Media types no use may take, for example broadcast.",
    )
    not_before = forms.DateField(
        label="Not before",
        required=False,
        widget=_date_input(),
        help_text="No use of their story before this day.",
    )


# --- Programmes --------------------------------------------------------------------------


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "kind", "starts_on", "ends_on", "theme", "partners", "description"]
        labels = {"starts_on": "Starts on", "ends_on": "Ends on"}
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["partners"].help_text = "Partner organisations, if any."

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Programme.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A programme with this name already exists.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "A programme cannot end before it starts.")
        return data

    def programme_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "partners"}


def _check_dates(
    form: forms.BaseForm, joined: datetime.date | None, left: datetime.date | None
) -> None:
    if joined and left and left < joined:
        form.add_error("left_on", "They cannot leave before they joined.")


class MembershipAddForm(forms.Form):
    """Add a storyteller by reference: a list of thousands of names would not be a choice."""

    reference = forms.CharField(
        label="Storyteller reference",
        max_length=20,
        help_text="For example S-0042.",
        widget=forms.TextInput(attrs=_PRIVATE),
    )
    joined_on = forms.DateField(label="Joined on", widget=_date_input())
    left_on = forms.DateField(label="Left on", required=False, widget=_date_input())

    def __init__(self, *args: Any, user: Any, programme: Programme, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "member")
        kwargs.setdefault("initial", {"joined_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.user = user
        self.programme = programme

    def clean_reference(self) -> StorytellerProfile:
        profile = selectors.storyteller_by_reference(self.user, self.cleaned_data["reference"])
        if profile is None:
            raise forms.ValidationError("No storyteller has this reference.")
        if Membership.objects.filter(programme=self.programme, storyteller=profile).exists():
            raise forms.ValidationError(f"{profile.reference} is already in this programme.")
        return profile

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, data.get("joined_on"), data.get("left_on"))
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["joined_on", "left_on"]
        labels = {"joined_on": "Joined on", "left_on": "Left on"}
        help_texts = {"left_on": "A leaving date ends the membership and keeps its history."}
        widgets = {"joined_on": _date_input(), "left_on": _date_input()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_dates(self, data.get("joined_on"), data.get("left_on"))
        return data
