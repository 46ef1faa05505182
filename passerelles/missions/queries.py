"""Read side of missions: discovery with French search and filters, always on an actor-scoped queryset."""

import datetime
from dataclasses import dataclass

from django.db.models import DurationField, ExpressionWrapper, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from passerelles import boundary
from passerelles.missions.models import Mission, Place, Purpose
from passerelles.missions.text import terms

SORTS = {
    "recent": ("-published_at", "-pk"),
    "debut": ("start_date", "pk"),
    "quotite": ("time_share_percent", "days_per_month", "pk"),
}
DURATIONS = {
    "court": (0, 92),  # up to 3 months
    "moyen": (92, 183),
    "long": (183, 10_000),
}


@dataclass
class Filters:
    q: str = ""
    skill: str = ""
    purpose: str = ""
    place: str = ""
    organisation: str = ""
    max_percent: int | None = None
    duration: str = ""
    starts_after: datetime.date | None = None
    sort: str = "recent"

    @classmethod
    def from_query(cls, params) -> "Filters":
        """Read the query string; values that make no sense are ignored, never an error page."""
        filters = cls(q=params.get("q", "").strip()[:200], skill=params.get("competence", "").strip()[:100])
        if params.get("objet") in Purpose.values:
            filters.purpose = params["objet"]
        if params.get("lieu") in Place.values:
            filters.place = params["lieu"]
        if organisation := boundary.object_id(params.get("organisation")):
            filters.organisation = str(organisation)
        if (percent := boundary.object_id(params.get("quotite_max"))) and percent <= 100:
            filters.max_percent = percent
        if params.get("duree") in DURATIONS:
            filters.duration = params["duree"]
        filters.starts_after = boundary.date(params.get("debut_apres"))
        if params.get("tri") in SORTS:
            filters.sort = params["tri"]
        return filters


def search(missions: QuerySet, filters: Filters) -> QuerySet:
    """Every word of the query must match (stemmed, accent- and case-insensitive)."""
    for term in terms(filters.q):
        missions = missions.filter(search_index__contains=" " + term)
    for term in terms(filters.skill):
        missions = missions.filter(skills_index__contains=" " + term)
    if filters.purpose:
        missions = missions.filter(purpose=filters.purpose)
    if filters.place == Place.REMOTE:
        missions = missions.filter(place__in=[Place.REMOTE, Place.HYBRID])
    elif filters.place:
        missions = missions.filter(place=filters.place)
    if filters.organisation:
        missions = missions.filter(organisation_id=int(filters.organisation))
    if filters.max_percent:
        # days per month are compared through their percentage equivalent (1 day ≈ 4.6 %)
        max_days = filters.max_percent * 21.67 / 100
        missions = missions.filter(
            Q(time_share_percent__lte=filters.max_percent) | Q(days_per_month__lte=max_days)
        )
    if filters.starts_after:
        missions = missions.filter(start_date__gte=filters.starts_after)
    if filters.duration:
        low, high = DURATIONS[filters.duration]
        span = ExpressionWrapper(F("end_date") - F("start_date"), output_field=DurationField())
        missions = missions.annotate(span=span).filter(
            span__gte=datetime.timedelta(days=low), span__lt=datetime.timedelta(days=high)
        )
    return missions.select_related("organisation", "host_unit").order_by(*SORTS[filters.sort])


def discoverable(user) -> QuerySet:
    return Mission.objects.for_actor(user).published()


def mission_for(user, mission_id) -> Mission:
    """The mission ``user`` may see, or a 404 (as if it did not exist): the one way a page reaches a mission
    from its id, with the relations its pages read."""
    return get_object_or_404(
        Mission.objects.for_actor(user).select_related(
            "organisation", "host_unit", "project_lead", "site", "created_by"
        ),
        pk=mission_id,
    )
