from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation, OrgUnit
from passerelles.people.models import Agent, Category


def my_profile(request):
    """The agent's own profile, as the organisation knows it (later issues let them enrich it)."""
    actor = get_actor(request.user)
    if actor.agent is None:
        return render(request, "people/no_profile.html")
    agent = (
        Agent.objects.for_actor(request.user)
        .select_related("organisation", "unit", "manager", "site")
        .get(pk=actor.agent.pk)
    )
    return render(request, "people/my_profile.html", {"agent": agent})


def my_team(request):
    """A manager's direct reports: to organise the team's load, nothing about their explorations."""
    if not policies.can_view_team(request.user):
        raise PermissionDenied
    actor = get_actor(request.user)
    team = (
        Agent.objects.for_actor(request.user)
        .filter(manager=actor.agent, is_active=True)
        .select_related("unit", "site")
        .order_by("last_name", "first_name")
    )
    return render(request, "people/my_team.html", {"team": team})


def agent_directory(request, org_slug):
    """The organisation's agents, for its HR coordinators and administrators: search, filters, pages."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_view_directory(request.user, organisation):
        raise PermissionDenied
    agents = (
        Agent.objects.for_actor(request.user)
        .filter(organisation=organisation, is_active=True)
        .select_related("unit", "site")
        .order_by("last_name", "first_name", "pk")
    )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        for word in query.split():
            agents = agents.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(job_title__icontains=word)
                | Q(matricule__iexact=word)
            )
    category = request.GET.get("categorie", "")
    if category in Category.values:
        agents = agents.filter(category=category)
    units = OrgUnit.objects.for_actor(request.user).filter(organisation=organisation).order_by("name")
    unit_id = request.GET.get("unite", "")
    if unit_id.isdigit():
        agents = agents.filter(Q(unit_id=int(unit_id)) | Q(unit__parent_id=int(unit_id)))
    page = Paginator(agents, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "people/agent_directory.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "category": category,
            "categories": Category.choices,
            "units": units,
            "unit_id": unit_id,
            "querystring": params.urlencode(),
        },
    )


def agent_detail(request, pk):
    agent = get_object_or_404(
        Agent.objects.for_actor(request.user).select_related("organisation", "unit", "manager", "site"), pk=pk
    )
    proposable = Mission.objects.none()
    if policies.can_view_directory(request.user, agent.organisation) and agent.user_id:
        # HR may propose the published missions this person can see (gré à gré)
        proposable = (
            Mission.objects.for_actor(agent.user)
            .published()
            .filter(pk__in=Mission.objects.for_actor(request.user).values("pk"))
            .exclude(project_lead=agent)
            .order_by("title")
        )
    return render(request, "people/agent_detail.html", {"agent": agent, "proposable": proposable})
