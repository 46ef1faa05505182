"""The read side of engagements, always through the actor's scope.

``engagement_for`` is the one way a page reaches an engagement from its id (it was copied in six view
modules, each with its own ``select_related``): one scope, one 404 for outsiders, the relations every
engagement page reads fetched at once.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from passerelles.engagements.models import Engagement
from passerelles.missions.models import Mission

# Fetched with the engagement: its agent's side in the same query, its mission's side in a second one. One
# join of all twelve tables took PostgreSQL longer to plan than to run: 15 to 20 ms of planning for 0.6 ms of
# work on a busy machine (the seven-table half alone: 6 to 10 ms).
AGENT_SIDE = (
    "agent",
    "agent__user",
    "agent__manager",
    "agent__manager__user",
    "agent__organisation",
    "agent__unit",
)
MISSION_SIDE = ("organisation", "host_unit", "project_lead", "created_by")


def engagement_for(user, engagement_id, **conditions) -> Engagement:
    """The engagement ``user`` may see, or a 404 (as if it did not exist); ``conditions`` narrow it further."""
    return get_object_or_404(
        Engagement.objects.for_actor(user)
        .select_related(*AGENT_SIDE)
        .prefetch_related(Prefetch("mission", queryset=Mission.objects.select_related(*MISSION_SIDE))),
        pk=engagement_id,
        **conditions,
    )
