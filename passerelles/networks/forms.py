"""The network's forms: they check the input and give French errors; the services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.networks.models import CurationKind, DeliberationStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(forms.Form):
    reference = forms.CharField(label=_("Référence de la convention-cadre"), max_length=200, required=False)
    signed_on = forms.DateField(label=_("Signée le"), required=False, widget=DATE)
    valid_from = forms.DateField(label=_("En vigueur à partir du"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Jusqu'au"), required=False, widget=DATE)
    document = forms.FileField(
        label=_("Convention signée (PDF, 10 Mo au plus)"),
        required=False,
        help_text=_("Laissez vide pour garder le document déjà déposé."),
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("La fin de validité précède son début."))
        return data


class SignatoryForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation représentée"), queryset=None)
    name = forms.CharField(label=_("Nom"), max_length=200)
    function = forms.CharField(label=_("Fonction"), max_length=200)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = members


class DeliberationForm(forms.Form):
    status = forms.ChoiceField(label=_("Où en est la délibération ?"), choices=DeliberationStatus.choices)
    decided_on = forms.DateField(label=_("Date (votée, refusée ou prévue)"), required=False, widget=DATE)
    reference = forms.CharField(label=_("Référence de la délibération"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") in (DeliberationStatus.VOTED, DeliberationStatus.REFUSED) and not data.get(
            "decided_on"
        ):
            self.add_error("decided_on", _("Indiquez la date de la délibération votée ou refusée."))
        return data


class CurationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Choix du réseau"),
        choices=[("", _("Aucun choix (retirer)")), *CurationKind.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note (obligatoire pour mettre de côté)"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == CurationKind.SET_ASIDE and not (data.get("note") or "").strip():
            self.add_error("note", _("Dites en une phrase pourquoi la mission est mise de côté."))
        return data


class SchemeForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du dispositif"),
        max_length=200,
        initial=_("Mission d'appui temporaire inter-collectivités"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    max_percent = forms.IntegerField(label=_("Quotité maximale (%)"), min_value=1, max_value=100, initial=40)
    max_months = forms.IntegerField(
        label=_("Durée maximale (mois)"),
        min_value=1,
        max_value=36,
        initial=12,
        help_text=_("Une mise à disposition dure 3 ans au plus."),
    )
    adopted_on = forms.DateField(label=_("Adopté par le réseau le"), widget=DATE)


class TakeUpForm(forms.Form):
    max_percent = forms.IntegerField(label=_("Quotité maximale (%)"), min_value=1, max_value=100)
    max_months = forms.IntegerField(label=_("Durée maximale (mois)"), min_value=1, max_value=36)
    decided_on = forms.DateField(label=_("Délibération du"), widget=DATE)
    reference = forms.CharField(label=_("Référence de la délibération"), max_length=200, required=False)

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        if scheme is not None:
            self.fields["max_percent"].help_text = _("Au plus %(max)s %% (limite du réseau).") % {
                "max": scheme.max_percent
            }
            self.fields["max_months"].help_text = _("Au plus %(max)s mois (limite du réseau).") % {
                "max": scheme.max_months
            }
