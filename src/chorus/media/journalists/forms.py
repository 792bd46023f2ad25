"""Forms of the journalist directory: the entry, and the directory's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from chorus.media.models import JournalistProfile, Outlet, PreferredContact
from chorus.people.models import Person, Region

_NAME_MAX = Person._meta.get_field("full_name").max_length or 200
_REASON_MAX = JournalistProfile._meta.get_field("do_not_contact_reason").max_length or 300
_NOTE_MAX = JournalistProfile._meta.get_field("contact_note").max_length or 300
DO_NOT_CONTACT_NEEDS_REASON = "Say why they are not to be contacted, so colleagues know."


def _regions(field: forms.Field) -> None:
    # Region names include their parent region: fetch them together.
    cast(forms.ModelChoiceField, field).queryset = Region.objects.select_related("parent")


class JournalistForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=_NAME_MAX)
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False, max_length=40)
    outlets = forms.ModelMultipleChoiceField(
        queryset=Outlet.objects.all(),
        required=False,
        help_text="Where they write or broadcast now. An outlet taken off stays on their "
        "record as a former outlet.",
    )
    beats = forms.CharField(
        label="Beat / topics",
        required=False,
        max_length=300,
        help_text="Separated by commas, e.g. home affairs, politics.",
    )
    region = forms.ModelChoiceField(queryset=Region.objects.none(), required=False)
    preferred_contact = forms.ChoiceField(
        label="Preferred contact",
        choices=[("", "Not known"), *PreferredContact.choices],
        required=False,
    )
    contact_note = forms.CharField(
        label="How to reach them",
        required=False,
        max_length=_NOTE_MAX,
        help_text="E.g. 'text before calling', 'through the newsdesk before noon'.",
    )
    do_not_contact = forms.BooleanField(label="Do not contact", required=False)
    do_not_contact_reason = forms.CharField(label="Why not", required=False, max_length=_REASON_MAX)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions(self.fields["region"])

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("do_not_contact") and not (data.get("do_not_contact_reason") or "").strip():
            self.add_error("do_not_contact_reason", DO_NOT_CONTACT_NEEDS_REASON)
        return data

    def journalist_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in self.fields}


def journalist_initial(person: Person) -> dict[str, Any]:
    """The form's starting values for someone already in the directory."""
    roles = list(person.journalist_roles.all())
    current = [role for role in roles if role.is_current]
    beats = next((role.beats for role in current if role.beats), "")
    initial: dict[str, Any] = {
        "full_name": person.full_name,
        "email": person.email,
        "phone": person.phone,
        "outlets": [role.outlet_id for role in current],
        "beats": beats,
    }
    profile = JournalistProfile.objects.filter(person=person).first()
    if profile is not None:
        initial.update(
            region=profile.region_id,
            preferred_contact=profile.preferred_contact,
            contact_note=profile.contact_note,
            do_not_contact=profile.do_not_contact,
            do_not_contact_reason=profile.do_not_contact_reason,
            notes=profile.notes,
        )
    return initial


class JournalistFilterForm(forms.Form):
    q = forms.CharField(label="Name or email", required=False, max_length=200)
    outlet = forms.CharField(required=False, max_length=200)
    beat = forms.CharField(label="Beat / topic", required=False, max_length=100)
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(), required=False, empty_label="Any region"
    )
    hide_do_not_contact = forms.BooleanField(label="Hide do not contact", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions(self.fields["region"])

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"].strip(),
            "outlet": data["outlet"].strip(),
            "beat": data["beat"].strip(),
            "region": data["region"],
            "hide_do_not_contact": data["hide_do_not_contact"],
        }
