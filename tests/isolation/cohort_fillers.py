"""Issue 18: the outsider network's cohort programme — a participant of the outsider, a past step with their
attendance, an opportunity and one column of its sheet — for the URL fillers (created once per cast), and
insider objects of our own network for the hostile-input sweep."""

import datetime

from django.utils import timezone

from tests.cast import MARKER


def outsider_cohort_world(cast) -> dict:
    found = getattr(cast, "_outsider_cohort", None)
    if found is not None:
        return found
    found = _world(cast.outsider_network, cast.outsider_agent, cast.outsider, name=f"Cohorte {MARKER}")
    cast._outsider_cohort = found
    return found


def _world(network, agent, organisation, *, name) -> dict:
    from passerelles.cohorts.models import (
        Attendance,
        ChecklistItem,
        ChecklistKind,
        CohortProgramme,
        JourneyStep,
        MoveSheetSide,
        Nomination,
        Opportunity,
    )

    today = timezone.localdate()
    programme = CohortProgramme.objects.create(
        network=network,
        name=name,
        goal_moves=3,
        goal_end_on=today + datetime.timedelta(days=900),
        criteria=name,
    )
    item = ChecklistItem.objects.create(programme=programme, kind=ChecklistKind.ELECTED)
    nomination = Nomination.objects.create(
        programme=programme,
        agent=agent,
        organisation=organisation,
        state="participant",
        consented_at=timezone.now(),
    )
    step = JourneyStep.objects.create(
        programme=programme,
        kind="seminaire",
        title=f"Séminaire {name}",
        held_on=today - datetime.timedelta(days=3),
    )
    Attendance.objects.create(step=step, nomination=nomination, status="present")
    opportunity = Opportunity.objects.create(
        programme=programme,
        nomination=nomination,
        offering_organisation=organisation,
        kind="poste",
        title=f"Poste {name}",
    )
    MoveSheetSide.objects.create(
        opportunity=opportunity,
        side="origine",
        organisation=organisation,
        position=f"Poste {name}",
        grade=f"Grade {name}",
        gross_monthly_pay=3000,
        ri_monthly=500,
    )
    return {
        "cohort_id": programme.pk,
        "item_id": item.pk,
        "nomination_id": nomination.pk,
        "step_id": step.pk,
        "opportunity_id": opportunity.pk,
    }


def filler(name: str):
    return lambda cast: outsider_cohort_world(cast)[name]


def insider_objects(cast, agent) -> dict:
    """Our own network's programme, with our agent as a participant (the hostile sweep's real work)."""
    return _world(cast.network, agent, cast.home, name="Cohorte maison")


def state(org) -> dict:
    """What a request could change of the outsider's cohort programme (compared before and after)."""
    from passerelles.cohorts.models import Attendance, ChecklistItem, MoveSheetSide, Nomination, Opportunity

    return {
        "nominations": list(Nomination.objects.filter(organisation=org).values_list("pk", "state")),
        "checklist": list(
            ChecklistItem.objects.filter(programme__network__memberships__organisation=org).values_list(
                "pk", "done_at"
            )
        ),
        "attendance": list(
            Attendance.objects.filter(nomination__organisation=org).values_list("pk", "status")
        ),
        "opportunities": list(
            Opportunity.objects.filter(nomination__organisation=org).values_list("pk", "state", "accepted_on")
        ),
        "sheet": list(MoveSheetSide.objects.filter(organisation=org).values_list("pk", "gross_monthly_pay")),
    }
