"""What HR hands to payroll and to the assembly's secretariat (issue 16): the month's time entries, the payroll
export and the list of arrêtés and conventions.

- **Temps du mois**: one line per engagement with half-days logged in the month (agent, mission, host,
  framework, total).
- **Paie**: the engagements running during the month (ready, under way, ended or evaluated, their dates
  overlapping it), with the agent (matricule — only for the organisation's own agents: another employer's
  staff number is theirs), the home unit, the host, the dates, the time share, the framework, what the framework
  says about money (frameworks/catalogue.py « money ») and the half-days logged in the month.
- **Arrêtés et conventions**: one line per act an engagement's framework requires before it starts
  (documents/content.py REQUIRED: the arrêtés and the conventions), with whether the act is written and whether
  every party accepted it.

Every list is the organisation's engagements as its HR sees them (``Engagement.objects.for_organisation``).
"""

import datetime

import django_tables2 as tables
from django.db.models import IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from passerelles.core.engagement_list import framework_label
from passerelles.documents.content import KINDS, REQUIRED
from passerelles.documents.models import EngagementDocument
from passerelles.documents.services import accepting_parties, is_fully_accepted
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import required_parties
from passerelles.followup.models import TimeEntry
from passerelles.foundation.tables import DayColumn, Table
from passerelles.frameworks.boussole import framework

PAID_STATES = (State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)
ACT_KINDS = [kind for kind in KINDS if kind.startswith(("arrete_", "convention_"))]
CLOSED_STATES = (State.DECLINED, State.WITHDRAWN)


def month_bounds(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def _half_days(first: datetime.date, last: datetime.date):
    """The half-days logged on an engagement between two days, as one subquery (no query per line)."""
    logged = (
        TimeEntry.objects.filter(engagement=OuterRef("pk"), day__gte=first, day__lte=last)
        .order_by()
        .values("engagement")
        .annotate(total=Sum("half_days"))
        .values("total")
    )
    return Coalesce(Subquery(logged, output_field=IntegerField()), 0)


def _related(engagements):
    return engagements.select_related(
        "agent__organisation", "agent__unit", "mission__organisation", "mission__host_unit", "framework"
    )


def time_entries(user, organisation, first: datetime.date):
    """The engagements with time logged in the month, and how many half-days."""
    first, last = month_bounds(first)
    return (
        _related(Engagement.objects.for_organisation(user, organisation))
        .annotate(half_days=_half_days(first, last))
        .filter(half_days__gt=0)
        .order_by("agent__last_name", "agent__first_name", "pk")
    )


def payroll(user, organisation, first: datetime.date):
    """The engagements running during the month, with the half-days logged in it."""
    first, last = month_bounds(first)
    return (
        _related(Engagement.objects.for_organisation(user, organisation))
        .filter(state__in=PAID_STATES, start_date__lte=last, end_date__gte=first)
        .annotate(half_days=_half_days(first, last))
        .order_by("agent__last_name", "agent__first_name", "start_date", "pk")
    )


def money_rule(engagement) -> str:
    chosen = getattr(engagement, "framework", None)
    return str(framework(chosen.code)["money"]) if chosen else ""


class TimeTable(Table):
    agent = tables.Column(
        verbose_name=_("Agent"),
        accessor="agent__full_name",
        order_by=("agent__last_name", "agent__first_name"),
    )
    mission = tables.Column(verbose_name=_("Mission"), accessor="mission__title")
    host = tables.Column(
        verbose_name=_("Accueil"),
        accessor="mission__organisation__name",
        order_by=("mission__organisation__name",),
    )
    framework = tables.Column(
        verbose_name=_("Dispositif"), accessor="pk", order_by="framework__code", empty_values=()
    )
    half_days = tables.Column(verbose_name=_("Demi-journées"))
    region_label = _("Temps passé du mois, par engagement")

    class Meta(Table.Meta):
        attrs = {"data-time-list": ""}
        row_attrs = {"data-engagement": lambda record: record.pk}
        empty_text = _("Aucun temps saisi ce mois-ci.")

    def count_label(self, count):
        return ngettext("%(counter)s engagement", "%(counter)s engagements", count) % {"counter": count}

    def render_host(self, record):
        return f"{record.mission.organisation.display_name}, {record.mission.host_unit.name}"

    def value_host(self, record):
        return self.render_host(record)

    def render_framework(self, record):
        return framework_label(record) or "—"

    def value_framework(self, record):
        return framework_label(record)


class PayrollTable(Table):
    """Export only: the columns payroll asks for."""

    matricule = tables.Column(
        verbose_name=_("Matricule"), accessor="pk", order_by="agent__matricule", empty_values=()
    )
    last_name = tables.Column(verbose_name=_("Nom"), accessor="agent__last_name")
    first_name = tables.Column(verbose_name=_("Prénom"), accessor="agent__first_name")
    employer = tables.Column(verbose_name=_("Employeur"), accessor="agent__organisation__name")
    home_unit = tables.Column(verbose_name=_("Unité d'origine"), accessor="agent__unit__name")
    host = tables.Column(verbose_name=_("Organisation d'accueil"), accessor="mission__organisation__name")
    host_unit = tables.Column(verbose_name=_("Unité d'accueil"), accessor="mission__host_unit__name")
    mission = tables.Column(verbose_name=_("Mission"), accessor="mission__title")
    start_date = DayColumn(verbose_name=_("Début"))
    end_date = DayColumn(verbose_name=_("Fin"))
    percent = tables.Column(verbose_name=_("Quotité (%)"))
    framework = tables.Column(
        verbose_name=_("Dispositif"), accessor="pk", order_by="framework__code", empty_values=()
    )
    money = tables.Column(
        orderable=False,
        verbose_name=_("Rémunération et remboursement (règle du dispositif)"),
        accessor="pk",
        empty_values=(),
    )
    half_days = tables.Column(verbose_name=_("Demi-journées saisies dans le mois"))
    state = tables.Column(verbose_name=_("Étape"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def value_matricule(self, record):
        # another employer's staff number is theirs: only the organisation's own agents carry one here
        return record.agent.matricule if record.agent.organisation_id == self.organisation.pk else ""

    def value_framework(self, record):
        return framework_label(record)

    def value_money(self, record):
        return money_rule(record)


def acts(user, organisation) -> list[dict]:
    """One line per arrêté or convention an engagement's framework requires, with its state. The documents,
    their acceptances and the parties come with the engagements (a fixed number of queries)."""
    codes = [code for code, kinds in REQUIRED.items() if set(kinds) & set(ACT_KINDS)]
    engagements = (
        _related(Engagement.objects.for_organisation(user, organisation))
        .select_related("agent__manager")
        .filter(framework__code__in=codes)
        .exclude(state__in=CLOSED_STATES)
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=EngagementDocument.objects.filter(superseded_at__isnull=True, kind__in=ACT_KINDS)
                .prefetch_related("acceptances")
                .defer("context"),
                to_attr="current_acts",
            )
        )
        .order_by("agent__last_name", "agent__first_name", "start_date", "pk")
    )
    lines = []
    for engagement in engagements:
        code = engagement.framework.code
        required = required_parties(engagement, list(framework(code)["parties"]))
        written = {document.kind: document for document in engagement.current_acts}
        for kind in REQUIRED[code]:
            if kind not in ACT_KINDS:
                continue
            document = written.get(kind)
            accepted = False
            if document is not None:
                document.engagement = engagement  # accepting_parties reads it: no query
                accepted = is_fully_accepted(document, accepting_parties(document, required))
            lines.append(
                {
                    "engagement": engagement,
                    "kind": kind,
                    "document": document,
                    "accepted": accepted,
                }
            )
    return lines


class ActsTable(Table):
    """Export only: each act, its engagement, whether it is written and accepted."""

    agent = tables.Column(verbose_name=_("Agent"), accessor="engagement__agent__full_name")
    employer = tables.Column(verbose_name=_("Employeur"), accessor="engagement__agent__organisation__name")
    mission = tables.Column(verbose_name=_("Mission"), accessor="engagement__mission__title")
    host = tables.Column(
        verbose_name=_("Organisation d'accueil"), accessor="engagement__mission__organisation__name"
    )
    start_date = DayColumn(verbose_name=_("Début"), accessor="engagement__start_date")
    end_date = DayColumn(verbose_name=_("Fin"), accessor="engagement__end_date")
    framework = tables.Column(verbose_name=_("Dispositif"), accessor="engagement", empty_values=())
    act = tables.Column(verbose_name=_("Acte"), accessor="kind")
    written = tables.Column(verbose_name=_("Établi"), accessor="document", empty_values=())
    version = tables.Column(verbose_name=_("Version"), accessor="document__version")
    written_on = DayColumn(verbose_name=_("Établi le"), accessor="document", empty_values=())
    accepted = tables.Column(verbose_name=_("Accepté par toutes les parties"))
    state = tables.Column(verbose_name=_("Étape de l'engagement"), accessor="engagement", empty_values=())

    def value_framework(self, value):
        return framework_label(value)

    def value_act(self, value):
        return str(KINDS[value])

    def value_written(self, value):
        return value is not None

    def value_written_on(self, value):
        return value.created_at.date() if value is not None else None

    def value_state(self, value):
        return value.get_state_display()
