"""HR's list of the crisis registry: filters (skill, habilitation, site, unit), count, CSV/XLSX exports through
foundation/tables.py like every list. HR reads it; only the volunteers change their own choices."""

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.crisis.vocabulary import CrisisSkill, Habilitation
from passerelles.foundation.tables import FilterSet, Table

DAY_NAMES = [_("lun."), _("mar."), _("mer."), _("jeu."), _("ven."), _("sam."), _("dim.")]


def _with_code(queryset, field: str, code: str):
    """JSON lists are compared in Python (SQLite and PostgreSQL alike), then kept by ids in one parameter."""
    ids = [pk for pk, codes in queryset.values_list("pk", field) if code in (codes or [])]
    return queryset.filter(pk__among=ids)


class VolunteerFilter(FilterSet):
    competence = django_filters.ChoiceFilter(
        label=_("Compétence"), choices=CrisisSkill.choices, empty_label=_("Toutes"), method="filter_skill"
    )
    habilitation = django_filters.ChoiceFilter(
        label=_("Habilitation"),
        choices=Habilitation.choices,
        empty_label=_("Toutes"),
        method="filter_habilitation",
    )
    site = django_filters.ChoiceFilter(field_name="sites", label=_("Site"), empty_label=_("Tous"))
    unite = django_filters.ChoiceFilter(
        field_name="agent__unit_id", label=_("Unité"), empty_label=_("Toutes")
    )

    messages = {
        "competence": _("Compétence inconnue : ce filtre est ignoré."),
        "habilitation": _("Habilitation inconnue : ce filtre est ignoré."),
        "site": _("Site inconnu : ce filtre est ignoré."),
        "unite": _("Unité inconnue : ce filtre est ignoré."),
    }

    class Meta:
        fields: list[str] = []

    def __init__(self, data, queryset, *, units: dict[int, str], sites: dict[int, str]):
        super().__init__(data, queryset)
        self.filters["unite"].extra["choices"] = sorted(units.items(), key=lambda item: (item[1], item[0]))
        self.filters["site"].extra["choices"] = sorted(sites.items(), key=lambda item: (item[1], item[0]))

    def filter_skill(self, queryset, name, value):
        return _with_code(queryset, "skills", value) if value else queryset

    def filter_habilitation(self, queryset, name, value):
        return _with_code(queryset, "habilitations", value) if value else queryset


def _labels(codes, choices) -> str:
    labels = dict(choices)
    return ", ".join(str(labels[code]) for code in codes or [] if code in labels)


class VolunteerTable(Table):
    name = tables.Column(
        verbose_name=_("Nom"), accessor="agent__last_name", order_by=("agent__last_name", "agent__first_name")
    )
    unit = tables.Column(verbose_name=_("Unité"), accessor="agent__unit__name", default="")
    skills = tables.Column(verbose_name=_("Compétences"), orderable=False)
    habilitations = tables.Column(verbose_name=_("Habilitations"), orderable=False)
    max_hours_per_week = tables.Column(verbose_name=_("Heures / semaine"))
    days = tables.Column(verbose_name=_("Jours"), orderable=False)
    rather_not = tables.Column(verbose_name=_("Préfère éviter"), orderable=False)
    joined_at = tables.DateColumn(verbose_name=_("Inscrit·e le"), format="d/m/Y")

    class Meta(Table.Meta):
        attrs = {"data-crisis-registry": ""}
        empty_text = _("Aucun·e volontaire ne correspond à ces filtres.")

    region_label = _("Registre de crise")

    def count_label(self, count: int) -> str:
        return ngettext("%(n)s volontaire", "%(n)s volontaires", count) % {"n": count}

    def render_name(self, record):
        return f"{record.agent.last_name} {record.agent.first_name}"

    def value_name(self, record):
        return f"{record.agent.last_name} {record.agent.first_name}"

    def render_skills(self, value):
        return _labels(value, CrisisSkill.choices)

    def value_skills(self, value):
        return _labels(value, CrisisSkill.choices)

    def render_habilitations(self, value):
        return _labels(value, Habilitation.choices)

    def value_habilitations(self, value):
        return _labels(value, Habilitation.choices)

    def render_rather_not(self, value, record):
        text = _labels(value, CrisisSkill.choices)
        note = record.rather_not_note
        return f"{text} — {note}" if text and note else (text or note)

    def value_rather_not(self, value, record):
        return self.render_rather_not(value, record)

    def render_days(self, value):
        return " ".join(str(DAY_NAMES[day]) for day in value or [] if 0 <= day < 7)

    def value_days(self, value):
        return self.render_days(value)
