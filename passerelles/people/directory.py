"""The agent directory of HR and administrators (issue 16): a django-filter filterset (search, unit, category,
status, active or not) and a django-tables2 table that shows — and exports — the same columns as before:
name, job, unit, category, site. Never more (no gender, no birth year, no matricule column).

The agents who chose « personne » appear in no search at all, this one included (the page only counts them).
"""

import django_filters
import django_tables2 as tables
from django.db import connections
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.foundation.quick_urls import reverse_each
from passerelles.foundation.tables import FilterSet, Table
from passerelles.people.models import Category, EmploymentStatus
from passerelles.people.name_search import word_condition

# What the table shows, sorts and exports, and nothing else: the agents' thirty columns and their unit's and
# site's were read and made into objects for fifty rows at every view.
COLUMNS_READ = ("first_name", "last_name", "job_title", "category", "unit__name", "site__name")

ACTIVE_CHOICES = [("inactifs", _("Parti·es (désactivé·es)")), ("tous", _("Tous et toutes"))]


class DirectoryFilter(FilterSet):
    q = django_filters.CharFilter(label=_("Nom, poste ou matricule"), method="search")
    unite = django_filters.ChoiceFilter(label=_("Unité"), method="filter_unit", empty_label=_("Toutes"))
    categorie = django_filters.ChoiceFilter(
        field_name="category", label=_("Catégorie"), choices=Category.choices, empty_label=_("Toutes")
    )
    statut = django_filters.ChoiceFilter(
        field_name="status", label=_("Statut"), choices=EmploymentStatus.choices, empty_label=_("Tous")
    )
    actif = django_filters.ChoiceFilter(
        label=_("Présence"), choices=ACTIVE_CHOICES, method="filter_active", empty_label=_("En poste")
    )
    messages = {
        "unite": _("Unité inconnue : le filtre par unité est ignoré."),
        "categorie": _("Catégorie inconnue : le filtre par catégorie est ignoré."),
        "statut": _("Statut inconnu : le filtre par statut est ignoré."),
        "actif": _("Choix inconnu : le filtre « en poste ou parti·es » est ignoré."),
    }

    class Meta:
        fields: list[str] = []

    def __init__(self, data, queryset, *, units: dict[int, str]):
        super().__init__(data, queryset)
        self.filters["unite"].extra["choices"] = sorted(units.items(), key=lambda item: (item[1], item[0]))
        self.filters["q"].field.widget.input_type = "search"

    def filter_queryset(self, queryset):
        # in post: only those still in post unless « actif » asks otherwise
        if not self.form.cleaned_data.get("actif"):
            queryset = queryset.filter(is_active=True)
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        vendor = connections[queryset.db].vendor
        for word in value.strip()[:100].split():
            queryset = queryset.filter(word_condition(word, vendor))
        return queryset

    def filter_unit(self, queryset, name, value):
        unit_id = int(value)
        return queryset.filter(Q(unit_id=unit_id) | Q(unit__parent_id=unit_id))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=False) if value == "inactifs" else queryset


def _order_by_name(queryset, field: str, alias: str, is_descending: bool):
    queryset = queryset.annotate(**{alias: Coalesce(field, Value(""))})
    return queryset.order_by(f"-{alias}" if is_descending else alias)


class DirectoryTable(Table):
    name = tables.Column(verbose_name=_("Nom"), accessor="last_name", order_by=("last_name", "first_name"))
    job_title = tables.Column(verbose_name=_("Poste"))
    unit = tables.Column(verbose_name=_("Unité"), accessor="unit__name")
    category = tables.Column(verbose_name=_("Catégorie"))
    site = tables.Column(verbose_name=_("Site"), accessor="site__name")
    region_label = _("Annuaire des agents")

    class Meta(Table.Meta):
        attrs = {"data-directory": ""}
        row_attrs = {"data-agent": lambda record: record.pk}
        empty_text = _("Aucun agent ne correspond à cette recherche.")

    # Units and sites are optional: sorted by their name or « » (SQL compares nothing with NULL, and the pages
    # are read by key, foundation/keyset.py).
    def order_unit(self, queryset, is_descending):
        return _order_by_name(queryset, "unit__name", "unit_sort", is_descending), True

    def order_site(self, queryset, is_descending):
        return _order_by_name(queryset, "site__name", "site_sort", is_descending), True

    def count_label(self, count):
        return ngettext("%(counter)s agent", "%(counter)s agents", count) % {"counter": count}

    def render_name(self, record):
        return format_html(
            '<a href="{}">{} {}</a>',
            reverse("agent_detail", kwargs={"pk": record.pk}),
            record.last_name,
            record.first_name,
        )

    def quick_cells(self):
        """The five cells of each of the page's agents, read as django-tables2 reads them (foundation/tables.py)."""
        link = reverse_each("agent_detail", "pk")
        return {
            "name": lambda agent: format_html(
                '<a href="{}">{} {}</a>', link(agent.pk), agent.last_name, agent.first_name
            ),
            "job_title": lambda agent: agent.job_title,
            "unit": lambda agent: agent.unit.name if agent.unit_id else None,
            "category": lambda agent: agent.get_category_display(),
            "site": lambda agent: agent.site.name if agent.site_id else None,
        }

    def value_name(self, record):
        return f"{record.last_name} {record.first_name}"
