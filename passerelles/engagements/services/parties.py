"""Who takes part in an engagement: the hosts, the brokers, the agreement parties and who speaks for each.

The lowest layer of the use cases: opening an agreement round, reminding, notifying all read it, and it reads
no other use case.
"""

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role, RoleMembership
from passerelles.engagements import stages
from passerelles.engagements.models import Party


def _hosts(mission) -> set:
    users = {mission.created_by}
    if mission.project_lead.user_id:
        users.add(mission.project_lead.user)
    return {u for u in users if u is not None}


def _brokers(mission) -> set:
    """Who organises rencontres for a mission: its hosts and the HR of its organisation."""
    return _hosts(mission) | set(RoleMembership.objects.users_with(Role.HR, [mission.organisation_id]))


def required_parties(engagement, added: list[str] | None = None) -> list[str]:
    """The platform's usual parties, plus those the confirmed framework adds (e.g. the signatory of a
    convention). The agent's own agreement is their acceptance of the engagement and of the pact.
    ``added``: the later stages' parties when the caller already has them — no query then, with the agent,
    its manager and its organisation loaded (« À faire » reads many engagements at once)."""
    parties = default_parties(engagement)
    has_manager = bool(engagement.agent.manager_id and engagement.agent.manager.user_id)
    # the frameworks stage: the parties of the confirmed framework (``added`` when the caller knows them)
    extra = [p for hook in stages.PARTIES for p in hook(engagement)] if added is None else added
    for party in extra:
        if party == Party.AGENT:  # their acceptance of the engagement and of the pact is their agreement
            continue
        if party in Party.values and party not in parties and (party != Party.MANAGER or has_manager):
            parties.append(party)
    return parties


def default_parties(engagement) -> list[str]:
    parties = [Party.HOST, Party.HR]
    if engagement.agent.manager_id and engagement.agent.manager.user_id:
        parties.insert(0, Party.MANAGER)
    if engagement.agent.organisation.requires_signatory:
        parties.append(Party.SIGNATORY)
    return parties


def parties_of(user, engagement) -> set[str]:
    """The agreement parties this user may speak for."""
    actor = get_actor(user)
    parties = set()
    if actor.agent is not None and engagement.agent.manager_id == actor.agent.pk:
        parties.add(Party.MANAGER)
    if policies.is_mission_host(user, engagement.mission):
        parties.add(Party.HOST)
    if actor.has_role(Role.HR, engagement.mission.organisation_id) or actor.has_role(
        Role.HR, engagement.agent.organisation_id
    ):
        parties.add(Party.HR)
    if actor.has_role(Role.SIGNATORY, engagement.agent.organisation_id):
        parties.add(Party.SIGNATORY)
    return parties


def party_users(engagement, party) -> set:
    """Who may speak for a party of this engagement (whom to notify)."""
    if party == "agent":
        return {engagement.agent.user} if engagement.agent.user_id else set()
    if party == Party.MANAGER:
        manager = engagement.agent.manager
        return {manager.user} if manager and manager.user_id else set()
    if party == Party.HOST:
        return _hosts(engagement.mission)
    role = Role.HR if party == Party.HR else Role.SIGNATORY
    org = engagement.mission.organisation_id if party == Party.HR else engagement.agent.organisation_id
    return set(RoleMembership.objects.users_with(role, [org]))
