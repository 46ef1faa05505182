from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.foundation import freshness, keyset
from passerelles.foundation.quick_select import options_html
from passerelles.foundation.tables import list_response
from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation, OrgUnit
from passerelles.people import directory, person_search, vocabulary
from passerelles.people.models import Agent, Category, Profile, ProfileTag, Visibility
from passerelles.people.pool_rows import pool_rows
from passerelles.people.services import organisation_vocabulary, record_profile_view


def my_team(request):
    """A manager's direct reports: to organise the team's load, nothing about their explorations."""
    if not policies.can_view_team(request.user):
        raise PermissionDenied
    actor = get_actor(request.user)
    team = list(
        Agent.objects.for_actor(request.user)
        .filter(manager=actor.agent, is_active=True)
        .select_related("unit", "site")
        .order_by("last_name", "first_name")
    )
    return render(
        request,
        "people/my_team.html",
        {"team": team, "printable": policies.printable_access_letter_ids(request.user, team)},
    )


def agent_directory(request, org_slug):
    """The organisation's agents, for its HR coordinators and administrators: search, filters, sorting,
    pages and exports (CSV, XLSX) of the same columns."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_view_directory(request.user, organisation):
        raise PermissionDenied
    staff = Agent.objects.for_actor(request.user).filter(organisation=organisation)
    # Those who chose « personne » appear in no search at all, this one included (they are only counted). The
    # directory's readers see all the organisation's staff: the count starts from the few profiles set to
    # « personne » (an index), not from every agent (26 ms at 60,000 agents on PostgreSQL, issue 21).
    # The count and the units of the filter are kept between views while no profile, agent or unit is written
    # (foundation/freshness.py): 5.6 ms of a 29 ms page at 100,000 agents on SQLite, then the units' query.
    # Per reader: the units are those of the reader's scope.

    def facts():
        hidden = Profile.objects.filter(
            visibility=Visibility.NOBODY, agent__organisation=organisation, agent__is_active=True
        ).count()
        units = dict(
            OrgUnit.objects.for_actor(request.user)
            .filter(organisation=organisation)
            .order_by("name")
            .values_list("pk", "name")
        )
        return hidden, units

    hidden, units = freshness.remember(
        f"directory:{organisation.pk}:{request.user.pk}:{freshness.this_minute()}",
        facts,
        also=("access_rolemembership",),  # the reader's roles, read before (their scope of units)
    )
    agents = (
        staff.exclude(profile__visibility=Visibility.NOBODY)
        .select_related("unit", "site")
        .only(*directory.COLUMNS_READ)
        .order_by("last_name", "first_name", "pk")
    )
    filterset = directory.DirectoryFilter(request.GET, agents, units=units)
    table = directory.DirectoryTable(filterset.qs)
    return list_response(
        request,
        "people/agent_directory.html",
        table=table,
        filterset=filterset,
        export_name=f"agents-{organisation.slug}-{timezone.localdate():%Y-%m-%d}",
        context={"organisation": organisation, "hidden": hidden},
        keyset_name="agent_directory",
    )


@require_safe  # reading a profile is logged (the agent sees who looked): only a real visit counts
def agent_detail(request, pk):
    agent = get_object_or_404(
        Agent.objects.for_actor(request.user).select_related("organisation", "unit", "manager", "site"), pk=pk
    )
    proposable = []
    if policies.can_view_directory(request.user, agent.organisation) and agent.user_id:
        # HR may propose the published missions this person can see (gré à gré). Read as values, not objects:
        # at 100,000 agents a person sees hundreds of missions, and making each one (with its organisation)
        # was most of the page.
        proposable = [
            (mission_id, f"{title} ({short_name or name})")  # each names its organisation (display_name)
            for mission_id, title, short_name, name in Mission.objects.for_actor(agent.user)
            .published()
            .filter(pk__in=Mission.objects.for_actor(request.user).values("pk"))
            .exclude(project_lead=agent)
            .order_by("title")
            .values_list("pk", "title", "organisation__short_name", "organisation__name")
        ]
    profile = None
    if policies.can_view_full_profile(request.user, agent):
        profile = Profile.objects.filter(agent=agent).prefetch_related("tags", "sites").first()
        if profile is not None:
            record_profile_view(agent=agent, viewer=request.user)
    return render(
        request,
        "people/agent_detail.html",
        {
            "agent": agent,
            "proposable": proposable,
            # hundreds of missions at 100,000 agents: the options drawn at once (foundation/quick_select.py)
            "proposable_options": options_html(proposable, None),
            "profile": profile,
            # HR opens an accompaniment plan from here (issue 22); whether one exists is not said on this page
            "can_accompany": policies.is_hr_coordinator(request.user, agent.organisation) and agent.is_active,
        },
    )


def pool(request, org_slug):
    """The « vivier »: HR looks for people by skill, appétence and availability — among those who let them.

    Read a page at a time by key (foundation/keyset.py), in name order on the index (organisation, last name,
    first name, id): the organisation is never sorted nor counted on a view."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.is_hr_coordinator(request.user, organisation):
        raise PermissionDenied
    agents = Agent.objects.pool(request.user).select_related("organisation", "unit", "profile")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        term = vocabulary.resolve(query, organisation_vocabulary(organisation))
        keys = {vocabulary.normalise(query), vocabulary.normalise(term.label) if term else ""} - {""}
        # a tag of the profile says it: no join that repeats an agent (and no DISTINCT sorting the result)
        agents = agents.filter(Exists(ProfileTag.objects.filter(profile__agent=OuterRef("pk"), key__in=keys)))
    if request.GET.get("disponibles"):
        agents = agents.filter(profile__available=True)
    if not request.GET.get("partenaires"):
        agents = agents.filter(organisation=organisation)
    category = request.GET.get("categorie", "")
    if category in Category.values:
        agents = agents.filter(category=category)
    agents = agents.order_by("last_name", "first_name", "pk")
    page = keyset.paginate(agents, request.GET.get(keyset.CURSOR_PARAM), name="pool", size=settings.PAGE_SIZE)
    return render(
        request,
        "people/pool.html",
        {
            "organisation": organisation,
            "page": page,
            "rows": pool_rows(page.object_list),  # drawn in Python: people/pool_rows.py
            "query": query,
            "categories": Category.choices,
            "category": category,
            "available_only": bool(request.GET.get("disponibles")),
            "partners": bool(request.GET.get("partenaires")),
        },
    )


def person_search_view(request, org_slug):
    """The person search field's answers (a project lead, a « personne relais »): at most ten people of the
    organisation whom the user may name (never those who chose « personne »), for a query of three characters
    or more. JSON."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not (
        policies.can_search_project_leads(request.user, organisation)
        or policies.can_choose_contact(request.user, organisation)
    ):
        raise PermissionDenied
    candidates = person_search.project_lead_candidates(request.user, organisation)
    found = person_search.search(candidates, request.GET.get("q", ""))
    return JsonResponse({"suggestions": person_search.describe(request.user, found)})
