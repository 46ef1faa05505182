"""Calm-time pages: the crisis home of an organisation, its continuity plan, the registry (the agent's own entry,
HR's list) and the activation forms. Thin views: the organisation comes through its scope (404 outside), the
rule of crisis/rules.py decides (403), the services of preparation.py and activation.py write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from passerelles import boundary
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.crisis import activation, preparation, rules
from passerelles.crisis.forms import ActivationForm, EssentialUnitForm, ScenarioForm, VolunteerForm
from passerelles.crisis.models import ContinuityPlan, Crisis, Scenario, Volunteer
from passerelles.crisis.registry_list import VolunteerFilter, VolunteerTable
from passerelles.crisis.vocabulary import CrisisStatus
from passerelles.foundation.tables import list_response
from passerelles.organisations.models import Network, Organisation, OrgUnit, WorkSite


def _organisation(request, org_slug) -> Organisation:
    return get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)


def _sees_home(user, organisation) -> bool:
    return rules.can_prepare(user, organisation) or rules.can_activate(user, organisation)


def _crises_of(user, organisation):
    crises = Crisis.objects.for_actor(user).filter(organisation=organisation) | Crisis.objects.for_actor(
        user
    ).filter(network__memberships__organisation=organisation)
    return crises.distinct().order_by("-starts_on", "-pk")


@require_safe
def crisis_home(request, org_slug):
    """Plan summary, registry counts, scenarios with « Activer », active and past crises."""
    organisation = _organisation(request, org_slug)
    if not _sees_home(request.user, organisation):
        raise PermissionDenied
    plan = ContinuityPlan.objects.for_actor(request.user).filter(organisation=organisation).first()
    crises = list(_crises_of(request.user, organisation))
    return render(
        request,
        "crisis/home.html",
        {
            "organisation": organisation,
            "plan": plan,
            "essential_units": preparation.essential_units(plan) if plan else [],
            "scenarios": preparation.scenarios(plan) if plan else [],
            "counts": preparation.registry_counts(organisation),
            "can_prepare": rules.can_prepare(request.user, organisation),
            "can_activate": rules.can_activate(request.user, organisation),
            "is_hr": get_actor(request.user).has_role(Role.HR, organisation),
            "active": [c for c in crises if c.status == CrisisStatus.ACTIVE],
            "past": [c for c in crises if c.status == CrisisStatus.CLOSED],
        },
    )


def _confirm(request, *, title, text, action, fields, back):
    return render(
        request,
        "crisis/confirm.html",
        {"title": title, "text": text, "action": action, "fields": fields, "back": back},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request, org_slug):
    """HR/admin: essential units with their minimum, scenarios with their closed units (one form per POST,
    ``action`` says which; removals ask for a confirmation first)."""
    organisation = _organisation(request, org_slug)
    if not rules.can_prepare(request.user, organisation):
        raise PermissionDenied
    units = OrgUnit.objects.filter(organisation=organisation).order_by("name")
    action = str(request.POST.get("action", ""))[:30]
    unit_form = EssentialUnitForm(
        request.POST if action == "unite" else None, units=units, prefix="essentielle"
    )
    edited = None
    if request.method != "POST" and (scenario_id := boundary.object_id(request.GET.get("scenario"))):
        edited = Scenario.objects.filter(plan__organisation=organisation, pk=scenario_id).first()
    scenario_form = ScenarioForm(
        request.POST if action == "scenario" else None,
        units=units,
        prefix="scenario",
        initial=(
            {
                "scenario": edited.pk,
                "name": edited.name,
                "kind": edited.kind,
                "description": edited.description,
                "closed_units": list(edited.closed_units.values_list("pk", flat=True)),
            }
            if edited
            else None
        ),
    )
    if request.method == "POST":
        try:
            if action == "unite" and unit_form.is_valid():
                data = unit_form.cleaned_data
                preparation.essential_unit_save(
                    organisation=organisation,
                    unit=data["unit"],
                    minimum_staff=data["minimum_staff"],
                    by=request.user,
                )
                messages.success(request, _("Unité essentielle enregistrée."))
                return redirect("crisis:plan_edit", org_slug=organisation.slug)
            if action == "scenario" and scenario_form.is_valid():
                data = scenario_form.cleaned_data
                scenario = None
                if data["scenario"]:
                    scenario = Scenario.objects.filter(
                        plan__organisation=organisation, pk=data["scenario"]
                    ).first()
                    if scenario is None:
                        raise preparation.PreparationRefused(_("Ce scénario n'existe pas dans votre plan."))
                preparation.scenario_save(
                    organisation=organisation,
                    by=request.user,
                    scenario=scenario,
                    name=data["name"],
                    kind=data["kind"],
                    description=data["description"],
                    closed_units=data["closed_units"],
                )
                messages.success(request, _("Scénario enregistré."))
                return redirect("crisis:plan_edit", org_slug=organisation.slug)
            if action in ("retirer_unite", "retirer_scenario"):
                target = boundary.object_id(request.POST.get("id"))
                if target is None:
                    raise preparation.PreparationRefused(_("Choisissez ce qu'il faut retirer."))
                if request.POST.get("confirme") != "oui":
                    label = (
                        OrgUnit.objects.filter(organisation=organisation, pk=target).values_list(
                            "name", flat=True
                        )
                        if action == "retirer_unite"
                        else Scenario.objects.filter(plan__organisation=organisation, pk=target).values_list(
                            "name", flat=True
                        )
                    ).first()
                    if label is None:
                        raise preparation.PreparationRefused(
                            _("Ce que vous voulez retirer n'existe pas dans votre plan.")
                        )
                    return _confirm(
                        request,
                        title=_("Retirer « %(name)s » du plan ?") % {"name": label},
                        text=_(
                            "Les crises déjà activées gardent leur copie du plan ; les prochaines ne l'auront plus."
                        ),
                        action=request.path,
                        fields={"action": action, "id": target, "confirme": "oui"},
                        back=request.path,
                    )
                if action == "retirer_unite":
                    preparation.essential_unit_remove(
                        organisation=organisation, unit_id=target, by=request.user
                    )
                else:
                    preparation.scenario_remove(
                        organisation=organisation, scenario_id=target, by=request.user
                    )
                messages.success(request, _("Retiré du plan."))
                return redirect("crisis:plan_edit", org_slug=organisation.slug)
            if action not in ("unite", "scenario"):
                messages.error(request, _("Action inconnue : rien n'a changé."))
        except preparation.PreparationRefused as refused:
            messages.error(request, str(refused))
    plan = ContinuityPlan.objects.filter(organisation=organisation).first()
    headcounts = (
        {
            unit.pk: preparation.active_agents(unit)
            for unit in (u.unit for u in preparation.essential_units(plan))
        }
        if plan
        else {}
    )
    return render(
        request,
        "crisis/plan_edit.html",
        {
            "organisation": organisation,
            "plan": plan,
            "essential_units": [(e, headcounts.get(e.unit_id, 0)) for e in preparation.essential_units(plan)]
            if plan
            else [],
            "scenarios": preparation.scenarios(plan) if plan else [],
            "unit_form": unit_form,
            "scenario_form": scenario_form,
            "edited": edited,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def volunteer(request):
    """The agent's own registry entry: join, change, leave (always possible)."""
    agent = get_actor(request.user).agent
    if agent is None:
        raise PermissionDenied
    entry = Volunteer.objects.filter(agent=agent).first()
    sites = WorkSite.objects.filter(organisation_id=agent.organisation_id).order_by("name")
    crisis = None
    if crisis_id := boundary.object_id(request.GET.get("crise") or request.POST.get("crise")):
        crisis = (
            Crisis.objects.for_actor(request.user).filter(pk=crisis_id, status=CrisisStatus.ACTIVE).first()
        )
    if request.method == "POST" and request.POST.get("action") == "quitter":
        if request.POST.get("confirme") != "oui":
            return _confirm(
                request,
                title=_("Quitter le registre de crise ?"),
                text=_(
                    "Vous ne serez plus sollicité·e en cas de crise. Vous pourrez revenir quand vous voulez."
                ),
                action=request.path,
                fields={"action": "quitter", "confirme": "oui"},
                back=request.path,
            )
        try:
            preparation.volunteer_leave(by=request.user)
            messages.success(request, _("Vous avez quitté le registre de crise. Merci d'y avoir été !"))
        except preparation.PreparationRefused as refused:
            messages.error(request, str(refused))
        return redirect("crisis:volunteer")
    initial = None
    if entry is not None:
        initial = {
            "skills": entry.skills,
            "habilitations": entry.habilitations,
            "max_hours_per_week": entry.max_hours_per_week,
            "days": entry.days,
            "sites": list(entry.sites.values_list("pk", flat=True)),
            "rather_not": entry.rather_not,
            "rather_not_note": entry.rather_not_note,
        }
    form = VolunteerForm(request.POST if request.method == "POST" else None, sites=sites, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            preparation.volunteer_join(
                by=request.user,
                crisis=crisis,
                choices=preparation.Choices(
                    skills=data["skills"],
                    habilitations=data["habilitations"],
                    max_hours_per_week=data["max_hours_per_week"],
                    days=data["days"],
                    sites=list(data["sites"]),
                    rather_not=data["rather_not"],
                    rather_not_note=data["rather_not_note"],
                ),
            )
            messages.success(request, _("Votre inscription au registre de crise est enregistrée. Merci !"))
            return redirect("crisis:volunteer")
        except preparation.PreparationRefused as refused:
            form.add_error(None, str(refused))
    active = Crisis.objects.for_actor(request.user).filter(status=CrisisStatus.ACTIVE)
    return render(
        request,
        "crisis/volunteer.html",
        {
            "form": form,
            "entry": entry,
            "organisation": agent.organisation,
            "crisis": crisis,
            "active_crises": list(active[:5]),
        },
    )


@require_safe
def registry(request, org_slug):
    """HR's list of the organisation's registry (read only; exports of the filtered list)."""
    organisation = _organisation(request, org_slug)
    if not get_actor(request.user).has_role(Role.HR, organisation):
        raise PermissionDenied
    volunteers = (
        Volunteer.objects.for_actor(request.user)
        .filter(agent__organisation=organisation, agent__is_active=True, is_active=True)
        .select_related("agent", "agent__unit")
    )
    filterset = VolunteerFilter(
        request.GET,
        volunteers,
        units=dict(OrgUnit.objects.filter(organisation=organisation).values_list("pk", "name")),
        sites=dict(WorkSite.objects.filter(organisation=organisation).values_list("pk", "name")),
    )
    return list_response(
        request,
        "crisis/registry.html",
        table=VolunteerTable(filterset.qs.distinct()),
        filterset=filterset,
        export_name=f"registre-crise-{organisation.slug}-{timezone.localdate():%Y-%m-%d}",
        context={"organisation": organisation},
    )


def _activation_page(request, *, organisation=None, network=None, scenarios):
    form = ActivationForm(
        request.POST if request.method == "POST" else None,
        scenarios=scenarios,
        initial={
            "starts_on": timezone.localdate(),
            "min_rest_hours": 11,
            "scenario": request.GET.get("scenario"),
        }
        if request.method != "POST" and boundary.object_id(request.GET.get("scenario"))
        else {"starts_on": timezone.localdate(), "min_rest_hours": 11},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "by": request.user,
            "name": data["name"],
            "scenario": data["scenario"],
            "starts_on": data["starts_on"],
            "expected_end": data["expected_end"],
            "manager_must_agree": data["manager_must_agree"],
            "min_rest_hours": data["min_rest_hours"],
        }
        try:
            if organisation is not None:
                crisis = activation.crisis_activate(organisation=organisation, **arguments)
            else:
                crisis = activation.crisis_activate_network(network=network, **arguments)
            messages.success(
                request,
                _("Crise activée : %(n)s volontaire(s) reçoivent la question « êtes-vous disponible ? ».")
                % {"n": crisis.availabilities.count()},
            )
            return redirect("crisis:detail", crisis_id=crisis.pk)
        except activation.ActivationRefused as refused:
            form.add_error(None, str(refused))
    return render(
        request,
        "crisis/activate.html",
        {"form": form, "organisation": organisation, "network": network},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def activate(request, org_slug):
    organisation = _organisation(request, org_slug)
    if not rules.can_activate(request.user, organisation):
        raise PermissionDenied
    scenarios = Scenario.objects.filter(plan__organisation=organisation).order_by("name")
    return _activation_page(request, organisation=organisation, scenarios=scenarios)


@require_http_methods(["GET", "HEAD", "POST"])
def activate_network(request, network_slug):
    network = get_object_or_404(Network.objects.for_actor(request.user), slug=network_slug)
    if not rules.can_activate_network(request.user, network):
        raise PermissionDenied
    members = network.memberships.values("organisation_id")
    scenarios = Scenario.objects.filter(plan__organisation_id__in=members).select_related(
        "plan__organisation"
    )
    return _activation_page(
        request, network=network, scenarios=scenarios.order_by("plan__organisation__name", "name")
    )
