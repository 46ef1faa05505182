"""The network's read side: what the coordinator reads (curated missions, open needs, rare skills), and which
shared scheme two employers both took up (for the boussole). Each function takes the actor, or is asked by a
service that already checked the right; nothing here reaches a page unscoped.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef

from passerelles.access import policies as access_policies
from passerelles.missions.models import Mission, MissionStatus, Visibility
from passerelles.networks import rules
from passerelles.networks.models import (
    CurationKind,
    Deliberation,
    DeliberationStatus,
    MissionCuration,
    SchemeTakeUp,
)
from passerelles.organisations.models import NetworkMembership
from passerelles.people.models import Agent, ProfileTag, TagKind
from passerelles.people.models import Visibility as ProfileVisibility


def member_ids(network) -> set[int]:
    return set(NetworkMembership.objects.filter(network=network).values_list("organisation_id", flat=True))


def refused_member_ids(network) -> set[int]:
    """The members whose assembly refused the convention-cadre: not bound by it, no shared scheme applies to
    them (shared_scheme_between leaves their take-ups out the same way, in its own query)."""
    return set(
        Deliberation.objects.filter(network=network, status=DeliberationStatus.REFUSED).values_list(
            "organisation_id", flat=True
        )
    )


@dataclass(frozen=True)
class SharedTerms:
    """The scheme two employers both took up, and the limits they both accept."""

    scheme: object
    network: object
    limits: rules.Limits


def shared_scheme_between(origin_id: int, host_id: int) -> SharedTerms | None:
    """The network scheme both organisations took up (the widest of the stricter limits when several are), or
    None: what the boussole needs to offer ``dispositif_reseau`` between them."""
    if origin_id == host_id:
        return None
    take_ups = (
        SchemeTakeUp.objects.filter(
            organisation_id__in=[origin_id, host_id],
            # still a member of the scheme's network: leaving the network ends what its deliberation allowed
            scheme__network__memberships__organisation_id=F("organisation_id"),
        )
        # a member whose assembly then refused the convention-cadre is not bound by it: no scheme under it
        .exclude(
            Exists(
                Deliberation.objects.filter(
                    network_id=OuterRef("scheme__network_id"),
                    organisation_id=OuterRef("organisation_id"),
                    status=DeliberationStatus.REFUSED,
                )
            )
        )
        .select_related("scheme__network")
    )
    by_scheme: dict[int, dict] = defaultdict(dict)
    schemes = {}
    for take_up in take_ups:
        by_scheme[take_up.scheme_id][take_up.organisation_id] = rules.Limits(
            take_up.max_percent, take_up.max_months
        )
        schemes[take_up.scheme_id] = take_up.scheme
    found = []
    for scheme_id, limits in by_scheme.items():
        if len(limits) == 2:
            scheme = schemes[scheme_id]
            network = rules.Limits(scheme.max_percent, scheme.max_months)
            found.append(SharedTerms(scheme, scheme.network, rules.stricter(network, *limits.values())))
    if not found:
        return None
    return max(found, key=lambda terms: (terms.limits.max_percent, terms.limits.max_months, -terms.scheme.pk))


def curated_missions(user, network):
    """The missions the network shares (published or closed, for the whole network, by a member), each with
    the network's choice on it: scoped by missions.network_missions (the network's coordinators only)."""
    missions = list(
        Mission.objects.scoped("missions.network_missions", user, network=network)
        .select_related("organisation", "host_unit")
        .annotate(readable=Exists(Mission.objects.for_actor(user).filter(pk=OuterRef("pk"))))
        .order_by("-published_at", "-pk")
    )
    curations = {
        c.mission_id: c
        for c in MissionCuration.objects.filter(network=network, mission_id__in=[m.pk for m in missions])
    }
    for mission in missions:
        mission.curation = curations.get(mission.pk)
    featured = [m for m in missions if m.curation and m.curation.kind == CurationKind.FEATURED]
    aside = [m for m in missions if m.curation and m.curation.kind == CurationKind.SET_ASIDE]
    others = [m for m in missions if m.curation is None]
    return featured, others, aside


def open_needs(user, network) -> list[dict]:
    """The network's open needs: the members' open missions shared with the network, counted by member and by
    purpose (the mission's domain). Counts of missions only: no person is involved."""
    rows = (
        Mission.objects.scoped("missions.network_missions", user, network=network)
        .filter(status=MissionStatus.PUBLISHED, visibility=Visibility.NETWORK)
        .values("organisation__name", "purpose")
        .annotate(count=Count("pk"))
        .order_by("organisation__name", "purpose")
    )
    labels = dict(Mission._meta.get_field("purpose").choices)
    needs: dict[str, dict] = {}
    for row in rows:
        member = needs.setdefault(
            row["organisation__name"], {"member": row["organisation__name"], "rows": []}
        )
        member["rows"].append({"purpose": labels.get(row["purpose"], row["purpose"]), "count": row["count"]})
    for member in needs.values():
        member["total"] = sum(r["count"] for r in member["rows"])
    return list(needs.values())


def rare_skills(user, network) -> list[rules.RareSkill]:
    """Skills few agents of the network hold, counted ONLY from the profiles their agents opened to the network
    (people Visibility « network »); a name only where the reader may see that person's profile
    (access.policies.can_view_full_profile), the others are counted without a name."""
    members = member_ids(network)
    tags = (
        ProfileTag.objects.filter(
            kind=TagKind.SKILL,
            profile__visibility=ProfileVisibility.NETWORK,
            profile__agent__is_active=True,
            profile__agent__organisation_id__in=members,
        )
        .values_list("key", "label", "profile__agent_id", "profile__agent__organisation__name")
        .order_by("key", "profile__agent_id")
    )
    rows = list(tags)
    holders: dict[str, set[int]] = defaultdict(set)
    for key, _label, agent_id, _org in rows:
        holders[key].add(agent_id)
    # the policy is asked only for the holders of a rare skill: they are few by definition
    rare_holders = set().union(*(ids for ids in holders.values() if len(ids) <= rules.RARE_AT_MOST))
    shown = {
        agent.pk: agent.full_name
        for agent in Agent.objects.filter(pk__in=rare_holders).select_related("profile")
        if access_policies.can_view_full_profile(user, agent)
    }
    return rules.rare_skills(
        (key, label, agent_id, organisation, shown.get(agent_id))
        for key, label, agent_id, organisation in rows
    )
