"""The agent's time cap, as a figure everyone can read before agreeing — and as the last lock before `ready`.

Why a module of its own: the cap used to appear only at the very last agreement (« Plafond dépassé » shown to
the signatory after everyone had said yes). The same computation now feeds the engagement page from the
agreements step on (« temps déjà engagé, plafond, marge ») and the final check, so both always agree.
Only shares are shown, never which other missions: the host learns a figure, not the agent's history.
"""

from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.missions.models import Mission, cap_for
from passerelles.people.models import Agent

CAPACITY_STATES = (State.READY, State.ACTIVE)
# From this step on every party sees the room left (before, the dates and share may still change freely).
SHOWN_FROM = frozenset({State.AGREEMENTS, State.READY, State.ACTIVE})


@dataclass(frozen=True)
class CapRoom:
    committed: int  # % already given to other ready/active missions overlapping these dates
    this: int  # % this engagement asks
    cap: int  # % the agent's organisation allows for this purpose

    @property
    def total(self) -> int:
        return self.committed + self.this

    @property
    def room(self) -> int:
        """What is left under the cap once this engagement counts (negative when over)."""
        return self.cap - self.total

    @property
    def over(self) -> bool:
        return self.total > self.cap


def _committed(engagement: Engagement, start, end) -> int:
    return (
        Engagement.objects.filter(
            agent_id=engagement.agent_id,
            state__in=CAPACITY_STATES,
            start_date__lte=end,
            end_date__gte=start,
        )
        .exclude(pk=engagement.pk)
        .aggregate(total=Sum("percent"))["total"]
        or 0
    )


def cap_room(engagement: Engagement, *, end_date=None) -> CapRoom:
    """The agent's share on these dates (``end_date``: an extension's new end), for the engagement page."""
    end = end_date or engagement.end_date
    return CapRoom(
        committed=_committed(engagement, engagement.start_date, end),
        this=engagement.percent,
        cap=cap_for(engagement.agent.organisation, engagement.mission.purpose),
    )


def cap_refusal(engagement: Engagement, room: CapRoom) -> str:
    return _(
        "Plafond dépassé : %(name)s consacre déjà %(others)s %% de son temps à d'autres missions sur ces dates ; "
        "avec celle-ci (%(this)s %%), le total dépasserait le plafond de %(cap)s %%."
    ) % {"name": engagement.agent.full_name, "others": room.committed, "this": room.this, "cap": room.cap}


def check_capacity(engagement: Engagement) -> None:
    """The agent's overlapping ready/active time shares stay under the cap; the mission's places are not
    over-filled. Called with the agent and mission rows locked, so concurrent attempts queue up."""
    Agent.objects.select_for_update().get(pk=engagement.agent_id)
    mission = Mission.objects.select_for_update().get(pk=engagement.mission_id)
    room = cap_room(engagement)
    if room.over:
        raise TransitionRefused(cap_refusal(engagement, room))
    filled = (
        Engagement.objects.filter(mission_id=mission.pk, state__in=CAPACITY_STATES)
        .exclude(pk=engagement.pk)
        .count()
    )
    if filled >= mission.places:
        raise TransitionRefused(
            _("Toutes les places de la mission sont prises (%(places)s).") % {"places": mission.places}
        )
