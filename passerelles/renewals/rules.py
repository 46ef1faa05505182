"""The rules of renewals as plain functions (no database): which engagements are followed, which alert is due,
what state a nearing end is in, how long a renewal may run, and who may act.

Why: a MAD or a key loan that simply ends leaves the host « sans pilote » (Dunkerque's cadre lent to a commune
without a DGS). Both employers hear of the end 90 and 30 days before, and the list of « Échéances » says for
each one whether a renewal is under way, a hand-over note is written, or nothing yet.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State

FOLLOWED_STATES = (State.READY, State.ACTIVE)
HORIZON_DAYS = 90
THRESHOLDS = (30, 90)  # checked from the nearest: an end first seen 20 days ahead gets the 30-day alert only
RENEWAL_MAX_MONTHS = 36  # a MAD is renewable by periods of three years at most (CGFP L512-6 and following)


class DeadlineStatus(models.TextChoices):
    RENEWAL = "renewal", gettext_lazy("Renouvellement engagé")
    HANDOVER = "handover", gettext_lazy("Note de passation écrite")
    NOTHING = "nothing", gettext_lazy("Rien pour l'instant")


def is_followed(*, two_employers: bool, key_post: bool) -> bool:
    """A loan between two employers (a MAD…) or one HR marked as a key post for the host."""
    return two_employers or key_post


def due_threshold(end_date: datetime.date, today: datetime.date) -> int | None:
    """The alert due today for an end on ``end_date``: 30 within 30 days, 90 within 90 days, else none."""
    days = (end_date - today).days
    if days < 0:
        return None
    for threshold in THRESHOLDS:
        if days <= threshold:
            return threshold
    return None


def status(*, renewal_under_way: bool, has_note: bool) -> str:
    if renewal_under_way:
        return DeadlineStatus.RENEWAL
    if has_note:
        return DeadlineStatus.HANDOVER
    return DeadlineStatus.NOTHING


def renewal_period_refusal(current_end: datetime.date, new_end: datetime.date) -> str:
    """A renewal is a new period after the current end, of three years at most (« » when allowed)."""
    if new_end <= current_end:
        return _("La nouvelle date de fin doit suivre la date de fin actuelle (%(end)s).") % {
            "end": f"{current_end:%d/%m/%Y}"
        }
    limit = current_end + relativedelta(months=RENEWAL_MAX_MONTHS)
    if new_end > limit:
        return _(
            "Un renouvellement couvre trois ans au plus (CGFP art. L512-6 à L512-15, décret n° 2008-580) : "
            "choisissez une date de fin au plus tard le %(limit)s."
        ) % {"limit": f"{limit:%d/%m/%Y}"}
    return ""


def _employers(engagement) -> tuple[int, int]:
    return engagement.agent.organisation_id, engagement.mission.organisation_id


def can_act(user, engagement) -> bool:
    """The HR of either employer starts a renewal or marks a key post."""
    actor = get_actor(user)
    return any(actor.has_role(Role.HR, org) for org in _employers(engagement))


def can_write_note(user, engagement) -> bool:
    """The agent (who knows the files) and the HR of either employer write the hand-over note."""
    actor = get_actor(user)
    return can_act(user, engagement) or (actor.agent is not None and actor.agent.pk == engagement.agent_id)


def can_read(user, engagement) -> bool:
    """Those who write it, and the host who will carry on (the mission's creator and project lead)."""
    return can_write_note(user, engagement) or policies.is_mission_host(user, engagement.mission)
