import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.facilitation import rules


class JoinForm(forms.Form):
    topics = forms.CharField(
        label=_("Ce que vous aimez animer"),
        max_length=400,
        help_text=_(
            "Quelques mots séparés par des virgules, par exemple : réunion d'équipe, codéveloppement, "
            "café-missions."
        ),
        error_messages={"required": _("Écrivez au moins un sujet.")},
    )
    hours_per_month = forms.IntegerField(
        label=_("Heures par mois, au plus"),
        min_value=1,
        max_value=rules.MAX_HOURS_PER_MONTH,
        help_text=_("Personne ne vous sollicitera au-delà (de 1 à 40)."),
        error_messages={
            "required": _("Indiquez combien d'heures par mois, au plus."),
            "invalid": _("Indiquez un nombre d'heures entier."),
            "min_value": _("Indiquez au moins 1 heure."),
            "max_value": _("Indiquez 40 heures au plus."),
        },
    )
    share_with_network = forms.BooleanField(
        label=_("Visible aussi de la coordination du réseau (pas seulement de la RH de mon organisation)"),
        required=False,
    )

    def clean_topics(self):
        topics = rules.parse_topics(self.cleaned_data["topics"])
        if not topics:
            raise forms.ValidationError(_("Écrivez au moins un sujet."))
        return topics


class CallForm(forms.Form):
    subject = forms.CharField(
        label=_("Objet"),
        max_length=200,
        help_text=_("Par exemple : animer la réunion de rentrée du service des écoles."),
        error_messages={"required": _("Écrivez l'objet de l'animation.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Indiquez la date."), "invalid": _("Indiquez une date valide.")},
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={
            "required": _("Indiquez l'heure de début."),
            "invalid": _("Indiquez une heure valide."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Durée (minutes)"),
        min_value=rules.MIN_MINUTES,
        max_value=rules.MAX_MINUTES,
        help_text=_("De 15 minutes à 4 heures (240 minutes)."),
        error_messages={
            "required": _("Indiquez la durée."),
            "invalid": _("Indiquez une durée en minutes."),
            "min_value": _("Une animation dure au moins 15 minutes."),
            "max_value": _("Une animation dure 4 heures au plus."),
        },
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    visio_url = forms.URLField(
        label=_("Ou lien de visioconférence"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Indiquez une adresse web valide.")},
    )
    note = forms.CharField(
        label=_("Note (facultatif)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Cette date est passée : choisissez une date à venir."))
        if day > today + datetime.timedelta(days=730):
            raise forms.ValidationError(_("Choisissez une date dans les deux ans qui viennent."))
        return day

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("place", "").strip() or data.get("visio_url", "").strip()):
            raise forms.ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
        return data

    def starts_at(self) -> datetime.datetime:
        naive = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["start_time"])
        return timezone.make_aware(naive)
