import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.care.rules import ENTRY_MAX, GOAL_MAX, EntryKind, Situation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# how far a note or meeting may be dated: a meeting is planned ahead, a note written about what happened
PAST_DAYS = 5 * 366
FUTURE_DAYS = 2 * 366


class PlanOpenForm(forms.Form):
    identifier = forms.CharField(
        label=_("Agent : adresse e-mail professionnelle ou matricule"),
        max_length=254,
        help_text=_("Un agent actif de votre organisation. Aucune liste de personnes n'est proposée ici."),
    )
    situation = forms.ChoiceField(
        label=_("Situation"),
        choices=[("", "—")] + list(Situation.choices),
        help_text=_("Connue de l'agent et de la RH seulement ; jamais écrite sur une mission."),
    )
    goal = forms.CharField(
        label=_("Objectif"),
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : trouver un nouveau métier dans la collectivité d'ici un an."),
    )


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=EntryKind.choices, initial=EntryKind.NOTE)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    text = forms.CharField(label=_("Texte"), max_length=ENTRY_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if (
            not today - datetime.timedelta(days=PAST_DAYS)
            <= date
            <= today + datetime.timedelta(days=FUTURE_DAYS)
        ):
            raise forms.ValidationError(_("Choisissez une date entre il y a cinq ans et dans deux ans."))
        return date

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Écrivez quelques mots."))
        return text


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Bilan (facultatif)"),
        required=False,
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("Je confirme la clôture du plan"), required=True)
