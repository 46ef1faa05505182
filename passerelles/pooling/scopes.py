"""Who sees a pooled agent's arrangement (the actor's scope of this app).

The HR of the employer and of every member organisation (they share the cost), the coordinators of the pool's
network (they arbitrate replacements), the managers of its sites (they read the schedule and ask for help),
and the agent themselves. Nobody else — another organisation's HR included — learns that it exists.
"""

from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def pools(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    hr = actor.org_ids(Role.HR)
    seen = Q(organisation_id__in=hr) | Q(members__organisation_id__in=hr)
    coordinating = actor.org_ids(Role.NETWORK_COORDINATOR)
    if coordinating:
        seen |= Q(network__memberships__organisation_id__in=coordinating)
    if actor.agent is not None:
        seen |= Q(agent_id=actor.agent.pk) | Q(sites__manager_id=actor.agent.pk)
    return qs.filter(pk__in=qs.model.objects.filter(seen).values("pk"))
