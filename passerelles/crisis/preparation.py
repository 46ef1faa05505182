"""Calm times: the continuity plan (essential units, scenarios) and the crisis registry (volunteers).

Why these rules:
- A unit's minimum staff can never exceed the agents it actually has: a minimum above the headcount would make
  every plan impossible (the planner keeps that many of the unit's own agents at home) and says nothing true.
- A unit cannot be essential and closed in the same scenario: it would be asked both to keep its people and to
  lend them.
- The registry is voluntary: only the agents themselves join, change their choices or leave (HR reads it,
  never edits it); leaving is always possible, even during a crisis (the person simply is not asked again).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.crisis import rules
from passerelles.crisis.models import MAX_HOURS_PER_WEEK, ContinuityPlan, EssentialUnit, Scenario, Volunteer
from passerelles.crisis.vocabulary import CrisisSkill, Habilitation, ScenarioKind
from passerelles.organisations.models import OrgUnit
from passerelles.people.models import Agent


class PreparationRefused(Exception):
    """A change of the plan or of the registry that cannot be made: said in plain French, nothing written."""


def active_agents(unit) -> int:
    """The agents a unit has today (its own, not those of the units below it)."""
    return Agent.objects.filter(unit=unit, is_active=True).count()


def plan_for(organisation) -> ContinuityPlan:
    plan, _created = ContinuityPlan.objects.get_or_create(organisation=organisation)
    return plan


def _check_prepare(by, organisation) -> None:
    if not rules.can_prepare(by, organisation):
        raise PreparationRefused(
            _("Seule la RH ou l'administration de l'organisation prépare le plan de crise.")
        )


def _closing_scenarios(plan, unit) -> list[str]:
    return list(plan.scenarios.filter(closed_units=unit).values_list("name", flat=True))


@transaction.atomic
def essential_unit_save(*, organisation, unit: OrgUnit, minimum_staff: int, by) -> EssentialUnit:
    """Add a unit to the essential ones, or change its minimum."""
    _check_prepare(by, organisation)
    if unit.organisation_id != organisation.pk:
        raise PreparationRefused(_("Cette unité n'est pas de votre organisation."))
    headcount = active_agents(unit)
    if minimum_staff < 0 or minimum_staff > headcount:
        raise PreparationRefused(
            _(
                "L'effectif minimum de « %(unit)s » ne peut pas dépasser ses agents en poste aujourd'hui "
                "(%(n)s) : sinon aucun plan ne pourrait le respecter."
            )
            % {"unit": unit.name, "n": headcount}
        )
    plan = plan_for(organisation)
    closing = _closing_scenarios(plan, unit)
    if closing:
        raise PreparationRefused(
            _(
                "« %(unit)s » est fermée dans le scénario « %(scenario)s » : une unité ne peut pas être à la "
                "fois essentielle et fermée. Retirez-la d'abord des unités fermées du scénario."
            )
            % {"unit": unit.name, "scenario": closing[0]}
        )
    essential, _created = EssentialUnit.objects.update_or_create(
        plan=plan, unit=unit, defaults={"minimum_staff": minimum_staff}
    )
    plan.updated_by = by
    plan.save(update_fields=["updated_by", "updated_at"])
    return essential


@transaction.atomic
def essential_unit_remove(*, organisation, unit_id: int, by) -> None:
    _check_prepare(by, organisation)
    plan = plan_for(organisation)
    deleted, _rows = EssentialUnit.objects.filter(plan=plan, unit_id=unit_id).delete()
    if not deleted:
        raise PreparationRefused(_("Cette unité n'est pas parmi les unités essentielles."))
    plan.updated_by = by
    plan.save(update_fields=["updated_by", "updated_at"])


@transaction.atomic
def scenario_save(
    *, organisation, by, name: str, kind: str, description: str, closed_units, scenario=None
) -> Scenario:
    """Create or change a scenario: its name is unique in the plan, its closed units are the organisation's
    and none of them is essential."""
    _check_prepare(by, organisation)
    plan = plan_for(organisation)
    name = " ".join(str(name or "").split())[:120]
    if not name:
        raise PreparationRefused(_("Donnez un nom au scénario."))
    if kind not in ScenarioKind.values:
        raise PreparationRefused(_("Ce type de scénario n'existe pas."))
    if scenario is not None and scenario.plan_id != plan.pk:
        raise PreparationRefused(_("Ce scénario n'est pas de votre organisation."))
    closed_units = list(closed_units)
    if any(unit.organisation_id != organisation.pk for unit in closed_units):
        raise PreparationRefused(_("Cette unité n'est pas de votre organisation."))
    essential = set(plan.essential_units.values_list("unit_id", flat=True))
    both = [unit.name for unit in closed_units if unit.pk in essential]
    if both:
        raise PreparationRefused(
            _(
                "« %(unit)s » est une unité essentielle : elle ne peut pas être fermée dans un scénario. "
                "Retirez-la d'abord des unités essentielles."
            )
            % {"unit": both[0]}
        )
    same_name = plan.scenarios.filter(name__iexact=name)
    if scenario is not None:
        same_name = same_name.exclude(pk=scenario.pk)
    if same_name.exists():
        raise PreparationRefused(_("Un scénario porte déjà ce nom dans votre plan."))
    if scenario is None:
        scenario = Scenario(plan=plan)
    scenario.name = name
    scenario.kind = kind
    scenario.description = str(description or "")[:2000]
    scenario.save()
    scenario.closed_units.set(closed_units)
    plan.updated_by = by
    plan.save(update_fields=["updated_by", "updated_at"])
    return scenario


@transaction.atomic
def scenario_remove(*, organisation, scenario_id: int, by) -> None:
    _check_prepare(by, organisation)
    deleted, _rows = Scenario.objects.filter(plan__organisation=organisation, pk=scenario_id).delete()
    if not deleted:
        raise PreparationRefused(_("Ce scénario n'existe pas dans votre plan."))


# --- the registry ---------------------------------------------------------------------------------------------


@dataclass
class Choices:
    """What a volunteer chooses (only they do)."""

    skills: list
    habilitations: list
    max_hours_per_week: int
    days: list
    sites: list
    rather_not: list
    rather_not_note: str = ""


def _check_choices(agent, choices: Choices) -> None:
    if not set(choices.skills) <= set(CrisisSkill.values) or not set(choices.rather_not) <= set(
        CrisisSkill.values
    ):
        raise PreparationRefused(_("Cette compétence n'existe pas : choisissez dans la liste."))
    if not set(choices.habilitations) <= set(Habilitation.values):
        raise PreparationRefused(_("Cette habilitation n'existe pas : choisissez dans la liste."))
    if (
        not isinstance(choices.max_hours_per_week, int)
        or not 1 <= choices.max_hours_per_week <= MAX_HOURS_PER_WEEK
    ):
        raise PreparationRefused(
            _("Entre 1 et %(max)s heures par semaine : 48 heures est le maximum légal.")
            % {"max": MAX_HOURS_PER_WEEK}
        )
    if not choices.days or not set(choices.days) <= set(range(7)):
        raise PreparationRefused(_("Choisissez au moins un jour de la semaine."))
    if any(site.organisation_id != agent.organisation_id for site in choices.sites):
        raise PreparationRefused(_("Ce site n'est pas de votre organisation."))


@transaction.atomic
def volunteer_join(*, by, choices: Choices, crisis=None) -> Volunteer:
    """Join the registry (or come back to it, or change one's choices): the agent themselves only."""
    agent = get_actor(by).agent
    if agent is None:
        raise PreparationRefused(_("Seul un agent peut s'inscrire au registre de crise, pour lui-même."))
    _check_choices(agent, choices)
    volunteer = Volunteer.objects.select_for_update().filter(agent=agent).first()
    if volunteer is None:
        volunteer = Volunteer(agent=agent)
        if crisis is not None and crisis.is_active:
            volunteer.joined_during = crisis
    elif not volunteer.is_active and crisis is not None and crisis.is_active:
        volunteer.joined_during = crisis
    volunteer.skills = sorted(set(choices.skills))
    volunteer.habilitations = sorted(set(choices.habilitations))
    volunteer.max_hours_per_week = choices.max_hours_per_week
    volunteer.days = sorted(set(choices.days))
    volunteer.rather_not = sorted(set(choices.rather_not))
    volunteer.rather_not_note = str(choices.rather_not_note or "")[:500]
    volunteer.is_active = True
    volunteer.left_at = None
    volunteer.save()
    volunteer.sites.set(choices.sites)
    return volunteer


@transaction.atomic
def volunteer_leave(*, by) -> None:
    """Leave the registry: always possible. The entry stays (inactive) so a crisis under way keeps its history;
    nobody asks the person again."""
    agent = get_actor(by).agent
    volunteer = (
        Volunteer.objects.select_for_update().filter(agent=agent, is_active=True).first() if agent else None
    )
    if volunteer is None:
        raise PreparationRefused(_("Vous n'êtes pas inscrit·e au registre de crise."))
    volunteer.is_active = False
    volunteer.left_at = timezone.now()
    volunteer.save(update_fields=["is_active", "left_at"])


def registry_counts(organisation) -> dict:
    """How many active volunteers, and by skill and habilitation (counts only: the crisis home shows them to
    whoever prepares or activates, without names)."""
    volunteers = Volunteer.objects.filter(
        agent__organisation=organisation, agent__is_active=True, is_active=True
    )
    rows = list(volunteers.values_list("skills", "habilitations"))
    skills = dict.fromkeys(CrisisSkill.values, 0)
    habilitations = dict.fromkeys(Habilitation.values, 0)
    for skill_codes, habilitation_codes in rows:
        for code in skill_codes or []:
            if code in skills:
                skills[code] += 1
        for code in habilitation_codes or []:
            if code in habilitations:
                habilitations[code] += 1
    return {
        "total": len(rows),
        "skills": [(CrisisSkill(code).label, n) for code, n in skills.items()],
        "habilitations": [(Habilitation(code).label, n) for code, n in habilitations.items()],
    }


def essential_units(plan):
    return plan.essential_units.select_related("unit").order_by("unit__name")


def scenarios(plan):
    return plan.scenarios.prefetch_related("closed_units").annotate(n_closed=Count("closed_units"))
