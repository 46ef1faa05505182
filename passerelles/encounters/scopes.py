"""Who sees a forum or café-missions (the actor's scope of this app).

- its organisers: the HR of the organising organisation (an organisation's own event) or the coordinators of
  the network (a network's event), at every step, drafts included;
- once registration opened: everyone holding a role in one of the invited organisations (agents, hosts, HR…);
- while it is prepared (hosts invited, registration not yet open): the hosts of the scope — whoever leads or
  created a published mission of an invited organisation — so that they can pitch.

Nobody outside the invited organisations learns that it exists. What an insider sees of it (the registrations
above all) is narrower: see ``policies`` and ``queries``.
"""

from django.apps import apps
from django.db.models import Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.access.models import Role


def encounters(user, qs: QuerySet) -> QuerySet:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return qs.none()
    seen = Q(network__isnull=True, organisation_id__in=actor.org_ids(Role.HR))
    coordinating = actor.org_ids(Role.NETWORK_COORDINATOR)
    if coordinating:
        seen |= Q(network__memberships__organisation_id__in=coordinating)
    member_of = actor.org_ids()
    if member_of:
        seen |= Q(opened_at__isnull=False, organisations__in=member_of)
    Mission = apps.get_model("missions", "Mission")
    led = Mission.objects.filter(status="published").filter(
        Q(created_by=actor.user) | Q(project_lead__user=actor.user)
    )
    seen |= Q(hosts_invited_at__isnull=False, organisations__in=led.values("organisation_id"))
    return qs.filter(pk__in=qs.model.objects.filter(seen).values("pk"))
