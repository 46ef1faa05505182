"""The crisis under way and its end: roll call, withdrawal, « Mes créneaux », closing, debrief, RETEX."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.crisis import closing, operations, plan_rules, rules
from passerelles.crisis.models import Debrief
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.plan_fetch import assignment_of, crisis_for, report_crisis
from passerelles.crisis.vocabulary import PlanStatus


def roll_call(request, crisis_id):
    crisis = report_crisis(request, crisis_id)
    day, error = operations.parse_day(request.GET.get("jour"))
    groups = operations.roll_call(crisis, day)
    return render(
        request,
        "crisis/plan/roll_call.html",
        {
            "crisis": crisis,
            "day": day,
            "error": error,
            "groups": groups,
            "count": sum(len(g.rows) for g in groups),
            "today": timezone.localdate(),
        },
    )


def withdraw(request, crisis_id, assignment_id):
    """GET: confirm (with a reason); POST: the agent, or a runner for them, leaves the shift."""
    crisis = crisis_for(request, crisis_id)
    assignment = assignment_of(crisis, assignment_id)
    own = plan_rules.is_volunteer_of(request.user, assignment)
    if not own and not rules.can_run(request.user, crisis):
        raise Http404  # someone else's shift: not theirs to see
    back = "crisis:my_shifts" if own else "crisis:plan"
    error = ""
    if request.method == "POST":
        try:
            operations.withdraw_assignment(
                assignment=assignment, by=request.user, reason=request.POST.get("motif", "")
            )
            messages.success(
                request, _("Retrait enregistré : les personnes qui pilotent la crise sont prévenues.")
            )
            return redirect(back, crisis_id=crisis.pk)
        except PlanRefused as refused:
            error = str(refused)
    return render(
        request,
        "crisis/plan/withdraw.html",
        {
            "crisis": crisis,
            "assignment": assignment,
            "own": own,
            "back": back,
            "error": error,
            "open": assignment.plan.status == PlanStatus.PUBLISHED and assignment.withdrawn_at is None,
        },
        status=400 if error else 200,
    )


def my_shifts(request, crisis_id):
    crisis = crisis_for(request, crisis_id)
    agent = get_actor(request.user).agent
    debrief = Debrief.objects.filter(crisis=crisis, agent=agent).first() if agent else None
    return render(
        request,
        "crisis/plan/my_shifts.html",
        {"crisis": crisis, "assignments": operations.my_assignments(crisis, agent), "debrief": debrief},
    )


def close(request, crisis_id):
    crisis = crisis_for(request, crisis_id)
    if not rules.can_close(request.user, crisis) and crisis.is_active:
        raise PermissionDenied
    if request.method == "POST":
        try:
            closing.close_crisis(crisis=crisis, by=request.user)
            messages.success(request, _("Crise close : chacun retrouve son équipe. Le RETEX est prêt."))
            return redirect("crisis:retex", crisis_id=crisis.pk)
        except PlanRefused as refused:
            messages.error(request, str(refused))
    engagements = (
        closing.crisis_engagements(crisis).filter(state__in=("agreements", "ready", "active")).count()
    )
    return render(request, "crisis/plan/close.html", {"crisis": crisis, "engagements": engagements})


def debrief(request, crisis_id):
    crisis = crisis_for(request, crisis_id)
    agent = get_actor(request.user).agent
    found = Debrief.objects.filter(crisis=crisis, agent=agent).first() if agent else None
    if found is None:
        raise Http404
    errors = []
    answers = dict(found.answers or {})
    if request.method == "POST":
        answers, errors = closing.clean_debrief(request.POST)
        if not errors:
            closing.answer_debrief(debrief=found, by=request.user, answers=answers)
            messages.success(request, _("Merci : votre retour est enregistré."))
            return redirect("crisis:my_shifts", crisis_id=crisis.pk)
    return render(
        request,
        "crisis/plan/debrief.html",
        {
            "crisis": crisis,
            "debrief": found,
            "questions": closing.QUESTIONS,
            "answers": answers,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def retex(request, crisis_id):
    crisis = report_crisis(request, crisis_id)
    report = closing.retex(crisis)
    return render(
        request,
        "crisis/plan/retex.html",
        {"crisis": crisis, "report": report, "coverage_percent": round(100 * report.coverage, 1)},
    )
