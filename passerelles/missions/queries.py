"""Read side of missions: discovery with French search and filters, always on an actor-scoped queryset.

The agent's search leads with three plain filters (issue 15, pages made for the field): « près de mon site »,
« combien de temps » and « quand ». Their values are short French words in the query string, so that a saved
search or a link sent by a colleague reads the same tomorrow; « quand » is measured from the day the search
runs, not from the day it was saved.
"""

import calendar
import datetime
import math
from dataclasses import dataclass, field

from django.db.models import DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles import boundary
from passerelles.access.actor import get_actor
from passerelles.foundation.worktime import WORKING_DAYS_PER_MONTH
from passerelles.missions import fulltext
from passerelles.missions.models import Mission, Place, Purpose, TimeShareKind
from passerelles.missions.text import terms

# « Pertinence » orders by how well the words match (missions/fulltext.py): the default when words are typed,
# unless the person chose another order; without words it is « les plus récentes ».
RELEVANCE = "pertinence"
SORTS = {
    RELEVANCE: (),
    "recent": ("-published_at", "-pk"),
    "debut": ("start_date", "pk"),
    "quotite": ("time_share_percent", "days_per_month", "pk"),
}
DURATIONS = {
    "court": (0, 92),  # up to 3 months
    "moyen": (92, 183),
    "long": (183, 10_000),
}

# « Combien de temps » : bands of days per month; a percentage is compared through its days (20 % ≈ 4.3 days).
# (lowest excluded, highest included) in days per month; None = no upper bound.
TIME_BANDS = {
    "peu": (0, 1),
    "quelques": (1, 5),
    "plus": (5, None),
}
TIME_CHOICES = [
    ("peu", _("Un jour par mois ou moins")),
    ("quelques", _("Quelques jours par mois (jusqu'à 5)")),
    ("plus", _("Plus de 5 jours par mois")),
]
# « Quand » : by the start date. « Ce mois-ci » includes missions already under way (they still take people).
WHEN_CHOICES = [
    ("ce_mois", _("Ce mois-ci")),
    ("3_mois", _("Dans les 3 mois")),
    ("plus_tard", _("Plus tard")),
]
NEAR_VALUE = "1"
# The name each query-string parameter has on the page, to say which one was not understood.
FILTER_LABELS = {
    "objet": _("Type de mission"),
    "lieu": _("Lieu"),
    "organisation": _("Employeur qui accueille"),
    "quotite_max": _("Part de votre temps, au plus"),
    "duree": _("Durée"),
    "debut_apres": _("Commence après le"),
    "tri": _("Trier par"),
    "pres": _("Près de mon site"),
    "temps": _("Combien de temps ?"),
    "quand": _("Quand ?"),
}


@dataclass
class Filters:
    """What the search page asked for; ``ignored`` names the query-string values that made no sense."""

    q: str = ""
    skill: str = ""
    purpose: str = ""
    place: str = ""
    organisation: str = ""
    max_percent: int | None = None
    duration: str = ""
    starts_after: datetime.date | None = None
    sort: str = "recent"
    sort_chosen: bool = False  # « tri » was in the query string: a chosen order beats relevance
    near: bool = False
    time: str = ""
    when: str = ""
    ignored: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params) -> "Filters":
        """Read the query string; values that make no sense are ignored (and named in ``ignored``, for the
        page to say so), never an error page. An empty value is no filter, as the form's « Tous » sends."""
        filters = cls(q=params.get("q", "").strip()[:200], skill=params.get("competence", "").strip()[:100])

        def read(name, accept):
            raw = str(params.get(name, "")).strip()
            if not raw:
                return None
            value = accept(raw)
            if value is None:
                filters.ignored.append(name)
            return value

        def among(values):
            return lambda raw: raw if raw in values else None

        filters.purpose = read("objet", among(Purpose.values)) or ""
        filters.place = read("lieu", among(Place.values)) or ""
        if organisation := read("organisation", boundary.object_id):
            filters.organisation = str(organisation)
        filters.max_percent = read("quotite_max", lambda raw: _percent(boundary.object_id(raw)))
        filters.duration = read("duree", among(DURATIONS)) or ""
        filters.starts_after = read("debut_apres", boundary.date)
        filters.sort = read("tri", among(SORTS)) or "recent"
        filters.sort_chosen = bool(params.get("tri")) and "tri" not in filters.ignored
        filters.near = bool(read("pres", among({NEAR_VALUE})))
        filters.time = read("temps", among(TIME_BANDS)) or ""
        filters.when = read("quand", among(dict(WHEN_CHOICES))) or ""
        return filters

    @property
    def has_more(self) -> bool:
        """A filter of « Plus de filtres » is in use: the folded part opens to show it."""
        return bool(
            self.skill
            or self.purpose
            or self.place
            or self.organisation
            or self.max_percent
            or self.duration
            or self.starts_after
            or self.sort not in ("recent", RELEVANCE)
        )

    @property
    def effective_sort(self) -> str:
        """The order the results follow: by relevance when words are typed and no other order was chosen."""
        if terms(self.q) and (self.sort == RELEVANCE or not self.sort_chosen):
            return RELEVANCE
        return "recent" if self.sort == RELEVANCE else self.sort


def _percent(value: int | None) -> int | None:
    return value if value is not None and value <= 100 else None


def near_sites(user) -> tuple[list, list[str]]:
    """The work sites a person counts as theirs — their own and those they said they can go to (profile) —
    and the towns of these sites. Empty when Passerelles knows none (no agent, no site)."""
    agent = get_actor(user).agent
    if agent is None:
        return [], []
    sites = [agent.site] if agent.site_id else []
    profile = getattr(agent, "profile", None)  # none until the agent fills one in
    if profile is not None:
        sites += [site for site in profile.sites.all() if site.pk != agent.site_id]
    cities = sorted({site.city.strip().lower() for site in sites if site.city.strip()})
    return sites, cities


def _near(missions: QuerySet, user) -> QuerySet:
    """On one of my sites, or on a site in the same town. Without coordinates, the town is the nearest
    notion of « near » Passerelles has; a mission without a site says nothing of where it is."""
    sites, cities = near_sites(user)
    if not sites:
        return missions
    return missions.alias(site_town=Lower(Trim("site__city"))).filter(
        Q(site__in=[site.pk for site in sites]) | Q(site_town__in=cities)
    )


def percent_for_days(days: float) -> int:
    """The largest whole percentage whose days per month stay within ``days`` (1 day → 4 %, 5 days → 23 %)."""
    return math.floor(days * 100 / WORKING_DAYS_PER_MONTH + 1e-9)


def _time_band(missions: QuerySet, band: str) -> QuerySet:
    low, high = TIME_BANDS[band]
    by_days = Q(time_share_kind=TimeShareKind.DAYS, days_per_month__gt=low)
    by_percent = Q(time_share_kind=TimeShareKind.PERCENT, time_share_percent__gt=percent_for_days(low))
    if high is not None:
        by_days &= Q(days_per_month__lte=high)
        by_percent &= Q(time_share_percent__lte=percent_for_days(high))
    return missions.filter(by_days | by_percent)


def _when(missions: QuerySet, when: str, today: datetime.date) -> QuerySet:
    end_of_month = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    in_three_months = _add_months(today, 3)
    if when == "ce_mois":
        return missions.filter(start_date__lte=end_of_month)
    if when == "3_mois":
        return missions.filter(start_date__lte=in_three_months)
    return missions.filter(start_date__gt=in_three_months)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def search(
    missions: QuerySet, filters: Filters, *, user=None, today: datetime.date | None = None
) -> QuerySet:
    """Every word of the query must match (stemmed, accent- and case-insensitive). « Près de mon site » reads
    ``user``'s sites; « quand » counts from ``today`` (the local date by default)."""
    missions = fulltext.matching(missions, filters.q, skills=filters.skill)
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
    if filters.near and user is not None:
        missions = _near(missions, user)
    if filters.time:
        missions = _time_band(missions, filters.time)
    if filters.when:
        missions = _when(missions, filters.when, today or timezone.localdate())
    order = SORTS[filters.effective_sort]
    if filters.effective_sort == RELEVANCE:
        order = ("-relevance", *SORTS["recent"])
    return (
        missions.select_related("organisation", "host_unit", "site").defer("search_vector").order_by(*order)
    )


def discoverable(user) -> QuerySet:
    return Mission.objects.for_actor(user).published()


def mission_for(user, mission_id) -> Mission:
    """The mission ``user`` may see, or a 404 (as if it did not exist): the one way a page reaches a mission
    from its id, with the relations its pages read."""
    mission = get_object_or_404(
        Mission.objects.for_actor(user).select_related(
            "organisation", "host_unit", "project_lead", "site", "created_by"
        ),
        pk=mission_id,
    )
    get_actor(user).fetched_in_scope(mission)  # the policies asking « may they see it? » need not ask again
    return mission
