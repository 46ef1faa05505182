"""Issue 19 in the demo network: coups de main and immersions in every state, and one return programme.

In the Département: the demo « agent » gave a coup de main last month (agreed, its lettre ready, in the passport
and the dashboards), has one waiting for « encadrant » and the host service, a host's proposal waiting for
their own answer (« encadrant » hears nothing of it yet), one declined by the manager and one cancelled; an
immersion agreed (« encadrant » informed), one asked and one declined; a return programme built by « rh »,
accepted, with one immersion agreed and one waiting for its host. In the Ville, « accueil » has a coup de main
and an immersion to answer for the Médiathèque.

Everything goes through the real use cases, except what happened in the past (the use cases refuse past
days): last month's coup de main and immersion are written as they would stand.
"""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.foundation.calendar_fr import is_working_day
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent
from passerelles.smallhelp import immersions, services
from passerelles.smallhelp.models import HalfDay, Immersion, LightHelp
from passerelles.smallhelp.rules import HelpState, ImmersionState, Party

DOMAIN = "demo.passerelles.test"


def _user(slug: str) -> User | None:
    return User.objects.filter(email=f"{slug}@{DOMAIN}").first()


def _working_days(start: datetime.date, count: int) -> list[datetime.date]:
    days, day = [], start
    while len(days) < count:
        if is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _host_in(organisation, *, besides) -> Agent | None:
    """A manager with an account in another unit than ``besides`` (who speaks for that unit)."""
    return (
        Agent.objects.filter(
            organisation=organisation,
            is_active=True,
            user__isnull=False,
            reports__isnull=False,
            unit__isnull=False,
        )
        .exclude(unit_id__in=[a.unit_id for a in besides])
        .exclude(pk__in=[a.pk for a in besides])
        .distinct()
        .order_by("pk")
        .first()
    )


def _past(agent, host, today) -> None:
    """Last month: a coup de main of two half-days and an immersion, agreed (written as they stand)."""
    first = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    days = _working_days(first + datetime.timedelta(days=7), 2)
    moment = timezone.now() - datetime.timedelta(days=(today - first).days)
    help = LightHelp.objects.create(
        organisation=agent.organisation,
        agent=agent,
        manager=agent.manager,
        host_unit=host.unit,
        purpose="Renfort pour l'inventaire de fin d'année",
        initiated_by=Party.AGENT,
        created_by=agent.user,
        state=HelpState.AGREED,
        agent_agreed_at=moment,
        manager_agreed_at=moment,
        manager_agreed_by=agent.manager.user if agent.manager and agent.manager.user_id else None,
        host_agreed_at=moment,
        host_agreed_by=host.user,
        closed_at=moment,
    )
    HalfDay.objects.bulk_create([HalfDay(help=help, date=day, period="am") for day in days])
    Immersion.objects.create(
        organisation=agent.organisation,
        agent=agent,
        host_unit=host.unit,
        date=_working_days(days[-1] + datetime.timedelta(days=7), 1)[0],
        length="day",
        reason="discovery",
        details="Découvrir le métier de l'équipe",
        state=ImmersionState.AGREED,
        created_by=agent.user,
        decided_by=host.user,
        decided_at=moment,
    )


def create_demo_small_help(*, today: datetime.date) -> None:
    departement = Organisation.objects.get(slug="departement-haute-lisiere")
    agent_user, manager_user, hr_user = _user("agent"), _user("encadrant"), _user("rh")
    agent = getattr(agent_user, "agent", None)
    if agent is None or agent.manager is None or hr_user is None:
        return
    host = _host_in(departement, besides=[agent, agent.manager])
    other = _host_in(departement, besides=[agent, agent.manager, host]) if host else None
    if host is None or other is None:
        return
    _past(agent, host, today)
    days = _working_days(today + datetime.timedelta(days=14), 6)
    # waiting for « encadrant » and the host service
    services.help_ask(
        by=agent_user,
        host_unit=host.unit,
        half_days=[(days[0], "am"), (days[0], "pm")],
        purpose="Aide à l'accueil du public pendant les inscriptions",
    )
    # a host's proposal waiting for the agent's answer (the manager hears nothing of it yet)
    services.help_propose(
        by=other.user,
        host_unit=other.unit,
        identifier=agent.email or agent_user.email,
        half_days=[(days[2], "pm")],
        purpose="Coup de main pour le déménagement des archives",
    )
    declined = services.help_ask(
        by=agent_user,
        host_unit=other.unit,
        half_days=[(days[3], "am")],
        purpose="Renfort ponctuel au courrier",
    )
    services.help_decline(help=declined, by=manager_user, reason="Semaine de formation de l'équipe.")
    cancelled = services.help_ask(
        by=agent_user, host_unit=other.unit, half_days=[(days[4], "pm")], purpose="Préparation d'un forum"
    )
    services.help_cancel(help=cancelled, by=agent_user)
    # immersions: agreed (the manager informed), asked, declined
    agreed = immersions.immersion_ask(
        by=agent_user,
        host_unit=other.unit,
        date=days[1],
        length="am",
        reason="project",
        details="Voir le métier",
    )
    immersions.immersion_decide(immersion=agreed, by=other.user, agree=True)
    immersions.immersion_ask(
        by=agent_user, host_unit=host.unit, date=days[5], length="day", reason="discovery"
    )
    refused = immersions.immersion_ask(
        by=agent_user, host_unit=host.unit, date=days[4], length="pm", reason="other", details="Curiosité"
    )
    immersions.immersion_decide(
        immersion=refused, by=host.user, agree=False, reason="Service fermé ce jour-là"
    )
    # a return programme: accepted by the agent, one stop agreed, one waiting for its host
    returning = (
        Agent.objects.filter(
            organisation=departement, is_active=True, user__isnull=False, manager__isnull=False
        )
        .exclude(pk__in=[agent.pk, host.pk, other.pk, agent.manager_id])
        .exclude(unit_id__in=[host.unit_id, other.unit_id])
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .first()
    )
    if returning is not None:
        later = _working_days(today + datetime.timedelta(days=21), 2)
        programme = immersions.programme_create(
            by=hr_user,
            agent=returning,
            reason="long_absence",
            note="Deux journées pour retrouver les services avant votre reprise.",
            stops=[(host.unit, later[0], "day"), (other.unit, later[1], "am")],
        )
        immersions.programme_answer(programme=programme, by=returning.user, accept=True)
        first = programme.immersions.get(host_unit=host.unit)
        immersions.immersion_decide(immersion=first, by=host.user, agree=True)
    _ville(today)


def _ville(today: datetime.date) -> None:
    """« accueil » (the Médiathèque) has a coup de main and an immersion to answer."""
    host_user = _user("accueil")
    host = getattr(host_user, "agent", None)
    if host is None or host.unit_id is None:
        return
    asker = (
        Agent.objects.filter(organisation=host.organisation, is_active=True, user__isnull=False)
        .exclude(unit=host.unit)
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .first()
    )
    if asker is None:
        return
    days = _working_days(today + datetime.timedelta(days=10), 2)
    services.help_ask(
        by=asker.user,
        host_unit=host.unit,
        half_days=[(days[0], "pm")],
        purpose="Renfort pour l'heure du conte",
    )
    immersions.immersion_ask(by=asker.user, host_unit=host.unit, date=days[1], length="day", reason="project")
