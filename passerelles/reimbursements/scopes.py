"""Who sees which reimbursement plans and schedule lines: the engagements the actor sees anyway
(engagements/scopes.py), between two organisations, where the actor is HR or signatory of either."""

from django.db.models import F, Q, QuerySet

from passerelles.access.actor import get_actor
from passerelles.engagements.models import Engagement
from passerelles.reimbursements.policies import READERS


def _visible(user, prefix: str) -> Q | None:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return None
    orgs = actor.org_ids(*READERS)
    if not orgs:
        return None
    engagement = f"{prefix}engagement"
    seen = Engagement.objects.for_actor(user).values("pk")
    return (
        Q(**{f"{engagement}__in": seen})
        & ~Q(**{f"{engagement}__agent__organisation_id": F(f"{engagement}__mission__organisation_id")})
        & (
            Q(**{f"{engagement}__agent__organisation_id__in": orgs})
            | Q(**{f"{engagement}__mission__organisation_id__in": orgs})
        )
    )


def plans(user, qs: QuerySet) -> QuerySet:
    condition = _visible(user, "")
    return qs.none() if condition is None else qs.filter(condition)


def lines(user, qs: QuerySet) -> QuerySet:
    condition = _visible(user, "plan__")
    return qs.none() if condition is None else qs.filter(condition)
