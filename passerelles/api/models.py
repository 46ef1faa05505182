"""API keys: one organisation's systems (SIRH, intranet, BI) reading — or writing — through the REST API.

A key is shown once, when it is made; only its SHA-256 is kept (a random 256-bit secret needs no slow hash: it
cannot be guessed from a dictionary). Its first characters (``prefix``) find the row without scanning, and are
what the key list shows. A key acts as the organisation's HR coordinators would in the web interface (the same
scopes), through an account of its own that cannot sign in: the history says « Clé d'API « SIRH » » for what a
key changed, never a person.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.organisations.models import Organisation


class KeyScope(models.TextChoices):
    READ = "read", _("Lecture seule")
    WRITE = "write", _("Lecture et écriture")


class ApiKeyQuerySet(ActorScopedQuerySet):
    scope = "api.api_keys"

    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(
        _("nom"), max_length=80, help_text=_("Ce qui utilise la clé, par exemple « SIRH — import de nuit ».")
    )
    scope = models.CharField(_("droits"), max_length=10, choices=KeyScope.choices, default=KeyScope.READ)
    prefix = models.CharField(_("début de la clé"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    # The account the key acts through: inactive (no sign-in), with no role of its own (nobody notifies it).
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiKeyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True) | Q(revoked_at__isnull=False),
                name="api_key_revoked_by_needs_revoked_at",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def can_write(self) -> bool:
        return self.scope == KeyScope.WRITE

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
