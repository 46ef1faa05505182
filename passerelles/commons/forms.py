import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.commons.rules import MAX_ALLOWANCE_DAYS, MAX_GIFT_HOURS, PROJECT_MAX
from passerelles.organisations.models import OrgUnit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class GiftForm(forms.Form):
    to_unit = UnitField(label=_("Service aidé"), queryset=OrgUnit.objects.none(), empty_label="—")
    project = forms.CharField(
        label=_("Projet ou collègue aidé"),
        max_length=PROJECT_MAX,
        help_text=_("Par exemple : l'inventaire de la médiathèque avec Léa."),
    )
    day = forms.DateField(label=_("Jour"), widget=DATE_WIDGET)
    hours = forms.IntegerField(label=_("Heures"), min_value=1, max_value=MAX_GIFT_HOURS)

    def __init__(self, *args, agent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = (
            OrgUnit.objects.filter(organisation_id=agent.organisation_id)
            .exclude(pk=agent.unit_id)
            .order_by("name")
        )

    def clean_day(self):
        day = self.cleaned_data["day"]
        today = timezone.localdate()
        if not today - datetime.timedelta(days=62) <= day <= today + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Un jour des deux derniers mois ou de l'année qui vient."))
        return day


class AllowanceForm(forms.Form):
    deliberation = forms.CharField(
        label=_("Délibération (référence)"),
        max_length=200,
        help_text=_("Par exemple : n° 2026-114 du 12 mars 2026."),
    )
    days_per_agent = forms.IntegerField(
        label=_("Jours de solidarité par agent et par an"), min_value=1, max_value=MAX_ALLOWANCE_DAYS
    )
    rules_text = forms.CharField(
        label=_("Règles"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que la délibération prévoit : pour quels projets, avec qui, comment on le dit."),
    )


class TwinningForm(forms.Form):
    unit_a = UnitField(label=_("Premier service"), queryset=OrgUnit.objects.none(), empty_label="—")
    unit_b = UnitField(label=_("Second service"), queryset=OrgUnit.objects.none(), empty_label="—")
    started_on = forms.DateField(label=_("Depuis le"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Ce que les deux services s'apportent"), max_length=300)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(organisation=organisation).order_by("name")
        self.fields["unit_a"].queryset = units
        self.fields["unit_b"].queryset = units
