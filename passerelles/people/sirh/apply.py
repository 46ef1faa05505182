"""Apply an SIRH import plan in one transaction: all of it, or nothing.

Bulk writes (100,000 rows in well under a minute), units and sites created on the way, managers resolved
after every agent exists (so row order never matters), people absent from a full import deactivated — never
deleted — and every change written to the audit trail.

A deactivated agent's account can no longer sign in (its open sessions end at their next request: Django
refuses an inactive account), unless that account holds a role in some organisation: it stays usable for
that role. An agent back in a later export gets their account back.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from passerelles.access.models import RoleMembership
from passerelles.foundation.statistics import BULK, refresh_statistics
from passerelles.matching.index import set_agents_active
from passerelles.organisations import headcount
from passerelles.organisations.models import OrgUnit, UnitKind, WorkSite
from passerelles.people.models import Agent
from passerelles.people.sirh.planner import Existing, Plan

BATCH = 2000
REASON = "Import SIRH"


@dataclass
class Applied:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    created_ids: list[int] = field(default_factory=list)  # the new agents, to invite them (--invite)


def existing_agents(organisation) -> dict[str, Existing]:
    """The organisation's agents with a matricule, as flat values (one query)."""
    rows = (
        Agent.objects.filter(organisation=organisation)
        .exclude(matricule="")
        .values_list(
            "id",
            "matricule",
            "is_active",
            "first_name",
            "last_name",
            "email",
            "unit__kind",
            "unit__name",
            "unit__parent__name",
            "manager__matricule",
            "category",
            "grade",
            "status",
            "site__name",
            "gender",
            "birth_year",
        )
    )
    existing = {}
    for (
        pk,
        matricule,
        active,
        first,
        last,
        email,
        kind,
        unit,
        parent,
        manager,
        category,
        grade,
        status,
        site,
        gender,
        birth_year,
    ) in rows:
        direction, service = (parent or "", unit) if kind == UnitKind.SERVICE else (unit or "", "")
        existing[matricule] = Existing(
            id=pk,
            matricule=matricule,
            is_active=active,
            first_name=first,
            last_name=last,
            email=email,
            direction=direction or "",
            service=service or "",
            manager=manager or "",
            category=category,
            grade=grade,
            status=status,
            site=site or "",
            gender=gender or "",
            birth_year=str(birth_year) if birth_year else "",
        )
    return existing


def _units(organisation, values: list[dict]) -> dict[tuple[str, str], OrgUnit]:
    """(direction, service) → unit, creating what the file names and the chart lacks."""
    top = OrgUnit.objects.filter(
        organisation=organisation, parent__isnull=True, kind=UnitKind.GENERAL_DIRECTION
    ).first()
    directions = {
        u.name: u for u in OrgUnit.objects.filter(organisation=organisation, kind=UnitKind.DIRECTION)
    }
    services = {
        (u.parent.name if u.parent else "", u.name): u
        for u in OrgUnit.objects.filter(organisation=organisation, kind=UnitKind.SERVICE).select_related(
            "parent"
        )
    }
    for v in values:
        if v["direction"] and v["direction"] not in directions:
            directions[v["direction"]] = OrgUnit.objects.create(
                organisation=organisation, parent=top, kind=UnitKind.DIRECTION, name=v["direction"]
            )
        key = (v["direction"], v["service"])
        if v["service"] and key not in services:
            services[key] = OrgUnit.objects.create(
                organisation=organisation,
                parent=directions.get(v["direction"]),
                kind=UnitKind.SERVICE,
                name=v["service"],
            )
    mapping = {(name, ""): unit for name, unit in directions.items()}
    mapping.update(services)
    return mapping


def _sites(organisation, values: list[dict]) -> dict[str, WorkSite]:
    sites = {s.name: s for s in WorkSite.objects.filter(organisation=organisation)}
    for v in values:
        if v["site"] and v["site"] not in sites:
            sites[v["site"]] = WorkSite.objects.create(organisation=organisation, name=v["site"])
    return sites


def apply_plan(plan: Plan, organisation, *, by=None, budget=None) -> Applied:
    """``budget``: a TimeBudget (limits.py) looked at between batches; going over it raises inside the
    transaction, so nothing is written."""
    check = budget.check if budget is not None else (lambda: None)
    if not plan.ok:
        raise ValueError("A plan with errors cannot be applied.")
    incoming = plan.create + [{**_values_of(agent), **changes} for agent, changes in plan.update]
    with transaction.atomic():
        units = _units(organisation, incoming)
        sites = _sites(organisation, incoming)
        ids = dict(
            Agent.objects.filter(organisation=organisation)
            .exclude(matricule="")
            .values_list("matricule", "id")
        )
        # Managers before their teams, level by level: every manager's id is known when its reports are
        # inserted, whatever the order of the file.
        created = []
        for level in _levels(plan.create):
            batch = [
                Agent(
                    organisation=organisation,
                    matricule=v["matricule"],
                    first_name=v["first_name"],
                    last_name=v["last_name"],
                    email=v["email"],
                    category=v["category"],
                    grade=v["grade"],
                    status=v["status"],
                    gender=v.get("gender", ""),
                    birth_year=int(v["birth_year"]) if v.get("birth_year") else None,
                    unit=units.get((v["direction"], v["service"])) or units.get((v["direction"], "")),
                    site=sites.get(v["site"]),
                    manager_id=ids.get(v["manager"]),
                )
                for v in level
            ]
            check()
            Agent.objects.bulk_create(batch, batch_size=BATCH)
            ids.update((agent.matricule, agent.pk) for agent in batch)
            created.extend(batch)
        updated = []
        for current, changes in plan.update:
            agent = Agent(pk=current.id, organisation=organisation, matricule=current.matricule)
            merged = {**_values_of(current), **changes}
            agent.first_name, agent.last_name, agent.email = (
                merged["first_name"],
                merged["last_name"],
                merged["email"],
            )
            agent.category, agent.grade, agent.status = merged["category"], merged["grade"], merged["status"]
            agent.gender = merged["gender"]
            agent.birth_year = int(merged["birth_year"]) if merged["birth_year"] else None
            agent.unit = units.get((merged["direction"], merged["service"])) or units.get(
                (merged["direction"], "")
            )
            agent.site = sites.get(merged["site"])
            agent.manager_id = ids.get(merged["manager"]) if merged["manager"] else None
            agent.is_active, agent.deactivated_at = True, None
            updated.append(agent)
        fields = [
            "first_name",
            "last_name",
            "email",
            "category",
            "grade",
            "status",
            "gender",
            "birth_year",
            "unit",
            "site",
            "manager",
            "is_active",
            "deactivated_at",
        ]
        check()
        Agent.objects.bulk_update(updated, fields, batch_size=BATCH)
        check()
        gone = [a.id for a in plan.deactivate]
        back = [current.id for current, changes in plan.update if changes.get("is_active")]
        set_agents_active(gone, False)
        set_agents_active(back, True)
        _set_accounts_active(gone, False, by=by)
        _set_accounts_active(back, True, by=by)
        for start in range(0, len(gone), BATCH):
            Agent.objects.filter(pk__in=gone[start : start + BATCH]).update(
                is_active=False, deactivated_at=timezone.now()
            )
        for pks, is_update in (([a.pk for a in created], False), ([a.pk for a in updated] + gone, True)):
            for start in range(0, len(pks), BATCH):
                check()
                batch = list(Agent.objects.filter(pk__in=pks[start : start + BATCH]))
                Agent.history.bulk_history_create(
                    batch, update=is_update, default_user=by, default_change_reason=REASON
                )
        # the head counts the organisation and network pages show, exact with the import (issue 21)
        headcount.recount([organisation.pk])
        if len(created) + len(updated) + len(gone) >= BULK:  # the planner's statistics, fresh (issue 21)
            refresh_statistics([Agent._meta.db_table, Agent.history.model._meta.db_table])
    return Applied(
        created=len(created),
        updated=len(updated),
        deactivated=len(gone),
        created_ids=[agent.pk for agent in created],
    )


def _set_accounts_active(agent_ids: list[int], active: bool, *, by) -> None:
    """Turn the agents' accounts off (or back on), with the change in the accounts' audit trail. An account
    holding a role membership is never turned off here: the role is given separately from the job."""
    User = get_user_model()
    for start in range(0, len(agent_ids), BATCH):
        accounts = User.objects.filter(agent__pk__in=agent_ids[start : start + BATCH], is_active=not active)
        if not active:
            accounts = accounts.exclude(Exists(RoleMembership.objects.filter(user=OuterRef("pk"))))
        changed = list(accounts)
        if not changed:
            continue
        User.objects.filter(pk__in=[user.pk for user in changed]).update(is_active=active)
        for user in changed:
            user.is_active = active
        User.history.bulk_history_create(changed, update=True, default_user=by, default_change_reason=REASON)


def _levels(rows: list[dict]) -> list[list[dict]]:
    """New agents grouped by depth in the manager chain among the new agents (the plan has no cycles)."""
    by_matricule = {v["matricule"]: v for v in rows}
    depth: dict[str, int] = {}
    for start in by_matricule:
        chain, node = [], start
        while node in by_matricule and node not in depth:
            chain.append(node)
            node = by_matricule[node]["manager"]
        base = depth.get(node, -1)
        for offset, matricule in enumerate(reversed(chain), start=1):
            depth[matricule] = base + offset
    levels: dict[int, list[dict]] = {}
    for matricule, value in by_matricule.items():
        levels.setdefault(depth[matricule], []).append(value)
    return [levels[d] for d in sorted(levels)]


def _values_of(agent: Existing) -> dict:
    return {
        "matricule": agent.matricule,
        "first_name": agent.first_name,
        "last_name": agent.last_name,
        "email": agent.email,
        "direction": agent.direction,
        "service": agent.service,
        "manager": agent.manager,
        "category": agent.category,
        "grade": agent.grade,
        "status": agent.status,
        "site": agent.site,
        "gender": agent.gender,
        "birth_year": agent.birth_year,
    }
