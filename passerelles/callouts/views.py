"""Calls for volunteers: choose a group, read the counts, send once; then the counts of each call."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.access.models import Role
from passerelles.callouts import services
from passerelles.callouts.forms import CallForm
from passerelles.callouts.models import Channel, VolunteerCall
from passerelles.callouts.targeting import preview
from passerelles.missions.models import MissionStatus
from passerelles.missions.queries import mission_for
from passerelles.organisations.models import Organisation


def _calling_organisation(request, mission) -> Organisation:
    """The organisation whose agents are called: one the user coordinates as HR (asked by its slug when they
    coordinate several; the mission's own by default)."""
    hr = get_actor(request.user).org_ids(Role.HR)
    if not hr:
        raise PermissionDenied
    organisations = Organisation.objects.filter(pk__in=hr)
    slug = str(request.POST.get("organisation") or request.GET.get("organisation") or "")[:100]
    chosen = organisations.filter(slug=slug).first() if slug else None
    if chosen is None:
        chosen = (
            organisations.filter(pk=mission.organisation_id).first() or organisations.order_by("pk").first()
        )
    return chosen


def _with_answers(calls):
    return [(call, services.answers(call)) for call in calls]


def mission_call(request, mission_id):
    mission = mission_for(request.user, mission_id)
    organisation = _calling_organisation(request, mission)
    if mission.status != MissionStatus.PUBLISHED:
        messages.error(
            request, _("Seule une mission publiée et ouverte peut faire l'objet d'un appel à volontaires.")
        )
        return redirect("mission_detail", mission_id=mission.pk)
    form = CallForm(request.POST or None, organisation=organisation)
    counts = None
    if request.method == "POST" and form.is_valid():
        group = form.group()
        try:
            if request.POST.get("etape") == "envoyer":
                call = services.call_send(
                    mission=mission, group=group, by=request.user, message=form.cleaned_data["message"]
                )
                messages.success(
                    request,
                    _("Appel envoyé : %(n)s personne(s) prévenue(s), chacune une seule fois.")
                    % {"n": call.reached},
                )
                return redirect("call_detail", call_id=call.pk)
            services.check_group(mission=mission, group=group, by=request.user)
            counts = preview(mission=mission, group=group, user=request.user)
        except services.CallRefused as refused:
            form.add_error(None, str(refused))
    calls = VolunteerCall.objects.for_actor(request.user).filter(mission=mission).select_related("created_by")
    return render(
        request,
        "callouts/mission_call.html",
        {
            "mission": mission,
            "organisation": organisation,
            "organisations": Organisation.objects.filter(pk__in=get_actor(request.user).org_ids(Role.HR)),
            "form": form,
            "counts": counts,
            "chosen": str(request.POST.get("criterion", "")),
            "calls": _with_answers(calls),
        },
    )


def call_detail(request, call_id):
    call = get_object_or_404(
        VolunteerCall.objects.for_actor(request.user).select_related("mission", "organisation", "created_by"),
        pk=call_id,
    )
    channels = dict.fromkeys(Channel.values, 0)
    channels.update(call.recipients.values_list("channel").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "callouts/call_detail.html",
        {
            "call": call,
            "answers": services.answers(call),
            "channels": channels,
            "units": call.units.order_by("name"),
            "sites": call.sites.order_by("name"),
        },
    )


def organisation_calls(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_call_volunteers(request.user, organisation):
        raise PermissionDenied
    calls = VolunteerCall.objects.for_actor(request.user).filter(organisation=organisation)
    calls = calls.select_related("mission", "created_by")[:200]
    return render(
        request,
        "callouts/organisation_calls.html",
        {"organisation": organisation, "calls": _with_answers(calls)},
    )
