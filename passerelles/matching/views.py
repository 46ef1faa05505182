from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access import policies
from passerelles.matching.models import Shortlist
from passerelles.matching.queries import Filters, suggest_agents
from passerelles.matching.scoring import EXPOSURE_FREE, EXPOSURE_LIMIT, WEIGHTS
from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite
from passerelles.people.models import Agent, Category


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def mission_suggestions(request, mission_id):
    """For HR: people to think of for this mission, with why — a start for a conversation, never an assignment."""
    mission = get_object_or_404(
        Mission.objects.for_actor(request.user).select_related("organisation"), pk=mission_id
    )
    if not policies.can_see_suggestions(request.user, mission):
        raise PermissionDenied
    filters = Filters(
        organisation=_int(request.GET.get("organisation")),
        unit=_int(request.GET.get("unite")),
        category=request.GET.get("categorie", "") if request.GET.get("categorie") in Category.values else "",
        site=_int(request.GET.get("site")),
        available=bool(request.GET.get("disponibles")),
    )
    suggestions = suggest_agents(request.user, mission, filters=filters)
    agents = (
        Agent.objects.for_actor(request.user)
        .select_related("organisation")
        .in_bulk([s.agent_id for s in suggestions])
    )
    rows = [(s, agents[s.agent_id]) for s in suggestions if s.agent_id in agents]
    shortlisted = set(Shortlist.objects.filter(mission=mission).values_list("agent_id", flat=True))
    organisations = Organisation.objects.for_actor(request.user).order_by("name")
    return render(
        request,
        "matching/mission_suggestions.html",
        {
            "mission": mission,
            "rows": rows,
            "shortlisted": shortlisted,
            "filters": filters,
            "organisations": organisations,
            "categories": Category.choices,
            "units": OrgUnit.objects.for_actor(request.user).order_by("name"),
            "sites": WorkSite.objects.filter(organisation__in=organisations).order_by("name"),
        },
    )


@require_POST
def shortlist_toggle(request, mission_id, pk):
    mission = get_object_or_404(Mission.objects.for_actor(request.user), pk=mission_id)
    if not policies.can_see_suggestions(request.user, mission):
        raise PermissionDenied
    agent = get_object_or_404(Agent.objects.for_actor(request.user), pk=pk)
    entry = Shortlist.objects.filter(mission=mission, agent=agent)
    if entry.exists():
        entry.delete()
        messages.success(request, _("%(name)s retiré·e de la présélection.") % {"name": agent.full_name})
    else:
        Shortlist.objects.create(mission=mission, agent=agent, by=request.user)
        messages.success(request, _("%(name)s ajouté·e à la présélection.") % {"name": agent.full_name})
    return redirect("mission_suggestions", mission_id=mission.pk)


def how_suggestions_work(request):
    """The signals and weights of the suggestions, for HR to read (transparency, impact assessment)."""
    return render(
        request, "matching/how.html", {"weights": WEIGHTS, "free": EXPOSURE_FREE, "limit": EXPOSURE_LIMIT}
    )
