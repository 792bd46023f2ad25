from django import forms

from chorus.accounts.models import User
from chorus.accounts.roles import Role


class StaffCreateForm(forms.Form):
    username = forms.CharField(max_length=150, help_text="Letters, digits and @ . + - _ only.")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False, help_text="For password resets.")
    role = forms.ChoiceField(choices=Role.choices)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Someone already has this username.")
        return username


class StaffEditForm(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    role = forms.ChoiceField(choices=Role.choices)
    is_active = forms.BooleanField(
        required=False,
        label="Active",
        help_text="Untick to disable the account and end all its sessions.",
    )


_DATE = forms.DateInput(attrs={"type": "date"})


class StaffChecksForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(User.CHECK_FIELDS)
        widgets = {name: _DATE for name in User.CHECK_FIELDS[1:]}
        help_texts = {
            "works_with_storytellers": "Meets, mentors or supports storytellers: needs "
            "a current DBS check and safeguarding training.",
        }
