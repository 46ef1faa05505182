from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.engagements.closing import WAITING_STATES
from passerelles.engagements.lifecycle import EventKind, TransitionRefused
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import (
    engagement_express_interest,
    notice_for,
    test_programme,
)
from passerelles.matching.queries import suggest_missions
from passerelles.missions import queries, services
from passerelles.missions.forms import MissionCloseForm, MissionForm, MissionReopenForm
from passerelles.missions.models import (
    Bookmark,
    Mission,
    MissionStatus,
    Place,
    Purpose,
    SavedSearch,
)
from passerelles.missions.queries import mission_for
from passerelles.organisations.models import Organisation


def _mission(request, mission_id) -> Mission:
    return mission_for(request.user, mission_id)


def mission_list(request):
    """Discover the missions one may see: one search box, three plain filters, the others folded (issue 15)."""
    filters = queries.Filters.from_query(request.GET)
    sites, _cities = queries.near_sites(request.user)
    notices = [
        _("Le filtre « %(name)s » avait une valeur que nous ne comprenons pas. Il n'est pas appliqué.")
        % {"name": queries.FILTER_LABELS[name]}
        for name in filters.ignored
    ]
    if filters.near and not sites:
        filters.near = False
        notices.append(
            _("Votre site de travail n'est pas connu : le filtre « Près de mon site » n'est pas appliqué.")
        )
    missions = queries.search(queries.discoverable(request.user), filters, user=request.user)
    page = Paginator(missions, settings.PAGE_SIZE // 2).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    organisations = Organisation.objects.for_actor(request.user).order_by("name")
    suggested = suggest_missions(request.user, limit=5) if not request.GET else []
    return render(
        request,
        "missions/mission_list.html",
        {
            "page": page,
            "filters": filters,
            "notices": notices,
            "near_sites": [str(site) for site in sites],
            "time_choices": queries.TIME_CHOICES,
            "when_choices": queries.WHEN_CHOICES,
            "purposes": Purpose.choices,
            "places": Place.choices,
            "organisations": organisations,
            "querystring": params.urlencode(),
            "can_draft": bool(policies.drafting_organisations(request.user)),
            "suggested": suggested,
        },
    )


def mission_detail(request, mission_id):
    mission = _mission(request, mission_id)
    actor = get_actor(request.user)
    can_follow = policies.can_follow_mission(request.user, mission)
    context = {
        "mission": mission,
        "can_edit": policies.can_edit_mission(request.user, mission),
        "can_review": mission.status == MissionStatus.SUBMITTED
        and policies.can_review_missions(request.user, mission.organisation),
        "can_follow": can_follow,
        "can_suggest": mission.status == MissionStatus.PUBLISHED
        and (
            policies.can_see_suggestions(request.user, mission)
            or policies.can_see_host_suggestions(request.user, mission)
        ),
        "can_express_interest": policies.can_express_interest(request.user, mission),
        "bookmarked": Bookmark.objects.for_actor(request.user).filter(mission=mission).exists(),
        "my_engagement": Engagement.objects.open().filter(mission=mission, agent=actor.agent).first()
        if actor.agent
        else None,
    }
    # a mission of a programme run as a test: the agent reads its notice and agrees before « ça m'intéresse »
    programme = test_programme(mission)
    context["test_notice"] = notice_for(programme) if programme else ""
    # issue 22: the agent's organisation's ethics charter, recalled where they step forward
    context["charter_org_slug"] = actor.agent.organisation.slug if actor.agent else ""
    # HR or a personne relais records « ça m'intéresse » for an agent; HR calls for volunteers (issue 15)
    context["can_record_for"] = (
        mission.status == MissionStatus.PUBLISHED and policies.can_record_interest_for_someone(request.user)
    )
    context["can_call"] = mission.status == MissionStatus.PUBLISHED and bool(actor.org_ids(Role.HR))
    context["can_close"] = mission.status == MissionStatus.PUBLISHED and policies.can_close_mission(
        request.user, mission
    )
    context["can_reopen"] = mission.status == MissionStatus.CLOSED and policies.can_reopen_mission(
        request.user, mission
    )
    # a host direction proposes the mission to an agent it already knows (issue 19); it follows what it sent
    context["can_host_propose"] = policies.can_propose_as_host(request.user, mission)
    if context["can_host_propose"]:
        context["my_proposals"] = (
            Engagement.objects.for_actor(request.user)
            .filter(mission=mission, events__action=EventKind.PROPOSE, events__by=request.user)
            .select_related("agent")
            .distinct()
            .order_by("-pk")
        )
    if context["can_reopen"]:
        context["reopen_refusal"] = services.reopen_refusal(mission)
    if can_follow:
        context["flags"] = services.flags_for(mission)
        context["events"] = mission.events.select_related("by")
        context["engagements"] = (
            Engagement.objects.for_actor(request.user)
            .filter(mission=mission)
            .select_related("agent", "agent__unit")
        )
    return render(request, "missions/mission_detail.html", context)


def _drafting_organisation(request) -> Organisation:
    org_ids = policies.drafting_organisations(request.user)
    if not org_ids:
        raise PermissionDenied
    actor = get_actor(request.user)
    if actor.agent is not None and actor.agent.organisation_id in org_ids:
        return actor.agent.organisation
    return Organisation.objects.get(pk=min(org_ids))


def mission_create(request):
    organisation = _drafting_organisation(request)
    actor = get_actor(request.user)
    initial = {}
    if actor.agent is not None and actor.agent.organisation_id == organisation.pk:
        initial = {
            "host_unit": actor.agent.unit_id,
            "project_lead": actor.agent.pk,
            "site": actor.agent.site_id,
        }
    form = MissionForm(request.POST or None, organisation=organisation, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        mission = services.mission_save(form=form, by=request.user)
        messages.success(request, _("Brouillon enregistré. Relisez-le, puis envoyez-le en relecture RH."))
        return redirect("mission_detail", mission_id=mission.pk)
    return render(request, "missions/mission_form.html", {"form": form, "organisation": organisation})


def mission_edit(request, mission_id):
    mission = _mission(request, mission_id)
    if not policies.can_edit_mission(request.user, mission):
        raise PermissionDenied
    form = MissionForm(
        request.POST or None, instance=mission, organisation=mission.organisation, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.mission_save(form=form, by=request.user)
        messages.success(request, _("Modifications enregistrées."))
        return redirect("mission_detail", mission_id=mission.pk)
    return render(
        request,
        "missions/mission_form.html",
        {"form": form, "organisation": mission.organisation, "mission": mission},
    )


@require_POST
def mission_submit(request, mission_id):
    mission = _mission(request, mission_id)
    try:
        services.mission_submit(mission=mission, by=request.user)
        messages.success(request, _("Mission envoyée en relecture RH : vous serez prévenu·e de la décision."))
        # Told now rather than at the last agreement: a share over the cap will be refused when it starts.
        for flag in services.flags_for(mission):
            if flag.code == "cap":
                messages.warning(
                    request,
                    _(
                        "%(reason)s La RH le verra à la relecture ; sans changement, aucun agent ne pourra "
                        "démarrer cette mission à cette quotité."
                    )
                    % {"reason": flag.reason},
                )
    except services.MissionStepRefused as refused:
        messages.error(request, str(refused))
    return redirect("mission_detail", mission_id=mission.pk)


@require_POST
def mission_review(request, mission_id):
    mission = _mission(request, mission_id)
    decision = request.POST.get("decision", "")
    try:
        services.mission_review(
            mission=mission, by=request.user, decision=decision, comment=request.POST.get("comment", "")
        )
        done = {
            MissionStatus.PUBLISHED: _("Mission publiée : les personnes concernées peuvent la découvrir."),
            MissionStatus.CHANGES_REQUESTED: _(
                "Modifications demandées à la personne qui a rédigé la mission."
            ),
            MissionStatus.DECLINED: _("Mission refusée ; la raison est transmise à son auteur·e."),
        }
        messages.success(request, done[decision])
    except services.MissionStepRefused as refused:
        messages.error(request, str(refused))
    return redirect("mission_detail", mission_id=mission.pk)


@require_POST
def mission_interest(request, mission_id):
    mission = _mission(request, mission_id)
    try:
        engagement_express_interest(
            mission=mission,
            by=request.user,
            message=request.POST.get("message", ""),
            programme_consent=request.POST.get("programme_consent") == "1",
        )
        messages.success(
            request,
            _(
                "C'est noté ! Le ou la référent·e RH vous proposera une rencontre avec l'équipe d'accueil. "
                "Votre encadrant·e n'en sera informé·e qu'à l'étape des accords."
            ),
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    return redirect("mission_detail", mission_id=mission.pk)


def mission_close(request, mission_id):
    """The host or HR closes a published mission, with a reason and a confirmation."""
    mission = _mission(request, mission_id)
    if not policies.can_close_mission(request.user, mission):
        raise PermissionDenied
    if mission.status != MissionStatus.PUBLISHED:
        messages.error(request, _("Seule une mission publiée peut être clôturée."))
        return redirect("mission_detail", mission_id=mission.pk)
    form = MissionCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_close(mission=mission, by=request.user, reason=form.cleaned_data["reason"])
        except services.MissionStepRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _(
                    "Mission clôturée : elle a quitté « Missions ouvertes » et les personnes en attente sont prévenues."
                ),
            )
        return redirect("mission_detail", mission_id=mission.pk)
    waiting = Engagement.objects.for_actor(request.user).filter(mission=mission, state__in=WAITING_STATES)
    return render(
        request,
        "missions/mission_close.html",
        {"mission": mission, "form": form, "waiting": waiting.count()},
    )


def mission_reopen(request, mission_id):
    """The host or HR reopens a closed mission that still has places and an end date ahead."""
    mission = _mission(request, mission_id)
    if not policies.can_reopen_mission(request.user, mission):
        raise PermissionDenied
    refusal = services.reopen_refusal(mission)
    form = MissionReopenForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.mission_reopen(mission=mission, by=request.user, reason=form.cleaned_data["reason"])
        except services.MissionStepRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Mission rouverte : elle est de nouveau dans « Missions ouvertes »."))
        return redirect("mission_detail", mission_id=mission.pk)
    return render(
        request, "missions/mission_reopen.html", {"mission": mission, "form": form, "refusal": refusal}
    )


def my_missions(request):
    """The missions I drafted or lead, in every status."""
    actor = get_actor(request.user)
    mine = Q(created_by=request.user)
    if actor.agent is not None:
        mine |= Q(project_lead=actor.agent)
    missions = Mission.objects.for_actor(request.user).filter(mine)
    missions = missions.select_related("organisation", "host_unit").order_by("-created_at")
    return render(
        request,
        "missions/my_missions.html",
        {"missions": missions, "can_draft": bool(policies.drafting_organisations(request.user))},
    )


def review_queue(request, org_slug):
    """HR's queue: the missions waiting for review, with their automatic flags."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_review_missions(request.user, organisation):
        raise PermissionDenied
    waiting = (
        Mission.objects.for_actor(request.user)
        .filter(organisation=organisation, status=MissionStatus.SUBMITTED)
        .select_related("organisation", "host_unit", "created_by")
        .order_by("created_at")
    )
    flags = services.flags_for_each(waiting)  # for the whole queue at once: its cost does not grow with it
    rows = [(mission, flags[mission.pk]) for mission in waiting]
    return render(request, "missions/review_queue.html", {"organisation": organisation, "rows": rows})


@require_POST
def mission_bookmark(request, mission_id):
    """Keep a mission aside (or stop keeping it): a private list, seen by nobody else."""
    mission = _mission(request, mission_id)
    bookmark = Bookmark.objects.for_actor(request.user).filter(mission=mission)
    if bookmark.exists():
        bookmark.delete()
        messages.success(request, _("Mission retirée de vos favoris."))
    else:
        Bookmark.objects.get_or_create(user=request.user, mission=mission)
        messages.success(request, _("Mission ajoutée à vos favoris."))
    return redirect("mission_detail", mission_id=mission.pk)


def my_bookmarks(request):
    bookmarks = (
        Bookmark.objects.for_actor(request.user)
        .filter(mission__in=Mission.objects.for_actor(request.user))
        .select_related("mission", "mission__organisation", "mission__host_unit", "mission__site")
    )
    return render(request, "missions/my_bookmarks.html", {"bookmarks": bookmarks})


def saved_searches(request):
    """My saved searches; saving one from the search page keeps its criteria and, if wished, an alert."""
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:100]
        query = request.POST.get("query", "")[:500]
        if not name:
            messages.error(request, _("Donnez un nom à votre recherche pour la retrouver."))
            return redirect(f"{reverse('mission_list')}?{query}")
        SavedSearch.objects.create(
            user=request.user, name=name, query=query, alert=bool(request.POST.get("alert"))
        )
        messages.success(
            request, _("Recherche enregistrée : vous serez prévenu·e des nouvelles missions qui y répondent.")
        )
        return redirect("saved_searches")
    searches = SavedSearch.objects.for_actor(request.user)
    return render(request, "missions/saved_searches.html", {"searches": searches})


def saved_search_delete(request, search_id):
    saved = get_object_or_404(SavedSearch.objects.for_actor(request.user), pk=search_id)
    if request.method == "POST":
        saved.delete()
        messages.success(request, _("Recherche supprimée."))
        return redirect("saved_searches")
    return render(request, "missions/saved_search_delete.html", {"saved": saved})
