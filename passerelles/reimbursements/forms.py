"""The forms of the schedule page: they check the shape of what was typed (French errors); the rules (who,
when, which waiver) are the services' (services.py, rules.py)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from passerelles.reimbursements import rules
from passerelles.reimbursements.models import Decision, Frequency, WaiverReason


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AmountField(forms.CharField):
    """A euro amount as people type it (« 1 234,56 »)."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        amount, error = rules.parse_amount(value)
        if error:
            raise forms.ValidationError(error)
        return amount


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=Decision.choices, widget=forms.RadioSelect)
    yearly_cost = AmountField(
        label=_("Coût annuel de l'agent (rémunération et charges, €)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    frequency = forms.ChoiceField(
        label=_("Échéancier"), choices=Frequency.choices, initial=Frequency.QUARTER, widget=forms.RadioSelect
    )
    waiver_reason = forms.ChoiceField(
        label=_("Motif légal de l'exonération"),
        choices=[("", _("— choisir —")), *WaiverReason.choices],
        required=False,
    )
    waiver_detail = forms.CharField(
        label=_("Précision du motif (obligatoire pour « Autre »)"), max_length=500, required=False
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == Decision.COST
            and not data.get("yearly_cost")
            and "yearly_cost" not in self.errors
        ):
            self.add_error(
                "yearly_cost", _("Indiquez le coût annuel de l'agent (rémunération et charges), en euros.")
            )
        if data.get("decision") == Decision.WAIVER and not data.get("waiver_reason"):
            self.add_error("waiver_reason", _("Choisissez le motif légal de l'exonération."))
        return data


class IssueForm(forms.Form):
    titre_number = forms.CharField(label=_("N° du titre de recettes"), max_length=50)
    issued_on = forms.DateField(label=_("Émis le"), widget=_date_widget())


class ReceiveForm(forms.Form):
    amount = AmountField(
        label=_("Montant reçu (€)"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    received_on = forms.DateField(label=_("Reçu le"), widget=_date_widget())

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is None or amount <= Decimal("0"):
            raise forms.ValidationError(_("Le montant reçu doit être positif."))
        return amount


class PeriodForm(forms.Form):
    """The finance export's period (both bounds optional: everything)."""

    du = forms.DateField(label=_("Du"), required=False, widget=_date_widget())
    au = forms.DateField(label=_("Au"), required=False, widget=_date_widget())

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            raise forms.ValidationError(_("La fin de la période précède son début."))
        return data
