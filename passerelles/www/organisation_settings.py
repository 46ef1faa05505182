"""An organisation's settings page: its name, logo and colour, and what other domains let it set — the caps by
purpose (missions), the frameworks' parameters, the retention periods (people), the light path's half-days
(smallhelp). One form, one transaction.

Beside it, a form of its own for the display outside the platform (the Atom feed and the intranet widget of
open missions, issue 15): HR coordinators decide it too, so they see that part of the page only."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.frameworks.forms import FrameworkSettingsForm
from passerelles.frameworks.services import settings_for
from passerelles.missions.forms import PurposeCapsForm
from passerelles.missions.models import DEFAULT_CAP_PERCENT
from passerelles.organisations.forms import OrganisationSettingsForm
from passerelles.organisations.models import Organisation
from passerelles.people.forms import RetentionForm
from passerelles.smallhelp.forms import LightPathSettingsForm
from passerelles.smallhelp.services import settings_for as small_help_settings_for
from passerelles.www.feeds import widget_snippet


class OutsideDisplayForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["shows_outside"]


def organisation_settings(request, org_slug):
    """Name, logo and colour of the organisation (its administrators); the display outside the platform
    (its administrators and HR coordinators)."""
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    can_edit = policies.can_edit_organisation_settings(request.user, organisation)
    can_show = policies.can_choose_outside_display(request.user, organisation)
    if not (can_edit or can_show):
        raise PermissionDenied
    posted_outside = request.method == "POST" and "outside" in request.POST
    outside = OutsideDisplayForm(
        request.POST if posted_outside else None, instance=organisation, prefix="dehors"
    )
    if posted_outside:
        if not can_show:
            raise PermissionDenied
        if outside.is_valid():
            outside.save()
            messages.success(
                request,
                _("Les missions ouvertes sont montrées hors de la plateforme : flux Atom et encart actifs.")
                if organisation.shows_outside
                else _(
                    "Les missions ne sont plus montrées hors de la plateforme : le flux et l'encart sont fermés."
                ),
            )
            return redirect(f"{request.path}#hors-plateforme")
    context = {
        "organisation": organisation,
        "can_edit": can_edit,
        "can_sync": policies.can_import_agents(request.user, organisation),
        "outside": outside,
        "feed_url": settings.SITE_URL + reverse("organisation_feed", kwargs={"org_slug": organisation.slug}),
        "widget_url": settings.SITE_URL
        + reverse("organisation_widget", kwargs={"org_slug": organisation.slug}),
        "snippet": widget_snippet(organisation),
        "default_cap": DEFAULT_CAP_PERCENT,
    }
    if not can_edit:
        return render(request, "organisations/organisation_settings.html", context)
    post = request.POST if request.method == "POST" and not posted_outside else None
    files = request.FILES if post is not None else None
    form = OrganisationSettingsForm(post, files, instance=organisation)
    caps = PurposeCapsForm(post, organisation=organisation, prefix="caps")
    retention = RetentionForm(post, organisation=organisation, prefix="retention")
    frameworks = FrameworkSettingsForm(post, instance=settings_for(organisation), prefix="dispositifs")
    light_path = LightPathSettingsForm(
        post, instance=small_help_settings_for(organisation), prefix="coup-de-main"
    )
    parts = [form, caps, retention, frameworks, light_path]
    previous_logo = organisation.logo.name
    if post is not None and all([part.is_valid() for part in parts]):
        with transaction.atomic():
            for part in parts:
                part.save()
            if previous_logo and previous_logo != organisation.logo.name:  # replaced or removed
                storage = organisation.logo.storage
                transaction.on_commit(lambda: storage.delete(previous_logo))
        messages.success(request, _("Les paramètres de l'organisation sont enregistrés."))
        return redirect("organisation_settings", org_slug=organisation.slug)
    context.update(
        {
            "form": form,
            "caps": caps,
            "retention": retention,
            "frameworks": frameworks,
            "light_path": light_path,
        }
    )
    return render(request, "organisations/organisation_settings.html", context)
