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


def outsider_escalation(cast):
    """The outsider engagement's support (its agent's manager as sponsor) and a difficulty proposed for
    passing on (issue 22, 2)."""
    found = getattr(cast, "_outsider_escalation", None)
    if found is not None:
        return found
    from passerelles.care.models import Escalation, MissionSupport
    from passerelles.followup.models import CheckInAnswer

    support = MissionSupport.objects.create(
        engagement=cast.outsider_engagement,
        sponsor=cast.outsider_agent.manager,
        psychologist=f"Psy {MARKER}",
        psychologist_phone="0800000000",
        protocol=f"Protocole {MARKER}",
    )
    answer = CheckInAnswer.objects.get(checkin=cast.outsider_checkin, party="agent")
    cast._outsider_escalation = Escalation.objects.create(support=support, answer=answer, state="proposed")
    return cast._outsider_escalation


def escalation_id(cast) -> int:
    return outsider_escalation(cast).pk
