"""The demo's reach beyond the screen (issue 15): the Département shows its open missions outside the platform
(the Atom feed and the intranet widget are alive), with a story one of its agents chose to publish publicly;
its sites have board posters (nothing to create: they list the open missions already there)."""

from django.utils import timezone

from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.organisations.models import Organisation
from passerelles.stories.models import Audience, Story, StoryStatus

SHOWING = "departement-haute-lisiere"
STORY_TITLE = "Trois semaines ailleurs, et l'envie de recommencer"


def create_demo_reach_posters() -> None:
    organisation = Organisation.objects.get(slug=SHOWING)
    organisation.shows_outside = True
    organisation.save(update_fields=["shows_outside"])
    # An agent of the Département back from a mission: chosen by names, not by row order (the same on every
    # database).
    engagement = (
        Engagement.objects.filter(agent__organisation=organisation, state__in=[State.ENDED, State.EVALUATED])
        .select_related("agent", "mission")
        .order_by("mission__title", "agent__last_name", "agent__first_name", "agent__matricule")
        .first()
    )
    if engagement is None:
        return
    now = timezone.now()
    Story.objects.create(
        agent=engagement.agent, engagement=engagement, title=STORY_TITLE, audience=Audience.PUBLIC,
        status=StoryStatus.PUBLISHED, consent_at=now, published_at=now, written_by=engagement.agent.user,
        text="J'ai pris trois semaines pour aider une autre équipe. On m'a tout expliqué, j'ai posé des "
        "questions, j'ai servi à quelque chose. Je suis revenu·e dans mon service avec des idées. Si une "
        "affiche vous fait envie, appelez la RH : c'est simple.",
    )  # fmt: skip
