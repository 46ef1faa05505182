"""The short documents of a published crisis plan (issue 17): the ordre de mission de crise, the simplified
convention between two employers, the réserve's contract — whichever the recorded framework calls for.

Why a task after the commit, and not inside ``publish_plan``: writing three files (DOCX, ODT, PDF) per agent
takes a few hundred milliseconds each; a plan of hundreds of agents would hold the publication's transaction
(and its locks) for minutes. The publication commits, then this task writes what is missing or out of date:
a new version when the agent's dates or shifts moved, nothing when unchanged — so it may run twice, or after a
re-plan that touched only some agents.

The documents state each agent's shifts (``{{ creneaux }}``): ``shift_details`` gives them to the documents
stage, which reads them afresh whenever a document is written (by this task or by HR from the engagement).
"""

from django_tasks import task

from passerelles.crisis.models import Assignment, Plan
from passerelles.crisis.shifts import shift_label
from passerelles.crisis.vocabulary import PlanStatus
from passerelles.documents import crisis_documents
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import crisis_path
from passerelles.missions.models import Purpose


def shift_details(engagement) -> dict:
    """``{"creneaux": "12/07/2026 de 08:00 à 12:00 — Aide aux repas (EHPAD) ; …"}`` for a crisis engagement:
    its live shifts in the published plan, in time order; nothing for any other engagement."""
    if engagement.mission.purpose != Purpose.CRISE:
        return {}
    needs = [
        a.need
        for a in Assignment.objects.filter(
            engagement=engagement, plan__status=PlanStatus.PUBLISHED, withdrawn_at__isnull=True
        ).select_related("need", "need__unit", "need__site")
    ]
    needs.sort(key=lambda n: (n.date, n.start_time))
    return {"creneaux": " ; ".join(shift_label(n) for n in needs) or "—"}


def write_documents(plan: Plan) -> int:
    """Write the documents of each engagement of the plan that needs them; the number of versions written."""
    if plan.status != PlanStatus.PUBLISHED:
        return 0  # superseded meanwhile: the newer plan's task writes
    engagements = Engagement.objects.filter(
        crisis_shifts__plan=plan,
        crisis_shifts__withdrawn_at__isnull=True,
        state__in=crisis_path.CRISIS_OPEN_STATES,
    ).distinct()
    written = 0
    for engagement in engagements.order_by("pk"):
        written += len(crisis_documents.write_crisis_documents(engagement=engagement, by=plan.published_by))
    return written


@task()
def write_plan_documents(plan_id: int) -> int:
    plan = Plan.objects.filter(pk=plan_id).first()
    return write_documents(plan) if plan else 0
