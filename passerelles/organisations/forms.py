from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.images import ImageUploadField
from passerelles.organisations.models import Organisation

MAX_LOGO_BYTES = 512 * 1024


class OrganisationSettingsForm(forms.ModelForm):
    logo = ImageUploadField(
        label=_("Logo"),
        required=False,
        max_bytes=MAX_LOGO_BYTES,
        help_text=_("PNG, JPEG ou WebP, 512 Ko au plus ; il est réenregistré sans ses métadonnées."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "article",
            "address",
            "city",
            "logo",
            "theme_colour",
            "requires_signatory",
            "sso_only",
            "privacy_notice",
        ]
        widgets = {
            "theme_colour": forms.TextInput(attrs={"type": "color"}),
            "privacy_notice": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.logo:
            self.fields["logo"].widget.shown_url = reverse(
                "organisation_logo", kwargs={"org_slug": self.instance.slug}
            )
