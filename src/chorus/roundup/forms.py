from __future__ import annotations

from typing import Any

from django import forms

from chorus.roundup.models import Edition, EditionItem, NewsRegion, Source


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


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "url", "outlet", "region", "language", "poll_minutes", "enabled"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].required = False
        self.fields["url"].widget.attrs["placeholder"] = "https://www.example.org/news/feed.xml"

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Use an http:// or https:// address.")
        return url

    def clean_poll_minutes(self) -> int:
        minutes: int = self.cleaned_data["poll_minutes"]
        if minutes < 5:
            raise forms.ValidationError(
                "Poll at most every 5 minutes, out of courtesy to the site."
            )
        return minutes


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label="Search articles", required=False, max_length=200)


class ClassifierSettingsForm(forms.Form):
    """The rules, lexicon and topics as JSON; each is checked by the pipeline's own loader."""

    rules = forms.CharField(
        label="Relevance rules",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text='Each rule has a name, a query (words, "phrases", word*, AND, OR, NOT, '
        "NEAR/n, brackets) and a weight; a negative weight counts against.",
    )
    lexicon = forms.CharField(
        label="Framing lexicon",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        help_text="Hostile, humanising and counter-speech terms with their weights.",
    )
    taxonomy = forms.CharField(
        label="Topics",
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Each topic has a label and a query in the rules' language.",
    )

    def _loaded(self, name: str, loader: Any) -> dict[str, Any]:
        import json

        raw = self.cleaned_data[name]
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"This is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
            ) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError("This must be a JSON object ({ … }).")
        try:
            loader(data)
        except (ValueError, TypeError, KeyError) as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data

    def clean_rules(self) -> dict[str, Any]:
        from chorus.roundup.pipeline.relevance import Rules

        return self._loaded("rules", Rules.from_dict)

    def clean_lexicon(self) -> dict[str, Any]:
        from chorus.roundup.pipeline.framing import Lexicon

        return self._loaded("lexicon", Lexicon.from_dict)

    def clean_taxonomy(self) -> dict[str, Any]:
        from chorus.roundup.pipeline.topics import Taxonomy

        return self._loaded("taxonomy", Taxonomy.from_dict)


class TryClassifierForm(forms.Form):
    title = forms.CharField(label="Headline", max_length=500)
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 5}))
