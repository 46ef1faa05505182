from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.api.models import KeyScope


class NewKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de la clé"),
        max_length=80,
        help_text=_("Ce qui l'utilisera, par exemple « SIRH — import de nuit » ou « Décisionnel »."),
    )
    scope = forms.ChoiceField(
        label=_("Droits"),
        choices=KeyScope.choices,
        initial=KeyScope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Lecture : lire organisations, agents, missions, engagements et indicateurs, comme la RH de "
            "l'organisation. Écriture : en plus, mettre à jour les agents depuis le SIRH."
        ),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Donnez un nom à la clé."))
        return name
