"""A prolongation is a new round of agreements on a new end date, never automatic: every party is asked again,
the agent included (their agreement is needed for each renewal), and the new end date is checked against the
confirmed framework's maximum duration first (registered by the frameworks stage: ``stages.EXTENSION_LIMITS``).
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.engagements import stages
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.services.steps import _open_agreement_round, lock, note


@transaction.atomic
def engagement_request_extension(*, engagement: Engagement, by, end_date: datetime.date) -> Engagement:
    """A prolongation is never automatic: a new round of agreements on a new end date, the mission going on
    meanwhile until its current end date."""
    engagement = lock(engagement)
    if "broker" not in policies.engagement_actor_kinds(by, engagement):
        raise TransitionRefused(_("Seuls la RH et l'accueil demandent une prolongation."))
    if engagement.state != State.ACTIVE:
        raise TransitionRefused(_("Seule une mission en cours peut être prolongée."))
    if engagement.extension_end_date is not None:
        raise TransitionRefused(_("Une prolongation est déjà en cours d'accord."))
    if end_date <= engagement.end_date:
        raise TransitionRefused(
            _("La nouvelle date de fin doit suivre la date de fin actuelle (%(end)s).")
            % {"end": f"{engagement.end_date:%d/%m/%Y}"}
        )
    for limit in stages.EXTENSION_LIMITS:  # the confirmed framework's maximum duration, re-checked
        refusal = limit(engagement, end_date)
        if refusal:
            raise TransitionRefused(refusal)
    engagement.extension_end_date = end_date
    note(engagement, "request_extension", by=by, comment=f"→ {end_date:%d/%m/%Y}")
    _open_agreement_round(engagement)
    engagement.save()
    return engagement
