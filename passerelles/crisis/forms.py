"""The crisis forms: each offers only what the person may choose (their organisation's units and sites), and
the services check again (a forged POST changes nothing)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.boundary import ModelMultipleIdsField
from passerelles.crisis.models import MAX_HOURS_PER_WEEK
from passerelles.crisis.vocabulary import Answer, CrisisSkill, Habilitation, Priority, ScenarioKind
from passerelles.foundation.tables import DayField

DAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]
CHOICE_ERROR = _("Ce choix n'existe pas : choisissez dans la liste.")


def _checkboxes(choices, label, required=False, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": CHOICE_ERROR},
    )


class EssentialUnitForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unité essentielle"), queryset=None, error_messages={"invalid_choice": CHOICE_ERROR}
    )
    minimum_staff = forms.IntegerField(
        label=_("Effectif minimum"),
        min_value=0,
        max_value=100_000,
        help_text=_("Au plus le nombre d'agents en poste dans l'unité aujourd'hui."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ScenarioForm(forms.Form):
    scenario = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)
    name = forms.CharField(label=_("Nom du scénario"), max_length=120)
    kind = forms.ChoiceField(label=_("Type"), choices=ScenarioKind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    closed_units = ModelMultipleIdsField(
        label=_("Unités fermées dans ce scénario"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leurs agents peuvent alors prêter main-forte ailleurs. Une unité essentielle ne ferme jamais."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_units"].queryset = units


class VolunteerForm(forms.Form):
    skills = _checkboxes(CrisisSkill.choices, _("Ce que je sais faire"))
    habilitations = _checkboxes(Habilitation.choices, _("Mes habilitations"))
    max_hours_per_week = forms.IntegerField(
        label=_("Heures par semaine au plus"),
        min_value=1,
        max_value=MAX_HOURS_PER_WEEK,
        initial=20,
        help_text=_("Entre 1 et 48 : 48 heures est le maximum légal d'une semaine de travail."),
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Jours possibles"),
        choices=DAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
        error_messages={"invalid_choice": CHOICE_ERROR, "required": _("Choisissez au moins un jour.")},
    )
    sites = ModelMultipleIdsField(
        label=_("Sites que je peux rejoindre"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rather_not = _checkboxes(CrisisSkill.choices, _("Ce que je préfère éviter"))
    rather_not_note = forms.CharField(
        label=_("À savoir (facultatif)"),
        required=False,
        max_length=500,
        help_text=_("Par exemple : pas de port de charges lourdes, pas de nuit."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = sites


class ActivationForm(forms.Form):
    name = forms.CharField(label=_("Nom de la crise"), max_length=160)
    scenario = forms.ModelChoiceField(
        label=_("Scénario du plan de continuité"),
        queryset=None,
        required=False,
        empty_label=_("Aucun scénario"),
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    starts_on = DayField(label=_("Début (aujourd'hui ou plus tard)"))
    expected_end = DayField(
        label=_("Fin prévue"),
        help_text=_("Au plus 90 jours après le début : au-delà, c'est une réorganisation."),
    )
    manager_must_agree = forms.BooleanField(label=_("Accord de l'encadrant·e requis"), required=False)
    min_rest_hours = forms.IntegerField(
        label=_("Repos minimum entre deux créneaux (heures)"), min_value=0, max_value=48, initial=11
    )

    def __init__(self, *args, scenarios, scenario_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = scenarios
        self.fields["starts_on"].required = True
        self.fields["expected_end"].required = True


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[
            (Answer.AVAILABLE, _("Je suis disponible")),
            (Answer.UNAVAILABLE, _("Je ne suis pas disponible")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Dites si vous êtes disponible ou non."),
            "invalid_choice": CHOICE_ERROR,
        },
    )
    dates = forms.MultipleChoiceField(
        label=_("Les jours où je suis disponible"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun jour coché : tous vos jours habituels pendant la crise."),
        error_messages={"invalid_choice": _("Choisissez des jours parmi ceux de la crise.")},
    )
    note = forms.CharField(label=_("Précision (facultatif)"), required=False, max_length=300)

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dates"].choices = [(day.isoformat(), f"{day:%d/%m/%Y}") for day in days]


class BroadcastForm(forms.Form):
    message = forms.CharField(
        label=_("Message de l'appel"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Le lien pour rejoindre le registre de crise est ajouté au message."),
    )


class NeedForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=160)
    unit = forms.ModelChoiceField(
        label=_("Unité"), queryset=None, error_messages={"invalid_choice": CHOICE_ERROR}
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=None, required=False, error_messages={"invalid_choice": CHOICE_ERROR}
    )
    place = forms.CharField(label=_("Lieu précis (facultatif)"), max_length=200, required=False)
    date = forms.ChoiceField(
        label=_("Jour"), error_messages={"invalid_choice": _("Choisissez un jour de la crise.")}
    )
    start_time = forms.TimeField(
        label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Fin"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Une fin avant le début est une nuit : le créneau finit le lendemain."),
    )
    skills = _checkboxes(CrisisSkill.choices, _("Compétences souhaitées"))
    habilitations = _checkboxes(
        Habilitation.choices, _("Habilitations requises"), help_text=_("Personne n'est placé sans elles.")
    )
    head_count = forms.IntegerField(label=_("Nombre de personnes"), min_value=1, max_value=200, initial=1)
    priority = forms.TypedChoiceField(
        label=_("Priorité"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.HIGH,
        error_messages={"invalid_choice": CHOICE_ERROR},
    )

    def __init__(self, *args, units, sites, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["site"].queryset = sites
        self.fields["date"].choices = [(day.isoformat(), f"{day:%d/%m/%Y}") for day in days]
