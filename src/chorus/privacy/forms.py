from django import forms

from chorus.privacy.models import AuditAction


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

    def __init__(self, *args: object, object_types: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["object_type"].choices = [("", "Any type"), *((t, t) for t in object_types)]  # type: ignore[attr-defined]
