"""Screens of the SIRH import: send a file, watch the check, read the preview, apply; retry or discard an
import that failed or was interrupted."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from passerelles.access import policies
from passerelles.organisations.models import Organisation
from passerelles.people.models import AgentImport
from passerelles.people.sirh import service
from passerelles.people.sirh.limits import EXTENSIONS, Limits
from passerelles.people.sirh.service import start_apply, start_check

ALLOWED = EXTENSIONS


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fichier exporté du SIRH (CSV ou Excel)"))
    full = forms.BooleanField(
        label=gettext_lazy("Export complet : désactiver les agents absents du fichier (jamais supprimés)"),
        required=False,
        initial=True,
    )
    invite_new = forms.BooleanField(
        label=gettext_lazy(
            "Inviter les nouveaux agents : chacun reçoit par courriel un lien personnel pour choisir son mot "
            "de passe (s'il a une adresse professionnelle)"
        ),
        required=False,
        initial=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED):
            raise forms.ValidationError(_("Envoyez un fichier CSV ou Excel (.xlsx)."))
        limit = Limits.from_settings().max_bytes
        if upload.size > limit:
            raise forms.ValidationError(
                _("Fichier trop volumineux (%(size)s Mo au plus).") % {"size": limit // (1024 * 1024)}
            )
        return upload


def import_start(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_import_agents(request.user, organisation):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        agent_import = AgentImport.objects.create(
            sha256=digest.hexdigest(),  # the synchronisation skips the same export dropped later
            organisation=organisation,
            uploaded_by=request.user,
            file=upload,
            filename=upload.name[:255],
            full=form.cleaned_data["full"],
            invite_new=form.cleaned_data["invite_new"],
        )
        start_check(agent_import)
        return redirect("import_detail", import_id=agent_import.pk)
    previous = AgentImport.objects.for_actor(request.user).filter(organisation=organisation)[:20]
    return render(
        request,
        "people/import_start.html",
        {"organisation": organisation, "form": form, "previous": previous},
    )


def _import(request, import_id) -> AgentImport:
    return get_object_or_404(
        AgentImport.objects.for_actor(request.user).select_related("organisation"), pk=import_id
    )


def import_detail(request, import_id):
    agent_import = _import(request, import_id)
    errors = agent_import.errors
    return render(
        request,
        "people/import_detail.html",
        {
            "agent_import": agent_import,
            "errors": errors,
            "errors_shown": errors[: settings.PAGE_SIZE * 4],
        },
    )


def import_status(request, import_id):
    """What the progress bar polls."""
    agent_import = _import(request, import_id)
    return JsonResponse(
        {
            "status": agent_import.status,
            "progress": agent_import.progress,
            "label": _("Interrompu") if agent_import.is_interrupted else agent_import.get_status_display(),
            "done": not agent_import.in_progress or agent_import.is_interrupted,
        }
    )


@require_POST
def import_apply(request, import_id):
    agent_import = _import(request, import_id)
    if start_apply(agent_import):
        messages.success(request, _("Import lancé : les agents sont mis à jour."))
    else:
        messages.error(
            request, _("Cet import ne peut pas être appliqué (déjà appliqué, ou avec des erreurs).")
        )
    return redirect("import_detail", import_id=agent_import.pk)


@require_POST
def import_retry(request, import_id):
    agent_import = _import(request, import_id)
    if service.retry(agent_import):
        messages.success(request, _("Vérification relancée : le fichier est relu depuis le début."))
    else:
        messages.error(request, _("Cet import ne peut pas être relancé (il est en cours, ou déjà terminé)."))
    return redirect("import_detail", import_id=agent_import.pk)


def import_discard(request, import_id):
    """Confirm, then give up the import (its file is deleted; nothing was applied)."""
    agent_import = _import(request, import_id)
    if request.method == "POST":
        if service.discard(agent_import):
            messages.success(request, _("Import abandonné : son fichier est supprimé, rien n'a été modifié."))
            return redirect("import_start", org_slug=agent_import.organisation.slug)
        messages.error(
            request, _("Cet import ne peut pas être abandonné (il est en cours, ou déjà appliqué).")
        )
        return redirect("import_detail", import_id=agent_import.pk)
    if not agent_import.can_discard:
        return redirect("import_detail", import_id=agent_import.pk)
    return render(request, "people/import_discard.html", {"agent_import": agent_import})
