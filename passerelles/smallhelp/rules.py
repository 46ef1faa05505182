"""The rules of small help inside one employer, as plain functions (no database).

Why a light path: « privilégier une approche sur-mesure, souple, plutôt que des dispositifs posant un cadre trop
lourd ». Half a day in the next service needs no review, rencontre, boussole or pact: it is an internal change
of assignment (CGFP L512-23, a *mesure d'ordre intérieur* when pay and post are untouched, FRAMEWORKS.md §1),
written as a one-line lettre de mission once the agent, their manager and the host agreed. What keeps it small is
here: a monthly cap of half-days per agent (an organisation parameter), working days only, nothing in the past,
no overlap. Beyond the cap the normal path (a mission) is the answer.

Immersion days (« vis ma vie ») are observation, not work for the host: they count against no cap, need only
the host's agreement, and the manager is informed, not asked.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.foundation.calendar_fr import non_working_reason

DEFAULT_HALF_DAYS = 4  # per agent and calendar month; 0 turns the light path off
MAX_FORM_ROWS = 10  # half-day rows a request form shows, whatever the cap


class Period(models.TextChoices):
    MORNING = "am", gettext_lazy("matin")
    AFTERNOON = "pm", gettext_lazy("après-midi")


class Length(models.TextChoices):
    DAY = "day", gettext_lazy("journée")
    MORNING = "am", gettext_lazy("matin")
    AFTERNOON = "pm", gettext_lazy("après-midi")


class HelpState(models.TextChoices):
    ASKED = "asked", gettext_lazy("En attente d'accords")
    AGREED = "agreed", gettext_lazy("Accordé")
    DECLINED = "declined", gettext_lazy("Décliné")
    CANCELLED = "cancelled", gettext_lazy("Annulé")


class ImmersionState(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Prévue au parcours (accord de l'agent attendu)")
    ASKED = "asked", gettext_lazy("En attente de l'accueil")
    AGREED = "agreed", gettext_lazy("Acceptée")
    DECLINED = "declined", gettext_lazy("Déclinée")
    CANCELLED = "cancelled", gettext_lazy("Annulée")


class ImmersionReason(models.TextChoices):
    DISCOVERY = "discovery", gettext_lazy("Découverte")
    PROJECT = "project", gettext_lazy("Projet professionnel")
    LONG_ABSENCE = "long_absence", gettext_lazy("Retour après une longue absence")
    ABROAD = "abroad", gettext_lazy("Retour de l'étranger")
    OTHER = "other", gettext_lazy("Autre")


class ProgrammeState(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Proposé à l'agent")
    ACCEPTED = "accepted", gettext_lazy("Accepté par l'agent")
    DECLINED = "declined", gettext_lazy("Décliné par l'agent")


class Party(models.TextChoices):
    AGENT = "agent", gettext_lazy("l'agent")
    MANAGER = "manager", gettext_lazy("l'encadrant·e")
    HOST = "host", gettext_lazy("l'accueil")


OPEN_STATES = (HelpState.ASKED,)
# Which half-days hold a place in the agent's month: agreed ones, and those the agent already agreed to.
HOLDING_STATES = (HelpState.ASKED, HelpState.AGREED)
RETURN_REASONS = (ImmersionReason.LONG_ABSENCE, ImmersionReason.ABROAD)

HalfDay = tuple[datetime.date, str]


def month_key(day: datetime.date) -> tuple[int, int]:
    return day.year, day.month


def half_day_refusals(
    half_days: list[HalfDay],
    *,
    today: datetime.date,
    cap: int,
    taken: Iterable[HalfDay] = (),
) -> list[str]:
    """Why these half-days cannot be asked (an empty list when they can).

    ``cap`` is the organisation's half-days per agent and month (also the most one request holds); ``taken``
    the agent's half-days already held by other light-path requests (agreed, or agreed by the agent)."""
    if cap <= 0:
        return [_("Le coup de main n'est pas ouvert dans votre organisation : passez par une mission.")]
    refusals = []
    if not half_days:
        return [_("Choisissez au moins une demi-journée.")]
    if len(half_days) > cap:
        refusals.append(
            _("Une demande compte %(cap)s demi-journées au plus : au-delà, c'est une mission.") % {"cap": cap}
        )
    seen = Counter(half_days)
    for (day, period), count in sorted(seen.items()):
        label = f"{day:%d/%m/%Y} ({Period(period).label})"
        if count > 1:
            refusals.append(_("La demi-journée du %(label)s est indiquée deux fois.") % {"label": label})
        if day < today:
            refusals.append(_("Le %(day)s est passé.") % {"day": f"{day:%d/%m/%Y}"})
        reason = non_working_reason(day)
        if reason:
            refusals.append(reason + " " + _("Un coup de main se donne un jour travaillé."))
    taken = set(taken)
    for half_day in sorted(set(half_days) & taken):
        refusals.append(
            _("Vous avez déjà un coup de main le %(day)s (%(period)s).")
            % {"day": f"{half_day[0]:%d/%m/%Y}", "period": Period(half_day[1]).label}
        )
    refusals += month_cap_refusals(set(half_days) - taken, taken=taken, cap=cap)
    return refusals


def month_cap_refusals(half_days: Iterable[HalfDay], *, taken: Iterable[HalfDay], cap: int) -> list[str]:
    """The monthly cap: an agent's light-path half-days in one calendar month never exceed ``cap``."""
    counts = Counter(month_key(day) for day, _period in set(taken))
    new = Counter(month_key(day) for day, _period in set(half_days))
    refusals = []
    for (year, month), count in sorted(new.items()):
        if counts[(year, month)] + count > cap:
            refusals.append(
                _(
                    "%(month)02d/%(year)s : ce coup de main porterait le total du mois à %(total)s demi-journées, "
                    "au-delà des %(cap)s permises. Pour aider plus longtemps, proposez une mission."
                )
                % {"month": month, "year": year, "total": counts[(year, month)] + count, "cap": cap}
            )
    return refusals


def parties_waiting(*, initiated_by: str, agreed: set[str]) -> list[str]:
    """Whose agreement is asked now. The agent's consent comes first: when the host initiates, the manager is
    asked only once the agent agreed (the manager hears nothing of a request the agent has not accepted)."""
    required = [Party.AGENT, Party.MANAGER, Party.HOST]
    if initiated_by == Party.HOST and Party.AGENT not in agreed:
        return [Party.AGENT]
    return [party for party in required if party not in agreed]


def is_complete(agreed: set[str]) -> bool:
    return {Party.AGENT, Party.MANAGER, Party.HOST} <= set(agreed)


def immersion_refusals(day: datetime.date, *, today: datetime.date) -> list[str]:
    """An immersion: a working day, not in the past."""
    refusals = []
    if day < today:
        refusals.append(_("Le %(day)s est passé.") % {"day": f"{day:%d/%m/%Y}"})
    reason = non_working_reason(day)
    if reason:
        refusals.append(reason + " " + _("Une immersion se fait un jour travaillé."))
    return refusals


def same_employer_refusal(*, agent_organisation_id: int, unit_organisation_id: int) -> str:
    """Small help stays inside one employer: another employer is a mission (with its framework)."""
    if agent_organisation_id != unit_organisation_id:
        return _(
            "Le coup de main et l'immersion se font dans votre organisation ; ailleurs, c'est une mission."
        )
    return ""


def half_days_text(half_days: Iterable[HalfDay]) -> str:
    """« 12/01/2027 matin, 12/01/2027 après-midi » in date order (the lettre's wording)."""
    order = {Period.MORNING: 0, Period.AFTERNOON: 1}
    return ", ".join(
        f"{day:%d/%m/%Y} {Period(period).label}"
        for day, period in sorted(set(half_days), key=lambda h: (h[0], order.get(h[1], 2)))
    )
