"""The outsider organisation's accompaniment plan (issue 22), with a note, for the URL fillers of the
confidential path's pages (created once per cast, on first use)."""

from django.utils import timezone

from tests.cast import MARKER


def outsider_plan(cast):
    found = getattr(cast, "_outsider_accompaniment", None)
    if found is not None:
        return found
    from passerelles.care.models import AccompanimentPlan, PlanEntry

    plan = AccompanimentPlan.objects.create(
        organisation=cast.outsider,
        agent=cast.outsider_agent,
        situation="reclassement",
        goal=f"Objectif {MARKER}",
    )
    plan.engagements.add(cast.outsider_engagement)
    PlanEntry.objects.create(plan=plan, date=timezone.localdate(), text=f"Note {MARKER}")
    cast._outsider_accompaniment = plan
    return plan


def accompaniment_id(cast) -> int:
    return outsider_plan(cast).pk
