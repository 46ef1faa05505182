from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.access import policies
from passerelles.missions.dates import mission_date_errors
from passerelles.missions.models import (
    DEFAULT_CAP_PERCENT,
    Mission,
    Programme,
    Purpose,
    PurposeCap,
    TimeShareKind,
)
from passerelles.missions.programme_rules import programme_refusal
from passerelles.organisations.models import OrgUnit, WorkSite
from passerelles.people import person_search


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MissionForm(forms.ModelForm):
    """Drafting a mission. Units, sites and project leads are limited to the organisation's own.

    The project lead is found by name through a search field (``person_search``): the page lists nobody, and
    the submitted person is checked against the people ``user`` may name (a forged id is a form error).

    Dates are planned, not backdated (missions/dates.py): a start or end date that changes must not be in the
    past. Only HR sees the « régularisation » fields, to record a mission already under way.
    """

    class Meta:
        model = Mission
        fields = [
            "title",
            "description",
            "host_unit",
            "project_lead",
            "project_name",
            "purpose",
            "time_share_kind",
            "time_share_percent",
            "days_per_month",
            "start_date",
            "end_date",
            "place",
            "site",
            "skills",
            "expertise",
            "places",
            "visibility",
            "programme",
            "regularisation",
            "regularisation_reason",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "time_share_kind": forms.RadioSelect,
        }

    def __init__(self, *args, organisation, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["host_unit"].queryset = OrgUnit.objects.filter(organisation=organisation).order_by("name")
        current = self.instance.project_lead if self.instance.project_lead_id else None
        initial = self.initial.get("project_lead")
        if current is None and initial:
            current = person_search.project_lead_candidates(user, organisation).filter(pk=initial).first()
        model_field = self.fields["project_lead"]
        self.fields["project_lead"] = person_search.PersonSearchField(
            # an existing project lead stays valid on edit: they are already named on the mission
            candidates=person_search.project_lead_candidates(user, organisation),
            also_allowed=[self.instance.project_lead_id],
            search_url=person_search.search_url(organisation),
            chosen_label=current.full_name if current else "",
            label=model_field.label,
            required=True,
        )
        if current is None:
            self.initial.pop("project_lead", None)
        self.fields["site"].queryset = WorkSite.objects.filter(organisation=organisation)
        self.fields["programme"].queryset = Programme.objects.filter(organisation=organisation)
        self.fields["programme"].help_text = _(
            "Facultatif. Les documents d'une mission d'un programme déclaré comme un test portent la mention "
            "« DOCUMENT EN TEST »."
        )
        if not policies.can_regularise_mission(user, organisation):
            del self.fields["regularisation"], self.fields["regularisation_reason"]
        self.fields["start_date"].error_messages["required"] = _("Indiquez la date de début de la mission.")
        self.fields["end_date"].error_messages["required"] = _(
            "Indiquez la date de fin : une mission a toujours une fin prévue."
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin doit suivre la date de début."))
        refusal = programme_refusal(self.instance, data.get("programme"))
        if refusal:
            self.add_error("programme", refusal)
        regularisation = bool(data.get("regularisation")) and "regularisation" in self.fields
        if regularisation:
            data["regularisation_reason"] = (data.get("regularisation_reason") or "").strip()
            if not data["regularisation_reason"]:
                self.add_error(
                    "regularisation_reason",
                    _("Indiquez en quelques mots pourquoi la mission est enregistrée après son démarrage."),
                )
        elif "regularisation" in self.fields:
            data["regularisation_reason"] = ""
        previous = (
            self.instance if self.instance.pk else None
        )  # the saved dates (the form has not set them yet)
        for field, message in mission_date_errors(
            start=start,
            end=end,
            today=timezone.localdate(),
            previous_start=previous.start_date if previous else None,
            previous_end=previous.end_date if previous else None,
            regularisation=regularisation,
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        kind = data.get("time_share_kind")
        if kind == TimeShareKind.PERCENT:
            if not data.get("time_share_percent") and "time_share_percent" not in self.errors:
                self.add_error(
                    "time_share_percent", _("Indiquez la quotité, entre 1 et 100 % du temps de travail.")
                )
            data["days_per_month"] = None
        elif kind == TimeShareKind.DAYS:
            if not data.get("days_per_month") and "days_per_month" not in self.errors:
                self.add_error("days_per_month", _("Indiquez le nombre de jours par mois (entre 0,5 et 22)."))
            data["time_share_percent"] = None
        return data


class PurposeCapsForm(forms.Form):
    """The organisation's time-share cap for each purpose; empty means the default (the Isère rule)."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        current = dict(
            PurposeCap.objects.filter(organisation=organisation).values_list("purpose", "max_percent")
        )
        for value, label in Purpose.choices:
            self.fields[f"cap_{value}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=100,
                initial=current.get(value),
                widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_CAP_PERCENT)}),
            )

    def save(self) -> None:
        for value, _label in Purpose.choices:
            cap = self.cleaned_data.get(f"cap_{value}")
            if cap:
                PurposeCap.objects.update_or_create(
                    organisation=self.organisation, purpose=value, defaults={"max_percent": cap}
                )
            else:
                PurposeCap.objects.filter(organisation=self.organisation, purpose=value).delete()


class MissionCloseForm(forms.Form):
    """The host or HR closes a mission: a reason (kept in its timeline) and an explicit confirmation."""

    reason = forms.CharField(
        label=_("Raison de la clôture"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Elle reste dans l'historique de la mission. Les personnes en attente lisent seulement que la "
            "mission est close."
        ),
        error_messages={"required": _("Indiquez la raison de la clôture.")},
    )
    confirm = forms.BooleanField(
        label=_(
            "Je confirme : la mission quitte « Missions ouvertes » et les personnes en attente sont prévenues."
        ),
        error_messages={"required": _("Cochez la case pour confirmer la clôture.")},
    )


class MissionReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Un mot pour l'historique (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Je confirme : la mission revient dans « Missions ouvertes »."),
        error_messages={"required": _("Cochez la case pour confirmer la réouverture.")},
    )
