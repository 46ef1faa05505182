"""The forms of renewals: they read and validate input in French; the rules live in rules and services."""

from django import forms
from django.utils.translation import gettext_lazy

from passerelles.renewals.models import HandoverNote


class RenewalForm(forms.Form):
    end_date = forms.DateField(
        label=gettext_lazy("Nouvelle date de fin"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Trois ans au plus après la fin actuelle. Chacun redonne son accord, l'agent compris."
        ),
    )


class HandoverForm(forms.ModelForm):
    class Meta:
        model = HandoverNote
        fields = ["ongoing", "contacts", "resources", "next_steps"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
