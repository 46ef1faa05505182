"""The annual-review export (issue 20): the passport's missions as rows a campaign tool imports — one row per
mission, in CSV and JSON — for HR (the agents of its organisation who consented) and for the agent (their own).

- **The same entries as the passport**: rows come from ``passport.passport_engagements`` (missions begun or
  done) and ``passport.passport_line`` (framework, skills used, highlights), so that the export never shows more
  or less than the page the agent knows.
- **Consent**: HR's rows are those of agents whose consent is given now (annualreview/models.py); an agent who
  never said yes, or withdrew, is absent — not listed as « refused ».
- **Evaluation highlights**: only the agent's own evaluation, and only if they chose to show it in their
  passport (``share_in_passport``). HR of the agent's organisation reads every evaluation on the evaluation page,
  but the campaign is about the agent's journey: the host's and the home manager's answers, and an agent's
  answers they kept for themselves, never reach the export.
- **Days done**: the half-days logged on the mission (divided by two), within the year when one is chosen.
- **Period**: ``?annee=AAAA`` keeps the missions that overlap that year; a value that is not a year is refused
  by the page with a sentence, never a server error.

A fixed number of queries for any number of rows (the passport's three, the consents and the days as
subqueries).
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles import boundary
from passerelles.annualreview.models import ReviewConsent
from passerelles.engagements.models import Engagement
from passerelles.followup.models import TimeEntry
from passerelles.foundation.tables import rows_response
from passerelles.www.passport import passport_engagements, passport_line

YEAR_PARAM = "annee"
# (JSON key, CSV header): the keys are stable, whatever the interface's language; docs/entretien-annuel.md
FIELDS = [
    ("matricule", gettext_lazy("Matricule")),
    ("nom", gettext_lazy("Nom")),
    ("prenom", gettext_lazy("Prénom")),
    ("mission", gettext_lazy("Mission")),
    ("organisation_accueil", gettext_lazy("Organisation d'accueil")),
    ("unite_accueil", gettext_lazy("Unité d'accueil")),
    ("dispositif", gettext_lazy("Dispositif")),
    ("debut", gettext_lazy("Début")),
    ("fin", gettext_lazy("Fin")),
    ("quotite", gettext_lazy("Quotité (%)")),
    ("jours_effectues", gettext_lazy("Jours effectués")),
    ("competences_mobilisees", gettext_lazy("Compétences mobilisées")),
    ("ce_que_j_ai_appris", gettext_lazy("Ce que j'ai appris (évaluation partagée)")),
    ("moyenne_evaluation", gettext_lazy("Moyenne de mon évaluation sur 5 (évaluation partagée)")),
    ("je_le_referais", gettext_lazy("Je le referais (évaluation partagée)")),
    ("passeport", gettext_lazy("Passeport de mobilité")),
]


class BadPeriod(ValueError):
    """The period asked is not a year: the page says so in French."""


@dataclass(frozen=True)
class Period:
    year: int | None = None

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date] | None:
        if self.year is None:
            return None
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return str(self.year) if self.year else _("toutes les années")


def period_from(raw) -> Period:
    text = str(raw or "").strip()
    if not text:
        return Period()
    found = boundary.year(text)
    if found is None:
        raise BadPeriod(
            _("Année illisible (%(value)s) : écrivez-la sur quatre chiffres, par exemple %(year)s.")
            % {"value": text[:20], "year": timezone.localdate().year}
        )
    return Period(found)


def _half_days(period: Period):
    logged = TimeEntry.objects.filter(engagement=OuterRef("pk"))
    if period.bounds:
        first, last = period.bounds
        logged = logged.filter(day__gte=first, day__lte=last)
    total = logged.order_by().values("engagement").annotate(total=Sum("half_days")).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def _rows(engagements, period: Period) -> list[dict]:
    if period.bounds:
        first, last = period.bounds
        engagements = engagements.filter(start_date__lte=last, end_date__gte=first)
    engagements = (
        passport_engagements(engagements)
        .select_related("agent")
        .annotate(half_days=_half_days(period))
        .order_by("agent__last_name", "agent__first_name", "agent_id", "start_date", "pk")
    )
    passport = f"{settings.SITE_URL}{reverse('passport')}"
    rows = []
    for engagement in engagements:
        line = passport_line(engagement)
        agent, mission = engagement.agent, engagement.mission
        rows.append(
            {
                "matricule": agent.matricule,
                "nom": agent.last_name,
                "prenom": agent.first_name,
                "mission": mission.title,
                "organisation_accueil": mission.organisation.display_name,
                "unite_accueil": mission.host_unit.name,
                "dispositif": line.framework,
                "debut": engagement.start_date,
                "fin": engagement.end_date,
                "quotite": engagement.percent,
                "jours_effectues": _days(engagement.half_days),
                "competences_mobilisees": line.skills_used,
                "ce_que_j_ai_appris": line.learned,
                "moyenne_evaluation": line.average,
                "je_le_referais": line.again,
                "passeport": passport,
            }
        )
    return rows


def _days(half_days: int) -> int | float:
    return half_days // 2 if half_days % 2 == 0 else half_days / 2


def organisation_rows(user, organisation, period: Period) -> list[dict]:
    """HR: the missions of the organisation's own agents who consent now, inside HR's scope."""
    consenting = ReviewConsent.objects.given().filter(agent=OuterRef("agent"))
    engagements = Engagement.objects.for_actor(user).filter(
        Exists(consenting), agent__organisation=organisation, agent__is_active=True
    )
    return _rows(engagements, period)


def agent_rows(agent, period: Period) -> list[dict]:
    """The agent: their own missions (consent or not: it is their own passport)."""
    return _rows(Engagement.objects.filter(agent=agent), period)


def _cell(key: str, value):
    if isinstance(value, list):
        return " | ".join(value) if key == "ce_que_j_ai_appris" else ", ".join(value)
    return "" if value is None else value


def csv_response(rows: list[dict], name: str):
    """Through the shared writer: UTF-8 with a BOM, « ; », and no cell ever read as a formula."""
    headers = [str(label) for _key, label in FIELDS]
    cells = [[_cell(key, row[key]) for key, _label in FIELDS] for row in rows]
    return rows_response(headers, cells, "csv", name)


def json_text(rows: list[dict], *, organisation: str, period: Period) -> str:
    """The same rows, typed: dates in ISO 8601, lists as lists, numbers as numbers."""
    missions = [
        {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in row.items()}
        for row in rows
    ]
    document = {
        "organisation": organisation,
        "annee": period.year,
        "exporte_le": timezone.localdate().isoformat(),
        "missions": missions,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
