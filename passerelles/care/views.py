"""The pages of the confidential path: the agent's « Mon accompagnement », HR's list of the organisation's
plans, opening a plan, a plan's page with its notes, meetings and missions, and the actions on it.

Thin: a plan is reached through the actor's scope (anyone but the agent and HR gets a 404), ``policies`` says
who may act (403 otherwise), ``services`` refuse in French with nothing written.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access.actor import get_actor
from passerelles.care import policies, services
from passerelles.care.forms import CloseForm, EntryForm, PlanOpenForm
from passerelles.care.models import AccompanimentPlan
from passerelles.care.rules import ATTACHABLE_STATES, PlanState
from passerelles.engagements.models import Engagement
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent

PER_PAGE = 50


def _plan(request, accompaniment_id) -> AccompanimentPlan:
    return get_object_or_404(
        AccompanimentPlan.objects.for_actor(request.user).select_related("agent", "organisation"),
        pk=accompaniment_id,
    )


def _hr_organisation(request, org_slug) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.is_hr(request.user, organisation.pk):
        raise PermissionDenied
    return organisation


def _agent_of(organisation, identifier: str):
    """The active agent of ``organisation`` whose professional e-mail, login e-mail or matricule is exactly
    ``identifier`` (agents without an e-mail have a matricule)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    return (
        Agent.objects.filter(organisation=organisation, is_active=True)
        .filter(Q(email__iexact=identifier) | Q(user__email__iexact=identifier) | Q(matricule=identifier))
        .order_by("pk")
        .first()
    )


def mine(request):
    agent = get_actor(request.user).agent
    plans = (
        AccompanimentPlan.objects.for_actor(request.user).filter(agent=agent).select_related("organisation")
        if agent is not None
        else AccompanimentPlan.objects.none()
    )
    return render(request, "care/mine.html", {"plans": list(plans[:50])})


def organisation_plans(request, org_slug):
    organisation = _hr_organisation(request, org_slug)
    state = request.GET.get("etat", "")
    state = state if state in PlanState.values else ""
    found = AccompanimentPlan.objects.for_actor(request.user).filter(organisation=organisation)
    if state:
        found = found.filter(state=state)
    page = Paginator(found.select_related("agent", "agent__unit"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/organisation_plans.html",
        {
            "organisation": organisation,
            "states": PlanState.choices,
            "state": state,
            "page": page,
            "querystring": f"etat={state}",
        },
    )


def plan_open(request, org_slug):
    organisation = _hr_organisation(request, org_slug)
    initial = {}
    chosen = request.GET.get("agent", "")
    if chosen.isdigit() and len(chosen) < 12:
        agent = Agent.objects.filter(organisation=organisation, is_active=True, pk=int(chosen)).first()
        if agent is not None:
            initial["identifier"] = agent.email or agent.matricule
    form = PlanOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        agent = _agent_of(organisation, form.cleaned_data["identifier"])
        if agent is None:
            form.add_error(
                "identifier", _("Aucun agent actif de l'organisation n'a cette adresse ni ce matricule.")
            )
        else:
            try:
                plan = services.open_plan(
                    by=request.user,
                    organisation=organisation,
                    agent=agent,
                    situation=form.cleaned_data["situation"],
                    goal=form.cleaned_data["goal"],
                )
            except services.Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, _("Plan ouvert. L'agent en est informé, sans un mot de sa situation.")
                )
                return redirect("care:plan_detail", accompaniment_id=plan.pk)
    return render(request, "care/plan_open.html", {"organisation": organisation, "form": form})


def _attachable(request, plan):
    """The agent's missions HR may link: those HR sees (their scope), of this agent, at a step of the way."""
    return (
        Engagement.objects.for_actor(request.user)
        .filter(agent_id=plan.agent_id, state__in=ATTACHABLE_STATES)
        .exclude(pk__in=plan.engagements.values("pk"))
        .select_related("mission", "mission__organisation")
        .order_by("-start_date", "-pk")
    )


def plan_detail(request, accompaniment_id, entry_form=None):
    plan = _plan(request, accompaniment_id)
    manage = policies.can_manage(request.user, plan)
    linked = list(
        plan.engagements.select_related("mission", "mission__organisation").order_by("start_date", "pk")
    )
    return render(
        request,
        "care/plan_detail.html",
        {
            "plan": plan,
            "entries": list(plan.entries.select_related("author")[:200]),
            "linked": linked,
            "attachable": list(_attachable(request, plan)[:100]) if manage and plan.is_open else [],
            "can_manage": manage,
            "can_write": policies.can_write(request.user, plan),
            "entry_form": entry_form or EntryForm(),
            "close_form": CloseForm(),
        },
    )


@require_POST
def entry_add(request, accompaniment_id):
    plan = _plan(request, accompaniment_id)
    if not policies.can_write(request.user, plan):
        raise PermissionDenied
    form = EntryForm(request.POST)
    if not form.is_valid():
        return plan_detail(request, accompaniment_id, entry_form=form)
    services.add_entry(by=request.user, plan=plan, **form.cleaned_data)
    messages.success(request, _("Note ajoutée au plan."))
    return redirect("care:plan_detail", accompaniment_id=plan.pk)


def _engagement_from_post(request, plan):
    raw = request.POST.get("engagement", "")
    if not raw.isdigit() or len(raw) > 12:
        return None
    return Engagement.objects.for_actor(request.user).filter(pk=int(raw), agent_id=plan.agent_id).first()


def _link(request, accompaniment_id, change, *, unknown: str, done: str):
    """Attach or detach one of the agent's missions (``change`` is the service): one path for both."""
    plan = _plan(request, accompaniment_id)
    if not policies.can_manage(request.user, plan):
        raise PermissionDenied
    engagement = _engagement_from_post(request, plan)
    if engagement is None:
        messages.error(request, unknown)
    else:
        try:
            change(by=request.user, plan=plan, engagement=engagement)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, done)
    return redirect("care:plan_detail", accompaniment_id=plan.pk)


@require_POST
def engagement_attach(request, accompaniment_id):
    return _link(
        request,
        accompaniment_id,
        services.attach_engagement,
        unknown=_("Choisissez une mission de l'agent dans la liste."),
        done=_("Mission reliée au plan. Le service d'accueil n'en voit rien."),
    )


@require_POST
def engagement_detach(request, accompaniment_id):
    return _link(
        request,
        accompaniment_id,
        services.detach_engagement,
        unknown=_("Cette mission n'est pas reliée au plan."),
        done=_("Mission retirée du plan (elle-même n'a pas changé)."),
    )


@require_POST
def plan_close(request, accompaniment_id):
    plan = _plan(request, accompaniment_id)
    if not policies.can_manage(request.user, plan):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cochez la case de confirmation pour clore le plan."))
        return redirect("care:plan_detail", accompaniment_id=plan.pk)
    try:
        services.close_plan(by=request.user, plan=plan, note=form.cleaned_data["note"])
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Plan clos. L'agent le retrouve dans ses pages."))
    return redirect("care:plan_detail", accompaniment_id=plan.pk)
