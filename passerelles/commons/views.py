"""The pages of working time as a commons: the agent's « Temps en commun » (balance, a gift, their unit's
twinnings), the manager's team counts, the organisation's page for HR and administrators (the deliberation, the
twinnings with their counts both ways)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.access.policies import can_view_team
from passerelles.commons import rules, services
from passerelles.commons.forms import AllowanceForm, GiftForm, TwinningForm
from passerelles.commons.models import SolidarityAllowance, TimeGift, Twinning
from passerelles.organisations.models import Organisation


def _with_counts(twinnings) -> list[dict]:
    twinnings = list(twinnings)
    counts = services.counts_for(twinnings)
    return [{"twinning": t, **counts[t.pk]} for t in twinnings]


def mine(request):
    agent = get_actor(request.user).agent
    if agent is None:
        raise Http404
    today = timezone.localdate()
    form = GiftForm(request.POST or None, agent=agent, initial={"day": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.give_time(by=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Don de temps enregistré. Merci !"))
            return redirect("commons:mine")
    first, _last = rules.year_bounds(today)
    twinnings = Twinning.objects.for_actor(request.user).filter(
        unit_a_id=agent.unit_id
    ) | Twinning.objects.for_actor(request.user).filter(unit_b_id=agent.unit_id)
    return render(
        request,
        "commons/mine.html",
        {
            "form": form,
            "balance": services.balance(agent, today),
            "gifts": TimeGift.objects.for_actor(request.user)
            .filter(agent=agent, day__gte=first)
            .select_related("to_unit")[:100],
            "twinnings": _with_counts(twinnings.select_related("unit_a", "unit_b")[:20]),
        },
    )


def team(request):
    actor = get_actor(request.user)
    if actor.agent is None or not can_view_team(request.user):
        raise Http404
    today = timezone.localdate()
    counts = services.team_counts(actor.agent, today)
    gifts = (
        TimeGift.objects.for_actor(request.user)
        .filter(agent__manager=actor.agent, day__gte=counts["since"])
        .select_related("agent", "to_unit")[:100]
    )
    return render(request, "commons/team.html", {"counts": counts, "gifts": gifts})


def organisation_page(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not services.can_manage(request.user, organisation.pk):
        raise PermissionDenied
    allowance = SolidarityAllowance.objects.filter(organisation=organisation).first()
    allowance_form = AllowanceForm(
        request.POST if request.POST.get("form") == "allowance" else None,
        initial={
            "deliberation": allowance.deliberation,
            "days_per_agent": allowance.days_per_agent,
            "rules_text": allowance.rules,
        }
        if allowance
        else None,
    )
    twinning_form = TwinningForm(
        request.POST if request.POST.get("form") == "twinning" else None,
        organisation=organisation,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST":
        form = allowance_form if request.POST.get("form") == "allowance" else twinning_form
        if form.is_bound and form.is_valid():
            try:
                if form is allowance_form:
                    services.adopt_allowance(by=request.user, organisation=organisation, **form.cleaned_data)
                    messages.success(request, _("Délibération enregistrée : les agents voient leur solde."))
                else:
                    services.twin(by=request.user, organisation=organisation, **form.cleaned_data)
                    messages.success(request, _("Services jumelés."))
            except services.Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                return redirect("commons:organisation", org_slug=organisation.slug)
    year_start, _last = rules.year_bounds(timezone.localdate())
    totals = TimeGift.objects.filter(organisation=organisation, day__gte=year_start).aggregate(
        hours=Sum("hours"), gifts=Count("pk"), givers=Count("agent", distinct=True)
    )
    twinnings = Twinning.objects.filter(organisation=organisation).select_related("unit_a", "unit_b")[:50]
    return render(
        request,
        "commons/organisation.html",
        {
            "organisation": organisation,
            "allowance": allowance,
            "allowance_form": allowance_form,
            "twinning_form": twinning_form,
            "twinnings": _with_counts(twinnings),
            "totals": totals,
        },
    )


def managers_guide(request):
    from passerelles.commons.guide import STEPS

    return render(request, "commons/managers_guide.html", {"steps": STEPS})
