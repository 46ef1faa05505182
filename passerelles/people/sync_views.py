"""The organisation's SIRH synchronisation settings (HR coordinators and administrators): where the SIRH's SFTP
account drops its exports, and what the scheduled run does with them. The run itself is drop_folder.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.organisations.models import Organisation
from passerelles.people.forms import SirhSyncForm
from passerelles.people.models import AgentImport, ImportSource, SirhSync


def sirh_sync(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_import_agents(request.user, organisation):
        raise PermissionDenied
    current = SirhSync.objects.for_actor(request.user).filter(organisation=organisation).first()
    instance = current or SirhSync(organisation=organisation)
    form = SirhSyncForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(
            request,
            _("Synchronisation enregistrée : les fichiers déposés dans « %(folder)s » seront vérifiés.")
            % {"folder": instance.folder}
            if instance.enabled
            else _("Synchronisation enregistrée : elle est désactivée."),
        )
        return redirect("sirh_sync", org_slug=organisation.slug)
    recent = (
        AgentImport.objects.for_actor(request.user)
        .filter(organisation=organisation)
        .exclude(source=ImportSource.WEB)[:10]
    )
    return render(
        request,
        "people/sirh_sync.html",
        {
            "organisation": organisation,
            "form": form,
            "sync": current,
            "recent": recent,
            "root_configured": bool(settings.SIRH_DROP_ROOT),
            "directory_configured": bool(settings.LDAP_URL),
        },
    )
