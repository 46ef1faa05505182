"""Forms of the programme pages (issue 16): the programme, its indicators, a decision, a log entry, the
participants' questionnaire. The rules they apply live in programmes/rules.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.evaluations.questions import QuestionError, parse
from passerelles.insights.catalogue import OUTSIDE_PROGRAMMES
from passerelles.missions.forms import DateInput
from passerelles.missions.models import Programme
from passerelles.programmes.models import ProgrammeIndicator
from passerelles.programmes.rules import DECISIONS


class ProgrammeForm(forms.ModelForm):
    """A programme of the organisation, usually declared as a test: its hypothesis, its start and its end, what
    participants are told, and the questions they are asked (same format as the evaluations). Its status
    changes only through a decision (programmes/services.py), never here."""

    class Meta:
        model = Programme
        fields = [
            "name",
            "hypothesis",
            "is_test",
            "starts_on",
            "expires_on",
            "participant_notice",
            "participant_questions",
        ]
        widgets = {
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "expires_on": DateInput(),
            "participant_notice": forms.Textarea(attrs={"rows": 4}),
            "participant_questions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["name"].error_messages["required"] = _("Donnez un nom au programme.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = Programme.objects.filter(organisation=self.instance.organisation, name__iexact=name)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("Un programme porte déjà ce nom dans l'organisation."))
        return name

    def clean_participant_questions(self):
        text = self.cleaned_data.get("participant_questions", "").strip()
        if text:
            try:
                parse(text)
            except QuestionError as error:
                raise forms.ValidationError(str(error)) from error
        return text

    def clean(self):
        data = super().clean()
        if data.get("is_test") and not data.get("expires_on") and "expires_on" not in self.errors:
            self.add_error(
                "expires_on", _("Un test a une date de fin : « le pire est un test qui reste en place ».")
            )
        starts, expires = data.get("starts_on"), data.get("expires_on")
        if starts and expires and expires <= starts:
            self.add_error("expires_on", _("La fin du test doit suivre son début."))
        return data


class IndicatorForm(forms.ModelForm):
    """An indicator and its target: a measure Passerelles computes, or a manual value HR types in."""

    class Meta:
        model = ProgrammeIndicator
        fields = ["label", "metric", "direction", "target", "manual_value", "chosen_with_users"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["label"].error_messages["required"] = _("Nommez l'indicateur.")
        self.fields["target"].error_messages["required"] = _("Indiquez la cible à atteindre.")
        self.fields["target"].error_messages["invalid"] = _("La cible est un nombre, par exemple 10 ou 4,5.")
        self.fields["manual_value"].error_messages["invalid"] = _(
            "La valeur constatée est un nombre, par exemple 10 ou 4,5."
        )
        self.fields["manual_value"].help_text = _(
            "Seulement pour une mesure manuelle : la valeur mesurée hors de Passerelles."
        )
        self.fields["metric"].help_text = _(
            "Une mesure calculée par Passerelles sur les missions du programme, ou une mesure manuelle."
        )
        self.fields["metric"].choices = [
            choice for choice in self.fields["metric"].choices if choice[0] not in OUTSIDE_PROGRAMMES
        ]

    def clean(self):
        data = super().clean()
        if data.get("metric") != "manual" and data.get("manual_value") is not None:
            self.add_error("manual_value", _("Une valeur se saisit seulement pour une mesure manuelle."))
        target = data.get("target")
        if target is not None and target < 0:
            self.add_error("target", _("La cible ne peut pas être négative."))
        return data


class DecisionForm(forms.Form):
    """What was decided about the test, and why (the reasons go in the review)."""

    status = forms.ChoiceField(
        label=_("Décision"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la décision : prolonger, généraliser ou arrêter le test.")},
    )
    new_expires_on = forms.DateField(
        label=_("Nouvelle date de fin (si le test est prolongé)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 31/12/2027.")},
    )
    reasons = forms.CharField(
        label=_("Raisons de la décision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": _("Donnez les raisons de la décision : elles figurent dans le bilan.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status.value, status.label) for status in DECISIONS]


class LogEntryForm(forms.Form):
    written_on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("Indiquez la date."),
            "invalid": _("Saisissez une date valide, par exemple 31/12/2027."),
        },
    )
    text = forms.CharField(
        label=_("Ce que nous avons appris"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Écrivez ce que vous avez appris : l'entrée est vide.")},
    )
