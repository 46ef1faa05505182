"""Working time as a commons (issue 22, 5): an organisation's solidarity allowance, the agents' gifts of time,
the twinnings of two units. Read through ``scopes``; written through ``services``."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.commons.rules import MAX_ALLOWANCE_DAYS, MAX_GIFT_HOURS, PROJECT_MAX
from passerelles.foundation.querysets import ActorScopedQuerySet


class SolidarityAllowance(models.Model):
    """Adopted by the organisation's deliberation: so many days a year each agent may give."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="solidarity_allowance"
    )
    deliberation = models.CharField(_("délibération (référence)"), max_length=200)
    days_per_agent = models.PositiveSmallIntegerField(
        _("jours par agent et par an"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ALLOWANCE_DAYS)],
    )
    rules = models.TextField(_("règles"), max_length=2000)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("jours de solidarité")
        verbose_name_plural = _("jours de solidarité")

    def __str__(self):
        return f"{self.organisation} — {self.days_per_agent} j"


class GiftQuerySet(ActorScopedQuerySet):
    scope = "commons.gifts"


class TimeGift(models.Model):
    """A micro-donation: hours an agent gives, on a day, to a colleague's or another unit's project."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey("people.Agent", on_delete=models.CASCADE, related_name="time_gifts")
    # the giver's unit when they gave (units change; the count of a twinning should not)
    from_unit = models.ForeignKey(
        "organisations.OrgUnit", null=True, on_delete=models.SET_NULL, related_name="time_given"
    )
    to_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="time_received",
        verbose_name=_("service aidé"),
    )
    project = models.CharField(_("projet ou collègue aidé"), max_length=PROJECT_MAX)
    day = models.DateField(_("jour"))
    hours = models.PositiveSmallIntegerField(
        _("heures"), validators=[MinValueValidator(1), MaxValueValidator(MAX_GIFT_HOURS)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("don de temps")
        verbose_name_plural = _("dons de temps")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["agent", "day"], name="commons_gift_agent_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=1) & models.Q(hours__lte=MAX_GIFT_HOURS),
                name="commons_gift_hours",
            )
        ]

    def __str__(self):
        return f"{self.agent} — {self.hours} h"


class TwinningQuerySet(ActorScopedQuerySet):
    scope = "commons.twinnings"


class Twinning(models.Model):
    """Two units of the organisation that agreed to help each other, standing: their gifts counted both ways."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    unit_a = models.ForeignKey("organisations.OrgUnit", on_delete=models.CASCADE, related_name="+")
    unit_b = models.ForeignKey("organisations.OrgUnit", on_delete=models.CASCADE, related_name="+")
    started_on = models.DateField(_("depuis le"))
    note = models.CharField(_("ce que les deux services s'apportent"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TwinningQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jumelage de services")
        verbose_name_plural = _("jumelages de services")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(unit_a=models.F("unit_b")), name="commons_twinning_two_units"
            ),
            models.UniqueConstraint(fields=["unit_a", "unit_b"], name="commons_twinning_once"),
        ]

    def __str__(self):
        return f"{self.unit_a} ⇄ {self.unit_b}"


class EthicsCharter(models.Model):
    """An organisation's own charter (the default text until one is written): see commons/charter.py."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="ethics_charter"
    )
    text = models.TextField(_("charte"), max_length=8000)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("charte éthique")
        verbose_name_plural = _("chartes éthiques")

    def __str__(self):
        return f"{self.organisation} — v{self.version}"


class CharterAcknowledgement(models.Model):
    """A person read this version of their organisation's charter (version 0: the default text)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charte lue")
        verbose_name_plural = _("chartes lues")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "version"], name="commons_charter_read_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — v{self.version}"
