"""Who sees which engagements (the actor's scope of this app)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import MANAGER_VISIBLE_STATES, EventKind, State
from passerelles.engagements.models import Agreement, EngagementEvent, Party


def engagements(user, qs: QuerySet) -> QuerySet:
    """The agent's own; those of the missions one hosts; HR of either organisation; and the home manager's
    team and the signatory of the agent's organisation — only from the agreements step on: before it,
    exploring stays private (DESIGN §1.3); and the host employer's signatory once asked to sign for it (a
    MAD, a mécénat). Once asked, they keep reading an engagement declined at or after
    the agreements (a manager who refused still sees what they refused); one declined before never reached
    them.

    The host does not see a proposal HR made (*gré à gré*) until the agent accepts to meet, nor one the agent
    declined: « sa réponse reste privée » (docs/missions.md). A host who sent a proposal themselves sees it,
    unless declined."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    hr = actor.org_ids(Role.HR)
    hosted = Q(mission__created_by=user)
    if actor.agent is not None:
        hosted |= Q(mission__project_lead_id=actor.agent.pk)
    # A proposal the agent declined, or that ended unanswered because the mission closed, stays private.
    declined_proposal = Exists(
        EngagementEvent.objects.filter(
            engagement=OuterRef("pk"),
            from_state=State.PROPOSAL,
            to_state__in=[State.WITHDRAWN, State.DECLINED],
        )
    )
    seen = Q(mission__organisation_id__in=hr) | Q(agent__organisation_id__in=hr)
    seen |= hosted & ~Q(state=State.PROPOSAL) & ~Q(declined_proposal)
    # A host who proposed the mission themselves (issue 19) follows their own proposal, until a decline.
    proposed = Exists(
        EngagementEvent.objects.filter(engagement=OuterRef("pk"), action=EventKind.PROPOSE, by=user)
    )
    seen |= Q(proposed) & ~Q(declined_proposal)
    asked = Q(state__in=MANAGER_VISIBLE_STATES) | Q(state=State.DECLINED, agreement_round__gt=0)
    signing = actor.org_ids(Role.SIGNATORY)
    if signing:
        seen |= Q(agent__organisation_id__in=signing) & asked
        # the host employer's authority, once asked to sign for it (a MAD, a mécénat: CGFP L512-7) — an
        # association's contact person sees its own engagements this way, and nothing else
        host_asked = Exists(Agreement.objects.filter(engagement=OuterRef("pk"), party=Party.HOST_SIGNATORY))
        seen |= Q(mission__organisation_id__in=signing) & Q(host_asked)
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk)
        seen |= Q(agent__manager_id=actor.agent.pk) & asked
    return qs.filter(seen)


def organisation_engagements(user, qs: QuerySet, organisation) -> QuerySet:
    """The list of an organisation's engagements: its agents' (wherever the mission) and those on its
    missions (whoever the agent) — for its HR coordinators and its signatory (the DGS, issue 16), each within
    what they may see anyway: the signatory reads only engagements that reached the agreements step (before
    it, exploring stays private, DESIGN §1.3)."""
    actor = get_actor(user)
    if not (actor.has_role(Role.HR, organisation) or actor.has_role(Role.SIGNATORY, organisation)):
        return qs.none()
    return engagements(user, qs).filter(
        Q(agent__organisation_id=organisation.pk) | Q(mission__organisation_id=organisation.pk)
    )
