"""Template context shared by every page: the actor, the theme of their organisation, demo mode."""

from django.conf import settings
from django.urls import reverse

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.notifications.services import unread_count
from passerelles.organisations.models import DEFAULT_THEME_COLOUR, Organisation


def theme_organisation(actor) -> Organisation | None:
    """The organisation whose colours dress the page: the agent's own, else the first one with a role."""
    if actor.agent is not None:
        return actor.agent.organisation
    org_ids = sorted(actor.org_ids())
    return Organisation.objects.filter(pk=org_ids[0]).first() if org_ids else None


def engagement_lists(actor) -> list[tuple[str, str]]:
    """HR's lists of engagements in the navigation: (slug, name) of each organisation where they are HR."""
    hr_orgs = actor.org_ids(Role.HR)
    if not hr_orgs:
        return []
    return list(Organisation.objects.filter(pk__in=hr_orgs).order_by("name").values_list("slug", "name"))


def passerelles(request):
    actor = get_actor(request.user) if hasattr(request, "user") else None
    organisation = theme_organisation(actor) if actor and actor.is_authenticated else None
    colour = organisation.theme_colour if organisation else DEFAULT_THEME_COLOUR
    return {
        "actor": actor,
        "theme_organisation": organisation,
        # the colours as a stylesheet (core.views.theme_stylesheet): no inline style in any page
        "theme_stylesheet": reverse("theme_stylesheet", kwargs={"colour": colour.lstrip("#").lower()}),
        "demo_mode": settings.DEMO,
        "unread_notifications": unread_count(request.user) if actor and actor.is_authenticated else 0,
        "engagement_lists": engagement_lists(actor) if actor and actor.is_authenticated else [],
    }
