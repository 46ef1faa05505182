"""An engagement born of a conversation at a mission forum or café-missions (issue 19, encounters app).

Why a path of its own: the conversation *was* the rencontre, and both the agent and the host said « je souhaite
continuer » after it. So the engagement starts at the ``meeting`` step with its Meeting already held (the
conversation's time, both ``*_continues=True``) and one timeline entry of its own kind (FORUM_CONVERSATION),
rather than walking interest → rencontre. From there the usual path takes over (« Passer aux accords »); the
home manager still hears of it only at the agreements step (DESIGN §1.3). A closed mission takes nobody more,
and an agent already in touch with the mission keeps their open engagement (one per agent × mission).
"""

import datetime

from django.db import transaction

from passerelles.engagements.lifecycle import EventKind, State
from passerelles.engagements.models import Engagement, Meeting
from passerelles.engagements.services.interest import _new_engagement, _refuse_if_closed
from passerelles.engagements.services.programme_consent import consent_fields


@transaction.atomic
def engagement_from_forum(
    *,
    agent,
    mission,
    by,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    visio_url: str = "",
    comment: str = "",
    programme_consent: bool = False,
) -> Engagement:
    """The engagement at the rencontre step (or the open one the agent already has with this mission).
    Raises TransitionRefused when the mission is closed, or belongs to a programme run as a test and the agent
    did not accept to take part in it (``programme_consent``, given with their « je souhaite continuer »)."""
    _refuse_if_closed(mission)
    existing = Engagement.objects.open().filter(agent=agent, mission=mission).first()
    if existing is not None:
        return existing
    engagement = _new_engagement(
        agent=agent,
        mission=mission,
        state=State.MEETING,
        message="",
        by=by,
        action=EventKind.FORUM_CONVERSATION,
        comment=comment,
        **consent_fields(mission, programme_consent),
    )
    Meeting.objects.get_or_create(
        engagement=engagement,
        defaults={
            "starts_at": starts_at,
            "duration_minutes": minutes,
            "place": place[:200],
            "visio_url": visio_url,
            "agent_continues": True,
            "host_continues": True,
            "scheduled_by": by,
        },
    )
    return engagement
