"""One fetch helper per object of the plan pages: through the crisis scope, so an outsider gets a 404."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from passerelles.crisis import plan_rules, rules
from passerelles.crisis.models import Assignment, Crisis, Plan


def crisis_for(request, crisis_id) -> Crisis:
    return get_object_or_404(Crisis.objects.for_actor(request.user), pk=crisis_id)


def run_crisis(request, crisis_id) -> Crisis:
    """A crisis this user runs (404 when unseen, 403 when seen but not theirs to run)."""
    crisis = crisis_for(request, crisis_id)
    if not rules.can_run(request.user, crisis):
        raise PermissionDenied
    return crisis


def report_crisis(request, crisis_id) -> Crisis:
    crisis = crisis_for(request, crisis_id)
    if not plan_rules.can_read_reports(request.user, crisis):
        raise PermissionDenied
    return crisis


def plan_of(crisis, plan_id) -> Plan:
    return get_object_or_404(Plan, crisis=crisis, pk=plan_id)


def assignment_of(plan_or_crisis, assignment_id) -> Assignment:
    if isinstance(plan_or_crisis, Plan):
        qs = Assignment.objects.filter(plan=plan_or_crisis)
    else:
        qs = Assignment.objects.filter(plan__crisis=plan_or_crisis)
    return get_object_or_404(
        qs.select_related("plan", "need", "need__unit", "need__site", "volunteer__agent"), pk=assignment_id
    )


def int_or_none(value):
    try:
        return int(str(value)[:12])
    except (TypeError, ValueError):
        return None
