from typing import Any

from django import forms

from chorus.privacy.models import AuditAction, Breach, BreachNotice, ErasureReason


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, label="Who (username)")
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *AuditAction.choices])
    object_type = forms.ChoiceField(required=False, label="Record type", choices=[("", "Any type")])
    object_id = forms.CharField(required=False, label="Record id")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: object, object_types: list[tuple[str, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Stored values, shown by name: "Storyteller", not voices.storytellerprofile.
        self.fields["object_type"].choices = [("", "Any type"), *object_types]  # type: ignore[attr-defined]


class SubjectAccessForm(forms.Form):
    confirm = forms.BooleanField(
        label=(
            "I am answering a subject access request from this person (or someone acting for "
            "them), and I will send the archive to them securely and keep no copy."
        )
    )


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(label="Reason for the erasure", choices=ErasureReason.choices)
    confirmation = forms.CharField(label="Type the reference to confirm", max_length=40)

    def __init__(self, *args: Any, expected: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["confirmation"].label = f"Type {expected} to confirm"
        self.fields[
            "confirmation"
        ].help_text = (
            "This cannot be undone: what identifies or describes this person is blanked everywhere."
        )
        self.fields["confirmation"].widget.attrs["autocomplete"] = "off"

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"].strip()
        if typed != self.expected:
            raise forms.ValidationError(f"Type {self.expected} exactly to confirm the erasure.")
        return typed


class RetentionDecisionForm(forms.Form):
    kind = forms.CharField(max_length=100, widget=forms.HiddenInput)
    record = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("keep", "Keep"), ("erase", "Confirm erasure")], widget=forms.HiddenInput
    )


_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_NO_NAMES = (
    " Describe kinds of data and counts of people: never a person's name, and never "
    "their health, origin or immigration details."
)


class BreachForm(forms.ModelForm):
    class Meta:
        model = Breach
        fields = [
            "title",
            "what_happened",
            "found_at",
            "occurred_at",
            "data_affected",
            "people_affected",
            "people_categories",
            "special_category",
            "decisions",
            "ico_decision",
            "ico_reference",
        ]
        widgets = {
            "found_at": _WHEN,
            "occurred_at": _WHEN,
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "data_affected": forms.Textarea(attrs={"rows": 2}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"what_happened": "What went wrong and how it was found." + _NO_NAMES}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["data_affected"].help_text += _NO_NAMES


class BreachNoticeForm(forms.ModelForm):
    class Meta:
        model = BreachNotice
        fields = ["told", "told_at", "how"]
        widgets = {"told_at": _WHEN}
        labels = {"told": "Who was told", "told_at": "When"}
