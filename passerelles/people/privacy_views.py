"""« Mes données »: see and download everything held about me, ask for erasure; HR handles erasures;
the public page that documents the processing."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.access.actor import get_actor
from passerelles.organisations.models import Organisation
from passerelles.people.data_report import personal_data
from passerelles.people.data_sections import csv_zip, data_sections
from passerelles.people.models import DEFAULT_RETENTION_DAYS, ErasureRequest, ErasureStatus, RetentionKind
from passerelles.people.personal_data import erasure_handle, erasure_request, retention_days


def my_data(request):
    """Everything kept about me, section by section (right of access, RGPD art. 15)."""
    actor = get_actor(request.user)
    pending = (
        ErasureRequest.objects.for_actor(request.user)
        .filter(agent=actor.agent, status=ErasureStatus.PENDING)
        .first()
        if actor.agent
        else None
    )
    data = personal_data(request.user)
    context = {"data": data, "sections": data_sections(data), "pending": pending}
    return render(request, "people/my_data.html", context)


def _download(content, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="passerelles-mes-donnees-{stamp}.{extension}"'
    return response


def my_data_export(request):
    content = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    return _download(content, "application/json; charset=utf-8", "json")


def my_data_export_csv(request):
    """The same data as tables a spreadsheet opens: a ZIP of one CSV per section."""
    return _download(csv_zip(data_sections(personal_data(request.user))), "application/zip", "zip")


def my_erasure(request):
    """Ask for erasure: confirmed on a page of its own, then handled by HR."""
    actor = get_actor(request.user)
    if actor.agent is None:
        raise PermissionDenied
    if request.method == "POST":
        erasure_request(agent=actor.agent)
        from passerelles.access.models import Role, RoleMembership
        from passerelles.notifications.models import NotificationKind
        from passerelles.notifications.services import in_language_of, notify

        for user in RoleMembership.objects.users_with(Role.HR, [actor.agent.organisation_id]):
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("Demande d'effacement de données personnelles"),
                    message=_(
                        "Un agent demande l'effacement de ses données. Traitez-la dans la liste des demandes."
                    ),
                    url=f"/organisations/{actor.agent.organisation.slug}/effacements/",
                    action_needed=True,
                    kind=NotificationKind.ACCOUNT,
                )
        messages.success(request, _("Votre demande est transmise à la RH de votre organisation."))
        return redirect("my_data")
    return render(request, "people/my_erasure.html")


def erasure_queue(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.is_hr_coordinator(request.user, organisation):
        raise PermissionDenied
    requests = (
        ErasureRequest.objects.for_actor(request.user)
        .filter(agent__organisation=organisation)
        .select_related("agent", "handled_by")
    )
    return render(request, "people/erasure_queue.html", {"organisation": organisation, "requests": requests})


def erasure_process(request, request_id):
    erasure = get_object_or_404(
        ErasureRequest.objects.for_actor(request.user).select_related("agent"), pk=request_id
    )
    if not policies.is_hr_coordinator(request.user, erasure.agent.organisation):
        raise PermissionDenied
    if request.method == "POST":
        erasure_handle(request=erasure, by=request.user)
        messages.success(
            request, _("Les données de la personne sont anonymisées ; les statistiques sont conservées.")
        )
        return redirect("erasure_queue", org_slug=erasure.agent.organisation.slug)
    return render(request, "people/erasure_confirm.html", {"erasure": erasure})


@login_not_required
def processing_notice(request):
    """What Passerelles does with personal data, for everyone; each organisation adds its own details."""
    actor = get_actor(request.user)
    organisation = actor.agent.organisation if actor.agent else None
    retention = [
        (label, retention_days(organisation.pk, kind) if organisation else DEFAULT_RETENTION_DAYS[kind])
        for kind, label in RetentionKind.choices
    ]
    return render(
        request, "people/processing_notice.html", {"organisation": organisation, "retention": retention}
    )
