"""Forms of the media desk. They validate and read; writing is left to services."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from chorus.lib.weburl import host_of
from chorus.media.models import (
    AudienceSegment,
    Campaign,
    Outlet,
    OutletDomain,
    OutletKind,
    Placement,
    PlacementFormat,
)
from chorus.media.selectors import (
    DEFAULT_PLACEMENT_SORT,
    outlet_by_name,
    outlet_for_url,
    placement_with_url,
)
from chorus.people.models import Region
from chorus.voices.models import IdentityLevel, MediaType, StorytellerProfile

_DATE_WIDGET_FORMAT = "%Y-%m-%d"  # what <input type="date"> expects, whatever the locale


def _date_input(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format=_DATE_WIDGET_FORMAT)


# --- Placements list ---------------------------------------------------------------

SORT_CHOICES = [
    ("-published_on", "Newest first"),
    ("published_on", "Oldest first"),
    ("outlet", "Outlet A–Z"),
    ("-outlet", "Outlet Z–A"),
    ("headline", "Headline A–Z"),
    ("-headline", "Headline Z–A"),
]
LIVED_EXPERIENCE_CHOICES = [
    ("", "Any"),
    ("yes", "Features a lived-experience voice"),
    ("no", "No lived-experience voice"),
]


class PlacementFilterForm(forms.Form):
    """The list's filters. The parameter names are fixed: the dashboard links to them."""

    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.only("id", "name"), required=False, empty_label="Any outlet"
    )
    segment = forms.ModelChoiceField(
        queryset=AudienceSegment.objects.all(),
        to_field_name="slug",
        required=False,
        label="Audience segment",
        empty_label="Any segment",
    )
    format = forms.ChoiceField(
        required=False, choices=[("", "Any format"), *PlacementFormat.choices]
    )
    lived_experience = forms.ChoiceField(
        required=False, choices=LIVED_EXPERIENCE_CHOICES, label="Lived experience"
    )
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.all(), required=False, empty_label="Any campaign"
    )
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label="Order")

    field_order = ["q", "from", "to", "outlet", "segment", "format", "lived_experience", "campaign"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be declared above. The ids are
        # the ones the period picker in chorus.js fills in.
        self.fields["from"] = forms.DateField(
            required=False, label="From", widget=_date_input(id="id_date_from")
        )
        self.fields["to"] = forms.DateField(
            required=False, label="To", widget=_date_input(id="id_date_to")
        )
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", "The end date is before the start date.")
        return data

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.placements_filter, from the fields that are valid.

        An invalid field is left out (its error is shown next to it) rather than
        throwing away every filter the user set.
        """
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        lived = data.get("lived_experience")
        return {
            "date_from": data.get("from"),
            "date_to": data.get("to"),
            "outlet": data.get("outlet"),
            "segment": data.get("segment"),
            "format": data.get("format") or "",
            "lived_experience": {"yes": True, "no": False}.get(lived or ""),
            "campaign": data.get("campaign"),
            "q": (data.get("q") or "").strip(),
            "sort": data.get("sort") or DEFAULT_PLACEMENT_SORT,
        }


# --- Placement ---------------------------------------------------------------------

OUTSIDE_NOTE_NEEDED = (
    "Say in a few words who with lived experience is quoted (no full names), or untick the box."
)


def clean_outside_voice(form: forms.ModelForm, data: dict[str, Any]) -> None:
    """A placement quoting someone outside the network says who; unticked, no note is kept."""
    note = (data.get("outside_voice_note") or "").strip()
    if data.get("quotes_outside_network"):
        if not note:
            form.add_error("outside_voice_note", OUTSIDE_NOTE_NEEDED)
    elif "outside_voice_note" in data:
        data["outside_voice_note"] = ""


class PlacementForm(forms.ModelForm):
    # A tick box, as before the field could be "not known" (imports without the column).
    is_humanising = forms.BooleanField(
        label="Humanising",
        required=False,
        initial=True,
        help_text="Presents migrants as people with names, voices and lives.",
    )

    outlet_name = forms.CharField(
        label="Outlet",
        required=False,
        max_length=200,
        help_text="Start typing to pick a known outlet. Left empty, Chorus uses the outlet "
        "it knows for the link's website. A new name adds a new outlet.",
    )

    class Meta:
        model = Placement
        fields = [
            "published_on",
            "url",
            "outlet_name",
            "headline",
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
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outlet: Outlet | None = None
        self.fields["url"].widget.attrs["data-outlet-lookup"] = reverse("media:outlet_lookup")
        self.fields["outlet_name"].widget.attrs.update(
            {
                "list": "outlet-options",
                "data-outlet-suggest": reverse("media:outlet_suggest"),
                "autocomplete": "off",
            }
        )
        # Region names include their parent region: fetch them together.
        region_field = cast(forms.ModelChoiceField, self.fields["region"])
        region_field.queryset = Region.objects.select_related("parent")
        if self.instance.pk and not self.is_bound:
            self.initial["outlet_name"] = self.instance.outlet.name

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        clash = placement_with_url(url, exclude_pk=self.instance.pk)
        if clash is not None:
            raise forms.ValidationError(
                "Another placement already has this link: ‘%(headline)s’ (%(outlet)s, %(date)s). "
                "Edit that one instead.",
                code="duplicate",
                params={
                    "headline": clash.headline,
                    "outlet": clash.outlet.name,
                    "date": f"{clash.published_on.day} {clash.published_on:%B %Y}",
                },
            )
        return url

    def clean_outlet_name(self) -> str:
        return " ".join((self.cleaned_data.get("outlet_name") or "").split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clean_outside_voice(self, data)
        name, url = data.get("outlet_name", ""), data.get("url", "")
        if name:
            self.outlet = outlet_by_name(name)
        elif url:
            self.outlet = outlet_for_url(url)
            if self.outlet is None:
                self.add_error(
                    "outlet_name",
                    "Chorus does not know the website of this link. Write the outlet's name.",
                )
        elif "url" not in self.errors:
            self.add_error("outlet_name", "Write the outlet's name, or give the link.")
        return data

    @property
    def outlet_is_new(self) -> bool:
        return bool(self.cleaned_data.get("outlet_name")) and self.outlet is None

    def placement_fields(self) -> dict[str, Any]:
        """The cleaned values the services take, without the outlet's name."""
        return {k: v for k, v in self.cleaned_data.items() if k != "outlet_name"}


# --- Who spoke in a placement ----------------------------------------------------------

# Which media type an outlet of each kind usually means: the default of the "who spoke" form.
_MEDIA_TYPE_OF_KIND: dict[str, str] = {
    OutletKind.NATIONAL_PRESS: MediaType.PRINT,
    OutletKind.REGIONAL_PRESS: MediaType.PRINT,
    OutletKind.MAGAZINE: MediaType.PRINT,
    OutletKind.TV: MediaType.BROADCAST,
    OutletKind.RADIO: MediaType.BROADCAST,
    OutletKind.PODCAST: MediaType.PODCAST,
}


class PlacementVoiceForm(forms.Form):
    """Who spoke in a placement: a storyteller by reference and how they appeared."""

    reference = forms.CharField(
        label="Storyteller reference",
        max_length=20,
        help_text="Their non-identifying code, e.g. S-0042.",
    )
    media_type = forms.ChoiceField(label="Media type", choices=MediaType.choices)
    identity_level = forms.ChoiceField(
        label="How they were identified", choices=IdentityLevel.choices
    )
    face_shown = forms.BooleanField(label="Their face was shown", required=False)

    def __init__(
        self, *args: Any, storytellers: QuerySet[StorytellerProfile], outlet: Outlet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.storytellers = storytellers
        self.storyteller: StorytellerProfile | None = None
        self.initial.setdefault(
            "media_type", _MEDIA_TYPE_OF_KIND.get(outlet.kind, MediaType.ONLINE)
        )
        self.initial.setdefault("identity_level", IdentityLevel.ANONYMOUS)

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip().upper()
        self.storyteller = self.storytellers.filter(reference__iexact=reference).first()
        if self.storyteller is None:
            raise forms.ValidationError(
                "No storyteller has the reference %(ref)s.", params={"ref": reference}
            )
        return reference


# --- Outlets ---------------------------------------------------------------------

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class OutletForm(forms.ModelForm):
    domains = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The websites the outlet publishes on, one per line or separated by commas, "
        "e.g. bbc.co.uk. Placements with links there are matched to this outlet.",
    )

    class Meta:
        model = Outlet
        fields = ["name", "kind", "segment", "reach_estimate", "reach_source", "domains"]
        labels = {"segment": "Audience segment", "reach_estimate": "Reach"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["domains"] = "\n".join(self.instance.domain_list)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Outlet.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("An outlet with this name already exists.")
        return name

    def clean_domains(self) -> list[str]:
        domains: list[str] = []
        bad: list[str] = []
        for part in re.split(r"[,\s]+", self.cleaned_data.get("domains") or ""):
            if not part:
                continue
            # Staff paste whole links as often as domains: keep only the host.
            domain = (
                host_of(part) if "://" in part else part.lower().strip("/").removeprefix("www.")
            )
            if _DOMAIN.match(domain):
                if domain not in domains:
                    domains.append(domain)
            else:
                bad.append(part)
        if bad:
            raise forms.ValidationError(
                "Not a web domain: %(bad)s. Write domains like bbc.co.uk.",
                params={"bad": ", ".join(bad)},
            )
        taken = OutletDomain.objects.filter(domain__in=domains).exclude(outlet=self.instance.pk)
        taken = taken.select_related("outlet")
        if taken:
            raise forms.ValidationError(
                "Already the domain of another outlet: %(taken)s.",
                params={"taken": ", ".join(f"{d.domain} ({d.outlet.name})" for d in taken)},
            )
        return domains


class OutletFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    segment = forms.ModelChoiceField(
        queryset=AudienceSegment.objects.all(),
        to_field_name="slug",
        required=False,
        label="Audience segment",
        empty_label="Any segment",
    )
    review = forms.BooleanField(required=False, label="Only those needing segment review")


class OutletSegmentForm(forms.Form):
    segment = forms.ModelChoiceField(queryset=AudienceSegment.objects.all())
    next = forms.CharField(required=False)


# --- Campaigns --------------------------------------------------------------------


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "hashtag", "starts_on", "ends_on", "description"]
        labels = {"starts_on": "Starts on", "ends_on": "Ends on"}
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Campaign.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A campaign with this name already exists.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts: datetime.date | None = data.get("starts_on")
        ends: datetime.date | None = data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The campaign ends before it starts.")
        return data
