"""Invitations: how a person the organisation knows gets into Passerelles.

Public sign-up stays closed. An organisation knows its people through the SIRH import (agents) or through
its administrator (people given a role); an invitation sends one of them a single-use link, valid 14 days,
to set a password. Only a hash of the link's secret is stored: a copy of the database opens no account.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.organisations.models import Organisation

VALIDITY = timedelta(days=14)


class InvitationState(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    EXPIRED = "expired", _("Expirée")
    REVOKED = "revoked", _("Retirée")
    REPLACED = "replaced", _("Remplacée par une plus récente")


class InvitationQuerySet(ActorScopedQuerySet):
    scope = "invitations.invitations"

    def open(self):
        """Not used, not withdrawn, not replaced: the link still works until its expiry."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, replaced_at__isnull=True)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    agent = models.ForeignKey(
        "people.Agent",
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    email = models.EmailField(_("adresse"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité·e par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(_("remplacée le"), null=True, blank=True)
    renewals_asked = models.PositiveSmallIntegerField(_("nouveaux liens demandés"), default=0)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "user", "-created_at"])]

    def __str__(self):
        return f"{self.email} — {self.organisation}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.replaced_at:
            return InvitationState.REPLACED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    def get_state_display(self) -> str:
        return InvitationState(self.state).label
