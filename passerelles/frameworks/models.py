"""An organisation's framework parameters (versioned) and the framework HR confirmed for an engagement."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.engagements.models import Engagement
from passerelles.frameworks.boussole import Parameters
from passerelles.frameworks.catalogue import FRAMEWORKS
from passerelles.organisations.models import Organisation

FRAMEWORK_CHOICES = [(f["code"], f["label"]) for f in FRAMEWORKS]


class FrameworkSettings(models.Model):
    """Which local schemes exist in the organisation and their limits. Versioned: every change is kept in the
    history, and an engagement keeps a copy of the parameters it was decided with (a change never rewrites a
    decided or signed engagement)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="framework_settings"
    )
    population = models.PositiveIntegerField(
        _("population (habitants)"),
        null=True,
        blank=True,
        help_text=_(
            "Pour les communes : le mécénat de compétences n'est ouvert qu'au-delà de 3 500 habitants."
        ),
    )
    matp_enabled = models.BooleanField(
        _("mission d'appui temporaire aux projets"),
        default=True,
        help_text=_("Dispositif interne inspiré de la MATP de l'Isère : projet avec un·e chef·fe de projet."),
    )
    matp_max_percent = models.PositiveSmallIntegerField(
        _("quotité maximale de la mission d'appui (%)"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    matp_max_months = models.PositiveSmallIntegerField(
        _("durée maximale de la mission d'appui (mois)"),
        default=24,  # « jusqu'à deux ans »: the MATP is a limited but not a short scheme
        help_text=_("Jusqu'à deux ans par défaut (24 mois)."),
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    asa_enabled = models.BooleanField(
        _("autorisation spéciale d'absence pour du bénévolat"),
        default=True,
        help_text=_("Créée par délibération après avis du comité social territorial."),
    )
    asa_days_per_month = models.DecimalField(
        _("quota d'ASA bénévolat (jours par mois)"),
        max_digits=3,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0.5), MaxValueValidator(10)],
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paramètres des dispositifs")
        verbose_name_plural = _("paramètres des dispositifs")

    def __str__(self):
        return f"{self.organisation} — {self._meta.verbose_name}"

    def as_parameters(self) -> Parameters:
        return Parameters(
            matp_enabled=self.matp_enabled,
            matp_max_percent=self.matp_max_percent,
            matp_max_months=self.matp_max_months,
            asa_enabled=self.asa_enabled,
            asa_days_per_month=float(self.asa_days_per_month),
        )


class EngagementFramework(models.Model):
    """The legal framework HR confirmed for an engagement, with what the boussole said at that moment (kept as
    it was: a later change of rules or parameters does not rewrite it)."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="framework")
    code = models.CharField(_("dispositif"), max_length=40, choices=FRAMEWORK_CHOICES)
    situation = models.JSONField(_("situation"))
    parameters = models.JSONField(_("paramètres de l'organisation"))
    recommendation = models.JSONField(_("ce que disait la boussole"))
    correction_reason = models.TextField(
        _("raison de la correction"),
        blank=True,
        help_text=_(
            "Pourquoi la situation retenue contredit ce que la plateforme sait (obligatoire dans ce cas)."
        ),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmé le"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispositif de l'engagement")
        verbose_name_plural = _("dispositifs des engagements")

    def __str__(self):
        return f"{self.engagement} — {self.get_code_display()}"


class SituationDraft(models.Model):
    """The last situation HR submitted on an engagement's boussole page, simulated or confirmed: the page opens
    on it, so HR's corrections (a CDI, a mission de service public…) are never lost to a recomputation from
    what the platform knows."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="situation_draft")
    situation = models.JSONField(_("situation"))
    correction_reason = models.TextField(_("raison de la correction"), blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("enregistrée le"), auto_now=True)

    class Meta:
        verbose_name = _("situation en cours de la boussole")
        verbose_name_plural = _("situations en cours de la boussole")

    def __str__(self):
        return f"{self.engagement} — {self._meta.verbose_name}"


class UncoveredSituation(models.Model):
    """A boussole answer with no framework that fits (issue 16): the situations the law does not cover yet,
    counted on the dashboards so that the regulation can evolve. One row per engagement and situation: asking
    again with the same answers does not count twice."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="uncovered_situations"
    )
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="uncovered_situations"
    )
    situation = models.JSONField(_("situation"))
    fingerprint = models.CharField(max_length=64)  # sha256 of the situation, to count each one once
    reasons = models.JSONField(_("pourquoi aucun dispositif ne convient"), default=dict)
    created_at = models.DateTimeField(_("constatée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("situation sans dispositif")
        verbose_name_plural = _("situations sans dispositif")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "fingerprint"], name="one_uncovered_situation_per_engagement"
            )
        ]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self):
        return f"{self.organisation} — {self.created_at:%Y-%m-%d}"
