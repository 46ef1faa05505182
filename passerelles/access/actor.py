"""Who is acting: a user with the roles they hold, organisation by organisation.

Built once per request (cached on the user object) so that policies and scopes never query memberships
twice. Roles come from three places: explicit ``RoleMembership`` rows, the agent profile (agent role in its
organisation) and the organisation chart (manager role for whoever has active direct reports).
"""

import contextlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.apps import apps

from passerelles.access.models import Role, RoleMembership

_CACHE_ATTRIBUTE = "_passerelles_actor"
# Saves and deletes of any model in this process (``count_write``, connected in access/apps.py): what an actor
# keeps for its request is read again after a write, so a request that writes, then reads, sees its write.
_writes = [0]


def count_write(**kwargs) -> None:
    _writes[0] += 1


@dataclass(frozen=True)
class Actor:
    user: object
    agent: object | None = None
    role_orgs: dict[str, frozenset[int]] = field(default_factory=dict)
    # the networks' answers already read in this request (``network_neighbours``), never kept longer: the actor
    # lives on the request's user object
    _neighbours: dict = field(default_factory=dict, compare=False, repr=False)
    _kept: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    def org_ids(self, *roles: str) -> frozenset[int]:
        """Organisations where the actor holds any of ``roles`` (any role at all when none is given)."""
        wanted = roles or tuple(self.role_orgs)
        ids: set[int] = set()
        for role in wanted:
            ids |= self.role_orgs.get(role, frozenset())
        return frozenset(ids)

    def has_role(self, role: str, organisation=None) -> bool:
        orgs = self.role_orgs.get(role, frozenset())
        if organisation is None:
            return bool(orgs)
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        return org_id in orgs

    def network_neighbours(self, org_ids) -> frozenset[int]:
        """Every organisation sharing a network with one of ``org_ids`` (those of them in a network included).
        Read once per request and set of organisations: the scopes and policies of one page asked the same
        question three to five times (issue 21)."""
        key = frozenset(org_ids)
        if key not in self._neighbours:
            Membership = apps.get_model("organisations", "NetworkMembership")  # by name, as above
            self._neighbours[key] = (
                frozenset(
                    Membership.objects.filter(network__memberships__organisation_id__in=key).values_list(
                        "organisation_id", flat=True
                    )
                )
                if key
                else frozenset()
            )
        return self._neighbours[key]

    def kept(self, key, compute: Callable[[], object]):
        """``compute()``, read once for the request and kept on the actor until the next write of this process
        (a save or a delete of any model; a bulk ``update`` sends no signal and is not seen). For the short lists
        a page's scopes ask for again and again — the missions one hosts, one's team: a page built from ten
        queries that each carry them as subqueries spent more time composing SQL than the database answering
        it (« À faire », issue 21)."""
        generation = _writes[0]
        entry = self._kept.get(key)
        if entry is None or entry[0] != generation:
            entry = (generation, compute())
            self._kept[key] = entry
        return entry[1]

    def in_scope(self, obj) -> bool:
        """Whether ``obj`` is among what this actor may see (its model's ``for_actor`` scope), asked once per
        request: a page fetched the object through that scope (``fetched_in_scope``), then a policy asked
        the same question again (1 ms at 100,000 agents: the scope composed and run a second time)."""
        return self.kept(
            ("in-scope", obj._meta.label, obj.pk),
            lambda: type(obj).objects.for_actor(self.user).filter(pk=obj.pk).exists(),
        )

    def fetched_in_scope(self, obj) -> None:
        """``obj`` was just read through this actor's scope: ``in_scope`` knows the answer (until a write)."""
        self.kept(("in-scope", obj._meta.label, obj.pk), lambda: True)

    def partner_organisations(self, org_ids) -> frozenset[int]:
        """Organisations sharing a network with any of ``org_ids``, themselves excluded."""
        return self.network_neighbours(org_ids) - frozenset(org_ids)

    @property
    def roles(self) -> list[str]:
        """The roles held, in the order the dashboard shows them: granted roles first, then the two that
        follow from the organisation chart (what brings a person here is usually the role they were given)."""
        derived = [Role.MANAGER, Role.AGENT]
        order = [role for role in Role.values if role not in derived] + derived
        return [role for role in order if self.role_orgs.get(role)]


def build_actor(user) -> Actor:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Actor(user=user)
    Agent = apps.get_model("people", "Agent")  # by name: the access layer never imports the domain apps

    role_orgs: dict[str, set[int]] = defaultdict(set)
    for role, org_id in RoleMembership.objects.filter(user=user).values_list("role", "organisation_id"):
        role_orgs[role].add(org_id)
    agent = Agent.objects.filter(user=user, is_active=True).select_related("organisation", "unit").first()
    if agent is not None:
        role_orgs[Role.AGENT].add(agent.organisation_id)
        if Agent.objects.filter(manager=agent, is_active=True).exists():
            role_orgs[Role.MANAGER].add(agent.organisation_id)
    return Actor(user=user, agent=agent, role_orgs={role: frozenset(ids) for role, ids in role_orgs.items()})


def get_actor(user) -> Actor:
    """The actor for ``user``, computed once and kept on the user object for the rest of the request."""
    if isinstance(user, Actor):
        return user
    actor = getattr(user, _CACHE_ATTRIBUTE, None)
    if actor is None:
        actor = build_actor(user)
        if user is not None:
            with contextlib.suppress(AttributeError):  # AnonymousUser-like objects without a __dict__
                setattr(user, _CACHE_ATTRIBUTE, actor)
    return actor


def assume(account, role_orgs: dict[str, frozenset[int]]) -> None:
    """Give a non-person account (an API key's, which has no membership row) the roles it acts with for the rest
    of the request: every scope and policy then answers for it as for a person holding those roles."""
    setattr(account, _CACHE_ATTRIBUTE, Actor(user=account, role_orgs=dict(role_orgs)))
    setattr(account, _ASSUMED_ATTRIBUTE, True)


_ASSUMED_ATTRIBUTE = "_passerelles_assumed"


@contextlib.contextmanager
def read_afresh(user):
    """Inside the block, ``get_actor(user)`` builds the actor again (the request's own comes back after): what
    the block reads about the person — roles, agent, the lists ``kept`` — is then read by the block's own
    queries, which foundation/freshness.py records to know when a kept result is stale. An assumed actor (an
    API key's) has no rows to read: it is kept, without its lists."""
    before = getattr(user, _CACHE_ATTRIBUTE, None)
    if getattr(user, _ASSUMED_ATTRIBUTE, False) and before is not None:
        setattr(user, _CACHE_ATTRIBUTE, replace(before, _neighbours={}, _kept={}))
    else:
        user.__dict__.pop(_CACHE_ATTRIBUTE, None)
    try:
        yield
    finally:
        user.__dict__.pop(_CACHE_ATTRIBUTE, None)
        if before is not None:
            setattr(user, _CACHE_ATTRIBUTE, before)


def afresh(user, compute: Callable[[], object]):
    """``compute()`` inside ``read_afresh(user)``."""
    with read_afresh(user):
        return compute()
