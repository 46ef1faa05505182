"""What a dashboard or a programme review counts: which organisations, which period, which programme.

Built by the views from a validated form (insights/forms.py) or by a programme's review; the measures and the
breakdowns take it and nothing else, so that every figure of a page answers the same question.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from passerelles.people.models import Agent


@dataclass(frozen=True)
class Scope:
    # The organisations counted: an organisation's dashboard holds one, the network's the members that share
    # their figures. None: no organisation filter (a programme's review counts its own missions, wherever
    # its participants come from).
    organisation_ids: tuple[int, ...] | None
    start: datetime.date | None = None  # inclusive; None: since the beginning
    end: datetime.date | None = None  # inclusive; None: up to today
    programme_id: int | None = None
    # The network's dashboard: an engagement counts only when both its organisations are in the scope (the
    # agent's and the host's), so that a member that does not share is never counted through another.
    both_sides: bool = False

    def mission_filter(self, prefix: str = "") -> Q:
        """Missions of the scope: hosted by one of its organisations, in its programme."""
        q = Q()
        if self.organisation_ids is not None:
            q &= Q(**{f"{prefix}organisation_id__in": self.organisation_ids})
        if self.programme_id is not None:
            q &= Q(**{f"{prefix}programme_id": self.programme_id})
        return q

    def engagement_filter(self) -> Q:
        """Engagements of the scope: the agent comes from one of its organisations or the mission is hosted by
        one (days given and days received), in its programme."""
        q = Q()
        if self.organisation_ids is not None:
            # the organisations' agents as one set read once: joining every engagement to the agents makes the
            # database read all 100,000 of them (half of a dashboard's time)
            agents = Agent.objects.filter(organisation_id__in=self.organisation_ids).values("pk")
            agent_side = Q(agent_id__in=agents)
            host_side = Q(mission__organisation_id__in=self.organisation_ids)
            q &= (agent_side & host_side) if self.both_sides else (agent_side | host_side)
        if self.programme_id is not None:
            q &= Q(mission__programme_id=self.programme_id)
        return q

    def within(self, field: str) -> Q:
        """``field`` (a date or a date-time) falls in the period. A date-time is compared with the period's first
        and last local midnights rather than by its local date: the same rows, without converting every row's
        date-time to the local zone (and an index on it can serve)."""
        q = Q()
        moment = field == "at" or field.endswith("_at")
        if self.start is not None:
            q &= Q(**{f"{field}__gte": _midnight(self.start) if moment else self.start})
        if self.end is not None:
            if moment:
                q &= Q(**{f"{field}__lt": _midnight(self.end + datetime.timedelta(days=1))})
            else:
                q &= Q(**{f"{field}__lte": self.end})
        return q

    def overlaps(self, start_field: str = "start_date", end_field: str = "end_date") -> Q:
        """An interval [start_field, end_field] meets the period."""
        q = Q()
        if self.end is not None:
            q &= Q(**{f"{start_field}__lte": self.end})
        if self.start is not None:
            q &= Q(**{f"{end_field}__gte": self.start})
        return q


def _midnight(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the local zone (daylight saving time included)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
