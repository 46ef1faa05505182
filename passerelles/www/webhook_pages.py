"""An organisation's outgoing webhooks (issue 20), for its administrators: add an endpoint (the secret is made
here), see its secret and its last deliveries, disable or enable it, delete it after confirming.

A page of the UI layer: it offers the engagement events (engagements) for endpoints that the outbox delivers —
neither of those apps imports the other's pages. See docs/webhooks.md."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from passerelles.access import policies
from passerelles.engagements.webhook_events import EVENT_TYPES
from passerelles.organisations.models import Organisation
from passerelles.outbox.models import OPEN_STATES, Channel, OutboxMessage, OutboxState, WebhookEndpoint
from passerelles.outbox.outgoing_webhooks import url_problem

MAX_ENDPOINTS = 10  # per organisation: a receiver or two is the need; more is a mistake or an abuse
SHOWN_DELIVERIES = 20


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=gettext_lazy("Adresse de réception"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy("Adresse https de votre système (SIRH, outil RH) qui reçoit les événements."),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Événements envoyés"),
        choices=list(EVENT_TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(EVENT_TYPES),
        help_text=gettext_lazy("Les étapes d'un engagement qui déclenchent un envoi."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]
        help_texts = {
            "description": gettext_lazy("Pour vous y retrouver, par exemple « SIRH — service paie »."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_url(self):
        url = self.cleaned_data["url"]
        if problem := url_problem(url):
            raise forms.ValidationError(problem)
        return url

    def clean(self):
        data = super().clean()
        if WebhookEndpoint.objects.filter(organisation=self.organisation).count() >= MAX_ENDPOINTS:
            raise forms.ValidationError(
                _("Votre organisation a déjà %(count)s points de réception : supprimez-en un d'abord.")
                % {"count": MAX_ENDPOINTS}
            )
        return data


def _organisation(request, org_slug) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.for_actor(request.user), slug=org_slug)
    if not policies.can_edit_organisation_settings(request.user, organisation):
        raise PermissionDenied
    return organisation


def _endpoint(request, endpoint_id) -> WebhookEndpoint:
    endpoint = get_object_or_404(
        WebhookEndpoint.objects.for_actor(request.user).select_related("organisation"), pk=endpoint_id
    )
    if not policies.can_edit_organisation_settings(request.user, endpoint.organisation):
        raise PermissionDenied
    return endpoint


def webhook_list(request, org_slug):
    """The organisation's endpoints and the form to add one."""
    organisation = _organisation(request, org_slug)
    form = WebhookEndpointForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        endpoint = form.save(commit=False)
        endpoint.organisation = organisation
        endpoint.created_by = request.user
        endpoint.save()
        messages.success(
            request,
            _(
                "Point de réception ajouté. Copiez son secret dans votre système : il sert à vérifier chaque envoi."
            ),
        )
        return redirect("webhook_detail", endpoint_id=endpoint.pk)
    endpoints = WebhookEndpoint.objects.for_actor(request.user).filter(organisation=organisation)
    return render(
        request,
        "outbox/webhook_list.html",
        {"organisation": organisation, "form": form, "endpoints": endpoints, "max_endpoints": MAX_ENDPOINTS},
    )


def webhook_detail(request, endpoint_id):
    """One endpoint: its secret (shown on demand), its events, its last deliveries."""
    endpoint = _endpoint(request, endpoint_id)
    deliveries = OutboxMessage.objects.for_actor(request.user).filter(
        webhook_endpoint=endpoint, channel=Channel.WEBHOOK
    )[:SHOWN_DELIVERIES]
    return render(
        request,
        "outbox/webhook_detail.html",
        {
            "endpoint": endpoint,
            "organisation": endpoint.organisation,
            "event_labels": [EVENT_TYPES.get(name, name) for name in endpoint.events],
            "deliveries": deliveries,
        },
    )


@require_POST
def webhook_toggle(request, endpoint_id):
    """Disable (nothing more is written for it; what waits is abandoned, with the reason) or enable again."""
    endpoint = _endpoint(request, endpoint_id)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.is_active = not endpoint.is_active
        endpoint.save(update_fields=["is_active"])
        if not endpoint.is_active:
            _abandon_waiting(endpoint, _("Point de réception désactivé avant l'envoi."))
    messages.success(
        request,
        _("Point de réception activé : les prochains événements lui seront envoyés.")
        if endpoint.is_active
        else _("Point de réception désactivé : plus rien ne lui est envoyé."),
    )
    return redirect("webhook_detail", endpoint_id=endpoint.pk)


def webhook_delete(request, endpoint_id):
    """Delete, on its own confirmation page; its past deliveries stay in the outbox without it."""
    endpoint = _endpoint(request, endpoint_id)
    organisation = endpoint.organisation
    if request.method == "POST":
        with transaction.atomic():
            _abandon_waiting(endpoint, _("Point de réception supprimé avant l'envoi."))
            endpoint.delete()
        messages.success(request, _("Point de réception supprimé."))
        return redirect("webhook_list", org_slug=organisation.slug)
    return render(request, "outbox/webhook_delete.html", {"endpoint": endpoint, "organisation": organisation})


def _abandon_waiting(endpoint, reason) -> None:
    """What still waits for this endpoint is abandoned with the reason (a running attempt keeps its claim)."""
    OutboxMessage.objects.filter(
        webhook_endpoint=endpoint, state__in=OPEN_STATES, claimed_until__isnull=True
    ).update(state=OutboxState.ABANDONED, last_error=str(reason), next_attempt_at=timezone.now())
