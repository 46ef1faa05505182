"""The forms of pooled agents: they read and validate input in French; the rules live in services and rota."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.organisations.models import Network, Organisation, WorkSite
from passerelles.people.models import Agent
from passerelles.pooling import rota

WEEKDAYS = list(enumerate(rota.WEEKDAYS))
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _agent_by_reference(organisation, reference: str):
    """An active agent of the organisation by professional e-mail or matricule (never a list of its staff)."""
    reference = reference.strip()
    if not reference:
        return None
    return (
        Agent.objects.filter(organisation=organisation, is_active=True)
        .filter(Q(email__iexact=reference) | Q(matricule__iexact=reference))
        .select_related("user")
        .first()
    )


class HoursField(forms.DecimalField):
    """Hours as people write them (17,5 or 17.5), kept in minutes."""

    def __init__(self, **kwargs):
        super().__init__(
            min_value=Decimal("0.5"),
            max_value=Decimal(rota.MAX_WEEKLY_MINUTES // 60),
            decimal_places=2,
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", ".").strip()
        return super().to_python(value)


class PoolForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Intitulé"),
        max_length=200,
        help_text=gettext_lazy("Par exemple « Cuisinier volant des collèges »."),
    )
    agent_reference = forms.CharField(
        label=gettext_lazy("Agent mutualisé : adresse e-mail professionnelle ou matricule"), max_length=200
    )
    network = forms.ModelChoiceField(
        label=gettext_lazy("Réseau"),
        queryset=Network.objects.none(),
        required=False,
        help_text=gettext_lazy("Ses coordinateur·rices reçoivent les demandes de remplacement des sites."),
    )
    weekly_cap = HoursField(
        label=gettext_lazy("Plafond hebdomadaire (heures)"),
        help_text=gettext_lazy(
            "Les heures par semaine que l'agent accepte de faire sur le planning (48 h au plus)."
        ),
    )
    starts_on = forms.DateField(label=gettext_lazy("Début"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Fin"), widget=DATE)

    def __init__(self, *args, organisation, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["network"].queryset = Network.objects.filter(
            memberships__organisation=organisation
        ).distinct()
        self.candidates = list(Organisation.objects.filter(pk__in=candidates).order_by("name"))
        for org in self.candidates:
            self.fields[f"share_{org.pk}"] = forms.IntegerField(
                label=_("Part du coût de %(org)s (%%)") % {"org": org.name},
                min_value=0,
                max_value=100,
                initial=100 if org.pk == organisation.pk else 0,
                required=False,
            )

    def clean_agent_reference(self):
        agent = _agent_by_reference(self.organisation, self.cleaned_data["agent_reference"])
        if agent is None:
            raise forms.ValidationError(
                _("Aucun agent actif de l'organisation n'a cette adresse ou ce matricule.")
            )
        self.agent = agent
        return self.cleaned_data["agent_reference"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("La date de fin doit suivre la date de début."))
        return cleaned

    @property
    def shares(self) -> dict[int, int]:
        return {org.pk: self.cleaned_data.get(f"share_{org.pk}") or 0 for org in self.candidates}

    @property
    def cap_minutes(self) -> int:
        return int(self.cleaned_data["weekly_cap"] * 60)


class SiteForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=WorkSite.objects.none())
    manager_reference = forms.CharField(
        label=gettext_lazy("Responsable du site : adresse e-mail professionnelle ou matricule"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Cette personne lit le planning et peut demander un remplacement."),
    )

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        members = set(pool.members.values_list("organisation_id", flat=True)) | {pool.organisation_id}
        self.fields["site"].queryset = (
            WorkSite.objects.filter(organisation_id__in=members)
            .exclude(pk__in=pool.sites.values("site_id"))
            .select_related("organisation")
        )
        self.manager = None

    def clean(self):
        cleaned = super().clean()
        site, reference = cleaned.get("site"), cleaned.get("manager_reference", "")
        if site is not None and reference:
            self.manager = _agent_by_reference(site.organisation, reference)
            if self.manager is None:
                self.add_error(
                    "manager_reference",
                    _("Aucun agent actif de l'organisation du site n'a cette adresse ou ce matricule."),
                )
        return cleaned


class AssignmentForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=None)
    weekday = forms.TypedChoiceField(label=gettext_lazy("Jour"), choices=WEEKDAYS, coerce=int)
    start = forms.TimeField(label=gettext_lazy("De"), widget=TIME)
    end = forms.TimeField(label=gettext_lazy("À"), widget=TIME)
    starts_on = forms.DateField(label=gettext_lazy("À partir du"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Jusqu'au"), widget=DATE)
    every_other_week = forms.BooleanField(label=gettext_lazy("Une semaine sur deux"), required=False)

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = pool.sites.select_related("site")
        self.fields["site"].label_from_instance = lambda s: s.site.name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("L'heure de fin doit suivre l'heure de début."))
        first, last = cleaned.get("starts_on"), cleaned.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("La date de fin doit suivre la date de début."))
        return cleaned


class ReplacementForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=None)
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    start = forms.TimeField(label=gettext_lazy("De"), widget=TIME)
    end = forms.TimeField(label=gettext_lazy("À"), widget=TIME)
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        max_length=300,
        help_text=gettext_lazy("Par exemple : absence de la cuisinière du collège."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda s: s.site.name

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("L'heure de fin doit suivre l'heure de début."))
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Réponse"),
        choices=[("accept", gettext_lazy("Accepter")), ("refuse", gettext_lazy("Refuser"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Message au site (obligatoire en cas de refus)"), max_length=300, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Indiquez la raison du refus : elle est transmise au site."))
        return cleaned


def week_start(value: str | None, default: datetime.date) -> datetime.date:
    """The Monday of the week asked for in the query string (?semaine=AAAA-MM-JJ), else of ``default``."""
    try:
        day = datetime.date.fromisoformat(value) if value else default
    except ValueError:
        day = default
    if (
        not 1900 <= day.year <= 2999
    ):  # the pages link to the weeks before and after: stay far from the calendar's ends
        day = default
    return rota.monday_of(day)
