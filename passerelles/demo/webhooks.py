"""Issue 20 in the demo: the Département's webhook endpoint and its past deliveries, and the parapheur.

As ``admin`` (Département), « Webhooks » shows one endpoint, **disabled**, pointing to http://127.0.0.1:9/ (the
discard port of this machine: the demo never calls out, and nothing is written for a disabled endpoint), with
deliveries as the outbox left them: four accepted by the receiver before it was disabled (the first at its
second attempt). No delivery is left failed: the administrator's « À faire » of the demo stays as it is.
Rows are written directly, with the bodies Passerelles would have sent for real steps of the Département's
engagements (``engagements.webhook_events.payloads``); nothing is sent while the demo loads.

The parapheur needs nothing of its own: every document still waiting for an acceptance (the avenant of the
prolonged mission, built by ``demo.todo``) offers « dossier pour le parapheur électronique » on its
engagement's page, and « Déposer le PDF signé » to its HR.
"""

import datetime
import uuid

from django.db.models import F
from django.utils import timezone

from passerelles.engagements.models import EngagementEvent
from passerelles.engagements.webhook_events import EVENT_TYPES, payloads
from passerelles.organisations.models import Organisation
from passerelles.outbox.models import Channel, OutboxMessage, OutboxState, WebhookEndpoint
from passerelles.outbox.outgoing_webhooks import EVENT_ID_HEADER
from passerelles.outbox.services import event_body

DEPARTEMENT = "departement-haute-lisiere"
DEMO_URL = "http://127.0.0.1:9/"


def create_demo_webhooks() -> None:
    organisation = Organisation.objects.get(slug=DEPARTEMENT)
    endpoint = WebhookEndpoint.objects.create(
        organisation=organisation,
        url=DEMO_URL,
        description="SIRH du Département (démonstration : désactivé, rien ne part)",
        events=list(EVENT_TYPES),
        is_active=False,
    )
    events = (
        EngagementEvent.objects.filter(engagement__agent__organisation=organisation)
        .exclude(from_state="")
        .exclude(to_state=F("from_state"))
        .select_related("engagement__agent__organisation", "engagement__mission__organisation")
        .order_by("-at", "-pk")[:4]
    )
    now = timezone.now()
    for index, event in enumerate(reversed(list(events))):
        organisation_id, kind, data = next(
            p for p in payloads(event.engagement, event) if p[0] == organisation.pk
        )
        event_id = str(uuid.uuid4())
        retried = index == 0  # the oldest: refused once, accepted at the next attempt
        created = _written(now, index)
        OutboxMessage.objects.create(
            channel=Channel.WEBHOOK,
            state=OutboxState.SENT,
            organisation=organisation,
            webhook_endpoint=endpoint,
            to=DEMO_URL,
            subject=kind,
            body=event_body(event_id=event_id, event_type=kind, occurred_at=event.at, data=data),
            headers={EVENT_ID_HEADER: event_id},
            message_id=f"webhook-{event_id}",
            attempts=2 if retried else 1,
            next_attempt_at=created + datetime.timedelta(minutes=1 if retried else 0),
            sent_at=created + datetime.timedelta(minutes=1 if retried else 0, seconds=1),
        )
    # created_at is automatic: put the rows back on the days they were written
    for index, row in enumerate(OutboxMessage.objects.filter(webhook_endpoint=endpoint).order_by("pk")):
        OutboxMessage.objects.filter(pk=row.pk).update(created_at=_written(now, index))


def _written(now, index: int) -> datetime.datetime:
    return now - datetime.timedelta(days=4 - index, hours=2)
