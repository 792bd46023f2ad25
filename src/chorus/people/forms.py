from django import forms

from chorus.people.models import Organisation, OrganisationKind, Person, Region


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "email", "phone", "organisation", "job_title", "region", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "website", "region", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("An organisation with this name already exists.")
        return name


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)
    region = forms.ModelChoiceField(
        queryset=Region.objects.select_related("parent"), required=False
    )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *OrganisationKind.choices])
