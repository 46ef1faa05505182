from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.organisations.models import Organisation

MAX_LOGO_BYTES = 512 * 1024


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "logo", "theme_colour", "requires_signatory", "privacy_notice"]
        widgets = {
            "theme_colour": forms.TextInput(attrs={"type": "color"}),
            "privacy_notice": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > MAX_LOGO_BYTES:
            raise forms.ValidationError(_("Le logo ne doit pas dépasser 512 Ko."))
        return logo
