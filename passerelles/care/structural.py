"""A unit that keeps relying on reinforcement missions (issue 22, 3): a structural need, not a micro-mobility.

The seeds warn that micro-missions « ne peuvent pas venir compenser de manière systématique et pérenne le manque
de moyens, au risque d'être vectrices de nouveaux risques psycho-sociaux ». So the HR and the DGS (the
organisation's signatories) are told when one of the organisation's units hosted, over the last twelve months,
``MISSIONS`` reinforcement missions or more (purpose « Renfort ponctuel », under way or done), or
``DAYS`` cumulated working days given by such engagements (calendar days inside the window, five in seven, at
each engagement's time share) — with the history, so the conversation is about a post, not about the next
reinforcement. Crisis missions are left out: a crisis is, by definition, not the ordinary need.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.models import Engagement
from passerelles.missions.models import Purpose
from passerelles.organisations.models import Organisation

WINDOW_DAYS = 365
MISSIONS = 3
DAYS = 60  # working days given in twelve months: about a quarter of a full-time post
ROWS_READ = 20_000
# An engagement counts once it was agreed: from « prêt » to evaluated.
COUNTED_STATES = ("ready", "active", "ended", "evaluated")


@dataclass(frozen=True)
class Reliance:
    unit_id: int
    unit: str
    organisation_id: int
    missions: int
    days: int

    @property
    def reasons(self) -> list[str]:
        return [
            reason
            for reason, over in (("missions", self.missions >= MISSIONS), ("days", self.days >= DAYS))
            if over
        ]


def window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=WINDOW_DAYS - 1), today


def engagements_in_window(organisation_ids, today: datetime.date):
    """The reinforcement engagements hosted by these organisations that overlap the last twelve months."""
    start, end = window(today)
    return Engagement.objects.filter(
        mission__organisation_id__in=organisation_ids,
        mission__purpose=Purpose.RENFORT,
        state__in=COUNTED_STATES,
        start_date__lte=end,
        end_date__gte=start,
    )


def effort_days(
    start: datetime.date, end: datetime.date, percent: int, today: datetime.date, *, whole: bool = False
) -> float:
    """The working days an engagement gave inside the window (or in all, ``whole``): its calendar days, five
    in seven worked, at its time share (a day a week for three months is some thirteen days, not ninety)."""
    first, last = (start, end) if whole else window(today)
    days = (min(end, last) - max(start, first)).days + 1
    return max(days, 0) * 5 / 7 * percent / 100


def relying_units(organisation_ids, today: datetime.date) -> list[Reliance]:
    """The units over either threshold, the most relying first. One read of the window's reinforcement
    engagements (a few hundred a year even for a large organisation; bounded)."""
    if not organisation_ids:
        return []
    rows = (
        engagements_in_window(organisation_ids, today)
        .values_list(
            "mission__host_unit_id",
            "mission__host_unit__name",
            "mission__organisation_id",
            "mission_id",
            "start_date",
            "end_date",
            "percent",
        )
        .order_by()[:ROWS_READ]
    )
    units: dict[int, dict] = {}
    for unit_id, name, organisation_id, mission_id, start, end, percent in rows:
        unit = units.setdefault(
            unit_id, {"name": name, "org": organisation_id, "missions": set(), "days": 0.0}
        )
        unit["missions"].add(mission_id)
        unit["days"] += effort_days(start, end, percent or 0, today)
    found = [
        Reliance(unit_id, u["name"], u["org"], len(u["missions"]), round(u["days"]))
        for unit_id, u in units.items()
    ]
    return sorted((r for r in found if r.reasons), key=lambda r: (-r.missions, -r.days, r.unit))


def history(unit_id: int, today: datetime.date, *, months: int = 24):
    """A unit's reinforcement missions of the last two years, for the conversation: newest first."""
    since = today - datetime.timedelta(days=months * 31)
    return (
        Engagement.objects.filter(
            Q(end_date__gte=since),
            mission__host_unit_id=unit_id,
            mission__purpose=Purpose.RENFORT,
            state__in=COUNTED_STATES,
        )
        .select_related("mission")
        .order_by("-start_date", "-pk")
    )


def todo_group(user, today: datetime.date) -> tuple[str, str, list[tuple[str, str]]]:
    """« À faire » for the HR and the DGS: each relying unit of their organisations, one grouped query."""
    actor = get_actor(user)
    org_ids = actor.org_ids(Role.HR) | actor.org_ids(Role.SIGNATORY)
    units = relying_units(org_ids, today)[:20]
    slugs = dict(
        Organisation.objects.filter(pk__in={u.organisation_id for u in units}).values_list("pk", "slug")
    )
    items = [
        (
            ngettext(
                "%(unit)s — %(missions)s mission de renfort, %(days)s jours de travail en douze mois",
                "%(unit)s — %(missions)s missions de renfort, %(days)s jours de travail en douze mois",
                unit.missions,
            )
            % {"unit": unit.unit, "missions": unit.missions, "days": unit.days},
            reverse("care:structural_needs", kwargs={"org_slug": slugs[unit.organisation_id]})
            + f"#unit-{unit.unit_id}",
        )
        for unit in units
    ]
    return ("structural_needs", _("Renforts récurrents : un besoin structurel ?"), items)
