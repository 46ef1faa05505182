"""An organisation's settings page: its name, logo and colour, and what other domains let it set — the caps by
purpose (missions), the frameworks' parameters, the retention periods (people). One form, one transaction."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.frameworks.forms import FrameworkSettingsForm
from passerelles.frameworks.services import settings_for
from passerelles.missions.forms import PurposeCapsForm
from passerelles.missions.models import DEFAULT_CAP_PERCENT
from passerelles.organisations.forms import OrganisationSettingsForm
from passerelles.organisations.models import Organisation
from passerelles.people.forms import RetentionForm


def organisation_settings(request, org_slug):
    """Name, logo and colour of the organisation (its administrators only)."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_edit_organisation_settings(request.user, organisation):
        raise PermissionDenied
    form = OrganisationSettingsForm(request.POST or None, request.FILES or None, instance=organisation)
    caps = PurposeCapsForm(request.POST or None, organisation=organisation, prefix="caps")
    retention = RetentionForm(request.POST or None, organisation=organisation, prefix="retention")
    frameworks = FrameworkSettingsForm(
        request.POST or None, instance=settings_for(organisation), prefix="dispositifs"
    )
    parts = [form, caps, retention, frameworks]
    previous_logo = organisation.logo.name
    if request.method == "POST" and all([part.is_valid() for part in parts]):
        with transaction.atomic():
            for part in parts:
                part.save()
            if previous_logo and previous_logo != organisation.logo.name:  # replaced or removed
                storage = organisation.logo.storage
                transaction.on_commit(lambda: storage.delete(previous_logo))
        messages.success(request, _("Les paramètres de l'organisation sont enregistrés."))
        return redirect("organisation_settings", org_slug=organisation.slug)
    return render(
        request,
        "organisations/organisation_settings.html",
        {
            "organisation": organisation,
            "form": form,
            "caps": caps,
            "retention": retention,
            "frameworks": frameworks,
            "default_cap": DEFAULT_CAP_PERCENT,
        },
    )
