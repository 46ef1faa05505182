"""When a programme takes a new mission (issue 16), without the database.

« Le pire c'est quand un test reste en place »: from the day after its expiry date, a test that nobody decided
about (status « en test » or « prolongé ») takes no new mission — choosing it for a mission, submitting or
publishing a mission in it is refused — until HR records a decision (programmes/services.py). Missions already
published go on: the people in them are not dropped because a date passed. A stopped programme takes no new
mission at all; a generalised one is no longer a test and takes missions as any programme.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from passerelles.missions.models import ProgrammeStatus

UNDECIDED = (ProgrammeStatus.TEST, ProgrammeStatus.EXTENDED)


def is_expired(programme, today: datetime.date) -> bool:
    """A test past its expiry date that still waits for a decision."""
    return bool(
        programme.is_test
        and programme.status in UNDECIDED
        and programme.expires_on is not None
        and today > programme.expires_on
    )


def new_mission_refusal(programme, today: datetime.date) -> str:
    """Why ``programme`` takes no new mission today, in plain French; "" when it takes one."""
    if programme is None:
        return ""
    if programme.status == ProgrammeStatus.STOPPED:
        return _("Le programme « %(name)s » est arrêté : il ne prend plus de nouvelle mission.") % {
            "name": programme.name
        }
    if is_expired(programme, today):
        return _(
            "Le test « %(name)s » est arrivé à échéance le %(date)s : il ne prend plus de nouvelle mission "
            "tant que la RH n'a pas enregistré de décision (prolonger, généraliser ou arrêter)."
        ) % {"name": programme.name, "date": formats.date_format(programme.expires_on, "j F Y")}
    return ""


def programme_refusal(previous, programme, today: datetime.date | None = None) -> str:
    """Why a mission may not be put in ``programme`` (the mission form, saving a draft): "" when it may, or
    when the mission was already in it (``previous``, the mission as saved, None for a new one) — a draft
    already in the programme is stopped at its submission instead."""
    if programme is None:
        return ""
    if previous is not None and previous.pk and previous.programme_id == programme.pk:
        return ""
    return new_mission_refusal(programme, today or timezone.localdate())
