"""Small help inside one employer (issue 19): the light path's coups de main, immersion days and the return
programmes that chain a few immersions for an agent coming back.

- ``SmallHelpSettings``: the organisation's cap of light-path half-days per agent and month (0: off);
- ``LightHelp`` + ``HalfDay``: a coup de main, its three agreements (agent, manager, host) as timestamps;
- ``Immersion``: a day or half-day of « vis ma vie »: the host agrees, the manager is informed;
- ``ReturnProgramme``: HR's « parcours de retour », accepted by the agent before any host is asked.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.smallhelp.rules import (
    DEFAULT_HALF_DAYS,
    HelpState,
    ImmersionReason,
    ImmersionState,
    Length,
    Party,
    Period,
    ProgrammeState,
)


class SmallHelpSettings(models.Model):
    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="small_help_settings"
    )
    light_path_half_days = models.PositiveSmallIntegerField(
        _("coup de main : demi-journées par agent et par mois"),
        default=DEFAULT_HALF_DAYS,
        help_text=_(
            "Un agent peut aider un autre service de l'organisation jusqu'à ce nombre de demi-journées par mois, "
            "avec une simple lettre de mission. 0 : le coup de main est fermé (seules les missions restent)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paramètres des coups de main")
        verbose_name_plural = _("paramètres des coups de main")

    def __str__(self):
        return str(self.organisation)


class LightHelpQuerySet(ActorScopedQuerySet):
    scope = "smallhelp.light_helps"


class LightHelp(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="light_helps"
    )
    agent = models.ForeignKey("people.Agent", on_delete=models.CASCADE, related_name="light_helps")
    # the agent's manager when the request was made: the one asked (HR stands in when there is none)
    manager = models.ForeignKey(
        "people.Agent", null=True, blank=True, on_delete=models.SET_NULL, related_name="light_helps_managed"
    )
    host_unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("service qui accueille"),
        on_delete=models.PROTECT,
        related_name="light_helps",
    )
    purpose = models.CharField(_("objet"), max_length=200)
    initiated_by = models.CharField(max_length=10, choices=Party.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=12, choices=HelpState.choices, default=HelpState.ASKED)
    agent_agreed_at = models.DateTimeField(null=True, blank=True)
    manager_agreed_at = models.DateTimeField(null=True, blank=True)
    manager_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    host_agreed_at = models.DateTimeField(null=True, blank=True)
    host_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_by = models.CharField(max_length=10, choices=Party.choices, blank=True)
    decline_reason = models.CharField(_("raison (facultative)"), max_length=500, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # agreed, declined or cancelled
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LightHelpQuerySet.as_manager()
    history = HistoricalRecords()  # the audit trail: who changed what, when

    class Meta:
        verbose_name = _("coup de main")
        verbose_name_plural = _("coups de main")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state"])]
        constraints = [
            models.CheckConstraint(
                name="light_help_agreed_has_three_agreements",
                condition=~Q(state=HelpState.AGREED)
                | Q(
                    agent_agreed_at__isnull=False,
                    manager_agreed_at__isnull=False,
                    host_agreed_at__isnull=False,
                    closed_at__isnull=False,
                ),
            ),
            models.CheckConstraint(
                name="light_help_declined_says_by_whom",
                condition=~Q(state=HelpState.DECLINED) | ~Q(declined_by=""),
            ),
        ]

    def __str__(self):
        return f"{self.agent} → {self.host_unit}"

    @property
    def agreed_parties(self) -> set[str]:
        done = {
            Party.AGENT: self.agent_agreed_at,
            Party.MANAGER: self.manager_agreed_at,
            Party.HOST: self.host_agreed_at,
        }
        return {party for party, at in done.items() if at is not None}

    def half_day_pairs(self) -> list[tuple]:
        return [(h.date, h.period) for h in self.half_days.all()]


class HalfDay(models.Model):
    help = models.ForeignKey(LightHelp, on_delete=models.CASCADE, related_name="half_days")
    date = models.DateField(_("date"))
    period = models.CharField(_("moment"), max_length=2, choices=Period.choices)

    class Meta:
        verbose_name = _("demi-journée")
        verbose_name_plural = _("demi-journées")
        ordering = ["date", "period"]
        constraints = [
            models.UniqueConstraint(fields=["help", "date", "period"], name="unique_half_day_per_help")
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.get_period_display()}"


class ReturnProgrammeQuerySet(ActorScopedQuerySet):
    scope = "smallhelp.return_programmes"


class ReturnProgramme(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="return_programmes"
    )
    agent = models.ForeignKey("people.Agent", on_delete=models.CASCADE, related_name="return_programmes")
    reason = models.CharField(
        _("retour"),
        max_length=20,
        choices=[(r.value, r.label) for r in (ImmersionReason.LONG_ABSENCE, ImmersionReason.ABROAD)],
    )
    note = models.TextField(_("mot pour l'agent"), max_length=2000, blank=True)
    state = models.CharField(max_length=10, choices=ProgrammeState.choices, default=ProgrammeState.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ReturnProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parcours de retour")
        verbose_name_plural = _("parcours de retour")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(self.agent)


class ImmersionQuerySet(ActorScopedQuerySet):
    scope = "smallhelp.immersions"


class Immersion(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="immersions"
    )
    agent = models.ForeignKey("people.Agent", on_delete=models.CASCADE, related_name="immersions")
    host_unit = models.ForeignKey(
        "organisations.OrgUnit",
        verbose_name=_("service qui accueille"),
        on_delete=models.PROTECT,
        related_name="immersions",
    )
    date = models.DateField(_("date"))
    length = models.CharField(_("durée"), max_length=3, choices=Length.choices, default=Length.DAY)
    reason = models.CharField(_("pourquoi"), max_length=20, choices=ImmersionReason.choices)
    details = models.CharField(_("en quelques mots (facultatif)"), max_length=300, blank=True)
    programme = models.ForeignKey(
        ReturnProgramme, null=True, blank=True, on_delete=models.CASCADE, related_name="immersions"
    )
    state = models.CharField(max_length=12, choices=ImmersionState.choices, default=ImmersionState.ASKED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("raison (facultative)"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImmersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("immersion")
        verbose_name_plural = _("immersions")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["organisation", "state"])]
        constraints = [
            models.CheckConstraint(
                name="immersion_decided_has_date",
                condition=~Q(state__in=[ImmersionState.AGREED, ImmersionState.DECLINED])
                | Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.agent} → {self.host_unit} ({self.date:%d/%m/%Y})"
