from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.queries import engagement_for
from passerelles.frameworks import services
from passerelles.frameworks.boussole import framework, recommend
from passerelles.frameworks.forms import EngagementSituationForm, SituationForm, initial_from_situation
from passerelles.frameworks.models import EngagementFramework


@login_not_required
def simulator(request):
    """The public boussole: anyone describes a situation and reads which frameworks fit, and why not the others."""
    result = None
    if request.GET:
        form = SituationForm(request.GET)
        if form.is_valid():
            result = _labelled(recommend(form.situation, form.parameters))
    else:
        form = SituationForm()
    return render(request, "frameworks/simulator.html", {"form": form, "result": result})


def _labelled(result: dict) -> dict:
    """For the pages: the label of each excluded framework and the source of each rule (not in the JSON)."""
    for entry in result["excluded"]:
        entry["label"] = str(framework(entry["code"])["label"])
    for entry in result["recommended"]:
        entry["source"] = framework(entry["code"])["source"]
    return result


def engagement_framework(request, engagement_id):
    """HR runs the boussole on the engagement, corrects what it knows better, and confirms a framework. The page
    opens on the last situation HR submitted (simulated or confirmed), else on what the platform knows; each
    « Mettre à jour » keeps HR's corrections for the next visit."""
    engagement = engagement_for(request.user, engagement_id)
    if not policies.is_engagement_hr(request.user, engagement):
        raise PermissionDenied
    if request.method == "POST":
        form = EngagementSituationForm(request.POST)
        if form.is_valid():
            reason = form.cleaned_data["correction_reason"]
            code = request.POST.get("dispositif", "")
            try:
                if code:
                    services.confirm_framework(
                        engagement=engagement,
                        by=request.user,
                        code=code,
                        situation=form.situation_data,
                        correction_reason=reason,
                    )
                    messages.success(
                        request,
                        _(
                            "Dispositif confirmé : l'engagement demande désormais exactement ses accords et ses "
                            "documents."
                        ),
                    )
                    return redirect("engagement_detail", engagement_id=engagement.pk)
                services.save_draft(
                    engagement=engagement,
                    by=request.user,
                    situation=form.situation_data,
                    correction_reason=reason,
                )
            except TransitionRefused as refused:
                messages.error(request, str(refused))
    else:
        situation, reason = services.last_situation(engagement)
        form = EngagementSituationForm({**initial_from_situation(situation), "correction_reason": reason})
    valid = form.is_valid()
    result = _labelled(recommend(form.situation, _parameters(engagement))) if valid else None
    if result is not None:  # no framework fits: counted on the dashboards (issue 16)
        services.record_uncovered(engagement=engagement, situation=form.situation_data, result=result)
    return render(
        request,
        "frameworks/engagement_framework.html",
        {
            "engagement": engagement,
            "form": form,
            "result": result,
            "contradictions": services.contradictions(engagement, form.situation_data) if valid else [],
            "chosen": EngagementFramework.objects.filter(engagement=engagement).first(),
            "can_confirm": engagement.state == State.AGREEMENTS,
        },
    )


def _parameters(engagement):
    return services.parameters_for(engagement)
