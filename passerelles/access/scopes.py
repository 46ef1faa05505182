"""Actor-scoped querysets: the only way data reaches a user.

Each ``Model.objects.for_actor(user)`` delegates here, so that the answer to "what may this person see?"
is written once. Tenancy first: nothing of an organisation is visible from another one, except the names of
partner organisations in a shared network (needed to offer missions across the network).
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.access.policies import partner_organisations


def organisations(user, qs: QuerySet) -> QuerySet:
    """Own organisations, and the organisations of the networks they belong to."""
    from passerelles.organisations.models import NetworkMembership

    actor = get_actor(user)
    own = actor.org_ids()
    if not own:
        return qs.none()
    partners = NetworkMembership.objects.filter(network__memberships__organisation_id__in=own).values(
        "organisation_id"
    )
    return qs.filter(Q(pk__in=own) | Q(pk__in=partners))


def networks(user, qs: QuerySet) -> QuerySet:
    """Networks one of the actor's organisations is a member of."""
    own = get_actor(user).org_ids()
    if not own:
        return qs.none()
    return qs.filter(memberships__organisation_id__in=own).distinct()


def units(user, qs: QuerySet) -> QuerySet:
    """The organisation chart of the actor's own organisations (not of partners)."""
    own = get_actor(user).org_ids()
    return qs.filter(organisation_id__in=own) if own else qs.none()


def agents(user, qs: QuerySet) -> QuerySet:
    """Oneself; one's direct reports (managers); everyone of the organisation for its HR and admins.

    Managers see their own team only, never a directory: exploring missions stays private to the agent
    and HR (DESIGN §1.3).
    """
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    condition = Q(organisation_id__in=actor.org_ids(Role.HR, Role.ADMIN))
    # HR of a partner organisation sees the agents who opened their profile to the network (their consent).
    from passerelles.people.models import Visibility

    condition |= Q(
        organisation_id__in=partner_organisations(actor.org_ids(Role.HR)),
        profile__visibility=Visibility.NETWORK,
        is_active=True,
    )
    if actor.agent is not None:
        condition |= Q(pk=actor.agent.pk) | Q(
            manager_id=actor.agent.pk, organisation_id=actor.agent.organisation_id
        )
    return qs.filter(condition)


def _network_partner_ids(org_ids) -> set[int]:
    from passerelles.organisations.models import NetworkMembership

    return set(
        NetworkMembership.objects.filter(network__memberships__organisation_id__in=org_ids).values_list(
            "organisation_id", flat=True
        )
    )


def missions(user, qs: QuerySet) -> QuerySet:
    """Published missions within their visibility (unit, organisation, network); every status for their
    author, their project lead and the HR of their organisation."""
    from passerelles.missions.models import MissionStatus, Visibility

    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    own = actor.org_ids()
    published = Q(status=MissionStatus.PUBLISHED)
    seen = published & Q(visibility=Visibility.ORGANISATION, organisation_id__in=own)
    seen |= published & Q(
        visibility=Visibility.NETWORK, organisation_id__in=_network_partner_ids(own) | set(own)
    )
    if actor.agent is not None and actor.agent.unit_id:
        seen |= published & Q(visibility=Visibility.UNIT, host_unit_id=actor.agent.unit_id)
    seen |= Q(created_by=user) | Q(organisation_id__in=actor.org_ids(Role.HR))
    if actor.agent is not None:
        seen |= Q(project_lead_id=actor.agent.pk)
    return qs.filter(seen)


def engagements(user, qs: QuerySet) -> QuerySet:
    """The agent's own; those of the missions one hosts; HR of either organisation; and the home manager's
    team and the signatory of the agent's organisation — only from the agreements step on: before it,
    exploring stays private (DESIGN §1.3).

    The host does not see a proposal HR made (*gré à gré*) until the agent accepts to meet, nor one the agent
    declined: « sa réponse reste privée » (docs/missions.md)."""
    from django.db.models import Exists, OuterRef

    from passerelles.engagements.lifecycle import MANAGER_VISIBLE_STATES, State
    from passerelles.engagements.models import EngagementEvent

    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    hr = actor.org_ids(Role.HR)
    hosted = Q(mission__created_by=user)
    if actor.agent is not None:
        hosted |= Q(mission__project_lead_id=actor.agent.pk)
    declined_proposal = Exists(
        EngagementEvent.objects.filter(
            engagement=OuterRef("pk"), action="withdraw", from_state=State.PROPOSAL
        )
    )
    seen = Q(mission__organisation_id__in=hr) | Q(agent__organisation_id__in=hr)
    seen |= hosted & ~Q(state=State.PROPOSAL) & ~Q(declined_proposal)
    signing = actor.org_ids(Role.SIGNATORY)
    if signing:
        seen |= Q(agent__organisation_id__in=signing, state__in=MANAGER_VISIBLE_STATES)
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk)
        seen |= Q(agent__manager_id=actor.agent.pk, state__in=MANAGER_VISIBLE_STATES)
    return qs.filter(seen)


def owned(user, qs: QuerySet) -> QuerySet:
    """Personal things (bookmarks, saved searches, notifications): their owner only."""
    return qs.filter(user=user) if get_actor(user).is_authenticated else qs.none()


def agent_imports(user, qs: QuerySet) -> QuerySet:
    """SIRH imports: the HR coordinators and administrators of the organisation."""
    orgs = get_actor(user).org_ids(Role.HR, Role.ADMIN)
    return qs.filter(organisation_id__in=orgs) if orgs else qs.none()


def pool(user, qs: QuerySet) -> QuerySet:
    """The « vivier »: the active agents whose profile HR may browse, as each agent chose. Never those who
    chose « personne »; partners' agents only if they opened their profile to the network."""
    from passerelles.people.models import Visibility

    actor = get_actor(user)
    hr = actor.org_ids(Role.HR)
    if not hr:
        return qs.none()
    own = Q(organisation_id__in=hr, profile__visibility__in=[Visibility.HR, Visibility.NETWORK])
    partners = Q(organisation_id__in=partner_organisations(hr), profile__visibility=Visibility.NETWORK)
    return qs.filter(own | partners, is_active=True)


def erasure_requests(user, qs: QuerySet) -> QuerySet:
    """Erasure requests: the agent's own, and those of the organisation for its HR."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    condition = Q(agent__organisation_id__in=actor.org_ids(Role.HR))
    if actor.agent is not None:
        condition |= Q(agent_id=actor.agent.pk)
    return qs.filter(condition)


def stories(user, qs: QuerySet) -> QuerySet:
    """Published stories as their author chose (organisation, network, public — anyone, even signed out);
    drafts and withdrawn ones only for the agent and the HR of the agent's organisation."""
    from passerelles.stories.models import Audience, StoryStatus

    published = Q(status=StoryStatus.PUBLISHED)
    seen = published & Q(audience=Audience.PUBLIC)
    actor = get_actor(user)
    if actor.is_authenticated:
        own = set(actor.org_ids())
        if actor.agent is not None:
            own.add(actor.agent.organisation_id)
        seen |= published & Q(audience=Audience.ORGANISATION, agent__organisation_id__in=own)
        seen |= published & Q(
            audience=Audience.NETWORK, agent__organisation_id__in=_network_partner_ids(own) | own
        )
        if actor.agent is not None:
            seen |= Q(agent_id=actor.agent.pk)
        seen |= Q(agent__organisation_id__in=actor.org_ids(Role.HR))
    return qs.filter(seen).exclude(
        ~Q(agent_id=getattr(actor.agent, "pk", None)), status=StoryStatus.WITHDRAWN
    )


def outbox_messages(user, qs: QuerySet) -> QuerySet:
    """The outgoing messages of the organisations the actor administers (platform operators use the Django
    admin, which sees everything)."""
    own = get_actor(user).org_ids(Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()


def invitations(user, qs: QuerySet) -> QuerySet:
    """The invitations of the organisations where the actor is an HR coordinator or an administrator."""
    own = get_actor(user).org_ids(Role.HR, Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()


def role_memberships(user, qs: QuerySet) -> QuerySet:
    """The roles given in the organisations the actor administers."""
    own = get_actor(user).org_ids(Role.ADMIN)
    return qs.filter(organisation_id__in=own) if own else qs.none()
