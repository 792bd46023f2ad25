"""Forms of media monitoring: news sources, article search and the classifier's settings."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from chorus.monitoring.models import Source
from chorus.monitoring.pipeline.framing import Lexicon
from chorus.monitoring.pipeline.relevance import Rules
from chorus.monitoring.pipeline.topics import Taxonomy
from chorus.people.models import Organisation, OrganisationKind


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "url", "publisher", "region", "language", "poll_minutes", "enabled"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        publisher = self.fields["publisher"]
        if not isinstance(publisher, forms.ModelChoiceField):  # for the type checker
            raise TypeError("publisher is a choice of organisations")
        publisher.required = False
        publisher.label = "Outlet"
        publisher.queryset = Organisation.objects.filter(kind=OrganisationKind.MEDIA)
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
        return self._loaded("rules", Rules.from_dict)

    def clean_lexicon(self) -> dict[str, Any]:
        return self._loaded("lexicon", Lexicon.from_dict)

    def clean_taxonomy(self) -> dict[str, Any]:
        return self._loaded("taxonomy", Taxonomy.from_dict)


class TryClassifierForm(forms.Form):
    title = forms.CharField(label="Headline", max_length=500)
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 5}))
