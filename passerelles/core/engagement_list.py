"""The organisation's list of engagements (HR, and the signatory within what they see): its filters (a
django-filter filterset), its table (django-tables2) and its export (CSV, XLSX).

The list spans engagements, missions, units and frameworks, so it lives in the interface layer. Every value
of the query string is checked against a fixed list of choices or read through ``passerelles.boundary``: a
value that makes no sense is ignored with a French sentence saying so, never a server error; the export is the
filtered list, every page at once.
"""

import datetime

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.engagements.lifecycle import State
from passerelles.foundation.tables import DayColumn, DayFilter, FilterSet, Table, safe_cell
from passerelles.frameworks.models import FRAMEWORK_CHOICES
from passerelles.organisations.models import OrgUnit

__all__ = ["safe_cell"]  # kept here for the callers of issue 13

NO_FRAMEWORK = "aucun"
SIDES = {
    "agents": _("Nos agents (toutes missions)"),
    "missions": _("Nos missions (tous agents)"),
}


class PeriodForm(forms.Form):
    """« du » after « au »: both dates are ignored, with one sentence."""

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            said = ValidationError(
                _("La période est à l'envers (« du » après « au ») : les dates sont ignorées."), code="said"
            )
            self.add_error("du", said)
            self.add_error("au", said)
        return data


class EngagementFilter(FilterSet):
    etape = django_filters.ChoiceFilter(
        field_name="state", label=_("Étape"), choices=State.choices, empty_label=_("Toutes")
    )
    mission = django_filters.ChoiceFilter(
        field_name="mission_id", label=_("Mission"), empty_label=_("Toutes")
    )
    unite = django_filters.ChoiceFilter(
        label=_("Unité (de l'agent ou d'accueil)"), method="filter_unit", empty_label=_("Toutes")
    )
    dispositif = django_filters.ChoiceFilter(
        label=_("Dispositif"),
        choices=[(NO_FRAMEWORK, _("Pas encore choisi")), *FRAMEWORK_CHOICES],
        method="filter_framework",
        empty_label=_("Tous"),
    )
    cote = django_filters.ChoiceFilter(
        label=_("Agents ou missions"),
        choices=list(SIDES.items()),
        method="filter_side",
        empty_label=_("Les deux"),
    )
    # the engagement's dates overlap the period asked
    du = DayFilter(field_name="end_date", lookup_expr="gte", label=_("En cours entre le"))
    au = DayFilter(field_name="start_date", lookup_expr="lte", label=_("et le"))

    messages = {
        "etape": _("Étape inconnue : le filtre par étape est ignoré."),
        "mission": _("Mission inconnue : le filtre par mission est ignoré."),
        "unite": _("Unité inconnue : le filtre par unité est ignoré."),
        "dispositif": _("Dispositif inconnu : le filtre par dispositif est ignoré."),
        "cote": _("Choix inconnu : le filtre « agents ou missions » est ignoré."),
        "du": _("Date illisible (%(value)s) : écrivez-la AAAA-MM-JJ ; ce filtre est ignoré."),
        "au": _("Date illisible (%(value)s) : écrivez-la AAAA-MM-JJ ; ce filtre est ignoré."),
    }

    class Meta:
        form = PeriodForm
        fields: list[str] = []

    def __init__(self, data, queryset, *, organisation, missions: dict[int, str], units: dict[int, str]):
        super().__init__(data, queryset)
        self.organisation = organisation
        self.filters["mission"].extra["choices"] = sorted(
            missions.items(), key=lambda item: (item[1], item[0])
        )
        self.filters["unite"].extra["choices"] = sorted(units.items(), key=lambda item: (item[1], item[0]))

    def filter_unit(self, queryset, name, value):
        # the unit or its sub-units, on either side: the agent's unit, or the mission's host unit
        unit_id = int(value)
        return queryset.filter(
            Q(agent__unit_id=unit_id)
            | Q(agent__unit__parent_id=unit_id)
            | Q(mission__host_unit_id=unit_id)
            | Q(mission__host_unit__parent_id=unit_id)
        )

    def filter_framework(self, queryset, name, value):
        if value == NO_FRAMEWORK:
            return queryset.filter(framework__isnull=True)
        return queryset.filter(framework__code=value)

    def filter_side(self, queryset, name, value):
        if value == "agents":
            return queryset.filter(agent__organisation=self.organisation)
        return queryset.filter(mission__organisation=self.organisation)


def choices_for(user, organisation, engagements: QuerySet) -> tuple[dict[int, str], dict[int, str]]:
    """The missions of the organisation's engagements and the organisation's own units, for the filters."""
    missions = dict(
        engagements.order_by("mission__title", "mission_id")
        .values_list("mission_id", "mission__title")
        .distinct()
    )
    units = dict(
        OrgUnit.objects.for_actor(user)
        .filter(organisation=organisation)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return missions, units


def listed(engagements: QuerySet) -> QuerySet:
    return engagements.select_related(
        "agent__organisation",
        "agent__unit",
        "mission__organisation",
        "mission__host_unit",
        "framework",
    ).order_by("-updated_at", "-pk")


def framework_label(engagement) -> str:
    chosen = getattr(engagement, "framework", None)
    return chosen.get_code_display() if chosen else ""


class EngagementTable(Table):
    """The page: who, on what, at which step, when, how much, under which framework."""

    agent = tables.Column(
        verbose_name=_("Agent"),
        accessor="agent__last_name",
        order_by=("agent__last_name", "agent__first_name"),
    )
    mission = tables.Column(verbose_name=_("Mission"), accessor="mission__title")
    state = tables.Column(verbose_name=_("Étape"))
    dates = tables.Column(verbose_name=_("Dates"), accessor="start_date", order_by=("start_date", "end_date"))
    percent = tables.Column(verbose_name=_("Quotité"))
    framework = tables.Column(
        verbose_name=_("Dispositif"), accessor="pk", order_by="framework__code", empty_values=()
    )
    region_label = _("Liste des engagements")

    class Meta(Table.Meta):
        attrs = {"data-engagement-list": ""}
        row_attrs = {"data-engagement": lambda record: record.pk}
        empty_text = _("Aucun engagement ne correspond à ces filtres.")

    def count_label(self, count):
        return ngettext("%(counter)s engagement", "%(counter)s engagements", count) % {"counter": count}

    def render_agent(self, record):
        agent = record.agent
        where = agent.organisation.display_name + (f", {agent.unit.name}" if agent.unit_id else "")
        return format_html(
            '<a href="{}">{}</a><br><span class="muted">{}</span>',
            reverse("engagement_detail", kwargs={"engagement_id": record.pk}),
            agent.full_name,
            where,
        )

    def render_mission(self, record):
        mission = record.mission
        return format_html(
            '{}<br><span class="muted">{}, {}</span>',
            mission.title,
            mission.organisation.display_name,
            mission.host_unit.name,
        )

    def render_state(self, record):
        return format_html(
            '<span class="badge" data-state="{}">{}</span>', record.state, record.get_state_display()
        )

    def render_dates(self, record):
        text = format_html(
            "{} → {}", date_format(record.start_date, "d/m/Y"), date_format(record.end_date, "d/m/Y")
        )
        if record.extension_end_date:
            asked = _("prolongation demandée jusqu'au %(end)s") % {
                "end": date_format(record.extension_end_date, "d/m/Y")
            }
            text = format_html('{}<br><span class="muted">{}</span>', text, asked)
        return text

    def render_percent(self, value):
        return f"{value} %"

    def render_framework(self, record):
        return framework_label(record) or "—"


class EngagementExportTable(Table):
    """The export: one cell per fact, as the CSV of issue 13 had them (same headers, same order)."""

    agent = tables.Column(
        verbose_name=_("Agent"),
        accessor="agent__full_name",
        order_by=("agent__last_name", "agent__first_name"),
    )
    agent_organisation = tables.Column(
        verbose_name=_("Organisation de l'agent"), accessor="agent__organisation__name"
    )
    agent_unit = tables.Column(verbose_name=_("Unité de l'agent"), accessor="agent__unit__name")
    mission = tables.Column(verbose_name=_("Mission"), accessor="mission__title")
    host_organisation = tables.Column(
        verbose_name=_("Organisation d'accueil"), accessor="mission__organisation__name"
    )
    host_unit = tables.Column(verbose_name=_("Unité d'accueil"), accessor="mission__host_unit__name")
    state = tables.Column(verbose_name=_("Étape"))
    framework = tables.Column(
        verbose_name=_("Dispositif"), accessor="pk", order_by="framework__code", empty_values=()
    )
    start_date = DayColumn(verbose_name=_("Début"))
    end_date = DayColumn(verbose_name=_("Fin"))
    percent = tables.Column(verbose_name=_("Quotité (%)"))
    extension_end_date = DayColumn(verbose_name=_("Prolongation demandée jusqu'au"))
    updated_at = tables.Column(verbose_name=_("Mis à jour le"))

    def value_framework(self, record):
        return framework_label(record)

    def value_updated_at(self, value):
        return timezone.localtime(value).date()


def export_name(organisation, today: datetime.date) -> str:
    return f"engagements-{organisation.slug}-{today:%Y-%m-%d}"
