"""The boussole des dispositifs: from a situation, the applicable legal frameworks, best first, with why — and
the frameworks ruled out, with the reason. No database: the same engine serves the public simulator, the
engagement's agreement step and ``passerelles boussole`` (JSON in, JSON out).

The rules are data (catalogue.py); this module validates the situation, evaluates the conditions and writes
the result. The organisation's own parameters (local schemes, caps, quotas) come as ``Parameters``.
"""

import calendar
import dataclasses
import datetime
import math
from typing import Any

from django.utils.translation import gettext as _

from passerelles.foundation.worktime import WORKING_DAYS_PER_MONTH
from passerelles.frameworks.catalogue import FRAMEWORKS
from passerelles.frameworks.terms import ASSOCIATIVE_HOSTS, DOCUMENTS, PARTIES, PUBLIC_HOSTS

# Every kind of host, in the order the forms list them: the same employer, then the public bodies (a MAD is
# open), the associative hosts, the private company.
HOST_TYPES = ["meme_collectivite", *PUBLIC_HOSTS, *ASSOCIATIVE_HOSTS, "entreprise"]
# The SIRH statuses (people.EmploymentStatus): « contractuel » is a contract not yet known (CDI or CDD?)
AGENT_STATUSES = [
    "titulaire",
    "stagiaire",
    "contractuel",
    "contractuel_cdi",
    "contractuel_cdd",
    "apprenti",
    "vacataire",
]
# Average days in a month, to turn a duration in months into an end date and back
DAYS_PER_MONTH = 30.44
PURPOSES = [
    "renfort_ponctuel",
    "appui_projet",
    "prefiguration",
    "solidarite",
    "interet_general",
    "decouverte",
    "crise",
]


class SituationError(ValueError):
    """Bad input: the message is a French sentence for the person (or the script) that sent it."""


@dataclasses.dataclass(frozen=True)
class Parameters:
    """An organisation's own choices: which local schemes exist, their caps and quotas (defaults: Isère's
    MATP at 40 % for up to two years, an ASA bénévolat of 2 days a month); and, for a pair of employers, the
    scheme their network shares when both took it up (none by default)."""

    matp_enabled: bool = True
    matp_max_percent: float = 40
    matp_max_months: float = 24
    asa_enabled: bool = True
    asa_days_per_month: float = 2
    # A scheme shared by a network (issue 18): on when the agent's and the host's employers both took it up,
    # with the stricter of their two limits (frameworks.services.parameters_for reads them for an engagement).
    network_scheme_enabled: bool = False
    network_scheme_max_percent: float = 0
    network_scheme_max_months: float = 0


@dataclasses.dataclass(frozen=True)
class Situation:
    same_employer: bool
    host_type: str
    host_public_service_mission: bool
    host_general_interest: bool
    host_epci_member_link: bool
    whole_service: bool
    agent_status: str
    employer_type: str
    employer_population: int | None
    duration_months: float
    time_share_percent: float
    days_per_month: float | None
    purpose: str
    crisis: bool
    start_date: datetime.date
    # The last day of the mission: given, or start_date + duration_months. An experimental framework (the
    # mécénat) must fit whole inside its experiment, so its end matters, not only its start.
    end_date: datetime.date

    @property
    def days_per_month_effective(self) -> float:
        """The days given, or the time share turned into days (to the nearest half-day: 10 % ≈ 2 days)."""
        if self.days_per_month is not None:
            return self.days_per_month
        return round(self.time_share_percent / 100 * WORKING_DAYS_PER_MONTH * 2) / 2

    @property
    def total_days(self) -> float:
        return round(self.days_per_month_effective * self.duration_months, 1)

    @property
    def host_is_own_commune(self) -> bool:
        return self.host_type == "meme_collectivite" and self.employer_type == "commune"


FIELD_LABELS = {
    "same_employer": "same_employer (même employeur)",
    "host_type": "host_type (type d'accueil)",
    "host_public_service_mission": "host_public_service_mission (mission de service public)",
    "host_general_interest": "host_general_interest (intérêt général)",
    "host_epci_member_link": "host_epci_member_link (lien EPCI – commune membre)",
    "whole_service": "whole_service (tout ou partie d'un service)",
    "agent_status": "agent_status (statut de l'agent)",
    "employer_type": "employer_type (type d'employeur)",
    "employer_population": "employer_population (population de l'employeur)",
    "duration_months": "duration_months (durée en mois)",
    "time_share_percent": "time_share_percent (quotité en %)",
    "days_per_month": "days_per_month (jours par mois)",
    "purpose": "purpose (objet)",
    "crisis": "crisis (crise)",
    "start_date": "start_date (date de début)",
    "end_date": "end_date (date de fin)",
}
# Fields a situation may leave out (older inputs stay valid): end_date is then computed from the duration
OPTIONAL = {"end_date"}
BOOLEANS = [
    "same_employer",
    "host_public_service_mission",
    "host_general_interest",
    "host_epci_member_link",
    "whole_service",
    "crisis",
]
CHOICES = {
    "host_type": HOST_TYPES,
    "employer_type": HOST_TYPES,
    "agent_status": AGENT_STATUSES,
    "purpose": PURPOSES,
}


def _number(data: dict, name: str, *, nullable: bool = False) -> float | None:
    value = data[name]
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SituationError(_("Le champ %(field)s doit être un nombre.") % {"field": FIELD_LABELS[name]})
    return value


def parse_situation(data: Any) -> Situation:
    """Check every field at the boundary; the first problem is reported in one French sentence."""
    if not isinstance(data, dict):
        raise SituationError(_("La situation doit être un objet JSON (des champs entre accolades)."))
    missing = [name for name in FIELD_LABELS if name not in data and name not in OPTIONAL]
    if missing:
        raise SituationError(
            _("Champ manquant : %(fields)s.") % {"fields": ", ".join(FIELD_LABELS[name] for name in missing)}
        )
    unknown = sorted(set(data) - set(FIELD_LABELS))
    if unknown:
        raise SituationError(_("Champ inconnu : %(fields)s.") % {"fields": ", ".join(unknown)})
    for name in BOOLEANS:
        if not isinstance(data[name], bool):
            raise SituationError(
                _("Le champ %(field)s doit valoir true ou false.") % {"field": FIELD_LABELS[name]}
            )
    for name, allowed in CHOICES.items():
        if data[name] not in allowed:
            raise SituationError(
                _("Valeur inconnue pour %(field)s : %(value)s (valeurs possibles : %(allowed)s).")
                % {"field": FIELD_LABELS[name], "value": data[name], "allowed": ", ".join(allowed)}
            )
    population = data["employer_population"]
    if population is not None and (
        isinstance(population, bool) or not isinstance(population, int) or population < 0
    ):
        raise SituationError(
            _("Le champ %(field)s doit être un nombre entier positif ou null.")
            % {"field": FIELD_LABELS["employer_population"]}
        )
    duration = _number(data, "duration_months")
    if duration <= 0:
        raise SituationError(_("La durée (duration_months) doit être supérieure à zéro."))
    share = _number(data, "time_share_percent")
    if not 0 < share <= 100:
        raise SituationError(
            _("La quotité (time_share_percent) doit être comprise entre 0 (exclu) et 100 %.")
        )
    days = _number(data, "days_per_month", nullable=True)
    if days is not None and not 0 < days <= 31:
        raise SituationError(
            _("Le nombre de jours par mois (days_per_month) doit être compris entre 0 (exclu) et 31.")
        )
    try:
        start = datetime.date.fromisoformat(str(data["start_date"]))
    except ValueError as error:
        raise SituationError(
            _(
                "La date de début (start_date) doit être une date au format AAAA-MM-JJ, par exemple 2026-03-01."
            )
        ) from error
    end = _end_date(data, start, duration)
    if data["same_employer"] != (data["host_type"] == "meme_collectivite"):
        raise SituationError(
            _(
                "Situation contradictoire : same_employer vaut true si et seulement si host_type vaut "
                "« meme_collectivite »."
            )
        )
    return Situation(
        same_employer=data["same_employer"],
        host_type=data["host_type"],
        host_public_service_mission=data["host_public_service_mission"],
        host_general_interest=data["host_general_interest"],
        host_epci_member_link=data["host_epci_member_link"],
        whole_service=data["whole_service"],
        agent_status=data["agent_status"],
        employer_type=data["employer_type"],
        employer_population=population,
        duration_months=duration,
        time_share_percent=share,
        days_per_month=days,
        purpose=data["purpose"],
        crisis=data["crisis"],
        start_date=start,
        end_date=end,
    )


def end_of(start: datetime.date, duration_months: float) -> datetime.date:
    """The last day of a mission of ``duration_months`` from ``start``: whole calendar months, then the rest
    in days (6 months from 2 March end on 1 September; 1.5 months from 1 March on 15 April)."""
    whole = int(duration_months)
    month_index = start.month - 1 + whole
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    clamped = start.day > last_day  # one month from 31 January ends on the last day of February
    rest = round((duration_months - whole) * DAYS_PER_MONTH)
    end = datetime.date(year, month, min(start.day, last_day))
    return end + datetime.timedelta(days=rest - (0 if clamped and not rest else 1))


def months_between(start: datetime.date, end: datetime.date) -> float:
    """The inverse of end_of, to the nearest half-month (how the engagement's dates become a duration)."""
    return max(0.5, round(((end - start).days + 1) / DAYS_PER_MONTH * 2) / 2)


def _end_date(data: dict, start: datetime.date, duration: float) -> datetime.date:
    """The given end date, checked against the start and the duration; or the one the duration implies."""
    if data.get("end_date") is None:
        return end_of(start, duration)
    try:
        end = datetime.date.fromisoformat(str(data["end_date"]))
    except ValueError as error:
        raise SituationError(
            _("La date de fin (end_date) doit être une date au format AAAA-MM-JJ, par exemple 2026-09-30.")
        ) from error
    if end < start:
        raise SituationError(_("La date de fin (end_date) précède la date de début (start_date)."))
    implied = months_between(start, end)
    if abs(implied - duration) > 1:
        raise SituationError(
            _(
                "Situation contradictoire : du %(start)s au %(end)s, la mission dure environ %(implied)s mois, "
                "pas %(duration)s (duration_months). Corrigez la durée ou la date de fin."
            )
            % {
                "start": start.strftime("%d/%m/%Y"),
                "end": end.strftime("%d/%m/%Y"),
                "implied": _number_text(implied),
                "duration": _number_text(duration),
            }
        )
    return end


def _value(name, situation: Situation, params: Parameters):
    if isinstance(name, str) and name.startswith("$"):
        return getattr(params, name[1:])
    return getattr(situation, name)


def _limit(limit, params: Parameters):
    return getattr(params, limit[1:]) if isinstance(limit, str) and limit.startswith("$") else limit


def holds(condition, situation: Situation, params: Parameters) -> bool:
    """Evaluate one condition of the catalogue (see catalogue.py for the small language)."""
    if condition is None:
        return True
    op = condition[0]
    if op == "all":
        return all(holds(c, situation, params) for c in condition[1])
    if op == "any":
        return any(holds(c, situation, params) for c in condition[1])
    if op == "not":
        return not holds(condition[1], situation, params)
    value = _value(condition[1], situation, params)
    if op == "is":
        return value == _limit(condition[2], params)
    if op == "in":
        return value in condition[2]
    limit = _limit(condition[2], params)
    if value is None:  # an unknown figure never proves a limit is met
        return False
    if op == "le":
        return value <= limit
    if op == "gt":
        return value > limit
    raise ValueError(f"unknown condition {op!r}")


def _number_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def _shown(value) -> str:
    """A situation's value inside a French sentence: « 2,5 », « 27/12/2027 »."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _text(template, situation: Situation, params: Parameters) -> str:
    context = {
        name: _shown(getattr(situation, name))
        for name in (*FIELD_LABELS, "days_per_month_effective", "total_days")
    }
    context.update({f"${f.name}": _number_text(getattr(params, f.name)) for f in dataclasses.fields(params)})
    text = str(template)
    for key, value in context.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def recommend(situation: Situation, params: Parameters | None = None) -> dict:
    """Every framework, either recommended (best first, with reasons, agreements, documents, money, limits,
    points of vigilance and legal references) or excluded (with the first rule it fails)."""
    params = params or Parameters()
    recommended, excluded = [], []
    for framework in FRAMEWORKS:
        failed = next(
            (
                reason
                for condition, reason in framework["requires"]
                if not holds(condition, situation, params)
            ),
            None,
        )
        if failed is not None:
            excluded.append({"code": framework["code"], "reason": _text(failed, situation, params)})
            continue
        rank = framework["rank"] + sum(
            bonus for condition, bonus in framework.get("prefer", []) if holds(condition, situation, params)
        )
        max_months = _limit(framework["max_duration_months"], params)
        recommended.append(
            (
                rank,
                {
                    "code": framework["code"],
                    "label": str(framework["label"]),
                    "reasons": [
                        _text(text, situation, params)
                        for condition, text in framework["reasons"]
                        if holds(condition, situation, params)
                    ],
                    "agreements": [str(PARTIES[p]) for p in framework["parties"]]
                    + [str(a) for a in framework["extra_agreements"]],
                    "documents": [str(DOCUMENTS[d]) for d in framework["documents"]],
                    "max_duration_months": int(max_months) if max_months is not None else None,
                    "money": str(framework["money"]),
                    "vigilance": [
                        _text(text, situation, params)
                        for condition, text in framework["vigilance"]
                        if holds(condition, situation, params)
                    ],
                    "legal_refs": [str(ref) for ref in framework["legal_refs"]],
                },
            )
        )
    recommended.sort(key=lambda item: item[0])  # stable: the catalogue's order breaks ties
    return {"recommended": [entry for _rank, entry in recommended], "excluded": excluded}


def framework(code: str) -> dict:
    """One catalogue entry (for the engagement: which parties must agree, which documents to generate)."""
    for entry in FRAMEWORKS:
        if entry["code"] == code:
            return entry
    raise KeyError(code)
