"""Issue 19 in the demo network: the facilitators' pool (Gironde's « vivier d'animateurs ») and a host direction's
proposal.

- the demo agent (« agent ») and four colleagues of the Département volunteer, two of them for the network's
  coordinator too; one agent of the Ville as well (seen by « rh-ville », and by « reseau »);
- the Département's HR (« rh ») sent calls in every state: one waiting for the demo agent's answer, one accepted
  (ahead, in « À faire » for nobody yet), one declined (« indisponible »), one that took place (its 2 h in the
  passport and the dashboards), one that did not, and one that began and waits for HR's bilan;
- the Ville's host (« accueil ») proposed a published mission of the Ville to an agent of the Ville it knows,
  by their address (engagements/services/interest.py: engagement_propose_as_host).

Everything goes through the real use cases; only the dates of the past calls are moved back afterwards (the
service refuses a call in the past).
"""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.engagements.services import engagement_propose_as_host
from passerelles.facilitation import services
from passerelles.facilitation.models import FacilitationCall
from passerelles.missions.models import Mission, MissionStatus
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent

DOMAIN = "demo.passerelles.test"
TOPICS = [
    ["réunion d'équipe", "café-missions"],
    ["codéveloppement", "intelligence collective"],
    ["atelier numérique"],
    ["réunion de service", "retour d'expérience"],
    ["accueil des nouveaux arrivants"],
]


def _user(slug: str) -> User | None:
    return User.objects.filter(email=f"{slug}@{DOMAIN}").first()


def _colleagues(organisation, count: int) -> list:
    return list(
        Agent.objects.filter(
            organisation=organisation, is_active=True, user__isnull=False, user__is_active=True
        )
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")[:count]
    )


def _at(today: datetime.date, days: int, hour: int) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
    )


def _call(hr, facilitator, subject, starts_at, minutes, place="Salle du conseil, Hôtel du Département"):
    return services.call_send(
        by=hr, facilitator=facilitator, subject=subject, starts_at=starts_at, minutes=minutes, place=place
    )


def _move_back(call, starts_at) -> None:
    FacilitationCall.objects.filter(pk=call.pk).update(starts_at=starts_at)
    call.refresh_from_db()


def _pool(today: datetime.date) -> None:
    departement = Organisation.objects.filter(slug="departement-haute-lisiere").first()
    ville = Organisation.objects.filter(slug="ville-de-belvau").first()
    hr, demo_agent = _user("rh"), _user("agent")
    if departement is None or hr is None or demo_agent is None:
        return
    people = [demo_agent, *(a.user for a in _colleagues(departement, 4))]
    facilitators = [
        services.facilitator_join(
            by=user, topics=TOPICS[i % len(TOPICS)], hours_per_month=4 + 2 * i, share_with_network=i % 2 == 0
        )
        for i, user in enumerate(people)
    ]
    if ville is not None:
        for agent in _colleagues(ville, 1):
            services.facilitator_join(
                by=agent.user, topics=["café-missions", "forum des métiers"], hours_per_month=6,
                share_with_network=True,
            )  # fmt: skip
    if len(facilitators) < 5:
        return
    mine, accepted, declined, held, missed = facilitators[:5]
    # waiting for the demo agent's answer (their « À faire »)
    _call(hr, mine, "Animer la table « métiers techniques » du café-missions", _at(today, 12, 14), 120)
    ahead = _call(hr, accepted, "Séance de codéveloppement des encadrant·es", _at(today, 9, 9), 150)
    services.call_answer(by=accepted.agent.user, call=ahead, accept=True)
    no = _call(hr, declined, "Atelier numérique pour l'accueil du public", _at(today, 15, 10), 90)
    services.call_answer(by=declined.agent.user, call=no, accept=False)
    # took place three weeks ago: 2 h recognised
    done = _call(hr, held, "Réunion de rentrée du service des routes", _at(today, 3, 9), 120)
    services.call_answer(by=held.agent.user, call=done, accept=True)
    _move_back(done, _at(today, -21, 9))
    services.call_confirm(by=hr, call=done, held=True)
    # did not take place (the meeting was cancelled)
    off = _call(hr, missed, "Retour d'expérience après l'inondation", _at(today, 4, 14), 60)
    services.call_answer(by=missed.agent.user, call=off, accept=True)
    _move_back(off, _at(today, -10, 14))
    services.call_confirm(by=hr, call=off, held=False)
    # began yesterday and waits for HR's bilan (HR's « À faire »)
    waiting = _call(hr, held, "Accueil des nouveaux arrivants", _at(today, 5, 10), 60)
    services.call_answer(by=held.agent.user, call=waiting, accept=True)
    _move_back(waiting, _at(today, -1, 10))


def _host_proposal() -> None:
    """The Ville's host proposes one of the Ville's published missions to a Ville agent it knows."""
    host = _user("accueil")
    ville = Organisation.objects.filter(slug="ville-de-belvau").first()
    if host is None or ville is None:
        return
    missions = Mission.objects.filter(organisation=ville, status=MissionStatus.PUBLISHED).order_by("pk")
    candidates = _colleagues(ville, 40)[10:]
    for mission in missions[:5]:
        for agent in candidates:
            try:
                if engagement_propose_as_host(
                    mission=mission,
                    address=agent.email,
                    by=host,
                    message="Nous avons travaillé ensemble sur le forum : la mission vous irait bien.",
                ):
                    return
            except TransitionRefused:
                break


def create_demo_facilitation(*, today: datetime.date) -> None:
    _pool(today)
    _host_proposal()
