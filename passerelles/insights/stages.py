"""How far an engagement went, as database conditions: the funnel's steps (no page decides them twice).

An engagement has *reached* a step when it is at that step or beyond now, or when its timeline says it was
there once (an agent who withdrew after the agreements was still agreed). « Met » also counts a rencontre that
took place and was not followed up (both sides may say no after meeting).
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from passerelles.engagements.lifecycle import EndReason, State
from passerelles.engagements.models import EngagementEvent, Meeting
from passerelles.evaluations.models import Evaluation

AFTER_MEETING = (State.AGREEMENTS, State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)
AGREED = (State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)
STARTED = (State.ACTIVE, State.ENDED, State.EVALUATED)
COMPLETED = (State.ENDED, State.EVALUATED)


def _was(states) -> Exists:
    return Exists(EngagementEvent.objects.filter(engagement=OuterRef("pk"), to_state__in=states))


def met() -> Q:
    held = Exists(
        Meeting.objects.filter(
            engagement=OuterRef("pk"), cancelled_at__isnull=True, starts_at__lte=timezone.now()
        )
    )
    return Q(state__in=AFTER_MEETING) | Q(held) | Q(_was(AFTER_MEETING))


def agreed() -> Q:
    return Q(state__in=AGREED) | Q(_was(AGREED))


def started() -> Q:
    return Q(state__in=STARTED) | Q(_was(STARTED))


def completed() -> Q:
    return Q(state__in=COMPLETED)


def evaluated() -> Q:
    return Q(state=State.EVALUATED) | Q(Exists(Evaluation.objects.filter(engagement=OuterRef("pk"))))


def ended_early() -> Q:
    """Ended before its term for a reason other than « mission accomplie »."""
    return completed() & ~Q(end_reason="") & ~Q(end_reason=EndReason.ACCOMPLISHED)
