from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.engagements.lifecycle import TransitionRefused, available_actions
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import engagement_transition

# Actions offered on the engagement page so far; the others come with their own forms (meeting, agreements…).
OFFERED_ACTIONS = {"withdraw", "decline", "accept_proposal"}


def my_engagements(request):
    """The agent's own engagements, open and past."""
    actor = get_actor(request.user)
    engagements = (
        Engagement.objects.for_actor(request.user)
        .filter(agent=actor.agent)
        .select_related("mission", "mission__organisation")
        if actor.agent
        else Engagement.objects.none()
    )
    return render(request, "engagements/my_engagements.html", {"engagements": engagements})


def engagement_detail(request, engagement_id):
    engagement = get_object_or_404(
        Engagement.objects.for_actor(request.user).select_related(
            "agent", "mission", "mission__organisation"
        ),
        pk=engagement_id,
    )
    kinds = policies.engagement_actor_kinds(request.user, engagement)
    actions = [t for t in available_actions(engagement.state, kinds) if t.action in OFFERED_ACTIONS]
    # The timeline (with reasons) is for the agent and the brokers, never for the manager.
    show_private = bool(kinds & {"agent", "broker"})
    timeline = engagement.events.select_related("by") if show_private else None
    return render(
        request,
        "engagements/engagement_detail.html",
        {"engagement": engagement, "actions": actions, "timeline": timeline, "show_private": show_private},
    )


@require_POST
def engagement_action(request, engagement_id):
    engagement = get_object_or_404(Engagement.objects.for_actor(request.user), pk=engagement_id)
    action = request.POST.get("action", "")
    try:
        if action not in OFFERED_ACTIONS:
            raise TransitionRefused(_("Cette étape n'est pas disponible ici."))
        engagement_transition(
            engagement=engagement, action=action, by=request.user, comment=request.POST.get("comment", "")
        )
        messages.success(request, _("C'est enregistré."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    if Engagement.objects.for_actor(request.user).filter(pk=engagement.pk).exists():
        return redirect("engagement_detail", engagement_id=engagement.pk)
    return redirect("dashboard")
