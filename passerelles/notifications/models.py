"""In-app notifications: what asks something of someone, or tells them what happened."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("objet"), max_length=200)
    message = models.TextField(_("message"))
    url = models.CharField(_("lien"), max_length=300, blank=True)
    action_needed = models.BooleanField(_("action attendue"), default=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # When the notification was put into an e-mail (at once, or in a daily summary); whether that e-mail
    # really left is the state of its outbox row, never assumed from this date.
    emailed_at = models.DateTimeField(_("confiée au courriel le"), null=True, blank=True)
    email = models.ForeignKey(
        "outbox.OutboxMessage",
        verbose_name=_("courriel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.subject
