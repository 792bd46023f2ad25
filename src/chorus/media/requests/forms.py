"""Forms of journalists' requests and of pitches. They validate and read; services write."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone

from chorus.media.forms import clean_outside_voice
from chorus.media.models import (
    Campaign,
    Journalist,
    JournalistRequest,
    Outlet,
    Pitch,
    Placement,
    RequestCandidate,
)
from chorus.media.requests.services import SPEAKING, pitch_use_check
from chorus.media.selectors import placement_with_url
from chorus.people.models import Region
from chorus.voices.access import storytellers_for
from chorus.voices.models import Interpreter, StorytellerProfile, Theme

_DATE_FORMAT = "%Y-%m-%d"  # what <input type="date"> expects, whatever the locale
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> expects


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=_DATE_FORMAT)


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME_FORMAT)


def _regions_with_parents(form: forms.BaseForm, name: str = "region") -> None:
    # Region names include their parent region: fetch them together.
    field = cast(forms.ModelChoiceField, form.fields[name])
    field.queryset = Region.objects.select_related("parent")


# --- Requests ---------------------------------------------------------------------


class RequestForm(forms.ModelForm):
    languages = forms.CharField(
        required=False,
        max_length=300,
        label="Languages it can be in",
        help_text="Separated by commas, e.g. English, Farsi. Left empty: any language.",
    )

    # Creating a request can add its journalist to the directory in the same step (only
    # for roles that may change the journalists: the view leaves these out otherwise).
    new_journalist_name = forms.CharField(
        label="Or a new journalist: name",
        required=False,
        max_length=200,
        help_text="Added to the journalists, at the request's outlet.",
    )
    new_journalist_email = forms.EmailField(label="New journalist's email", required=False)

    class Meta:
        model = JournalistRequest
        fields = [
            "outlet",
            "journalist",
            "received_on",
            "deadline",
            "brief",
            "format",
            "media_type",
            "languages",
            "region",
            "themes",
            "identity_level_acceptable",
            "face_needed",
            "status",
            "notes",
        ]
        labels = {
            "received_on": "Received on",
            "identity_level_acceptable": "Least identifying level acceptable",
            "face_needed": "Their face must be shown",
            "journalist": "Journalist (optional)",
            "media_type": "Media type",
        }
        help_texts = {
            "identity_level_acceptable": "Storytellers are matched only if their consent "
            "allows at least this level (e.g. a pseudonym).",
            "region": "Storytellers living there, or nearby, rank higher.",
        }
        widgets = {
            "received_on": _date_input(),
            "deadline": _datetime_input(),
            "brief": forms.Textarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, may_add_journalist: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk or not may_add_journalist:
            del self.fields["new_journalist_name"]
            del self.fields["new_journalist_email"]
        else:
            order = list(self.fields)
            order.remove("new_journalist_name")
            order.remove("new_journalist_email")
            at = order.index("journalist") + 1
            order[at:at] = ["new_journalist_name", "new_journalist_email"]
            self.order_fields(order)
        journalist = cast(forms.ModelChoiceField, self.fields["journalist"])
        # A journalist who has since moved on still shows on their old requests.
        journalist.queryset = Journalist.objects.filter(
            Q(is_current=True) | Q(pk=self.instance.journalist_id)
        ).select_related("person", "outlet")
        _regions_with_parents(self)
        themes = cast(forms.ModelMultipleChoiceField, self.fields["themes"])
        themes.queryset = Theme.objects.all()
        if not self.is_bound:
            if self.instance.pk:
                self.initial["languages"] = ", ".join(self.instance.languages or [])
            else:
                self.initial.setdefault("received_on", timezone.localdate())

    def clean_languages(self) -> list[str]:
        languages: list[str] = []
        for part in (self.cleaned_data.get("languages") or "").split(","):
            name = " ".join(part.split())
            if name and name.lower() not in {lang.lower() for lang in languages}:
                languages.append(name)
        return languages

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        journalist: Journalist | None = data.get("journalist")
        outlet: Outlet | None = data.get("outlet")
        if journalist and outlet and journalist.outlet_id != outlet.pk:
            self.add_error(
                "journalist",
                f"{journalist.person} writes for {journalist.outlet}, not {outlet}. "
                "Choose that outlet, or leave the journalist empty.",
            )
        new_name = " ".join((data.get("new_journalist_name") or "").split())
        if "new_journalist_name" in data:
            data["new_journalist_name"] = new_name
        if new_name and journalist:
            self.add_error(
                "new_journalist_name",
                "Choose a journalist from the list or add a new one, not both.",
            )
        elif data.get("new_journalist_email") and not new_name:
            self.add_error("new_journalist_name", "Write the new journalist's name too.")
        return data

    def request_fields(self) -> tuple[list[Theme], dict[str, Any]]:
        """The themes, and the request's fields (with `new_journalist` when one is added)."""
        fields = dict(self.cleaned_data)
        name = fields.pop("new_journalist_name", "")
        email = fields.pop("new_journalist_email", "")
        if name:
            fields["new_journalist"] = {"full_name": name, "email": email}
        return list(fields.pop("themes", [])), fields


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *JournalistRequest.Status.choices]
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.only("id", "name"), required=False, empty_label="Any outlet"
    )


class InterpreterBookingForm(forms.Form):
    interpreter = forms.ModelChoiceField(
        queryset=Interpreter.objects.filter(is_active=True), empty_label="Choose…"
    )
    booked_for = forms.DateTimeField(label="When", widget=_datetime_input())

    def __init__(self, *args: Any, prefix_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if prefix_id is not None:
            # Several of these forms share one page: give each its own ids.
            self.auto_id = f"id_c{prefix_id}_%s"


class MatchFilterForm(forms.Form):
    fit = forms.BooleanField(required=False, label="Only storytellers who fit")


class _SpeakerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.storyteller.reference} ({obj.get_status_display().lower()}, "
            f"{obj.get_identity_level_display().lower()})"
        )


class OutcomeForm(forms.ModelForm):
    """The placement a request became. Its outlet is the request's."""

    # A tick box, as before the field could be "not known" (imports without the column).
    is_humanising = forms.BooleanField(
        label="Humanising",
        required=False,
        initial=True,
        help_text="Presents migrants as people with names, voices and lives.",
    )

    class Meta:
        model = Placement
        fields = [
            "published_on",
            "headline",
            "url",
            "format",
            "quotes_outside_network",
            "outside_voice_note",
            "is_humanising",
            "campaign",
            "region",
            "notes",
        ]
        labels = {"published_on": "Published on", "url": "Link"}
        widgets = {
            "published_on": _date_input(),
            "url": forms.URLInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    speakers = _SpeakerChoiceField(
        label="Who spoke",
        required=False,
        queryset=RequestCandidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Only storytellers cleared and briefed for this request can be chosen.",
    )
    nobody_spoke = forms.BooleanField(
        label="No storyteller spoke",
        required=False,
        help_text="Choose this when the piece went ahead without anyone from the network.",
    )

    field_order = ["speakers", "nobody_spoke"]

    def __init__(self, *args: Any, journalist_request: JournalistRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions_with_parents(self)
        campaign = cast(forms.ModelChoiceField, self.fields["campaign"])
        campaign.queryset = Campaign.objects.all()
        speakers = cast(forms.ModelMultipleChoiceField, self.fields["speakers"])
        speakers.queryset = journalist_request.candidates.filter(
            status__in=SPEAKING
        ).select_related("storyteller")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        speakers, nobody = data.get("speakers"), data.get("nobody_spoke")
        if not speakers and not nobody:
            self.add_error("speakers", "Say who spoke, or choose “No storyteller spoke”.")
        elif speakers and nobody:
            self.add_error("nobody_spoke", "Choose who spoke or “No storyteller spoke”, not both.")
        # Who spoke is recorded as uses of their stories: that alone makes the placement
        # feature lived experience. The box is for someone outside the network.
        clean_outside_voice(self, data)
        return data

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        clash = placement_with_url(url)
        if clash is not None:
            raise forms.ValidationError(
                "Another placement already has this link: ‘%(headline)s’ (%(outlet)s).",
                code="duplicate",
                params={"headline": clash.headline, "outlet": clash.outlet.name},
            )
        return url


# --- Pitches ------------------------------------------------------------------------


class _StorytellerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.reference)


class _PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.published_on:%Y-%m-%d} · {obj.outlet.name} · {obj.headline}"


class PitchForm(forms.ModelForm):
    class Meta:
        model = Pitch
        field_classes = {"storyteller": _StorytellerChoiceField, "placement": _PlacementChoiceField}
        fields = [
            "title",
            "idea",
            "storyteller",
            "outlets",
            "media_type",
            "identity_level",
            "status",
            "follow_up_on",
            "placement",
            "notes",
        ]
        labels = {
            "follow_up_on": "Follow up on",
            "placement": "The placement it became",
            "identity_level": "How identifiable the storyteller would be",
            "storyteller": "Storyteller (optional)",
        }
        help_texts = {
            "idea": "Kept encrypted: it may hold details of someone's story.",
            "storyteller": "Their consent must cover every outlet chosen, the media type "
            "and how identifiable they would be, and no safeguarding hold may stand.",
        }
        widgets = {
            "idea": forms.Textarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": _date_input(),
            "outlets": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        storyteller = cast(forms.ModelChoiceField, self.fields["storyteller"])
        # References only: decrypting every name for a drop-down would be slow and a leak.
        in_network = Q(
            status__in=(StorytellerProfile.Status.ACTIVE, StorytellerProfile.Status.PAUSED)
        )
        storyteller.queryset = (
            storytellers_for(user)
            .filter(in_network | Q(pk=self.instance.storyteller_id))
            .select_related(None)
            .only("pk", "reference")
        )
        outlets = cast(forms.ModelMultipleChoiceField, self.fields["outlets"])
        outlets.queryset = Outlet.objects.select_related("segment")
        # Recent placements only: a choice of every placement ever would be thousands long.
        placement = cast(forms.ModelChoiceField, self.fields["placement"])
        since = timezone.localdate() - datetime.timedelta(days=730)
        recent = Placement.objects.filter(
            Q(published_on__gte=since) | Q(pk=self.instance.placement_id)
        )
        placement.queryset = recent.select_related("outlet").order_by("-published_on", "-id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        storyteller: StorytellerProfile | None = data.get("storyteller")
        if storyteller is None or self.has_error("outlets"):
            return data
        media_type, identity_level = data.get("media_type"), data.get("identity_level")
        if not media_type or not identity_level:
            return data
        for problem in pitch_use_check(
            storyteller=storyteller,
            outlets=list(data.get("outlets") or []),
            media_type=media_type,
            identity_level=identity_level,
        ):
            self.add_error("storyteller", problem)
        return data

    def pitch_fields(self) -> tuple[list[Outlet], dict[str, Any]]:
        fields = dict(self.cleaned_data)
        return list(fields.pop("outlets", [])), fields


class PitchFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Pitch.Status.choices])
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.only("id", "name"), required=False, empty_label="Any outlet"
    )
    overdue = forms.BooleanField(required=False, label="Only overdue follow-ups")
