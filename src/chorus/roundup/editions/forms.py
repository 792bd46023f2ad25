from __future__ import annotations

from django import forms

from chorus.monitoring.models import NewsRegion
from chorus.roundup.models import Edition, EditionItem


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class ItemForm(forms.ModelForm):
    class Meta:
        model = EditionItem
        fields = ["headline", "summary", "section", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class AddByUrlForm(forms.Form):
    url = forms.URLField(
        label="Address of the article",
        max_length=2000,
        assume_scheme="https",
        help_text="Chorus fetches the page and reads its headline and text.",
    )
    section = forms.ChoiceField(choices=NewsRegion.choices, initial=NewsRegion.UK)
    note = forms.CharField(
        label="Editor's note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ManualItemForm(forms.Form):
    """A story typed in by the editor, for a page Chorus cannot fetch (a paywall)."""

    headline = forms.CharField(max_length=500)
    outlet = forms.CharField(label="Outlet", max_length=300, help_text="Who published it.")
    url = forms.URLField(
        label="Link", max_length=2000, assume_scheme="https", help_text="Where readers go."
    )
    summary = forms.CharField(
        label="One-line summary",
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    section = forms.ChoiceField(choices=NewsRegion.choices, initial=NewsRegion.UK)
    note = forms.CharField(
        label="Editor's note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Give a web address starting with https://.")
        return url
