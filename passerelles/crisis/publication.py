"""Publish a crisis plan: its assignments become engagements on the lighter crisis path.

- the previous published plan is SUPERSEDED; a plan already published publishes nothing more (idempotent);
- one crisis Mission per host unit of the crisis (purpose « crise », the unit's organisation, from the crisis
  start to its expected end), reused by every re-plan; it is created closed (« toutes les places sont
  pourvues »): nobody applies to it, the plan fills it;
- one Engagement per agent and mission, created at READY (ACTIVE once its first shift has come) by
  ``engagements.services.crisis_path``, its dates following the agent's shifts; an unchanged agent keeps their
  engagement untouched; one with no shift left in the new plan is released;
- the framework is the boussole's first choice on what the platform knows (a crisis reassignment within one
  employer; between public bodies a simplified mise à disposition);
- each agent hears of their shifts, their manager is informed (or asked, ``Crisis.manager_must_agree``), the
  host unit's managers learn who comes;
- after the commit, a task writes the framework's short documents (crisis/plan_documents.py); the agent's one
  message names those they will accept (no separate « À accepter » message in a crisis).
"""

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.crisis import rules
from passerelles.crisis.models import Assignment, Plan
from passerelles.crisis.plan_documents import write_plan_documents
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.shifts import shift_label, shift_minutes, shift_window  # noqa: F401 — re-exported
from passerelles.crisis.vocabulary import PlanStatus
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import crisis_path
from passerelles.missions.models import ClosedReason, Mission, MissionStatus, Purpose, Visibility
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify
from passerelles.people.models import Agent

WEEK_MINUTES = 35 * 60  # a full-time week: the time share of a crisis engagement is its shifts against it


def _percent(needs, crisis) -> int:
    weeks = max(1.0, ((crisis.expected_end - crisis.starts_on).days + 1) / 7)
    minutes = sum(shift_minutes(n) for n in needs)
    return max(1, min(100, round(100 * minutes / weeks / WEEK_MINUTES)))


def _project_lead(unit, by) -> Agent:
    """Who answers for the crisis mission: the publisher when of the unit's organisation, else someone who
    manages agents of the unit, else an active agent of the unit or of its organisation."""
    mine = Agent.objects.filter(user=by, organisation_id=unit.organisation_id).first()
    if mine:
        return mine
    managers = Agent.objects.filter(
        pk__in=Agent.objects.filter(unit=unit).values("manager_id"), is_active=True
    )
    found = (
        managers.first()
        or Agent.objects.filter(unit=unit, is_active=True).order_by("pk").first()
        or Agent.objects.filter(organisation_id=unit.organisation_id, is_active=True).order_by("pk").first()
    )
    if found is None:
        raise PlanRefused(
            _("L'organisation de l'unité « %(unit)s » n'a aucun agent : la mission ne peut pas être créée.")
            % {"unit": unit.name}
        )
    return found


def mission_title(crisis, unit) -> str:
    return (_("Crise « %(crisis)s » : renfort %(unit)s") % {"crisis": crisis.name, "unit": unit.name})[:160]


def crisis_mission(crisis, unit, *, by) -> Mission:
    """The crisis's mission for a host unit: the one earlier publications created, else a new one."""
    mission_id = (
        Assignment.objects.filter(plan__crisis=crisis, need__unit=unit, engagement__isnull=False)
        .values_list("engagement__mission_id", flat=True)
        .first()
    )
    if mission_id:
        return Mission.objects.get(pk=mission_id)
    title = mission_title(crisis, unit)
    found = Mission.objects.filter(
        organisation_id=unit.organisation_id, host_unit=unit, purpose=Purpose.CRISE, title=title
    ).first()
    if found:
        return found
    now = timezone.now()
    return Mission.objects.create(
        organisation_id=unit.organisation_id,
        host_unit=unit,
        project_lead=_project_lead(unit, by),
        created_by=by,
        title=title,
        description=_(
            "Renfort pendant la crise « %(crisis)s », organisé par le plan de redéploiement : des créneaux "
            "choisis par des volontaires, qui reviennent dans leur équipe à la fin de la crise."
        )
        % {"crisis": crisis.name},
        project_name=crisis.name[:200],
        purpose=Purpose.CRISE,
        time_share_percent=100,
        start_date=crisis.starts_on,
        end_date=crisis.expected_end,
        visibility=Visibility.UNIT,
        places=1,
        status=MissionStatus.CLOSED,
        published_at=now,
        closed_at=now,
        closed_reason=ClosedReason.FILLED,
    )


def unit_managers(unit) -> set:
    """The users who manage agents of the host unit (they welcome the people who come)."""
    agents = Agent.objects.filter(
        pk__in=Agent.objects.filter(unit=unit).values("manager_id"), user__isnull=False, is_active=True
    ).select_related("user")
    return {agent.user for agent in agents}


def _record_framework(engagement, by) -> None:
    from passerelles.frameworks.services import record_best_framework

    record_best_framework(engagement, by=by)


def _my_shifts_url(crisis) -> str:
    return reverse("crisis:my_shifts", kwargs={"crisis_id": crisis.pk})


@transaction.atomic
def publish_plan(*, plan: Plan, by) -> Plan:
    """Publish a draft (see the module's docstring); transactional: all of it, or nothing."""
    crisis = type(plan.crisis).objects.select_for_update().get(pk=plan.crisis_id)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not rules.can_run(by, crisis):
        raise PlanRefused(_("Seules les personnes qui pilotent la crise publient le plan."))
    if plan.status == PlanStatus.PUBLISHED:
        return plan  # already done: nothing more
    if plan.status != PlanStatus.DRAFT:
        raise PlanRefused(_("Ce plan a été remplacé par un plus récent : il ne se publie plus."))
    if not crisis.is_active:
        raise PlanRefused(_("Cette crise est close : son plan ne se publie plus."))
    previous = list(crisis.plans.filter(status=PlanStatus.PUBLISHED))
    crisis.plans.filter(status=PlanStatus.PUBLISHED).update(status=PlanStatus.SUPERSEDED)
    plan.status, plan.published_by, plan.published_at = PlanStatus.PUBLISHED, by, timezone.now()
    plan.save(update_fields=["status", "published_by", "published_at"])

    live = list(
        plan.assignments.filter(withdrawn_at__isnull=True).select_related(
            "need", "need__unit", "need__site", "volunteer__agent", "volunteer__agent__manager__user"
        )
    )
    groups: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for assignment in live:
        groups[(assignment.volunteer.agent_id, assignment.need.unit_id)].append(assignment)
    kept_engagements = set()
    changed_agents: dict[int, Agent] = {}
    engagements_of: dict[int, list[Engagement]] = defaultdict(list)
    new_by_unit: dict[int, list[Agent]] = defaultdict(list)
    people_by_mission: dict[int, set[int]] = defaultdict(set)
    for (_agent_id, _unit_id), assignments in groups.items():
        agent = assignments[0].volunteer.agent
        unit = assignments[0].need.unit
        mission = crisis_mission(crisis, unit, by=by)
        needs = [a.need for a in assignments]
        start = min(n.date for n in needs)
        end = max(shift_window(n)[1].date() for n in needs)
        end = min(max(end, start), max(mission.end_date, start))
        percent = _percent(needs, crisis)
        summary = "\n".join(shift_label(n) for n in sorted(needs, key=lambda n: (n.date, n.start_time)))
        engagement = (
            Engagement.objects.select_for_update()
            .filter(agent=agent, mission=mission, state__in=crisis_path.CRISIS_OPEN_STATES)
            .first()
        )
        if engagement is None:
            engagement = crisis_path.engagement_crisis_assign(
                agent=agent,
                mission=mission,
                by=by,
                start=start,
                end=end,
                percent=percent,
                manager_must_agree=crisis.manager_must_agree,
                comment=summary,
            )
            _record_framework(engagement, by)
            if engagement.state == State.AGREEMENTS:
                crisis_path.open_manager_round(engagement, by=by)
            changed_agents[agent.pk] = agent
            new_by_unit[unit.pk].append(agent)
            _tell_manager(engagement, crisis, summary)
        else:
            before = set(
                Assignment.objects.filter(
                    engagement=engagement, plan__in=previous, withdrawn_at__isnull=True
                ).values_list("need_id", flat=True)
            )
            moved = crisis_path.engagement_crisis_reschedule(
                engagement, by=by, start=start, end=end, percent=percent, comment=summary
            )
            if moved or before != {n.pk for n in needs}:
                changed_agents[agent.pk] = agent
        Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(engagement=engagement)
        kept_engagements.add(engagement.pk)
        engagements_of[agent.pk].append(engagement)
        people_by_mission[mission.pk].add(agent.pk)
    for mission_id, people in people_by_mission.items():  # as many places as people: the plan fills them
        Mission.objects.filter(pk=mission_id, places__lt=len(people)).update(places=len(people))

    # Engagements of the crisis with no shift left in this plan: the agent goes back (and is told).
    released = (
        Engagement.objects.filter(
            crisis_shifts__plan__crisis=crisis, state__in=crisis_path.CRISIS_OPEN_STATES
        )
        .exclude(pk__in=kept_engagements)
        .distinct()
        .select_related("agent__user", "mission")
    )
    for engagement in released:
        crisis_path.engagement_crisis_release(
            engagement, by=by, comment=_("Plus aucun créneau dans le nouveau plan.")
        )
        _tell_agent_released(engagement, crisis)

    shifts_by_agent: dict[int, list] = defaultdict(list)
    for assignment in live:
        shifts_by_agent[assignment.volunteer.agent_id].append(assignment.need)
    for agent in changed_agents.values():
        _tell_agent(agent, crisis, shifts_by_agent[agent.pk], _documents_to_accept(engagements_of[agent.pk]))
    for unit_id, agents in new_by_unit.items():
        _tell_host(crisis, _unit_of(live, unit_id), agents)
    plan_id = plan.pk
    transaction.on_commit(lambda: write_plan_documents.enqueue(plan_id=plan_id))
    return plan


def _documents_to_accept(engagements) -> list[str]:
    from passerelles.documents.crisis_documents import crisis_titles_to_accept

    titles = []
    for engagement in engagements:
        titles += [t for t in crisis_titles_to_accept(engagement) if t not in titles]
    return titles


def _unit_of(live, unit_id):
    return next(a.need.unit for a in live if a.need.unit_id == unit_id)


def _tell_agent(agent, crisis, needs, documents=()) -> None:
    if agent.user_id is None:
        return  # no account: HR calls them (the roll call lists them)
    lines = "\n".join(shift_label(n) for n in sorted(needs, key=lambda n: (n.date, n.start_time)))
    with in_language_of(agent.user):
        message = _(
            "Merci d'avoir répondu présent·e. Voici vos créneaux :\n%(lines)s\n\nUn empêchement ? Vous pouvez "
            "vous retirer d'un créneau à tout moment depuis « Mes créneaux » : personne ne vous le reprochera."
        ) % {"lines": lines}
        if documents:
            message += "\n\n" + _(
                "À lire, puis à accepter, sur la page de votre engagement (« Mes engagements ») : %(documents)s."
            ) % {"documents": ", ".join(documents)}
        notify(
            user=agent.user,
            kind=NotificationKind.CRISIS,
            subject=_("Crise « %(crisis)s » : vos créneaux") % {"crisis": crisis.name},
            message=message,
            url=_my_shifts_url(crisis),
            action_needed=True,
        )


def _tell_agent_released(engagement, crisis) -> None:
    if engagement.agent.user_id is None:
        return
    with in_language_of(engagement.agent.user):
        notify(
            user=engagement.agent.user,
            kind=NotificationKind.CRISIS,
            subject=_("Crise « %(crisis)s » : plus de créneau pour vous") % {"crisis": crisis.name},
            message=_("Le nouveau plan ne vous donne plus de créneau à « %(title)s ». Merci pour votre aide.")
            % {"title": engagement.mission.title},
            url=_my_shifts_url(crisis),
        )


def _tell_manager(engagement, crisis, summary) -> None:
    manager = engagement.agent.manager
    if manager is None or manager.user_id is None:
        return
    asked = engagement.state == State.AGREEMENTS
    with in_language_of(manager.user):
        notify(
            user=manager.user,
            kind=NotificationKind.CRISIS,
            subject=(
                _("Crise « %(crisis)s » : votre accord est demandé pour %(name)s")
                if asked
                else _("Crise « %(crisis)s » : %(name)s part en renfort")
            )
            % {"crisis": crisis.name, "name": engagement.agent.full_name},
            message=_(
                "%(name)s, de votre équipe, s'est porté·e volontaire et renforce « %(unit)s » :\n%(summary)s\n\n"
                "La personne revient dans votre équipe à la fin de ses créneaux."
            )
            % {
                "name": engagement.agent.full_name,
                "unit": engagement.mission.host_unit.name,
                "summary": summary,
            },
            url=reverse("engagement_detail", kwargs={"engagement_id": engagement.pk}),
            action_needed=asked,
        )


def _tell_host(crisis, unit, agents) -> None:
    names = ", ".join(sorted(a.full_name for a in agents))
    for user in unit_managers(unit):
        with in_language_of(user):
            notify(
                user=user,
                kind=NotificationKind.CRISIS,
                subject=_("Crise « %(crisis)s » : des renforts pour %(unit)s")
                % {"crisis": crisis.name, "unit": unit.name},
                message=_("Viennent en renfort : %(names)s. L'appel du jour dit qui est là chaque jour.")
                % {"names": names},
                url=reverse("crisis:roll_call", kwargs={"crisis_id": crisis.pk}),
            )
