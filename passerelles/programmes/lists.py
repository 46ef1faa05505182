"""The organisation's programmes as a list people can work with (issue 16): sortable columns
(django-tables2), filters (django-filter: status, test or not, expired) and CSV/XLSX exports of what the
filters keep (foundation/tables.py's writer, as every list)."""

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.missions.models import Programme, ProgrammeStatus
from passerelles.missions.programme_rules import UNDECIDED

YES_NO = [("oui", _("Oui")), ("non", _("Non"))]


def _yes_no(value):
    return {"oui": True, "non": False}.get(value)


class ProgrammeFilter(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(
        field_name="status", label=_("Statut"), choices=ProgrammeStatus.choices, empty_label=_("Tous")
    )
    test = django_filters.ChoiceFilter(
        label=_("Déclaré comme un test"), choices=YES_NO, empty_label=_("Tous"), method="filter_test"
    )
    echu = django_filters.ChoiceFilter(
        label=_("Arrivé à échéance sans décision"),
        choices=YES_NO,
        empty_label=_("Tous"),
        method="filter_expired",
    )

    class Meta:
        model = Programme
        fields = []

    def filter_test(self, queryset, name, value):
        wanted = _yes_no(value)
        return queryset if wanted is None else queryset.filter(is_test=wanted)

    def filter_expired(self, queryset, name, value):
        wanted = _yes_no(value)
        expired = Q(is_test=True, status__in=UNDECIDED, expires_on__lt=timezone.localdate())
        if wanted is None:
            return queryset
        return queryset.filter(expired) if wanted else queryset.exclude(expired)

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            field.error_messages["invalid_choice"] = _("Ce choix n'existe pas : choisissez dans la liste.")
            field.widget = forms.Select(choices=field.choices)
        return form


class ProgrammeTable(tables.Table):
    name = tables.LinkColumn("programme_detail", args=[tables.A("pk")], verbose_name=_("Programme"))
    status = tables.Column(verbose_name=_("Statut"))
    is_test = tables.BooleanColumn(verbose_name=_("Test"), yesno=(_("oui"), _("non")))
    starts_on = tables.DateColumn(verbose_name=_("Début"), format="d/m/Y")
    expires_on = tables.DateColumn(verbose_name=_("Fin du test"), format="d/m/Y")
    mission_count = tables.Column(verbose_name=_("Missions"))
    hypothesis = tables.Column(verbose_name=_("Hypothèse"), orderable=False, visible=False)

    class Meta:
        model = Programme
        fields = ["name", "status", "is_test", "starts_on", "expires_on", "mission_count", "hypothesis"]
        template_name = "programmes/table.html"
        order_by = ["name"]
        empty_text = _("Aucun programme ne correspond.")
        attrs = {"class": "data-table"}
        row_attrs = {"data-programme": lambda record: record.pk}

    def render_status(self, record):
        if not record.is_test and record.status == ProgrammeStatus.TEST:
            return _("pas un test")
        return record.get_status_display()

    def value_status(self, record):
        return str(self.render_status(record))

    def render_expires_on(self, record, value):
        if value is None:
            return "—"
        text = value.strftime("%d/%m/%Y")
        if record.is_test and record.status in UNDECIDED and value < timezone.localdate():
            return _("%(date)s — échu, décision attendue") % {"date": text}
        return text

    def value_expires_on(self, record, value):
        return value
