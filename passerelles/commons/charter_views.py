"""The organisation's ethics charter page: read by its members, acknowledged by agents and managers, written by
its HR and administrators (a new version each time)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from passerelles.access.actor import get_actor
from passerelles.commons import charter, services
from passerelles.commons.models import CharterAcknowledgement
from passerelles.organisations.models import Organisation


def charter_page(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    actor = get_actor(request.user)
    member = actor.agent is not None and actor.agent.organisation_id == organisation.pk
    manage = services.can_manage(request.user, organisation.pk)
    if not (member or manage):
        raise Http404
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "acknowledge" and member:
            charter.acknowledge(by=request.user, organisation=organisation)
            messages.success(request, _("Merci : votre lecture de la charte est enregistrée."))
            return redirect("commons:charter", org_slug=organisation.slug)
        if action == "write" and manage:
            try:
                charter.write(
                    by=request.user, organisation=organisation, text=str(request.POST.get("text", ""))[:8000]
                )
            except services.Refused as refusal:
                error = str(refusal)
            else:
                messages.success(request, _("Charte enregistrée : chacun est invité à la relire."))
                return redirect("commons:charter", org_slug=organisation.slug)
        elif not error:
            raise Http404
    text, version = charter.current(organisation)
    return render(
        request,
        "commons/charter.html",
        {
            "organisation": organisation,
            "text": text,
            "version": version,
            "member": member,
            "manage": manage,
            "error": error,
            "read": member and charter.acknowledged(request.user, organisation),
            "readers": CharterAcknowledgement.objects.filter(
                organisation=organisation, version=version
            ).count()
            if manage
            else None,
        },
    )
