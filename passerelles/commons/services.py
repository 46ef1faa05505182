"""Use cases of working time as a commons (issue 22, 5): adopt the allowance, give hours, twin two units, and
the counts — each refusing in French with nothing written.

A gift is counted against the giver's allowance of the gift's calendar year; giving is refused when the
organisation adopted no allowance (the deliberation opens the right) and when the gift would pass it — the
refusal names the deliberation, its rule and the balance left. The giver's manager is told, after the fact: the
deliberation gave the right, the manager keeps the team's organisation in view.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.care.services import tell
from passerelles.commons import rules
from passerelles.commons.models import SolidarityAllowance, TimeGift, Twinning
from passerelles.people.models import Agent


class Refused(Exception):
    """A use case refused, with the French sentence to show."""


def can_manage(user, organisation_id) -> bool:
    actor = get_actor(user)
    return actor.has_role(Role.HR, organisation_id) or actor.has_role(Role.ADMIN, organisation_id)


def adopt_allowance(*, by, organisation, deliberation: str, days_per_agent: int, rules_text: str):
    if not can_manage(by, organisation.pk):
        raise Refused(_("Seules la RH et l'administration de l'organisation inscrivent la délibération."))
    allowance, _created = SolidarityAllowance.objects.update_or_create(
        organisation=organisation,
        defaults={
            "deliberation": deliberation.strip(),
            "days_per_agent": days_per_agent,
            "rules": rules_text.strip(),
            "adopted_by": by,
        },
    )
    return allowance


def used_hours(agent, day: datetime.date) -> int:
    first, last = rules.year_bounds(day)
    return TimeGift.objects.filter(agent=agent, day__range=(first, last)).aggregate(n=Sum("hours"))["n"] or 0


def balance(agent, day: datetime.date) -> dict | None:
    """The agent's allowance this year: {allowance, used, left} in hours; None without a deliberation."""
    allowance = SolidarityAllowance.objects.filter(organisation_id=agent.organisation_id).first()
    if allowance is None:
        return None
    used = used_hours(agent, day)
    return {
        "allowance": allowance,
        "total": allowance.days_per_agent * rules.HOURS_PER_DAY,
        "used": used,
        "left": rules.balance_hours(allowance.days_per_agent, used),
    }


def give_time(*, by, day: datetime.date, hours: int, to_unit, project: str) -> TimeGift:
    agent = get_actor(by).agent
    if agent is None or not agent.is_active:
        raise Refused(_("Seul·e un·e agent donne de son temps."))
    if to_unit.organisation_id != agent.organisation_id:
        raise Refused(_("Choisissez un service de votre organisation."))
    if to_unit.pk == agent.unit_id:
        raise Refused(_("Un don de temps va à un autre service que le vôtre."))
    if not 1 <= hours <= rules.MAX_GIFT_HOURS:
        raise Refused(
            _("Un don de temps va d'une heure à une journée (%(max)s h).") % {"max": rules.MAX_GIFT_HOURS}
        )
    with transaction.atomic():
        # the agent's row locked: two gifts at once cannot both fit in the last hours
        Agent.objects.select_for_update().filter(pk=agent.pk).first()
        state = balance(agent, day)
        if state is None:
            raise Refused(
                _(
                    "Votre organisation n'a pas adopté de jours de solidarité : sans délibération, un don de "
                    "temps passe par une mission."
                )
            )
        if hours > state["left"]:
            allowance = state["allowance"]
            raise Refused(
                _(
                    "Ce don dépasserait vos jours de solidarité. Règle : %(rule)s — %(days)s jours par agent et par "
                    "an (%(deliberation)s). Solde %(year)s : %(left)s sur %(total)s ; ce don : %(hours)s h."
                )
                % {
                    "rule": allowance.rules,
                    "days": allowance.days_per_agent,
                    "deliberation": allowance.deliberation,
                    "year": day.year,
                    "left": rules.days_and_hours(state["left"]),
                    "total": rules.days_and_hours(state["total"]),
                    "hours": hours,
                }
            )
        gift = TimeGift.objects.create(
            organisation_id=agent.organisation_id,
            agent=agent,
            from_unit_id=agent.unit_id,
            to_unit=to_unit,
            project=project.strip(),
            day=day,
            hours=hours,
        )
    manager = agent.manager
    if manager is not None:
        tell(
            manager.user,
            subject=gettext_lazy("Un don de temps dans votre équipe"),
            message=_("%(agent)s donne %(hours)s h le %(day)s au service « %(unit)s » (jours de solidarité).")
            % {"agent": agent.full_name, "hours": hours, "day": f"{day:%d/%m/%Y}", "unit": to_unit.name},
            url=reverse("commons:team"),
        )
    return gift


def twin(*, by, organisation, unit_a, unit_b, started_on: datetime.date, note: str) -> Twinning:
    if not can_manage(by, organisation.pk):
        raise Refused(_("Seules la RH et l'administration de l'organisation jumellent deux services."))
    if unit_a.pk == unit_b.pk:
        raise Refused(_("Un jumelage unit deux services différents."))
    if {unit_a.organisation_id, unit_b.organisation_id} != {organisation.pk}:
        raise Refused(_("Les deux services sont de l'organisation."))
    a, b = sorted((unit_a, unit_b), key=lambda u: u.pk)  # one order: (A, B) and (B, A) are one twinning
    if Twinning.objects.filter(unit_a=a, unit_b=b).exists():
        raise Refused(_("Ces deux services sont déjà jumelés."))
    return Twinning.objects.create(
        organisation=organisation, unit_a=a, unit_b=b, started_on=started_on, note=note.strip(), created_by=by
    )


def twinning_counts(twinning: Twinning) -> dict:
    """What each unit gave the other since the twinning began: hours and gifts, both ways."""
    return counts_for([twinning])[twinning.pk]


def counts_for(twinnings) -> dict[int, dict]:
    """``twinning_counts`` of several twinnings in one query (a page lists up to fifty): one filtered sum and
    count per twinning and direction."""
    twinnings = list(twinnings)
    if not twinnings:
        return {}
    aggregates = {}
    for t in twinnings:
        for way, giver, helped in (
            ("a_to_b", t.unit_a_id, t.unit_b_id),
            ("b_to_a", t.unit_b_id, t.unit_a_id),
        ):
            given = Q(from_unit_id=giver, to_unit_id=helped, day__gte=t.started_on)
            aggregates[f"{way}_hours_{t.pk}"] = Sum("hours", filter=given)
            aggregates[f"{way}_gifts_{t.pk}"] = Count("pk", filter=given)
    found = TimeGift.objects.aggregate(**aggregates)
    return {
        t.pk: {
            f"{way}_{what}": found[f"{way}_{what}_{t.pk}"] or 0
            for way in ("a_to_b", "b_to_a")
            for what in ("hours", "gifts")
        }
        for t in twinnings
    }


def team_counts(manager, today: datetime.date) -> dict:
    """What a manager's team gave and received over twelve months (issue 22, 4): hours of gifts, and the
    working days of missions — its members' missions elsewhere, the missions its unit hosted."""
    from passerelles.care.structural import COUNTED_STATES, effort_days, window
    from passerelles.engagements.models import Engagement

    first, last = window(today)
    team = Agent.objects.filter(manager=manager, is_active=True).values("pk")
    gifts = TimeGift.objects.filter(day__range=(first, last))
    engagements = Engagement.objects.filter(
        state__in=COUNTED_STATES, start_date__lte=last, end_date__gte=first
    )

    def days(qs) -> int:
        rows = qs.values_list("start_date", "end_date", "percent")[:5000]
        return round(sum(effort_days(start, end, percent, today) for start, end, percent in rows))

    unit = manager.unit_id
    return {
        "given_hours": gifts.filter(agent__in=team).aggregate(n=Sum("hours"))["n"] or 0,
        "received_hours": gifts.filter(to_unit_id=unit).aggregate(n=Sum("hours"))["n"] or 0 if unit else 0,
        "given_days": days(engagements.filter(agent__in=team).exclude(mission__host_unit_id=unit)),
        "received_days": days(engagements.filter(mission__host_unit_id=unit)) if unit else 0,
        "since": first,
    }
