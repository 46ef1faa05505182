"""The secret address of a person's calendar feed (issue 20).

Only a hash of the secret is stored, as one would store an API key: the address is a password to the person's
agenda (their rencontres, points d'étape, forums and missions), and a copy of the database — a backup, a dump
handed to a support team, an administrator's screen — must not be enough to read it. The cost is that the
address is shown once, when it is created: a person who lost it makes a new one (the old one stops at once),
which is also what « revocable » asks for. The secret is long and random (256 bits): a plain SHA-256 is
enough, no slow password hash is needed (nobody can guess it by trying, and each calendar poll stays cheap).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """One feed per account: making a new address replaces the hash, so the old address answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("lien créé le"))
    last_read_at = models.DateTimeField(_("dernière lecture par un agenda"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien d'agenda personnel")
        verbose_name_plural = _("liens d'agenda personnel")

    def __str__(self):
        return f"{self.user_id} — {self.created_at:%d/%m/%Y}"
