"""Forms of training: staff pages (courses, sessions, registering by hand, head counts,
outcomes) and public pages (sign-up, feedback)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from chorus.media.models import Outlet
from chorus.people.models import Organisation, Region
from chorus.training.models import AttendeeKind, Course, CourseKind, Feedback, Registration, Session

# Shown above the sign-up button and stored, word for word, with each registration.
CONSENT_WORDING = (
    "Keep my name, email address and organisation to manage my place on this session: to "
    "confirm it, remind me the day before, and ask me for feedback afterwards. They are "
    "never shared, and I can cancel my place with the link in every email."
)
# Courses for people with lived experience: what a place there reveals, said plainly.
LIVED_EXPERIENCE_WORDING = (
    "I understand that a place on this course shows that I have lived experience of "
    "migration. Keep the name I give (any name I like) and my email address, encrypted, "
    "only to manage my place: to confirm it, remind me the day before, and ask me for "
    "feedback afterwards. Only a few named staff can see them, and I can cancel my place "
    "with the link in every email."
)

_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_FORMAT)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *CourseKind.choices]
    )
    date_from = forms.DateField(label="From", required=False, widget=_date_input())
    date_to = forms.DateField(label="To", required=False, widget=_date_input())
    region = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    upcoming = forms.BooleanField(label="Upcoming only", required=False)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # The figures link with ?from=…&to=…; the form's own fields read the same names.
        if data is not None:
            data = data.copy()
            for short, name in (("from", "date_from"), ("to", "date_to")):
                if short in data and name not in data:
                    data[name] = data[short]
        super().__init__(data, **kwargs)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "kind": data["kind"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "region_ids": [data["region"]] if data["region"] else None,
            "upcoming": data["upcoming"],
        }


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "kind", "for_lived_experience", "description"]


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label="Starts", widget=_datetime_input(), input_formats=[_DATETIME_FORMAT]
    )
    ends_at = forms.DateTimeField(
        label="Ends", widget=_datetime_input(), input_formats=[_DATETIME_FORMAT]
    )

    class Meta:
        model = Session
        fields = [
            "course",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "language",
            "interpreter",
            "speakers",
            "is_public",
            "region",
            "host",
            "client",
            "fee",
            "fee_paid",
            "external_id",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.select_related("parent")  # type: ignore[attr-defined]
        for name in ("host", "client"):
            self.fields[name].queryset = Organisation.objects.only("pk", "name")  # type: ignore[attr-defined]

    def session_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegistrationAddForm(forms.Form):
    name = forms.CharField(
        label="Name or pseudonym",
        max_length=200,
        required=False,
        help_text="For someone with lived experience, a pseudonym will do.",
    )
    by_pseudonym = forms.BooleanField(label="This is a pseudonym", required=False)
    email = forms.EmailField(label="Email address", required=False)
    organisation_name = forms.CharField(label="Organisation", max_length=200, required=False)
    attendee_kind = forms.ChoiceField(
        label="Comes as", choices=AttendeeKind.choices, initial=AttendeeKind.SECTOR
    )
    outlet = forms.ModelChoiceField(
        label="Outlet (journalists)", queryset=Outlet.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (Registration.Status.REGISTERED, "Registered"),
            (Registration.Status.ATTENDED, "Attended"),
            (Registration.Status.NO_SHOW, "No-show"),
            (Registration.Status.WAITING, "On the waiting list"),
        ],
    )
    send_mail = forms.BooleanField(
        label="Email them their place (with the calendar file)", required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and not data.get("email"):
            raise forms.ValidationError("Give a name, a pseudonym or an email address.")
        return data


class HeadCountForm(forms.Form):
    attendee_kind = forms.ChoiceField(label="Who", choices=AttendeeKind.choices)
    outlet = forms.ModelChoiceField(
        label="Outlet (journalists)", queryset=Outlet.objects.all(), required=False
    )
    count = forms.IntegerField(label="How many", min_value=1, max_value=10_000)
    note = forms.CharField(label="Note", max_length=200, required=False)


class OutcomeForm(forms.Form):
    url = forms.URLField(
        label="Address of the placement or article",
        max_length=1000,
        assume_scheme="https",
        help_text="A placement recorded in Chorus is linked as such; any other article is "
        "kept by its address.",
    )
    title = forms.CharField(label="Headline", max_length=300, required=False)


class StorytellerLinkForm(forms.Form):
    reference = forms.CharField(
        label="Storyteller reference",
        max_length=20,
        required=False,
        help_text="E.g. S-0042. Leave empty to remove the link.",
    )


# --- Public -------------------------------------------------------------------------------


class SignUpForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    email = forms.EmailField(label="Email address", max_length=254)
    organisation = forms.CharField(
        label="Organisation", max_length=200, required=False, help_text="If you like."
    )
    agree = forms.BooleanField(
        label="I agree to the above",
        error_messages={"required": "Tick the box to agree, so that we can keep your place."},
    )
    # A field people never see: programs that fill in every field fill it in.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, lived_experience: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lived_experience:
            self.fields["name"].label = "Name (any name you like)"
            del self.fields["organisation"]

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


CONFIDENCE = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    confidence_before = forms.TypedChoiceField(
        label="Before today I felt…",
        choices=CONFIDENCE,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 not at all confident, 5 very confident",
    )
    confidence_after = forms.TypedChoiceField(
        label="Now I feel…",
        choices=CONFIDENCE,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 not at all confident, 5 very confident",
    )
    language = forms.CharField(
        label="Which language did you take part in? Did you have an interpreter?",
        max_length=100,
        required=False,
    )
    quote = forms.CharField(
        label="In a sentence or two, what will you take away from today?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    quote_permission = forms.ChoiceField(
        label="May we quote you?",
        choices=Feedback.QuotePermission.choices,
        initial=Feedback.QuotePermission.NO,
        widget=forms.RadioSelect,
    )
    anonymous = forms.BooleanField(label="Don't link my name to this feedback", required=False)

    def __init__(self, *args: Any, named: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not named:
            del self.fields["anonymous"]
            permission = cast(forms.ChoiceField, self.fields["quote_permission"])
            permission.choices = [
                c for c in Feedback.QuotePermission.choices if c[0] != Feedback.QuotePermission.YES
            ]
