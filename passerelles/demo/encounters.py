"""Issue 19 in the demo network: mission forums and café-missions in every state.

- « Café-missions du réseau » (the network's coordinator, « reseau »): held three weeks ago for the Département
  and the Ville de Belvau; three missions pitched, agents registered and ranked, the schedule computed and sent,
  outcomes given — the demo agent (« agent ») and one host both said « je souhaite continuer », so an engagement
  was born of it at the rencontre step; others said no or nothing yet;
- « Forum des missions du Département » (« rh »): open for registration, two pitches, a few registrations with
  a host's mark;
- « Café-missions de la Ville » (« rh-ville »): a draft.

Everything goes through the real use cases (scope, ranks, solver, agendas, both yes → engagement), except the
held café's date, moved to three weeks ago once its schedule was sent (a service never creates a past event).
"""

import datetime

from django.db.models import Q

from passerelles.accounts.models import User
from passerelles.encounters import scheduling, services
from passerelles.encounters.models import Conversation, Encounter
from passerelles.encounters.rules import Kind
from passerelles.engagements.models import Engagement
from passerelles.foundation.calendar_fr import non_working_reason
from passerelles.missions.models import Mission, MissionStatus, Visibility
from passerelles.organisations.models import Network, Organisation
from passerelles.people.models import Agent

DOMAIN = "demo.passerelles.test"


def _user(slug: str) -> User | None:
    return User.objects.filter(email=f"{slug}@{DOMAIN}").first()


def _working(day: datetime.date, step: int = 1) -> datetime.date:
    """The first working day from ``day`` on (``step`` 1) or back (-1): events are held on working days."""
    while non_working_reason(day):
        day += datetime.timedelta(days=step)
    return day


def _details(title: str, kind: str, day: datetime.date, **changes) -> dict:
    values = {
        "kind": kind,
        "title": title,
        "date": day,
        "start_time": datetime.time(9, 30),
        "place": "Salle des fêtes de Belvau",
        "visio_url": "",
        "conversation_minutes": 15,
        "pause_minutes": 5,
        "rounds": 4,
        "tables": 3,
        "seats": 3 if kind == Kind.CAFE else 1,
    }
    values.update(changes)
    return values


def _missions(organisations, *, network: bool, exclude_lead=None, limit: int = 3) -> list:
    missions = Mission.objects.filter(
        status=MissionStatus.PUBLISHED, organisation__in=organisations, created_by__is_active=True
    )
    if network:
        missions = missions.filter(visibility=Visibility.NETWORK)
    else:
        missions = missions.exclude(visibility=Visibility.UNIT)
    if exclude_lead is not None:  # the demo agent: neither their own missions nor one they are already on
        missions = missions.exclude(Q(project_lead=exclude_lead) | Q(created_by=exclude_lead.user)).exclude(
            pk__in=Engagement.objects.open().filter(agent=exclude_lead).values("mission_id")
        )
    chosen, presenters = [], set()
    for mission in missions.select_related("created_by").order_by("pk"):
        if mission.created_by_id not in presenters:  # one mission per presenter keeps the demo readable
            chosen.append(mission)
            presenters.add(mission.created_by_id)
        if len(chosen) == limit:
            break
    return chosen


def _agents(organisations, *, exclude_users, first=None, limit: int = 6) -> list:
    agents = list(
        Agent.objects.filter(organisation__in=organisations, is_active=True, user__is_active=True)
        .exclude(user__in=exclude_users)
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")[:limit]
    )
    return ([first] if first is not None else []) + agents


def _pitch_all(encounter, missions) -> list:
    return [
        services.pitch_save(
            by=m.created_by,
            encounter=encounter,
            mission=m,
            text=(m.description or m.title)[:400] + " Venez en parler autour d'un café !",
        )
        for m in missions
    ]


def _register(encounter, agents, pitches) -> list:
    done = []
    for index, agent in enumerate(agents):
        eligible = [p for p in pitches if p.mission.project_lead_id != agent.pk]
        order = eligible[index % len(eligible) :] + eligible[: index % len(eligible)] if eligible else []
        ranks = {p.pk: rank for rank, p in enumerate(order[:3], start=1)}
        if ranks:
            services.registration_save(by=agent.user, encounter=encounter, ranks=ranks)
            done.append(agent)
    return done


def _held_cafe(today: datetime.date) -> None:
    coordinator, demo_agent = _user("reseau"), _user("agent")
    departement = Organisation.objects.filter(slug="departement-haute-lisiere").first()
    ville = Organisation.objects.filter(slug="ville-de-belvau").first()
    network = Network.objects.filter(memberships__organisation=departement).order_by("pk").first()
    if None in (coordinator, departement, ville, network):
        return
    agent = Agent.objects.filter(user=demo_agent).first() if demo_agent else None
    scope = [departement, ville]
    encounter = services.encounter_create(
        by=coordinator,
        network=network,
        organisations=scope,
        **_details("Café-missions du réseau", Kind.CAFE, _working(today + datetime.timedelta(days=1))),
    )
    missions = _missions(scope, network=True, exclude_lead=agent)
    if not missions:
        return
    services.encounter_invite_hosts(by=coordinator, encounter=encounter)
    pitches = _pitch_all(encounter, missions)
    services.encounter_open(by=coordinator, encounter=encounter)
    presenters = [p.presenter_id for p in pitches]
    registered = _register(encounter, _agents(scope, exclude_users=presenters, first=agent, limit=7), pitches)
    if not registered:
        return
    scheduling.schedule_compute(by=coordinator, encounter=encounter)
    scheduling.schedule_send(by=coordinator, encounter=encounter)
    past = _working(today - datetime.timedelta(days=21), -1)
    shift = datetime.datetime.combine(past, datetime.time()) - datetime.datetime.combine(
        encounter.date, datetime.time()
    )
    Encounter.objects.filter(pk=encounter.pk).update(date=past)
    for conversation in Conversation.objects.filter(encounter=encounter):
        Conversation.objects.filter(pk=conversation.pk).update(starts_at=conversation.starts_at + shift)
    encounter.refresh_from_db()
    scheduling.encounter_hold(by=coordinator, encounter=encounter)
    conversations = list(
        Conversation.objects.filter(encounter=encounter).select_related("pitch__presenter", "agent__user")
    )
    for index, conversation in enumerate(conversations):
        mine = agent is not None and conversation.agent_id == agent.pk
        if mine and not Conversation.objects.filter(
            encounter=encounter, agent=agent, engagement__isnull=False
        ):
            scheduling.conversation_answer(  # their « oui » carries their consent to a test programme
                by=conversation.agent.user, conversation=conversation, continues=True, programme_consent=True
            )
            scheduling.conversation_answer(
                by=conversation.pitch.presenter, conversation=conversation, continues=True
            )
        elif index % 3 == 0:
            scheduling.conversation_answer(
                by=conversation.agent.user, conversation=conversation, continues=False
            )
        elif index % 3 == 1:
            scheduling.conversation_answer(
                by=conversation.agent.user, conversation=conversation, continues=True, programme_consent=True
            )


def _open_forum(today: datetime.date) -> None:
    hr = _user("rh")
    departement = Organisation.objects.filter(slug="departement-haute-lisiere").first()
    if hr is None or departement is None:
        return
    encounter = services.encounter_create(
        by=hr,
        organisation=departement,
        organisations=[departement],
        **_details(
            "Forum des missions du Département", Kind.FORUM, _working(today + datetime.timedelta(days=12))
        ),
    )
    missions = _missions([departement], network=False, limit=2)
    if not missions:
        return
    services.encounter_invite_hosts(by=hr, encounter=encounter)
    pitches = _pitch_all(encounter, missions)
    services.encounter_open(by=hr, encounter=encounter)
    presenters = [p.presenter_id for p in pitches]
    registered = _register(encounter, _agents([departement], exclude_users=presenters, limit=4), pitches)
    first = pitches[0]
    wish = first.wishes.order_by("rank", "pk").first()
    if registered and wish is not None:
        services.wish_mark(by=first.presenter, wish=wish, marked=True)


def _draft(today: datetime.date) -> None:
    hr = _user("rh-ville")
    ville = Organisation.objects.filter(slug="ville-de-belvau").first()
    if hr is None or ville is None:
        return
    services.encounter_create(
        by=hr,
        organisation=ville,
        organisations=[ville],
        **_details(
            "Café-missions de la Ville",
            Kind.CAFE,
            _working(today + datetime.timedelta(days=30)),
            place="",
            visio_url="https://visio.belvau.example/cafe-missions",
        ),
    )


def create_demo_encounters(*, today: datetime.date) -> None:
    _held_cafe(today)
    _open_forum(today)
    _draft(today)
