"""Who takes part in an engagement: the hosts, the brokers, the agreement parties and who speaks for each.

The lowest layer of the use cases: opening an agreement round, reminding, notifying all read it, and it reads
no other use case.

Two employers: HR and SIGNATORY are the origin's (the agent's organisation), HOST_HR and HOST_SIGNATORY the
host's (the mission's organisation). They are asked where the confirmed framework is an act between two
employers (a mise à disposition, a mécénat, a services convention: CGFP L512-7 wants both to sign). From then
on each employer answers for itself: the host's HR no longer speaks for the « RH » party, which is the
origin's alone. Before a framework says so (and between services of one employer), HR of either organisation
answers for « RH », as before.

The agent's acceptance of the engagement and of the pact is their agreement to the mission itself; each
renewal needs their agreement again (CGFP L512-7, décret n° 2008-580 art. 1): an extension round asks AGENT.
"""

from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role, RoleMembership
from passerelles.engagements import stages
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Party

HOST_EMPLOYER = (Party.HOST_HR, Party.HOST_SIGNATORY)
# Hosts without an HR of their own in Passerelles: their authority (and the mission's host) sign for them.
HOSTS_WITHOUT_HR = frozenset({"association", "fondation"})


def _hosts(mission) -> set:
    users = {mission.created_by}
    if mission.project_lead.user_id:
        users.add(mission.project_lead.user)
    return {u for u in users if u is not None}


def _brokers(mission) -> set:
    """Who organises rencontres for a mission: its hosts and the HR of its organisation."""
    return _hosts(mission) | set(RoleMembership.objects.users_with(Role.HR, [mission.organisation_id]))


def in_extension_round(engagement) -> bool:
    """A prolongation is being agreed: the mission goes on meanwhile, the round asks the agent too."""
    return engagement.state == State.ACTIVE and engagement.extension_end_date is not None


def required_parties(engagement, added: list[str] | None = None) -> list[str]:
    """The platform's usual parties, plus those the confirmed framework adds (the signatory of a convention,
    both employers' HR and authority of a mise à disposition…), plus the agent in an extension round.
    ``added``: the later stages' parties when the caller already has them — no query then, with the agent,
    its manager and both organisations loaded (« À faire » reads many engagements at once)."""
    parties = default_parties(engagement)
    has_manager = bool(engagement.agent.manager_id and engagement.agent.manager.user_id)
    # the frameworks stage: the parties of the confirmed framework (``added`` when the caller knows them)
    extra = [p for hook in stages.PARTIES for p in hook(engagement)] if added is None else added
    two_employers = engagement.agent.organisation_id != engagement.mission.organisation_id
    for party in extra:
        if party == Party.AGENT:  # asked below, in extension rounds only
            continue
        if party in HOST_EMPLOYER and not two_employers:  # one employer signs once
            continue
        if party == Party.HOST_HR and engagement.mission.organisation.kind in HOSTS_WITHOUT_HR:
            continue
        if party in Party.values and party not in parties and (party != Party.MANAGER or has_manager):
            parties.append(party)
    if in_extension_round(engagement):
        parties.insert(0, Party.AGENT)
    return parties


def default_parties(engagement) -> list[str]:
    parties = [Party.HOST, Party.HR]
    if engagement.agent.manager_id and engagement.agent.manager.user_id:
        parties.insert(0, Party.MANAGER)
    if engagement.agent.organisation.requires_signatory:
        parties.append(Party.SIGNATORY)
    return parties


def origin_hr_only(required) -> bool:
    """Whether « RH » is the origin employer's alone: the host employer is a party of its own."""
    return any(party in HOST_EMPLOYER for party in required)


def parties_of(user, engagement, required: list[str] | None = None) -> set[str]:
    """The agreement parties this user may speak for. ``required``: the engagement's required parties when the
    caller already has them (no query then)."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return set()
    if required is None:
        required = required_parties(engagement)
    origin, host = engagement.agent.organisation_id, engagement.mission.organisation_id
    parties = set()
    is_agent = actor.agent is not None and engagement.agent_id == actor.agent.pk
    if is_agent and in_extension_round(engagement):
        parties.add(Party.AGENT)
    if actor.agent is not None and engagement.agent.manager_id == actor.agent.pk:
        parties.add(Party.MANAGER)
    if policies.is_mission_host(user, engagement.mission):
        parties.add(Party.HOST)
    if actor.has_role(Role.HR, origin) or (actor.has_role(Role.HR, host) and not origin_hr_only(required)):
        parties.add(Party.HR)
    if actor.has_role(Role.SIGNATORY, origin):
        parties.add(Party.SIGNATORY)
    if actor.has_role(Role.HR, host):
        parties.add(Party.HOST_HR)
    if actor.has_role(Role.SIGNATORY, host):
        parties.add(Party.HOST_SIGNATORY)
    return parties


def party_users(engagement, party, required: list[str] | None = None) -> set:
    """Who may speak for a party of this engagement (whom to notify)."""
    if party == Party.AGENT:
        return {engagement.agent.user} if engagement.agent.user_id else set()
    if party == Party.MANAGER:
        manager = engagement.agent.manager
        return {manager.user} if manager and manager.user_id else set()
    if party == Party.HOST:
        return _hosts(engagement.mission)
    origin, host = engagement.agent.organisation_id, engagement.mission.organisation_id
    if party == Party.HR:
        # the origin's HR once the host employer is a party of its own; before, the mission's HR as always
        if required is None:
            required = required_parties(engagement)
        return set(RoleMembership.objects.users_with(Role.HR, [origin if origin_hr_only(required) else host]))
    role = Role.HR if party == Party.HOST_HR else Role.SIGNATORY
    org = host if party in HOST_EMPLOYER else origin
    return set(RoleMembership.objects.users_with(role, [org]))


def party_label(engagement, party: str, required: list[str]) -> str:
    """A party as the engagement page names it: with its organisation when two employers are parties, so that
    « RH » never leaves anyone wondering which one."""
    origin, host = engagement.agent.organisation, engagement.mission.organisation
    two = origin.pk != host.pk and origin_hr_only(required)
    labels = {
        Party.AGENT: _("Agent (accord sur la prolongation)"),
        Party.MANAGER: _("Encadrant·e"),
        Party.HOST: _("Accueil (porteur·se de projet)"),
        Party.HR: _("RH de l'employeur d'origine — %(org)s") % {"org": origin.name} if two else _("RH"),
        Party.SIGNATORY: _("Autorité de l'employeur d'origine — %(org)s") % {"org": origin.name}
        if origin.pk != host.pk
        else _("Signataire"),
        Party.HOST_HR: _("RH de l'employeur d'accueil — %(org)s") % {"org": host.name},
        Party.HOST_SIGNATORY: _("Autorité de l'employeur d'accueil — %(org)s") % {"org": host.name},
    }
    return str(labels.get(party, party))
