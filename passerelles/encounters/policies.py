"""Who may do what with a forum or café-missions, as named predicates (views and services ask here).

- organisers: the HR of the organising organisation for its own event; the network's coordinators for a
  network's event (they chose which member organisations are invited);
- hosts: whoever leads or created a published mission of an invited organisation (that may be pitched there);
  they pitch it, and see the registered agents who wished *their* pitch, and only those;
- agents of the invited organisations register and rank; after the event, each side of a conversation says
  privately whether they wish to go on.

The home manager has no predicate here: a manager sees an event of their organisation like any member, never
who registered or who met whom (DESIGN §1.3).
"""

from django.db.models import Q

from passerelles.access import policies as access
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.encounters import rules
from passerelles.encounters.rules import Status


def can_organise_in(user, organisation) -> bool:
    return get_actor(user).has_role(Role.HR, organisation)


def can_organise_for_network(user, network) -> bool:
    return access.can_coordinate_network(user, network)


def is_organiser(user, encounter) -> bool:
    if encounter.network_id is not None:
        return access.can_coordinate_network(user, encounter.network)
    return get_actor(user).has_role(Role.HR, encounter.organisation_id)


def scope_ids(encounter) -> set[int]:
    return set(encounter.organisations.values_list("pk", flat=True))


def in_scope_agent(user, encounter):
    """The user's agent profile when it belongs to an invited organisation (else None)."""
    agent = get_actor(user).agent
    if agent is None or agent.organisation_id not in scope_ids(encounter):
        return None
    return agent


def pitchable_missions(user, encounter):
    """The published missions this user leads or created that may be pitched at this event."""
    from passerelles.missions.models import Mission, MissionStatus

    scope = scope_ids(encounter)
    missions = Mission.objects.filter(status=MissionStatus.PUBLISHED, organisation_id__in=scope).filter(
        Q(created_by_id=getattr(user, "pk", None)) | Q(project_lead__user_id=getattr(user, "pk", None))
    )
    keep = [
        m.pk
        for m in missions
        if rules.mission_may_be_pitched(visibility=m.visibility, mission_org=m.organisation_id, scope=scope)
    ]
    return missions.filter(pk__in=keep).order_by("title", "pk")


def can_pitch(user, encounter) -> bool:
    return encounter.is_pitching and pitchable_missions(user, encounter).exists()


def is_pitch_host(user, pitch) -> bool:
    """The person who pitched, and the mission's own hosts (its author and project lead)."""
    return pitch.presenter_id == getattr(user, "pk", None) or access.is_mission_host(user, pitch.mission)


def can_edit_pitch(user, pitch) -> bool:
    return pitch.encounter.is_pitching and is_pitch_host(user, pitch)


def can_register(user, encounter) -> bool:
    return encounter.status == Status.OPEN and in_scope_agent(user, encounter) is not None


def is_conversation_agent(user, conversation) -> bool:
    agent = get_actor(user).agent
    return agent is not None and agent.pk == conversation.agent_id


def can_answer(user, conversation) -> bool:
    """After the event, the agent and the host of the conversation each say whether to go on."""
    if conversation.encounter.status != Status.HELD:
        return False
    return is_conversation_agent(user, conversation) or is_pitch_host(user, conversation.pitch)
