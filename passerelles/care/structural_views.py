"""The page of the units relying on reinforcement missions (issue 22, 3): for the organisation's HR and DGS."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from passerelles.care import policies, structural
from passerelles.organisations.models import Organisation


def _by_mission(engagements) -> list[dict]:
    """One row per mission: dates, how many agents, days — no names (the point is the need, not the people)."""
    rows: dict[int, dict] = {}
    for engagement in engagements:
        row = rows.setdefault(
            engagement.mission_id,
            {
                "mission": engagement.mission,
                "start": engagement.start_date,
                "end": engagement.end_date,
                "agents": 0,
                "days": 0,
            },
        )
        row["start"] = min(row["start"], engagement.start_date)
        row["end"] = max(row["end"], engagement.end_date)
        row["agents"] += 1
        row["days"] += structural.effort_days(
            engagement.start_date, engagement.end_date, engagement.percent, engagement.end_date, whole=True
        )
    for row in rows.values():
        row["days"] = round(row["days"])
    return sorted(rows.values(), key=lambda r: r["start"], reverse=True)


def structural_needs(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_read_structural(request.user, organisation.pk):
        raise PermissionDenied
    today = timezone.localdate()
    units = structural.relying_units([organisation.pk], today)[:50]
    return render(
        request,
        "care/structural.html",
        {
            "organisation": organisation,
            "units": [
                {"reliance": unit, "missions": _by_mission(structural.history(unit.unit_id, today)[:200])}
                for unit in units
            ],
            "window_start": structural.window(today)[0],
            "threshold_missions": structural.MISSIONS,
            "threshold_days": structural.DAYS,
        },
    )
