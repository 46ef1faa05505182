"""From a crisis to the planner and back: build a ``planner.Instance`` from the database, store a
``planner.Result`` as a DRAFT ``Plan`` (with its ``Assignment`` and ``Unfilled`` rows), adjust a draft by hand.

Why these choices (docs/crise.md, « Planifier »):
- shifts are the crisis's needs not cancelled; people are the volunteers who answered AVAILABLE (an agent still
  active). Their days are the dates they confirmed within the crisis, else the crisis days falling on their
  usual weekdays — nobody is placed on a day they did not give;
- the sites a person can reach are those of their registry entry; none listed means their own work site only
  (an agent who never said they could travel is not sent across town), or any site when they have none;
- essential units (``CrisisUnit`` ESSENTIAL) become floors: ``staff`` is the unit's active agents, never below
  the minimum on any day; agents of CLOSED units carry no floor: they are free to help;
- stability: the assignments of the plan in force are ``keep`` (the solver changes as few as possible), the
  ones set by hand are ``fixed``, the shifts a person withdrew from are ``excluded``.
"""

import datetime
import inspect

from django.db import transaction
from django.utils.translation import gettext as _

from passerelles.crisis import planner, rules
from passerelles.crisis.models import (
    Assignment,
    Availability,
    CrisisUnit,
    Need,
    Plan,
    Unfilled,
    Volunteer,
)
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.vocabulary import Answer, PlanStatus, UnitRole
from passerelles.people.models import Agent

SOLVE_SECONDS = 10.0  # the page waits for the plan: never longer than this


def crisis_days(crisis) -> list[datetime.date]:
    length = (crisis.expected_end - crisis.starts_on).days
    return [crisis.starts_on + datetime.timedelta(days=n) for n in range(length + 1)]


def _iso_dates(values) -> set[datetime.date]:
    found = set()
    for value in values or []:
        try:
            found.add(datetime.date.fromisoformat(str(value)))
        except ValueError:
            continue  # a malformed date in the JSON is no day given
    return found


def available_days(availability, crisis, days: list[datetime.date] | None = None) -> frozenset:
    """The confirmed dates within the crisis; none confirmed: the crisis days on the person's usual weekdays."""
    days = days if days is not None else crisis_days(crisis)
    confirmed = _iso_dates(availability.dates)
    if confirmed:
        return frozenset(day for day in days if day in confirmed)
    weekdays = {int(d) for d in (availability.volunteer.days or []) if str(d).isdigit()}
    return frozenset(day for day in days if day.weekday() in weekdays)


def shift_of(need) -> planner.Shift:
    start = datetime.datetime.combine(need.date, need.start_time)
    end = datetime.datetime.combine(need.date, need.end_time)
    if end <= start:  # a night: ends the next day
        end += datetime.timedelta(days=1)
    return planner.Shift(
        id=need.pk,
        unit=need.unit_id,
        start=start,
        end=end,
        site=need.site_id,
        habilitations=frozenset(need.habilitations or []),
        skills=frozenset(need.skills or []),
        head_count=need.head_count,
        priority=int(need.priority),
    )


def person_of(volunteer, days: frozenset, site_ids: set[int]) -> planner.Person:
    agent = volunteer.agent
    if site_ids:
        sites = frozenset(site_ids)
    elif agent.site_id:
        sites = frozenset({agent.site_id})  # none listed: their own site only
    else:
        sites = None
    return planner.Person(
        id=volunteer.pk,
        home_unit=agent.unit_id,
        habilitations=frozenset(volunteer.habilitations or []),
        skills=frozenset(volunteer.skills or []),
        rather_not=frozenset(volunteer.rather_not or []),
        sites=sites,
        days=days,
        max_minutes_per_week=volunteer.max_hours_per_week * 60,
    )


def plan_in_force(crisis):
    return crisis.plans.filter(status=PlanStatus.PUBLISHED).order_by("-published_at", "-pk").first()


def floors_of(crisis) -> tuple[planner.Floor, ...]:
    essential = list(CrisisUnit.objects.filter(crisis=crisis, role=UnitRole.ESSENTIAL))
    staff = _staff_counts([u.unit_id for u in essential])
    return tuple(
        planner.Floor(unit=u.unit_id, staff=staff.get(u.unit_id, 0), minimum=u.minimum_staff)
        for u in essential
    )


def _staff_counts(unit_ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        Agent.objects.filter(unit_id__in=unit_ids, is_active=True).values("unit_id").annotate(n=Count("pk"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


def available_volunteers(crisis):
    """The volunteers of this crisis who said « disponible » and are still registered and active."""
    return Volunteer.objects.filter(
        availabilities__crisis=crisis,
        availabilities__answer=Answer.AVAILABLE,
        is_active=True,
        agent__is_active=True,
    ).distinct()


def build_instance(crisis) -> planner.Instance:
    """The planner's instance for this crisis now (see the module's docstring for each choice)."""
    days = crisis_days(crisis)
    needs = Need.objects.filter(crisis=crisis, cancelled_at__isnull=True)
    shifts = tuple(shift_of(need) for need in needs)
    availabilities = (
        Availability.objects.filter(crisis=crisis, answer=Answer.AVAILABLE, volunteer__is_active=True)
        .filter(volunteer__agent__is_active=True)
        .select_related("volunteer__agent")
    )
    volunteer_ids = [a.volunteer_id for a in availabilities]
    sites: dict[int, set[int]] = {}
    for volunteer_id, site_id in Volunteer.sites.through.objects.filter(
        volunteer_id__in=volunteer_ids
    ).values_list("volunteer_id", "worksite_id"):
        sites.setdefault(volunteer_id, set()).add(site_id)
    people = tuple(
        person_of(a.volunteer, available_days(a, crisis, days), sites.get(a.volunteer_id, set()))
        for a in availabilities
    )
    keep, fixed = frozenset(), frozenset()
    in_force = plan_in_force(crisis)
    if in_force is not None:
        live = in_force.assignments.filter(withdrawn_at__isnull=True)
        keep = frozenset(live.values_list("volunteer_id", "need_id"))
        fixed = frozenset(live.filter(by_hand=True).values_list("volunteer_id", "need_id"))
    excluded = frozenset(
        Assignment.objects.filter(plan__crisis=crisis, withdrawn_at__isnull=False).values_list(
            "volunteer_id", "need_id"
        )
    )
    shift_ids = {s.id for s in shifts}
    person_ids = {p.id for p in people}

    def known(pairs):
        return frozenset((p, s) for p, s in pairs if p in person_ids and s in shift_ids)

    return planner.Instance(
        shifts=shifts,
        people=people,
        floors=floors_of(crisis),
        min_rest_minutes=crisis.min_rest_hours * 60,
        keep=known(keep) - excluded,
        fixed=known(fixed) - excluded,
        excluded=known(excluded),
    )


def solve(instance) -> planner.Result:
    """The planner's solver, within SOLVE_SECONDS (it is written apart: crisis/planner.py)."""
    solver = getattr(planner, "solve", None)
    if solver is None:
        raise PlanRefused(_("Le calcul des plans n'est pas encore disponible sur ce serveur."))
    if "time_limit" in inspect.signature(solver).parameters:
        return solver(instance, time_limit=SOLVE_SECONDS)
    return solver(instance)


def violations(instance, pairs) -> list[str]:
    """The hard rules a set of (person, shift) pairs breaks, in French (planner.check)."""
    found = planner.check(instance, sorted(set(pairs)))
    if not found:
        return []
    if isinstance(found, str):
        return [found]
    return [str(item) for item in found]


def _check_runner(crisis, by):
    if not rules.can_run(by, crisis):
        raise PlanRefused(_("Seules les personnes qui pilotent la crise calculent et ajustent le plan."))
    if not crisis.is_active:
        raise PlanRefused(_("Cette crise est close : son plan ne change plus."))


def compute_plan(*, crisis, by, solver=solve) -> Plan:
    """« Calculer un plan »: a new DRAFT from the crisis as it is now (earlier drafts are replaced)."""
    _check_runner(crisis, by)
    instance = build_instance(crisis)
    if not instance.shifts:
        raise PlanRefused(_("Aucun besoin n'est posté pour cette crise : rien à planifier."))
    result = solver(instance)
    return store_result(crisis=crisis, instance=instance, result=result, by=by)


def _stats(instance, result) -> dict:
    places = sum(s.head_count for s in instance.shifts)
    gap = 0.0
    if result.bound:
        gap = max(0.0, (result.bound - result.objective) / result.bound)
    return {
        "status": result.status,
        "coverage": round(float(result.coverage), 4),
        "objective": float(result.objective),
        "bound": float(result.bound),
        "gap": round(gap, 4),
        "seconds": round(float(result.seconds), 2),
        "shifts": len(instance.shifts),
        "places": places,
        "people": len(instance.people),
        "assigned": len(result.assignments),
        "unfilled": sum(missing for missing, _reason in result.unfilled.values()),
    }


@transaction.atomic
def store_result(*, crisis, instance, result, by) -> Plan:
    """Keep a planner's Result as a DRAFT plan: the pairs the instance knows, the origin of a kept assignment
    carried over, the unfilled shifts with their reason."""
    _check_runner(crisis, by)
    type(crisis).objects.select_for_update().get(pk=crisis.pk)  # two clicks queue up
    in_force = plan_in_force(crisis)
    crisis.plans.filter(status=PlanStatus.DRAFT).delete()
    origins = {}
    if in_force is not None:
        origins = {
            (a.volunteer_id, a.need_id): a.origin
            for a in in_force.assignments.filter(withdrawn_at__isnull=True)
        }
    shift_ids = {s.id for s in instance.shifts}
    person_ids = {p.id for p in instance.people}
    pairs = {(p, s) for p, s in result.assignments if p in person_ids and s in shift_ids}
    stats = _stats(instance, result) | {"assigned": len(pairs)}
    plan = Plan.objects.create(
        crisis=crisis, status=PlanStatus.DRAFT, based_on=in_force, stats=stats, created_by=by
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                plan=plan,
                need_id=shift,
                volunteer_id=person,
                by_hand=(person, shift) in instance.fixed,
                origin=origins.get((person, shift), Assignment._meta.get_field("origin").default),
            )
            for person, shift in sorted(pairs)
        ]
    )
    Unfilled.objects.bulk_create(
        [
            Unfilled(plan=plan, need_id=shift, missing=missing, reason=str(reason)[:300])
            for shift, (missing, reason) in sorted(result.unfilled.items())
            if shift in shift_ids and missing > 0
        ]
    )
    return plan


def _draft(plan, by):
    _check_runner(plan.crisis, by)
    if plan.status != PlanStatus.DRAFT:
        raise PlanRefused(_("Seul un plan en brouillon s'ajuste à la main ; calculez un nouveau plan."))


def _live_pairs(plan) -> set[tuple[int, int]]:
    return set(plan.assignments.filter(withdrawn_at__isnull=True).values_list("volunteer_id", "need_id"))


def eligible_volunteers(plan, need) -> list:
    """The available volunteers of the crisis the planner's rules allow on ``need`` next to the draft's other
    assignments (the « ajouter » list shows nobody else)."""
    instance = build_instance(plan.crisis)
    shift = next((s for s in instance.shifts if s.id == need.pk), None)
    if shift is None:
        return []
    pairs = _live_pairs(plan)
    taken = {p for p, s in pairs if s == need.pk}
    candidates = [
        person
        for person in instance.people
        if person.id not in taken
        and (person.id, need.pk) not in instance.excluded
        and shift.habilitations <= person.habilitations
        and shift.start.date() in person.days
        and (shift.site is None or person.sites is None or shift.site in person.sites)
    ]
    ok = [p.id for p in candidates if not violations(instance, pairs | {(p.id, need.pk)})]
    return list(
        Volunteer.objects.filter(pk__in=ok)
        .select_related("agent", "agent__unit")
        .order_by("agent__last_name", "agent__first_name")
    )


@transaction.atomic
def add_assignment(*, plan, need, volunteer, by) -> Assignment:
    """Put a volunteer on a shift by hand; refused with the rule it would break."""
    plan = Plan.objects.select_for_update().select_related("crisis").get(pk=plan.pk)
    _draft(plan, by)
    if need.crisis_id != plan.crisis_id or need.cancelled_at is not None:
        raise PlanRefused(_("Ce besoin n'appartient pas à cette crise."))
    instance = build_instance(plan.crisis)
    if volunteer.pk not in {p.id for p in instance.people}:
        raise PlanRefused(_("Cette personne ne s'est pas dite disponible pour cette crise."))
    pairs = _live_pairs(plan)
    if (volunteer.pk, need.pk) in pairs:
        raise PlanRefused(_("Cette personne est déjà sur ce créneau."))
    found = violations(instance, pairs | {(volunteer.pk, need.pk)})
    if found:
        raise PlanRefused(
            _("Impossible pour %(name)s : %(rules)s")
            % {"name": volunteer.agent.full_name, "rules": " ; ".join(found)}
        )
    assignment = Assignment.objects.create(plan=plan, need=need, volunteer=volunteer, by_hand=True)
    _refresh_unfilled(plan, need)
    return assignment


@transaction.atomic
def remove_assignment(*, assignment, by) -> None:
    """Take a volunteer off a shift of the draft (a new calculation starts again from the plan in force)."""
    plan = Plan.objects.select_for_update().select_related("crisis").get(pk=assignment.plan_id)
    _draft(plan, by)
    need = assignment.need
    assignment.delete()
    _refresh_unfilled(plan, need)


@transaction.atomic
def set_origin(*, assignment, requested: bool, by) -> Assignment:
    """HR records that this move was asked by the employer (e.g. an agent of a closed unit) or volunteered."""
    from passerelles.crisis.vocabulary import MoveOrigin

    _draft(assignment.plan, by)
    assignment.origin = MoveOrigin.REQUESTED if requested else MoveOrigin.VOLUNTEERED
    assignment.save(update_fields=["origin"])
    return assignment


def _refresh_unfilled(plan, need) -> None:
    """The shift's « places manquantes » after a change by hand."""
    taken = plan.assignments.filter(need=need, withdrawn_at__isnull=True).count()
    missing = max(0, need.head_count - taken)
    row = Unfilled.objects.filter(plan=plan, need=need).first()
    if missing == 0 and row is not None:
        row.delete()
    elif missing and row is not None:
        row.missing = missing
        row.save(update_fields=["missing"])
    elif missing:
        Unfilled.objects.create(plan=plan, need=need, missing=missing, reason=_("ajusté à la main"))
