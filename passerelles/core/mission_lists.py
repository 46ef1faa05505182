"""Two lists of missions: an organisation's, in every status (HR and the signatory), and a network's shared
missions (its coordinators; no personal data: no names, no engagements).

Filters are django-filter filtersets (a bad value is ignored with a French sentence), tables django-tables2
(sortable, paged, exported in CSV and XLSX): see passerelles/foundation/tables.py.
"""

import django_filters
import django_tables2 as tables
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.core.engagement_list import PeriodForm
from passerelles.engagements.models import Engagement
from passerelles.foundation.tables import DayColumn, DayFilter, FilterSet, Table
from passerelles.missions.lifecycle import MissionStatus
from passerelles.missions.models import Mission, Purpose

DATE_MESSAGE = _("Date illisible (%(value)s) : écrivez-la AAAA-MM-JJ ; ce filtre est ignoré.")


class MissionFilter(FilterSet):
    """Status, purpose, host unit, programme and the period the mission runs (overlapping the one asked)."""

    statut = django_filters.ChoiceFilter(
        field_name="status", label=_("Statut"), choices=MissionStatus.choices, empty_label=_("Tous")
    )
    objet = django_filters.ChoiceFilter(
        field_name="purpose", label=_("Objet"), choices=Purpose.choices, empty_label=_("Tous")
    )
    unite = django_filters.ChoiceFilter(
        field_name="host_unit_id", label=_("Unité d'accueil"), empty_label=_("Toutes")
    )
    programme = django_filters.ChoiceFilter(
        field_name="programme_id", label=_("Programme"), empty_label=_("Tous")
    )
    du = DayFilter(field_name="end_date", lookup_expr="gte", label=_("En cours entre le"))
    au = DayFilter(field_name="start_date", lookup_expr="lte", label=_("et le"))

    messages = {
        "statut": _("Statut inconnu : le filtre par statut est ignoré."),
        "objet": _("Objet inconnu : le filtre par objet est ignoré."),
        "unite": _("Unité inconnue : le filtre par unité est ignoré."),
        "programme": _("Programme inconnu : le filtre par programme est ignoré."),
        "du": DATE_MESSAGE,
        "au": DATE_MESSAGE,
    }

    class Meta:
        form = PeriodForm
        fields: list[str] = []

    def __init__(self, data, queryset, *, units: dict[int, str], programmes: dict[int, str] | None = None):
        super().__init__(data, queryset)
        self.filters["unite"].extra["choices"] = sorted(units.items(), key=lambda item: (item[1], item[0]))
        if programmes is None:
            del self.filters["programme"]
        else:
            self.filters["programme"].extra["choices"] = sorted(
                programmes.items(), key=lambda item: (item[1], item[0])
            )


class NetworkMissionFilter(MissionFilter):
    """The network's list: by host organisation instead of programme (a programme is one member's own)."""

    organisation = django_filters.ChoiceFilter(
        field_name="organisation_id", label=_("Organisation d'accueil"), empty_label=_("Toutes")
    )
    messages = {
        **MissionFilter.messages,
        "organisation": _("Organisation inconnue : le filtre par organisation est ignoré."),
    }

    def __init__(self, data, queryset, *, units, organisations: dict[int, str]):
        super().__init__(data, queryset, units=units, programmes=None)
        self.filters["organisation"].extra["choices"] = sorted(
            organisations.items(), key=lambda item: (item[1], item[0])
        )


class MissionTable(Table):
    title = tables.Column(verbose_name=_("Mission"))
    short_code = tables.Column(verbose_name=_("Code"))
    host_unit = tables.Column(verbose_name=_("Unité d'accueil"), accessor="host_unit__name")
    purpose = tables.Column(verbose_name=_("Objet"))
    status = tables.Column(verbose_name=_("Statut"))
    start_date = DayColumn(verbose_name=_("Début"))
    end_date = DayColumn(verbose_name=_("Fin"))
    places = tables.Column(verbose_name=_("Places"))
    engagement_count = tables.Column(verbose_name=_("Engagements"))
    programme = tables.Column(verbose_name=_("Programme"), accessor="programme__name")
    region_label = _("Liste des missions")

    class Meta(Table.Meta):
        attrs = {"data-mission-list": ""}
        row_attrs = {"data-mission": lambda record: record.pk}
        empty_text = _("Aucune mission ne correspond à ces filtres.")
        sequence = (
            "title",
            "short_code",
            "host_unit",
            "purpose",
            "status",
            "start_date",
            "end_date",
            "places",
            "engagement_count",
            "programme",
        )

    def count_label(self, count):
        return ngettext("%(counter)s mission", "%(counter)s missions", count) % {"counter": count}

    def render_title(self, record, value):
        if getattr(record, "readable", True):
            return format_html(
                '<a href="{}">{}</a>', reverse("mission_detail", kwargs={"mission_id": record.pk}), value
            )
        return value

    def value_title(self, value):
        return value

    def render_status(self, record):
        return format_html(
            '<span class="badge" data-status="{}">{}</span>', record.status, record.get_status_display()
        )

    def value_status(self, record):
        return record.get_status_display()


class NetworkMissionTable(MissionTable):
    organisation = tables.Column(verbose_name=_("Organisation d'accueil"), accessor="organisation__name")

    class Meta(MissionTable.Meta):
        exclude = ("engagement_count", "programme")
        sequence = (
            "title",
            "short_code",
            "organisation",
            "host_unit",
            "purpose",
            "status",
            "start_date",
            "end_date",
            "places",
        )


def organisation_missions(user, organisation):
    """Every mission of the organisation (HR, signatory) with how many engagements each has among those the
    person may read (the signatory's count leaves out what is still private exploration), and whether its page
    opens for them (a published mission for one unit only does not open for the DGS)."""
    visible = (
        Engagement.objects.for_actor(user)
        .filter(mission=OuterRef("pk"))
        .order_by()
        .values("mission")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Mission.objects.scoped("missions.organisation_missions", user, organisation=organisation)
        .select_related("host_unit", "programme")
        .annotate(
            engagement_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0),
            readable=Exists(Mission.objects.for_actor(user).filter(pk=OuterRef("pk"))),
        )
        .order_by("-created_at", "-pk")
    )


def network_missions(user, network):
    return (
        Mission.objects.scoped("missions.network_missions", user, network=network)
        .select_related("host_unit", "organisation")
        .annotate(readable=Exists(Mission.objects.for_actor(user).filter(pk=OuterRef("pk"))))
        .order_by("-published_at", "-pk")
    )
