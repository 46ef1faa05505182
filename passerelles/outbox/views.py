"""The organisation's outbox, for its administrators: what was sent to its people (e-mails and texts), what
failed and why, whether texts arrived, and this month's texts against the SMS budget."""

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
from passerelles.outbox import budget
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState
from passerelles.outbox.services import refused_when_written, retry_now


class OutboxFilterForm(forms.Form):
    etat = forms.ChoiceField(
        label=gettext_lazy("État"),
        choices=[("", gettext_lazy("Tous les états"))] + OutboxState.choices,
        required=False,
    )
    canal = forms.ChoiceField(
        label=gettext_lazy("Canal"),
        choices=[("", gettext_lazy("Tous les canaux"))] + Channel.choices,
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
    valid = form.is_valid()
    state = form.cleaned_data["etat"] if valid else ""
    channel = form.cleaned_data["canal"] if valid else ""
    if state:
        rows = rows.filter(state=state)
    if state == OutboxState.SENT:
        # The latest to leave first: a message just relaunched is at the top, not among its own day's rows.
        rows = rows.order_by("-sent_at", "-pk")
    if channel:
        rows = rows.filter(channel=channel)
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
            "querystring": urlencode(
                {key: value for key, value in (("etat", state), ("canal", channel)) if value}
            ),
            "filtered": bool(state or channel),
            "sms_usage": budget.usage(organisation),
            # Agents' personal numbers are shown in full to the platform operator only.
            "full_numbers": request.user.is_superuser,
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
    "channel",
    "urgent",
    "delivery_status",
    "delivery_updated_at",
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
        elif refused_when_written(message):
            message.refresh_from_db(fields=["last_error"])
            messages.error(
                request, _("Le SMS ne peut pas repartir : %(reason)s") % {"reason": message.last_error}
            )
        else:
            messages.info(request, _("Ce message est déjà en cours d'envoi."))
        return redirect("outbox_list", org_slug=organisation.slug)
    return render(
        request,
        "outbox/outbox_retry.html",
        {
            "message": message,
            "organisation": organisation,
            "full_numbers": request.user.is_superuser,
            "refused_by_budget": refused_when_written(message),
        },
    )
