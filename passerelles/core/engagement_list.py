"""HR's list of an organisation's engagements: filters read from the query string, and the CSV export.

The list spans engagements, missions, units and frameworks, so it lives in the interface layer. Every value
of the query string goes through ``passerelles.boundary`` or a fixed list of choices: a value that makes no
sense is ignored with a French sentence saying so, never a server error; the CSV is the filtered list.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles import boundary
from passerelles.engagements.lifecycle import State
from passerelles.frameworks.models import FRAMEWORK_CHOICES
from passerelles.organisations.models import OrgUnit

NO_FRAMEWORK = "aucun"
SIDES = {
    "agents": gettext_lazy("Nos agents (toutes missions)"),
    "missions": gettext_lazy("Nos missions (tous agents)"),
}


@dataclass
class Filters:
    """What the query string asked for, once checked; ``errors`` says in French what was ignored."""

    state: str = ""
    mission_id: int | None = None
    unit_id: int | None = None
    framework: str = ""
    side: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(
            (self.state, self.mission_id, self.unit_id, self.framework, self.side, self.start, self.end)
        )


def read_filters(params, *, missions: dict[int, str], units: dict[int, str]) -> Filters:
    """Each filter of the query string, checked against what this person may choose from."""
    filters = Filters()
    state = params.get("etape", "").strip()
    if state:
        if state in State.values:
            filters.state = state
        else:
            filters.errors.append(_("Étape inconnue : le filtre par étape est ignoré."))
    mission = params.get("mission", "").strip()
    if mission:
        mission_id = boundary.object_id(mission)
        if mission_id in missions:
            filters.mission_id = mission_id
        else:
            filters.errors.append(_("Mission inconnue : le filtre par mission est ignoré."))
    unit = params.get("unite", "").strip()
    if unit:
        unit_id = boundary.object_id(unit)
        if unit_id in units:
            filters.unit_id = unit_id
        else:
            filters.errors.append(_("Unité inconnue : le filtre par unité est ignoré."))
    framework = params.get("dispositif", "").strip()
    if framework:
        if framework == NO_FRAMEWORK or framework in dict(FRAMEWORK_CHOICES):
            filters.framework = framework
        else:
            filters.errors.append(_("Dispositif inconnu : le filtre par dispositif est ignoré."))
    side = params.get("cote", "").strip()
    if side:
        if side in SIDES:
            filters.side = side
        else:
            filters.errors.append(_("Choix inconnu : le filtre « agents ou missions » est ignoré."))
    for name, attribute in (("du", "start"), ("au", "end")):
        value = params.get(name, "").strip()
        if value:
            day = boundary.date(value)
            if day is None:
                filters.errors.append(
                    _("Date illisible (%(value)s) : écrivez-la AAAA-MM-JJ ; ce filtre est ignoré.")
                    % {"value": value[:20]}
                )
            else:
                setattr(filters, attribute, day)
    if filters.start and filters.end and filters.start > filters.end:
        filters.errors.append(_("La période est à l'envers (« du » après « au ») : les dates sont ignorées."))
        filters.start = filters.end = None
    return filters


def apply(engagements: QuerySet, filters: Filters, organisation) -> QuerySet:
    if filters.state:
        engagements = engagements.filter(state=filters.state)
    if filters.mission_id:
        engagements = engagements.filter(mission_id=filters.mission_id)
    if filters.unit_id:
        # the unit or its sub-units, on either side: the agent's unit, or the mission's host unit
        engagements = engagements.filter(
            Q(agent__unit_id=filters.unit_id)
            | Q(agent__unit__parent_id=filters.unit_id)
            | Q(mission__host_unit_id=filters.unit_id)
            | Q(mission__host_unit__parent_id=filters.unit_id)
        )
    if filters.framework == NO_FRAMEWORK:
        engagements = engagements.filter(framework__isnull=True)
    elif filters.framework:
        engagements = engagements.filter(framework__code=filters.framework)
    if filters.side == "agents":
        engagements = engagements.filter(agent__organisation=organisation)
    elif filters.side == "missions":
        engagements = engagements.filter(mission__organisation=organisation)
    # the engagement's dates overlap the period asked
    if filters.start:
        engagements = engagements.filter(end_date__gte=filters.start)
    if filters.end:
        engagements = engagements.filter(start_date__lte=filters.end)
    return engagements


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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A spreadsheet never runs a cell as a formula: text starting like one gets an apostrophe in front."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _day(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def csv_bytes(engagements) -> bytes:
    """UTF-8 with a byte order mark and « ; » between cells: French Excel opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Agent"),
            _("Organisation de l'agent"),
            _("Unité de l'agent"),
            _("Mission"),
            _("Organisation d'accueil"),
            _("Unité d'accueil"),
            _("Étape"),
            _("Dispositif"),
            _("Début"),
            _("Fin"),
            _("Quotité (%)"),
            _("Prolongation demandée jusqu'au"),
            _("Mis à jour le"),
        ]
    )
    for e in engagements:
        framework = getattr(e, "framework", None)
        writer.writerow(
            safe_cell(cell)
            for cell in (
                e.agent.full_name,
                e.agent.organisation.name,
                e.agent.unit.name if e.agent.unit_id else "",
                e.mission.title,
                e.mission.organisation.name,
                e.mission.host_unit.name,
                e.get_state_display(),
                framework.get_code_display() if framework else "",
                _day(e.start_date),
                _day(e.end_date),
                e.percent,
                _day(e.extension_end_date),
                _day(timezone.localtime(e.updated_at).date()),
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_name(organisation, today: datetime.date) -> str:
    return f"engagements-{organisation.slug}-{today:%Y-%m-%d}.csv"
