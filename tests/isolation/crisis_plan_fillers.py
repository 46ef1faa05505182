"""The outsider organisation's crisis, with a published plan and one assignment, for the URL fillers of the
crisis plan pages (created once per cast, on first use)."""

import datetime
import secrets

from django.utils import timezone

from tests.cast import MARKER


def outsider_crisis_world(cast) -> dict:
    found = getattr(cast, "_outsider_crisis_plan", None)
    if found is not None:
        return found
    from passerelles.access.models import Role, RoleMembership
    from passerelles.crisis.models import Assignment, Availability, Crisis, Need, Plan, Volunteer
    from passerelles.crisis.vocabulary import Answer, PlanStatus

    today = timezone.localdate()
    crisis = Crisis.objects.filter(organisation=cast.outsider).first() or Crisis.objects.create(
        name=f"Crise {MARKER}",
        organisation=cast.outsider,
        starts_on=today,
        expected_end=today + datetime.timedelta(days=3),
    )
    volunteer, _ = Volunteer.objects.get_or_create(agent=cast.outsider_agent)
    Availability.objects.get_or_create(
        crisis=crisis,
        volunteer=volunteer,
        defaults={"answer": Answer.AVAILABLE, "token": secrets.token_hex(16)},
    )
    need = Need.objects.create(
        crisis=crisis,
        unit=cast.outsider_unit,
        title=f"Renfort {MARKER}",
        date=today,
        start_time=datetime.time(8),
        end_time=datetime.time(12),
    )
    hr = RoleMembership.objects.filter(organisation=cast.outsider, role=Role.HR).first()
    plan = Plan.objects.create(
        crisis=crisis, status=PlanStatus.PUBLISHED, published_at=timezone.now(), created_by=hr.user
    )
    assignment = Assignment.objects.create(plan=plan, need=need, volunteer=volunteer)
    found = {"crisis": crisis, "plan": plan, "assignment": assignment}
    cast._outsider_crisis_plan = found
    return found


def crisis_id(cast) -> int:
    return outsider_crisis_world(cast)["crisis"].pk


def plan_id(cast) -> int:
    return outsider_crisis_world(cast)["plan"].pk


def assignment_id(cast) -> int:
    return outsider_crisis_world(cast)["assignment"].pk


def state(cast) -> dict:
    """What a request could change of the outsider's crisis (compared before and after the matrix)."""
    from passerelles.crisis.models import Assignment, Crisis, Debrief, Plan

    crises = Crisis.objects.filter(organisation=cast.outsider)
    return {
        "crises": list(crises.values_list("pk", "status", "closed_at")),
        "plans": list(Plan.objects.filter(crisis__in=crises).values_list("pk", "status")),
        "assignments": list(
            Assignment.objects.filter(plan__crisis__in=crises).values_list("pk", "withdrawn_at", "origin")
        ),
        "debriefs": list(Debrief.objects.filter(crisis__in=crises).values_list("pk", "answered_at")),
    }
