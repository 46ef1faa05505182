"""Renewals that leave no one « sans pilote » (issue 18): a MAD or a key loan nearing its end.

- ``KeyPost``: HR marks an engagement as a « poste clé » for the host (a cadre lent to a commune without a DGS):
  it is then followed like a loan between two employers even inside one organisation;
- ``RenewalAlert``: the alerts sent 90 and 30 days before an end date, one row each, so the daily job sends
  each once (a renewal that moves the end date starts the count again, for the new date);
- ``HandoverNote``: what the host must know to go on without the agent, written before the end.

A renewal itself is the engagement's extension round (engagements/services/extension.py): a new round of
agreements in which the agent agrees again, and the avenant written when it completes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyPost(models.Model):
    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="key_post"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("poste clé")
        verbose_name_plural = _("postes clés")

    def __str__(self):
        return str(self.engagement)


class AlertThreshold(models.IntegerChoices):
    DAYS_90 = 90, _("90 jours avant la fin")
    DAYS_30 = 30, _("30 jours avant la fin")


class RenewalAlert(models.Model):
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="renewal_alerts"
    )
    threshold = models.PositiveSmallIntegerField(choices=AlertThreshold.choices)
    end_date = models.DateField()  # the end date the alert was about
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("alerte d'échéance")
        verbose_name_plural = _("alertes d'échéance")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "threshold", "end_date"], name="one_alert_per_threshold_and_end"
            )
        ]

    def __str__(self):
        return f"{self.engagement} — {self.get_threshold_display()}"


class HandoverNote(models.Model):
    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="handover_note"
    )
    ongoing = models.TextField(_("dossiers en cours et leur état"), max_length=4000)
    contacts = models.TextField(_("personnes et partenaires à connaître"), max_length=2000, blank=True)
    resources = models.TextField(_("où trouver les documents, accès et outils"), max_length=2000, blank=True)
    next_steps = models.TextField(_("échéances à venir et décisions attendues"), max_length=2000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("note de passation")
        verbose_name_plural = _("notes de passation")

    def __str__(self):
        return str(self.engagement)
