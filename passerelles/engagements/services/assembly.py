"""The assemblée délibérante informed: a step with its date, recorded by the origin employer's HR.

Why a step of its own: for a mise à disposition (décret n° 2008-580, art. 2) and a mécénat de compétences
(loi 3DS art. 209), the origin's assembly is informed beforehand. Nobody signs it, so it is no agreement; but
forgetting it makes the act irregular, so the frameworks stage makes it a condition before `ready`
(frameworks/assembly.py) and the timeline keeps who recorded it, and when.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.services.agreements import try_ready
from passerelles.engagements.services.steps import lock, note

# Before `ready` (it is a condition of it), and after, to correct a date typed wrong.
ASSEMBLY_STATES = (State.AGREEMENTS, State.READY, State.ACTIVE)


@transaction.atomic
def engagement_record_assembly(
    *, engagement: Engagement, by, informed_on: datetime.date, reference: str = ""
) -> Engagement:
    """HR of the agent's organisation records « Assemblée délibérante informée le <date> » (a date already
    passed or today) with an optional short reference (the session, the deliberation)."""
    engagement = lock(engagement)
    if not policies.can_record_assembly(by, engagement):
        raise TransitionRefused(
            _("Seule la RH de l'employeur d'origine enregistre l'information de l'assemblée délibérante.")
        )
    if engagement.state not in ASSEMBLY_STATES:
        raise TransitionRefused(
            _("L'information de l'assemblée délibérante s'enregistre à partir de l'étape des accords.")
        )
    today = timezone.localdate()
    if informed_on > today:
        raise TransitionRefused(
            _(
                "La date de l'information de l'assemblée délibérante ne peut pas être dans le futur "
                "(aujourd'hui : %(today)s) : enregistrez-la une fois la séance tenue."
            )
            % {"today": f"{today:%d/%m/%Y}"}
        )
    reference = " ".join(reference.split())[:200]  # one line: it may be printed in documents
    if (engagement.assembly_informed_on, engagement.assembly_reference) == (informed_on, reference):
        return engagement
    engagement.assembly_informed_on, engagement.assembly_reference = informed_on, reference
    comment = _("Assemblée délibérante informée le %(day)s") % {"day": f"{informed_on:%d/%m/%Y}"}
    if reference:
        comment += f" — {reference}"
    note(engagement, "assembly_informed", by=by, comment=comment)
    engagement.save()
    try_ready(engagement, by=by)  # the last condition met: the engagement may be ready now
    engagement.save()
    return engagement
