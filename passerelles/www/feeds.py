"""The organisation's open missions and public stories outside the platform: an Atom feed and a small HTML
widget for its intranet and the agents' gazette (issue 15).

Public pages (no sign-in), so they say only what the organisation chose to show (``shows_outside``, else
404): missions open to the whole organisation (missions/outside.py) and stories their author agreed to
publish « publiquement ». No person is named: not the project lead, not the story's author. Every link is
absolute, built from SITE_URL (a feed reader or an intranet has no other way to know where Passerelles is).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from passerelles.foundation.colours import HEX_COLOUR
from passerelles.missions import outside
from passerelles.missions.models import Mission
from passerelles.missions.plain_words import place_in_words, time_share_in_words
from passerelles.missions.posters import mission_dates, summary
from passerelles.organisations.models import DEFAULT_THEME_COLOUR, Organisation
from passerelles.stories.models import Audience, Story, StoryStatus

STORIES_LIMIT = 10


def _absolute(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def showing_organisation(org_slug: str) -> Organisation:
    """The organisation, if it chose to show its missions outside; a 404 otherwise (as if it did not exist)."""
    return get_object_or_404(Organisation, slug=org_slug, shows_outside=True)


def public_stories(organisation) -> list[Story]:
    """Published stories of the organisation's agents, each one consented to « publiquement » by its author."""
    if not organisation.shows_outside:
        return []
    stories = Story.objects.filter(
        agent__organisation=organisation,
        status=StoryStatus.PUBLISHED,
        audience=Audience.PUBLIC,
        consent_at__isnull=False,
    )
    return list(stories.order_by("-published_at", "-pk")[:STORIES_LIMIT])


def mission_facts(mission: Mission) -> str:
    """One line a reader understands without the platform: time, dates, place, code."""
    return _("%(time)s, %(when)s. %(where)s. Code : %(code)s") % {
        "time": time_share_in_words(mission),
        "when": mission_dates(mission),
        "where": place_in_words(mission),
        "code": mission.short_code,
    }


def _when(entry):
    """When an entry went out (a row published before the date was kept falls back on its creation)."""
    return entry.published_at or entry.created_at


class OrganisationMissionsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, org_slug):
        return showing_organisation(org_slug)

    def title(self, organisation):
        return _("Missions ouvertes — %(name)s") % {"name": organisation.name}

    def subtitle(self, organisation):
        # The title names the organisation: « ses agents » reads right after it, in both languages.
        return _(
            "Les missions de micro-mobilité ouvertes à ses agents, et les récits de celles et ceux qui en ont "
            "vécu une."
        )

    def link(self, organisation):
        return _absolute("organisation_widget", org_slug=organisation.slug)

    def feed_url(self, organisation):
        return _absolute("organisation_feed", org_slug=organisation.slug)

    def feed_guid(self, organisation):
        return self.feed_url(organisation)

    def author_name(self, organisation):
        return organisation.name  # the organisation speaks, never a person

    def items(self, organisation):
        entries = [*outside.outside_missions(organisation), *public_stories(organisation)]
        return sorted(entries, key=lambda entry: (_when(entry), entry.pk), reverse=True)

    def item_title(self, item):
        if isinstance(item, Story):
            return _("Récit : %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        if isinstance(item, Story):
            return summary(item.text, 400)
        return f"{summary(item.description, 400)} — {mission_facts(item)}"

    def item_link(self, item):
        if isinstance(item, Story):
            return _absolute("story_detail", story_id=item.pk)
        return _absolute("mission_detail", mission_id=item.pk)

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return _when(item)

    def item_updateddate(self, item):
        return _when(item)


organisation_feed = login_not_required(OrganisationMissionsFeed())


@login_not_required
@require_safe
@xframe_options_exempt
def organisation_widget(request, org_slug):
    """The same content as a small page an intranet shows in a frame: the one page that may be framed, by the
    origins of settings.EMBED_FRAME_ANCESTORS (docs/missions.md)."""
    organisation = showing_organisation(org_slug)
    missions = [(mission, mission_facts(mission)) for mission in outside.outside_missions(organisation)]
    response = render(
        request,
        "missions/widget.html",
        {
            "organisation": organisation,
            "theme_colour": (
                organisation.theme_colour
                if HEX_COLOUR.match(organisation.theme_colour)
                else DEFAULT_THEME_COLOUR
            )
            .lstrip("#")
            .lower(),
            "missions": missions,
            "stories": public_stories(organisation),
            "site_url": settings.SITE_URL,
            "list_url": _absolute("mission_list"),
            "feed_url": _absolute("organisation_feed", org_slug=organisation.slug),
        },
    )
    response._csp_replace = {"frame-ancestors": list(settings.EMBED_FRAME_ANCESTORS)}
    return response


def widget_snippet(organisation) -> str:
    """The HTML an intranet editor pastes to show the widget (shown next to the switch in the settings)."""
    url = _absolute("organisation_widget", org_slug=organisation.slug)
    title = _("Missions ouvertes — %(name)s") % {"name": organisation.name}
    return (
        f'<iframe src="{url}" title="{title}" width="100%" height="480" '
        'loading="lazy" referrerpolicy="no-referrer"></iframe>'
    )
