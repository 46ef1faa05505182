from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles import boundary
from passerelles.access import policies
from passerelles.access.actor import afresh
from passerelles.engagements.lifecycle import TransitionRefused
from passerelles.foundation import freshness
from passerelles.foundation.quick_select import options_html
from passerelles.foundation.quick_urls import reverse_each
from passerelles.matching import services
from passerelles.matching.cards import CardPainter
from passerelles.matching.models import Shortlist
from passerelles.matching.queries import Filters, suggest_agents, suggested_people
from passerelles.matching.scoring import EXPOSURE_FREE, EXPOSURE_LIMIT, WEIGHTS
from passerelles.missions.queries import mission_for
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite
from passerelles.people.models import Agent, Category


def mission_suggestions(request, mission_id):
    """For HR: people to think of for this mission, with why — a start for a conversation, never an assignment.
    For the mission's host: the same list without names, to ask HR to make the contact."""
    mission = mission_for(request.user, mission_id)
    if not policies.can_see_suggestions(request.user, mission):
        if policies.can_see_host_suggestions(request.user, mission):
            return _host_suggestions(request, mission)
        raise PermissionDenied
    filters = Filters(
        organisation=boundary.object_id(request.GET.get("organisation")),
        unit=boundary.object_id(request.GET.get("unite")),
        category=request.GET.get("categorie", "") if request.GET.get("categorie") in Category.values else "",
        site=boundary.object_id(request.GET.get("site")),
        available=bool(request.GET.get("disponibles")),
    )
    suggestions = suggest_agents(request.user, mission, filters=filters)
    # The shortlist: people HR kept in mind, or whom the host asked HR to contact. The suggested and the
    # shortlisted are named in one statement, for those still in the pool HR may see (matching/candidates.py);
    # an entry whose person left it (profile closed, gone) is not shown.
    shortlist = list(Shortlist.objects.filter(mission=mission).select_related("by").order_by("-created_at"))
    agents = suggested_people(
        request.user, [s.agent_id for s in suggestions] + [e.agent_id for e in shortlist]
    )
    # each card's three addresses, the routes reversed once for the page (foundation/quick_urls.py)
    profile_url = reverse_each("agent_detail", "pk")
    toggle_url = reverse_each("shortlist_toggle", "pk", mission_id=mission.pk)
    propose_url = reverse_each("propose_mission", "pk")
    rows = [
        (s, agents[s.agent_id], profile_url(s.agent_id), toggle_url(s.agent_id), propose_url(s.agent_id))
        for s in suggestions
        if s.agent_id in agents
    ]
    shortlist = [entry for entry in shortlist if entry.agent_id in agents]
    shortlisted = {entry.agent_id for entry in shortlist}
    back = request.get_full_path()
    # a proposal with a rencontre slot has its own page (a form per person was half of this one)
    painter = CardPainter.for_request(
        request,
        mission_id=mission.pk,
        back=back,
        meeting_query=urlencode({"mission": mission.pk, "retour": back}),
    )
    for entry in shortlist:
        entry.person = agents[entry.agent_id]
        entry.profile_url = profile_url(entry.agent_id)
        entry.actions = painter.actions(entry.person, propose_url(entry.agent_id))
    choices = _filter_choices(request.user)
    return render(
        request,
        "matching/mission_suggestions.html",
        {
            "mission": mission,
            "cards": painter.cards(rows, shortlisted),  # drawn in Python: matching/cards.py
            "shortlist": shortlist,
            "filters": filters,
            # the filters' choices as <option>s drawn at once (foundation/quick_select.py)
            "organisation_options": options_html(choices["organisations"], filters.organisation),
            "category_options": options_html(Category.choices, filters.category),
            "unit_options": options_html(choices["units"], filters.unit),
            "site_options": options_html(choices["sites"], filters.site),
        },
    )


def _filter_choices(user) -> dict[str, list[tuple[int, str]]]:
    """The organisations, units and sites HR may filter on: three queries at each view of each mission's
    suggestions, for lists that change when an organisation does — kept while their tables are unchanged
    (foundation/freshness.py), for this person."""

    def compute():
        organisations = Organisation.objects.for_actor(user).order_by("name")
        return {
            "organisations": list(organisations.values_list("pk", "name")),
            "units": list(OrgUnit.objects.for_actor(user).order_by("name").values_list("pk", "name")),
            "sites": [
                (site.pk, str(site))  # named as everywhere else (WorkSite.__str__)
                for site in WorkSite.objects.filter(organisation__in=organisations)
                .order_by("name")
                .only("pk", "name", "city")
            ],
        }

    key = f"suggestion-filters:{user.pk}:{freshness.this_minute()}"
    return freshness.remember(key, lambda: afresh(user, compute))


def _host_suggestions(request, mission):
    available = bool(request.GET.get("disponibles"))
    suggestions = suggest_agents(request.user, mission, filters=Filters(available=available), for_host=True)
    asked = set(Shortlist.objects.filter(mission=mission).values_list("agent_id", flat=True))
    refs = services.host_refs(mission=mission, host=request.user, agent_ids=[s.agent_id for s in suggestions])
    rows = [
        {"reasons": s.reasons, "token": refs[s.agent_id], "asked": s.agent_id in asked} for s in suggestions
    ]
    return render(
        request,
        "matching/host_suggestions.html",
        {"mission": mission, "rows": rows, "available": available},
    )


@require_POST
def host_request(request, mission_id):
    """The host asks HR to propose the mission to one anonymous suggested profile."""
    mission = mission_for(request.user, mission_id)
    if not policies.can_see_host_suggestions(request.user, mission):
        raise PermissionDenied
    try:
        if services.host_asks_hr(mission=mission, token=request.POST.get("profil", ""), by=request.user):
            messages.success(
                request,
                _(
                    "Demande transmise à la RH : elle prendra contact avec la personne si cela lui semble "
                    "juste. La personne reste libre d'accepter ou de décliner."
                ),
            )
        else:
            messages.info(request, _("Vous aviez déjà transmis cette demande à la RH."))
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("mission_suggestions", mission_id=mission.pk)


@require_POST
def shortlist_toggle(request, mission_id, pk):
    mission = mission_for(request.user, mission_id)
    if not policies.can_see_suggestions(request.user, mission):
        raise PermissionDenied
    # among the people HR may think of (the pool, as each chose): the list shows no one else
    agent = get_object_or_404(Agent.objects.scoped("people.pool", request.user), pk=pk)
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
