"""The lighter crisis path (issue 17): an engagement created by the publication of a crisis plan.

Why a path of its own, and not the lifecycle table's interest → rencontre → agreements: in a crisis the agent's
consent is their « disponible » answer (and they can withdraw at any time), HR's agreement is the publication
of the plan, and the manager is informed — or, when the crisis says so (``Crisis.manager_must_agree``), asked:
the engagement then waits at the agreements step for the manager alone (the other parties agreed through the
publication) and the usual ``engagement_decide`` takes it from there.

Each entry writes its own EngagementEvent kind (CRISIS_ASSIGNED, CRISIS_SHIFTS_CHANGED, CRISIS_RELEASED,
CRISIS_ENDED), so the timeline says what happened. The state changes go through the lifecycle table and its
single writer (``steps.move``), as Passerelles' own moves (``system``: ``crisis_released``, ``crisis_ended``,
``activate``; the agent's ``withdraw``): no button of the engagement page offers them, only the crisis services
call them, after ``crisis/rules.py`` checked the person.
"""

import datetime

from django.utils import timezone

from passerelles.engagements.lifecycle import CRISIS_STATES, EndReason, EventKind, State
from passerelles.engagements.models import Agreement, Decision, Engagement, Party
from passerelles.engagements.services.parties import required_parties
from passerelles.engagements.services.steps import move, record_event

CRISIS_OPEN_STATES = CRISIS_STATES  # the steps a crisis engagement can be at, each with its crisis moves


def _event(engagement, kind, *, by, source, comment=""):
    record_event(
        engagement,
        by=by,
        action=kind,
        from_state=source,
        to_state=engagement.state,
        comment=comment[:2000],
    )


def engagement_crisis_assign(
    *,
    agent,
    mission,
    by,
    start: datetime.date,
    end: datetime.date,
    percent: int,
    manager_must_agree: bool,
    comment: str = "",
) -> Engagement:
    """A new crisis engagement: ACTIVE when its first shift is today or past, else READY; at AGREEMENTS
    waiting for the manager alone when the crisis asks for their agreement (and the agent has one)."""
    today = timezone.localdate()
    has_manager = bool(agent.manager_id and agent.manager.user_id)
    if manager_must_agree and has_manager:
        state = State.AGREEMENTS
    else:
        state = State.ACTIVE if start <= today else State.READY
    engagement = Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=state,
        start_date=start,
        end_date=max(start, end),
        percent=max(1, min(100, percent)),
        agreement_round=1 if state == State.AGREEMENTS else 0,
    )
    _event(engagement, EventKind.CRISIS_ASSIGNED, by=by, source="", comment=comment)
    return engagement


def open_manager_round(engagement, *, by) -> None:
    """The agreements of a crisis engagement waiting for its manager: every other required party agreed
    through the publication (HR) — the manager's agreement alone is pending."""
    now = timezone.now()
    for party in required_parties(engagement):
        pending = party == Party.MANAGER
        Agreement.objects.get_or_create(
            engagement=engagement,
            round=engagement.agreement_round,
            party=party,
            defaults={
                "decision": Decision.PENDING if pending else Decision.AGREED,
                "decided_by": None if pending else by,
                "decided_at": None if pending else now,
            },
        )


def engagement_crisis_reschedule(engagement, *, by, start, end, percent, comment="") -> bool:
    """New shifts after a re-plan: the dates follow them (the start of an engagement under way stays)."""
    start = engagement.start_date if engagement.state == State.ACTIVE else start
    end = max(start, end)
    percent = max(1, min(100, percent))
    if (engagement.start_date, engagement.end_date, engagement.percent) == (start, end, percent):
        return False
    if engagement.state == State.READY and start <= timezone.localdate():
        move(engagement, action="activate", by=None, kinds={"system"})
    engagement.start_date, engagement.end_date, engagement.percent = start, end, percent
    engagement.save()
    _event(engagement, EventKind.CRISIS_SHIFTS_CHANGED, by=by, source=engagement.state, comment=comment)
    return True


def engagement_crisis_release(engagement, *, by, comment: str = "", by_agent: bool = False) -> Engagement:
    """No shift left: the agent goes back. Their own withdrawal is « s'est retiré·e »; a runner's (or a
    re-plan's) is « a libéré l'agent »."""
    comment = comment.strip()[:2000]
    if by_agent:
        move(engagement, action="withdraw", by=by, kinds={"agent"}, comment=comment)
    else:
        move(engagement, action="crisis_released", by=by, kinds={"system"}, comment=comment)
    engagement.withdraw_reason = comment
    _cancel_pending(engagement)
    engagement.save()
    return engagement


def engagement_crisis_end(engagement, *, by, comment: str = "") -> Engagement:
    """The crisis is closed: the engagement ends today (mission accomplie), whatever its step."""
    move(engagement, action="crisis_ended", by=by, kinds={"system"}, comment=comment[:2000])
    today = timezone.localdate()
    engagement.end_reason = EndReason.ACCOMPLISHED
    engagement.end_date = max(engagement.start_date, min(engagement.end_date, today))
    _cancel_pending(engagement)
    engagement.save()
    return engagement


def _cancel_pending(engagement) -> None:
    """The manager's agreement still awaited (or an extension's) has no object once the engagement is over."""
    Agreement.objects.filter(
        engagement=engagement, round=engagement.agreement_round, decision=Decision.PENDING
    ).update(decision=Decision.CANCELLED)
