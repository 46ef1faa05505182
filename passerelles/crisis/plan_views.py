"""The planner page, the adjustments by hand and the publication (crisis/planning.py, crisis/publication.py)."""

from collections import defaultdict

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.crisis import planning, publication
from passerelles.crisis.models import Need
from passerelles.crisis.plan_errors import PlanRefused
from passerelles.crisis.plan_fetch import assignment_of, int_or_none, plan_of, run_crisis
from passerelles.crisis.vocabulary import PlanStatus


def _shown_plan(crisis):
    return crisis.plans.filter(status=PlanStatus.DRAFT).first() or planning.plan_in_force(crisis)


def _plan_context(plan) -> dict:
    """Per shift its people, the unfilled shifts with the reason, per person the load."""
    if plan is None:
        return {"plan": None}
    assignments = list(
        plan.assignments.filter(withdrawn_at__isnull=True)
        .select_related("need", "need__unit", "need__site", "volunteer__agent", "volunteer__agent__unit")
        .order_by("need__date", "need__start_time", "volunteer__agent__last_name")
    )
    by_need = defaultdict(list)
    load = defaultdict(lambda: [None, 0, 0])
    for a in assignments:
        by_need[a.need_id].append(a)
        row = load[a.volunteer_id]
        row[0] = a.volunteer
        row[1] += 1
        row[2] += publication.shift_minutes(a.need)
    unfilled = {u.need_id: u for u in plan.unfilled.all()}
    needs = Need.objects.filter(crisis=plan.crisis, cancelled_at__isnull=True).select_related("unit", "site")
    shifts = [(need, by_need.get(need.pk, []), unfilled.get(need.pk)) for need in needs]
    people = sorted(
        ((v, n, round(m / 60, 1)) for v, n, m in load.values()), key=lambda r: (-r[2], r[0].agent.last_name)
    )
    return {
        "plan": plan,
        "shifts": shifts,
        "unfilled": [u for u in plan.unfilled.select_related("need", "need__unit").order_by("need__date")],
        "people": people,
        "coverage_percent": round(100 * float(plan.stats.get("coverage", 0) or 0), 1),
        "gap_percent": round(100 * float(plan.stats.get("gap", 0) or 0), 2),
    }


def plan_page(request, crisis_id):
    crisis = run_crisis(request, crisis_id)
    if request.method == "POST":
        try:
            planning.compute_plan(crisis=crisis, by=request.user)
            messages.success(request, _("Plan calculé : relisez-le, ajustez-le si besoin, puis publiez-le."))
        except PlanRefused as refused:
            messages.error(request, str(refused))
        return redirect("crisis:plan", crisis_id=crisis.pk)
    plan = _shown_plan(crisis)
    context = {"crisis": crisis, "in_force": planning.plan_in_force(crisis), **_plan_context(plan)}
    return render(request, "crisis/plan/plan.html", context)


def plan_add(request, crisis_id, plan_id):
    """GET ?besoin=<id>: the eligible volunteers for that shift; POST: add the chosen one."""
    crisis = run_crisis(request, crisis_id)
    plan = plan_of(crisis, plan_id)
    need_id = int_or_none(
        request.POST.get("besoin") if request.method == "POST" else request.GET.get("besoin")
    )
    need = get_object_or_404(Need, crisis=crisis, cancelled_at__isnull=True, pk=need_id or 0)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("Seul un plan en brouillon s'ajuste à la main ; calculez un nouveau plan."))
        return redirect("crisis:plan", crisis_id=crisis.pk)
    eligible = planning.eligible_volunteers(plan, need)
    error = ""
    if request.method == "POST":
        volunteer_id = int_or_none(request.POST.get("volontaire"))
        volunteer = next((v for v in eligible if v.pk == volunteer_id), None)
        if volunteer is None:
            error = _("Cette personne ne peut pas prendre ce créneau : choisissez dans la liste.")
        else:
            try:
                planning.add_assignment(plan=plan, need=need, volunteer=volunteer, by=request.user)
                messages.success(request, _("Affectation ajoutée à la main."))
                return redirect("crisis:plan", crisis_id=crisis.pk)
            except PlanRefused as refused:
                error = str(refused)
    return render(
        request,
        "crisis/plan/add.html",
        {"crisis": crisis, "plan": plan, "need": need, "eligible": eligible, "error": error},
        status=400 if error else 200,
    )


@require_POST
def plan_remove(request, crisis_id, plan_id, assignment_id):
    crisis = run_crisis(request, crisis_id)
    assignment = assignment_of(plan_of(crisis, plan_id), assignment_id)
    try:
        planning.remove_assignment(assignment=assignment, by=request.user)
        messages.success(request, _("Affectation retirée du brouillon."))
    except PlanRefused as refused:
        messages.error(request, str(refused))
    return redirect("crisis:plan", crisis_id=crisis.pk)


@require_POST
def plan_origin(request, crisis_id, plan_id, assignment_id):
    crisis = run_crisis(request, crisis_id)
    assignment = assignment_of(plan_of(crisis, plan_id), assignment_id)
    try:
        planning.set_origin(
            assignment=assignment, requested=request.POST.get("demande") == "1", by=request.user
        )
        messages.success(request, _("Origine du renfort enregistrée."))
    except PlanRefused as refused:
        messages.error(request, str(refused))
    return redirect("crisis:plan", crisis_id=crisis.pk)


def plan_publish(request, crisis_id, plan_id):
    """GET: what publishing does (confirmation); POST: publish."""
    crisis = run_crisis(request, crisis_id)
    plan = plan_of(crisis, plan_id)
    if request.method == "POST":
        try:
            publication.publish_plan(plan=plan, by=request.user)
            messages.success(request, _("Plan publié : chaque personne est prévenue de ses créneaux."))
            return redirect("crisis:plan", crisis_id=crisis.pk)
        except PlanRefused as refused:
            messages.error(request, str(refused))
    context = {"crisis": crisis, "plan": plan, "in_force": planning.plan_in_force(crisis)}
    context["people"] = (
        plan.assignments.filter(withdrawn_at__isnull=True).values("volunteer").distinct().count()
    )
    return render(request, "crisis/plan/publish.html", context)
