"""The read side of engagements, always through the actor's scope.

``engagement_for`` is the one way a page reaches an engagement from its id (it was copied in six view
modules, each with its own ``select_related``): one scope, one 404 for outsiders, the relations every
engagement page reads fetched at once.
"""

from django.shortcuts import get_object_or_404

from passerelles.engagements.models import Engagement

RELATED = (
    "agent",
    "agent__user",
    "agent__manager",
    "agent__manager__user",
    "agent__organisation",
    "agent__unit",
    "mission",
    "mission__organisation",
    "mission__host_unit",
    "mission__project_lead",
    "mission__created_by",
)


def engagement_for(user, engagement_id, **conditions) -> Engagement:
    """The engagement ``user`` may see, or a 404 (as if it did not exist); ``conditions`` narrow it further."""
    return get_object_or_404(
        Engagement.objects.for_actor(user).select_related(*RELATED), pk=engagement_id, **conditions
    )
