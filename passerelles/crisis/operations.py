"""The crisis under way: the roll call (who is where today) and withdrawals.

A withdrawal costs nothing and is never held against anyone: the agent withdraws from a shift from « Mes
créneaux » at any time (or a runner does it for them, with the reason they gave). The shift is marked missing a
person in the plan in force, the runners are told, and the next « Calculer un plan » keeps every other
assignment (stability) and never puts the person back on that shift. With no shift left, the engagement is
withdrawn: the person is back in their team.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.models import Role, RoleMembership
from passerelles.crisis import plan_rules, rules
from passerelles.crisis.models import Assignment, Unfilled
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.planning import plan_in_force
from passerelles.crisis.shifts import shift_label
from passerelles.crisis.vocabulary import PlanStatus
from passerelles.engagements.lifecycle import State
from passerelles.engagements.services import crisis_path
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


def parse_day(value) -> tuple[datetime.date, str]:
    """The roll call's ``?jour=``: a valid ISO date, else today with a French message (never an error)."""
    today = timezone.localdate()
    if value in (None, ""):
        return today, ""
    try:
        return datetime.date.fromisoformat(str(value)[:10]), ""
    except ValueError:
        return today, _(
            "Date non reconnue : voici l'appel d'aujourd'hui. Écrivez la date sous la forme AAAA-MM-JJ."
        )


@dataclass
class RollCallGroup:
    place: str
    rows: list


def roll_call(crisis, day: datetime.date) -> list[RollCallGroup]:
    """The live assignments of the plan in force on ``day``, grouped by site (or unit when the need names no
    site), in shift order."""
    plan = plan_in_force(crisis)
    if plan is None:
        return []
    rows = (
        plan.assignments.filter(withdrawn_at__isnull=True, need__date=day, need__cancelled_at__isnull=True)
        .exclude(engagement__state__in=[State.WITHDRAWN, State.DECLINED])  # left from the engagement page
        .select_related(
            "need", "need__unit", "need__site", "volunteer__agent", "volunteer__agent__unit", "engagement"
        )
        .order_by("need__start_time", "volunteer__agent__last_name", "volunteer__agent__first_name")
    )
    groups: dict[str, RollCallGroup] = {}
    for row in rows:
        place = row.need.site.name if row.need.site_id else row.need.unit.name
        groups.setdefault(place, RollCallGroup(place=place, rows=[])).rows.append(row)
    return [groups[key] for key in sorted(groups)]


def _runners(crisis) -> set:
    orgs = list(rules.crisis_organisation_ids(crisis))
    users = set(RoleMembership.objects.users_with(Role.HR, orgs))
    if crisis.network_id:
        coordinators = crisis.network.memberships.values_list("organisation_id", flat=True)
        users |= set(RoleMembership.objects.users_with(Role.NETWORK_COORDINATOR, list(coordinators)))
    return users


@transaction.atomic
def withdraw_assignment(*, assignment, by, reason: str = "") -> Assignment:
    """The agent (or a runner for them) leaves one shift of the published plan."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("plan__crisis", "need", "need__unit", "volunteer__agent__user")
        .get(pk=assignment.pk)
    )
    crisis = assignment.plan.crisis
    by_agent = plan_rules.is_volunteer_of(by, assignment)
    if not by_agent and not rules.can_run(by, crisis):
        raise PlanRefused(
            _("Seule la personne elle-même, ou qui pilote la crise, peut la retirer d'un créneau.")
        )
    if not crisis.is_active:
        raise PlanRefused(_("Cette crise est close : les créneaux ne changent plus."))
    if assignment.plan.status != PlanStatus.PUBLISHED:
        raise PlanRefused(_("Ce créneau n'appartient pas au plan en vigueur."))
    if assignment.withdrawn_at is not None:
        raise PlanRefused(_("Ce retrait est déjà enregistré."))
    reason = " ".join(str(reason).split())[:300]
    assignment.withdrawn_at = timezone.now()
    assignment.withdrawn_reason = reason
    assignment.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    unfilled = Unfilled.objects.filter(plan=assignment.plan, need=assignment.need).first()
    if unfilled is None:
        Unfilled.objects.create(
            plan=assignment.plan, need=assignment.need, missing=1, reason=_("une personne s'est retirée")
        )
    else:
        unfilled.missing += 1
        unfilled.save(update_fields=["missing"])
    engagement = assignment.engagement
    if engagement is not None and engagement.state in crisis_path.CRISIS_OPEN_STATES:
        left = Assignment.objects.filter(
            engagement=engagement, plan=assignment.plan, withdrawn_at__isnull=True
        ).exists()
        if not left:
            crisis_path.engagement_crisis_release(engagement, by=by, comment=reason, by_agent=by_agent)
    _tell(assignment, crisis, by, by_agent)
    return assignment


def _tell(assignment, crisis, by, by_agent) -> None:
    label = shift_label(assignment.need)
    plan_url = reverse("crisis:plan", kwargs={"crisis_id": crisis.pk})
    for user in _runners(crisis) - {by}:
        with in_language_of(user):
            notify(
                user=user,
                kind=NotificationKind.CRISIS,
                subject=_("Crise « %(crisis)s » : un créneau à repourvoir") % {"crisis": crisis.name},
                message=_(
                    "%(name)s ne tiendra pas ce créneau : %(shift)s.\nCalculez un nouveau plan : les autres "
                    "affectations restent en place."
                )
                % {"name": assignment.volunteer.agent.full_name, "shift": label},
                url=plan_url,
                action_needed=True,
            )
    agent_user = assignment.volunteer.agent.user
    if not by_agent and agent_user is not None:
        with in_language_of(agent_user):
            notify(
                user=agent_user,
                kind=NotificationKind.CRISIS,
                subject=_("Crise « %(crisis)s » : un créneau en moins") % {"crisis": crisis.name},
                message=_("Vous n'êtes plus attendu·e sur ce créneau : %(shift)s.") % {"shift": label},
                url=reverse("crisis:my_shifts", kwargs={"crisis_id": crisis.pk}),
            )


def my_assignments(crisis, agent):
    """The agent's shifts in the plan in force (withdrawn ones included, marked), in date order."""
    plan = plan_in_force(crisis)
    if plan is None or agent is None:
        return []
    return list(
        plan.assignments.filter(volunteer__agent=agent)
        .select_related("need", "need__unit", "need__site")
        .order_by("need__date", "need__start_time")
    )
