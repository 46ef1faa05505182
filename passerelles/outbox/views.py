"""The organisation's outbox, for its administrators: what was sent to its people, what failed and why."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelles.access import policies
from passerelles.organisations.models import Organisation
from passerelles.outbox.models import OutboxMessage, OutboxState
from passerelles.outbox.services import retry_now


class OutboxFilterForm(forms.Form):
    etat = forms.ChoiceField(
        label=gettext_lazy("État"),
        choices=[("", gettext_lazy("Tous les états"))] + OutboxState.choices,
        required=False,
    )


def _organisation(request, org_slug):
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_view_outbox(request.user, organisation):
        raise PermissionDenied
    return organisation


def outbox_list(request, org_slug):
    """Messages of the organisation, newest first, filtered by state; the text itself is never shown."""
    organisation = _organisation(request, org_slug)
    rows = OutboxMessage.objects.for_actor(request.user).filter(organisation=organisation)
    counts = dict(rows.order_by().values_list("state").annotate(n=Count("pk")))
    form = OutboxFilterForm(request.GET)
    state = form.cleaned_data["etat"] if form.is_valid() else ""
    if state:
        rows = rows.filter(state=state)
    page = Paginator(rows.only(*LIST_FIELDS), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outbox/outbox_list.html",
        {
            "organisation": organisation,
            "form": form,
            "state": state,
            "counts": [(choice, counts.get(choice.value, 0)) for choice in OutboxState],
            "page": page,
            "querystring": urlencode({"etat": state}) if state else "",
        },
    )


LIST_FIELDS = [
    "created_at",
    "sent_at",
    "to",
    "subject",
    "state",
    "attempts",
    "next_attempt_at",
    "last_error",
    "organisation_id",
]


def outbox_retry(request, message_id):
    """« Réessayer maintenant », confirmed on its own page."""
    message = get_object_or_404(
        OutboxMessage.objects.for_actor(request.user)
        .select_related("organisation")
        .only(*LIST_FIELDS, "organisation__slug", "organisation__name"),
        pk=message_id,
    )
    organisation = _organisation(request, message.organisation.slug)
    if not message.can_retry:
        messages.info(request, _("Ce message n'est pas en échec : il n'y a rien à réessayer."))
        return redirect("outbox_list", org_slug=organisation.slug)
    if request.method == "POST":
        if retry_now(message):
            messages.success(request, _("Le message repart : il sera envoyé dans un instant."))
        else:
            messages.info(request, _("Ce message est déjà en cours d'envoi."))
        return redirect("outbox_list", org_slug=organisation.slug)
    return render(request, "outbox/outbox_retry.html", {"message": message, "organisation": organisation})
