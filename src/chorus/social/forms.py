from __future__ import annotations

from typing import Any

from django import forms

from chorus.media.models import Campaign
from chorus.social.models import Account, Post, PostKind
from chorus.voices.access import storytellers_for
from chorus.voices.models import IdentityLevel, StorytellerProfile


class PostFilterForm(forms.Form):
    q = forms.CharField(label="Search captions and hashtags", required=False, max_length=100)
    account = forms.ModelChoiceField(Account.objects.all(), required=False, empty_label="Any")
    kind = forms.ChoiceField(choices=[("", "Any"), *PostKind.choices], required=False)
    campaign = forms.ModelChoiceField(Campaign.objects.all(), required=False, empty_label="Any")
    storytelling = forms.ChoiceField(
        label="Lived-experience storytelling",
        choices=[("", "Any"), ("yes", "Featured"), ("no", "Not featured")],
        required=False,
    )
    flagged = forms.BooleanField(label="Only flagged (no recorded consent)", required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {key: value for key, value in data.items() if value not in ("", None, False)}


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["platform", "handle", "name", "account_id"]


class PostForm(forms.ModelForm):
    published_at = forms.DateTimeField(
        label="Published", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    class Meta:
        model = Post
        fields = [
            "account",
            "published_at",
            "kind",
            "caption",
            "permalink",
            "platform_post_id",
            "hashtags",
            "campaign",
            "others_featured",
            "lived_experience",
        ]
        labels = {
            "platform_post_id": "Post ID (from the platform)",
            "others_featured": "Others featured with no recorded consent",
        }
        help_texts = {
            "hashtags": "Left empty, the caption's hashtags are used.",
            "campaign": "Left empty, the media campaign with the same hashtag is linked.",
            "others_featured": "Describe, without naming them, anyone with lived experience "
            "shown who is not a storyteller in Chorus. The post is flagged.",
        }


class FeatureForm(forms.Form):
    storyteller: forms.ModelChoiceField[StorytellerProfile] = forms.ModelChoiceField(
        queryset=StorytellerProfile.objects.none(), label="Storyteller"
    )
    identity_level = forms.ChoiceField(
        label="How identifiable in the post", choices=IdentityLevel.choices
    )
    face_shown = forms.BooleanField(label="Their face is shown", required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["storyteller"]
        field.queryset = storytellers_for(user).order_by("reference")  # type: ignore[attr-defined]
        field.label_from_instance = lambda profile: profile.reference  # type: ignore[attr-defined]


class TakedownForm(forms.Form):
    reason = forms.CharField(
        label="Why it was taken down", max_length=300, help_text="A withdrawal of consent…"
    )
