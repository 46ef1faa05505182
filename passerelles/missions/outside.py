"""Which open missions leave the screen: on a site's or a unit's board, in the organisation's feed and widget.

A board is read by the agents of a site or a unit, so it lists what they may see on the platform. The feed
and the widget are public (an intranet, a gazette): only what the organisation chose to show outside
(``Organisation.shows_outside``), only missions open to the whole organisation, and nothing about a person (a difficult situation
is never a mission's: it lives in the agent's HR file, care/).
"""

from django.db.models import Q, QuerySet

from passerelles.missions.models import Mission, MissionStatus, Visibility

OUTSIDE_LIMIT = 50


def _open(organisation) -> QuerySet:
    return Mission.objects.filter(organisation=organisation, status=MissionStatus.PUBLISHED).select_related(
        "organisation", "host_unit", "site"
    )


def board_missions(user, organisation, *, site=None, unit=None) -> QuerySet:
    """The organisation's open missions its agents of ``site`` (or of ``unit``) may see, soonest first.

    Missions kept to one unit appear on that unit's board only: a site's board is read by every unit there.
    The requester's own scope is applied too (a manager never prints what they could not read)."""
    shown = Q(visibility__in=[Visibility.ORGANISATION, Visibility.NETWORK])
    if unit is not None:
        shown |= Q(visibility=Visibility.UNIT, host_unit=unit)
    missions = _open(organisation).filter(shown).filter(pk__in=Mission.objects.for_actor(user).values("pk"))
    return missions.order_by("start_date", "title", "pk")


def outside_missions(organisation) -> QuerySet:
    """The missions the public feed and widget show (empty unless the organisation chose to show outside)."""
    if not organisation.shows_outside:
        return Mission.objects.none()
    missions = _open(organisation).filter(visibility__in=[Visibility.ORGANISATION, Visibility.NETWORK])
    return missions.order_by("-published_at", "-pk")[:OUTSIDE_LIMIT]
