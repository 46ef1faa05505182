"""The outbox: every message Passerelles sends is first a row here, with its state.

Nothing is handed to a mail server without a row: the row is written in the same transaction as what caused
the message, then delivered by a task (``passerelles.outbox.delivery``). A failed attempt is kept with its
reason and retried later; a worker killed while sending leaves a claim whose lease expires, and the row is
picked up again. See docs/exploitation.md, « La boîte d'envoi ».
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.organisations.models import Organisation


class Channel(models.TextChoices):
    EMAIL = "email", _("Courriel")
    SMS = "sms", _("SMS")
    WEBHOOK = "webhook", _("Webhook")


class OutboxState(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("En échec, nouvel essai prévu")
    ABANDONED = "abandoned", _("Abandonné")


# States a delivery may still change: the others are final (until someone asks to retry an abandoned one).
OPEN_STATES = (OutboxState.PENDING, OutboxState.FAILED)
RETRYABLE_STATES = (OutboxState.FAILED, OutboxState.ABANDONED)


class OutboxMessageQuerySet(ActorScopedQuerySet):
    scope = "outbox.outbox_messages"

    def due(self, now):
        """What a worker may claim now: not sent nor abandoned, its next attempt time reached, and nobody
        holding it (no claim, or a claim whose lease has expired: its worker died)."""
        return self.filter(state__in=OPEN_STATES, next_attempt_at__lte=now).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
        )


class OutboxMessage(models.Model):
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    state = models.CharField(
        _("état"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte destinataire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    to = models.TextField(_("destinataires"), help_text=_("Adresses séparées par des virgules."))
    from_email = models.CharField(_("expéditeur"), max_length=300, blank=True)
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte"))
    html_body = models.TextField(_("version HTML"), blank=True)
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    # A webhook's endpoint (its secret signs each attempt); None for e-mails and texts, or once the endpoint
    # was deleted (a row still waiting is then abandoned with the reason).
    webhook_endpoint = models.ForeignKey(
        "WebhookEndpoint",
        verbose_name=_("point de réception"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    # Extra e-mail headers (List-Unsubscribe…), kept with the row so that a retry sends them again.
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    # What the SMS provider said: its id for the message, then the delivery report it sends back.
    provider_message_id = models.CharField(_("identifiant chez le prestataire"), max_length=100, blank=True)
    delivery_status = models.CharField(_("statut de remise"), max_length=30, blank=True)
    delivery_updated_at = models.DateTimeField(_("statut de remise reçu le"), null=True, blank=True)
    # An SMS that may go out at night or on a Sunday, and even past the organisation's monthly budget: an
    # account code, a crisis call (passerelles/outbox/sms.py).
    urgent = models.BooleanField(_("urgent"), default=False)
    message_id = models.CharField(_("identifiant du message (Message-ID)"), max_length=255, unique=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"))
    claimed_until = models.DateTimeField(_("réservé jusqu'à"), null=True, blank=True)
    claim_token = models.UUIDField(_("jeton de réservation"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message sortant")
        verbose_name_plural = _("boîte d'envoi")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["organisation", "-created_at"], name="outbox_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=OutboxState.SENT, sent_at__isnull=False)
                | (~Q(state=OutboxState.SENT) & Q(sent_at__isnull=True)),
                name="outbox_sent_at_iff_sent",
            ),
            models.CheckConstraint(
                condition=Q(claimed_until__isnull=True, claim_token__isnull=True)
                | Q(claimed_until__isnull=False, claim_token__isnull=False),
                name="outbox_claim_has_lease",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]

    @property
    def can_retry(self) -> bool:
        return self.state in RETRYABLE_STATES

    @property
    def delivery_status_label(self) -> str:
        """The provider's delivery report in words (the raw status when Passerelles does not know it)."""
        return str(DELIVERY_LABELS.get(self.delivery_status, self.delivery_status))

    @property
    def masked_to(self) -> str:
        """An SMS number with its middle hidden (« +33 6 •• •• •• 78 »): an organisation's administrators
        see that a text went and whether it arrived, not the agents' personal numbers."""
        if self.channel != Channel.SMS:
            return self.to
        return mask_phone(self.to)


def mask_phone(number: str) -> str:
    # Non-breaking spaces: a masked number stays on one line.
    if number.startswith("+33") and len(number) == 12:
        return f"+33\u00a0{number[3]}\u00a0••\u00a0••\u00a0••\u00a0{number[-2:]}"
    return number[:3] + "•" * max(len(number) - 5, 0) + number[-2:]


# What the provider says of a text (lower-case event names; passerelles/outbox/inbound.py reads them).
DELIVERY_LABELS = {
    "sent": _("transmis à l'opérateur"),
    "accepted": _("accepté par l'opérateur"),
    "delivered": _("remis sur le téléphone"),
    "softbounce": _("non remis pour l'instant (téléphone éteint ou saturé)"),
    "hardbounce": _("non remis : numéro invalide ou inaccessible"),
    "rejected": _("refusé par l'opérateur"),
    "failed": _("non remis"),
    "skip": _("non envoyé par le prestataire (numéro désinscrit)"),
}
# Final reports: a late intermediate report (« transmis ») does not overwrite them.
FINAL_DELIVERY_STATUSES = ("delivered", "hardbounce", "rejected", "failed", "skip")


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpointQuerySet(ActorScopedQuerySet):
    scope = "outbox.webhook_endpoints"


class WebhookEndpoint(models.Model):
    """An organisation's receiver of engagement transitions (issue 20), signed with a secret only Passerelles
    and the receiver know. The secret is generated here, never chosen: a guessable secret would let anyone
    forge events. The address is never edited: to move, add the new one and delete the old one."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("adresse de réception"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(_("secret de signature"), max_length=100, default=new_webhook_secret)
    events = models.JSONField(_("événements envoyés"), default=list)
    is_active = models.BooleanField(_("actif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("point de réception de webhooks")
        verbose_name_plural = _("points de réception de webhooks")
        ordering = ["organisation", "pk"]

    def __str__(self):
        return f"{self.organisation} → {self.url}"


class SmsUsage(models.Model):
    """How many SMS an organisation has admitted this calendar month (Europe/Paris), against its budget.

    A counter rather than a count of outbox rows: rows are purged after a month and an abandoned one may be
    retried, while the budget is about what was let through. Admission is a conditional increment
    (``count < budget``) in the caller's transaction: see ``passerelles.outbox.budget``."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="sms_usage"
    )
    month = models.DateField(_("mois"), help_text=_("Premier jour du mois."))
    count = models.PositiveIntegerField(_("SMS admis"), default=0)

    class Meta:
        verbose_name = _("consommation de SMS")
        verbose_name_plural = _("consommation de SMS")
        ordering = ["-month", "organisation"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="sms_usage_one_per_month"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.month:%m/%Y} : {self.count}"
