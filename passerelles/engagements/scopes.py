"""Who sees which engagements (the actor's scope of this app)."""

import hashlib
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import MANAGER_VISIBLE_STATES, EventKind, State
from passerelles.engagements.models import Agreement, Engagement, EngagementEvent, Party
from passerelles.foundation import freshness
from passerelles.missions.models import Mission
from passerelles.people.models import Agent


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
    return qs.filter(visible(user))


def visible(user, to_engagement: str = "") -> Q:
    """``engagements``' rule as a condition through ``to_engagement`` (the path from the model queried to the
    engagement: "" on engagements, "engagement__" on agreements or check-ins). A list of another model's
    rows filtered by ``engagement__in=Engagement.objects.for_actor(user)`` has the database list every
    engagement the person sees first (for HR, most of them), once per query; this condition is checked on
    the rows the other filters kept."""
    actor = get_actor(user)
    if not actor.is_authenticated:
        return Q(pk__in=[])
    # A person's own terms (their agent record, their team, the missions they host or proposed) cover few
    # engagements: their ids are read once per request and each query checks a list of constants, instead of
    # composing those terms again (« À faire » asks a dozen questions of them: 60 ms of SQL composed for 1 ms
    # of database work). An organisation's terms (HR, signatory) stay conditions: they cover most engagements.
    # For HR, only those its organisations' terms do not already cover (the missions HR wrote are its own
    # organisation's: a list of them would be long, and say nothing more).
    org = actor.org_ids(Role.HR, Role.SIGNATORY)

    def own_ids():
        rows = Engagement.objects.filter(_own_terms(actor, user, ""))
        return (rows.exclude(_org_terms(actor, "")) if org else rows).values_list("pk", flat=True)

    ids = _kept_ids(actor, "visible", own_ids)
    if ids is None:
        return _seen(actor, user, to_engagement)
    own = Q(**{f"{to_engagement}pk__in": ids})
    if not org:
        return own
    terms = _org_terms(actor, to_engagement)
    return terms | own if ids else terms


def _seen(actor, user, e: str) -> Q:
    """``visible``'s rule, written out as a condition (see there)."""
    return _org_terms(actor, e) | _own_terms(actor, user, e)


def _q(e: str, **conditions) -> Q:
    return Q(**{f"{e}{field}": value for field, value in conditions.items()})


def _asked(e: str) -> Q:
    """Asked (from the agreements step on, or declined there): what the home manager and the signatory read."""
    return _q(e, state__in=MANAGER_VISIBLE_STATES) | _q(e, state=State.DECLINED, agreement_round__gt=0)


def _org_terms(actor, e: str) -> Q:
    """The terms of an organisation's roles: HR of either organisation, the signatory of the agent's
    organisation once asked, the host employer's signatory once asked to sign for it. Joins on the
    engagement's agent and mission: a list of a 50,000-agent organisation's agents would cost more than
    reading the engagements."""
    seen = Q(pk__in=[])
    hr = actor.org_ids(Role.HR)
    if hr:
        seen |= _q(e, mission__organisation_id__in=hr) | _q(e, agent__organisation_id__in=hr)
    signing = actor.org_ids(Role.SIGNATORY)
    if signing:
        seen |= _q(e, agent__organisation_id__in=signing) & _asked(e)
        # the host employer's authority, once asked to sign for it (a MAD, a mécénat: CGFP L512-7) — an
        # association's contact person sees its own engagements this way, and nothing else
        host_asked = Exists(
            Agreement.objects.filter(engagement=OuterRef(f"{e}pk"), party=Party.HOST_SIGNATORY)
        )
        seen |= _q(e, mission__organisation_id__in=signing) & Q(host_asked)
    return seen


def _own_terms(actor, user, e: str) -> Q:
    """A person's own terms: the missions they host, what they proposed, their own engagements and their
    team's once asked. Conditions on the engagement's own columns, so that the database answers the OR from
    its indexes instead of reading every engagement with its mission and agent."""
    # Subqueries, not the lists kept for the request: this condition is one query of its own (the list of
    # ``visible``), read once per request.
    hosted = _q(e, mission_id__in=Mission.objects.filter(hosted_missions(actor, user)).values("pk"))
    # A proposal the agent declined, or that ended unanswered because the mission closed, stays private.
    declined_proposal = Exists(
        EngagementEvent.objects.filter(
            engagement=OuterRef(f"{e}pk"),
            from_state=State.PROPOSAL,
            to_state__in=[State.WITHDRAWN, State.DECLINED],
        )
    )
    seen = hosted & ~_q(e, state=State.PROPOSAL) & ~Q(declined_proposal)
    # A host who proposed the mission themselves (issue 19) follows their own proposal, until a decline.
    proposed = EngagementEvent.objects.filter(action=EventKind.PROPOSE, by=user).values("engagement_id")
    seen |= _q(e, pk__in=proposed) & ~Q(declined_proposal)
    if actor.agent is not None:
        seen |= _q(e, agent_id=actor.agent.pk)
        seen |= _q(e, agent_id__in=Agent.objects.filter(manager_id=actor.agent.pk).values("pk")) & _asked(e)
    return seen


# Beyond this many ids, a kept list is no shorter than the subquery it replaces: the subquery is used.
SHORT = 100


def _kept_ids(actor, key: str, ids: Callable[[], QuerySet]) -> list | None:
    """The values of ``ids()`` (a ``values_list(…, flat=True)``) read once per request (``Actor.kept``), or
    None when there are more than ``SHORT``. Between requests, kept while nothing they were read from is
    written (foundation/freshness.py), under the person and the roles the query was written with: HR's own
    engagements outside its organisations' took 15 ms at 100,000 agents on SQLite, on every page."""
    shared = ":".join(
        [
            "scopes",
            key,
            str(getattr(actor.user, "pk", None)),
            _fingerprint(actor),
            freshness.this_minute(),
        ]
    )
    kept = actor.kept(
        ("engagements.scopes", key), lambda: freshness.remember(shared, lambda: list(ids()[: SHORT + 1]))
    )
    return kept if len(kept) <= SHORT else None


def _fingerprint(actor) -> str:
    roles = sorted((role, sorted(orgs)) for role, orgs in actor.role_orgs.items())
    agent = actor.agent.pk if actor.agent is not None else None
    return hashlib.sha256(repr((agent, roles)).encode()).hexdigest()[:16]


def short_ids(actor, key: str, ids: Callable[[], QuerySet]):
    """``_kept_ids``: a short list of constants, which the database checks against its index — else ``ids()``
    itself, as a subquery."""
    kept = _kept_ids(actor, key, ids)
    return kept if kept is not None else ids()


def hosted_mission_ids(actor, user):
    """The ids of the missions one hosts (``hosted_missions``): a short list, or a subquery."""
    return short_ids(
        actor,
        "hosted",
        lambda: Mission.objects.filter(hosted_missions(actor, user)).values_list("pk", flat=True),
    )


def team_ids(actor):
    """The ids of the agents whose manager is ``actor``'s agent record (none without one)."""
    if actor.agent is None:
        return []
    return short_ids(
        actor, "team", lambda: Agent.objects.filter(manager_id=actor.agent.pk).values_list("pk", flat=True)
    )


def own_agent_ids(actor, user):
    """The ids of ``user``'s agent records, the inactive ones included (a past mission under an earlier one)."""
    return short_ids(actor, "own", lambda: Agent.objects.filter(user=user).values_list("pk", flat=True))


def hosted_missions(actor, user) -> Q:
    """The missions one hosts (``policies.is_mission_host``), as a condition on missions."""
    condition = Q(created_by=user)
    if actor.agent is not None:
        condition |= Q(project_lead_id=actor.agent.pk)
    return condition


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
