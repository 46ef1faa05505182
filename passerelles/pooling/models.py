"""Pooled and « volant » agents (issue 18): one agent shared between several sites or member organisations on
a rota, with their consent and within the weekly hours they agreed to.

- ``Pool``: the agent, their employer, the network whose coordinator arbitrates, the weekly cap, the agent's
  consent (the cap they agreed to is copied: raising the cap asks them again);
- ``PoolMember``: who shares the cost, in % (summing to 100, checked by the service);
- ``PoolSite``: where the agent works, with the site's manager (who reads the schedule and asks for
  replacements);
- ``Assignment``: a recurring slot (weekday, hours, site, from/to, every week or every other week);
- ``ReplacementRequest``: a site asks for the agent on a date; the network coordinator accepts (a one-day
  assignment is added, within the same rules) or refuses with a reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.pooling import rota


class PoolQuerySet(ActorScopedQuerySet):
    scope = "pooling.pools"


class Pool(models.Model):
    name = models.CharField(
        _("intitulé"), max_length=200, help_text=_("Par exemple « Cuisinier volant des collèges ».")
    )
    agent = models.ForeignKey(
        "people.Agent", on_delete=models.PROTECT, related_name="pools", verbose_name=_("agent")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="employer_pools",
        verbose_name=_("employeur"),
    )
    network = models.ForeignKey(
        "organisations.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pools",
        verbose_name=_("réseau"),
        help_text=_("Ses coordinateur·rices reçoivent les demandes de remplacement."),
    )
    weekly_cap_minutes = models.PositiveIntegerField(_("plafond hebdomadaire (minutes)"))
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    # The agent's consent: when, and to which weekly cap (a higher cap asks them again).
    consent_at = models.DateTimeField(_("accord de l'agent le"), null=True, blank=True)
    consent_cap_minutes = models.PositiveIntegerField(
        _("plafond accepté par l'agent (minutes)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = PoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("agent mutualisé")
        verbose_name_plural = _("agents mutualisés")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="pool_dates"),
            models.CheckConstraint(
                condition=Q(weekly_cap_minutes__gt=0, weekly_cap_minutes__lte=rota.MAX_WEEKLY_MINUTES),
                name="pool_cap_within_legal_week",
            ),
            # a consent always says to which cap
            models.CheckConstraint(
                condition=Q(consent_at__isnull=True, consent_cap_minutes__isnull=True)
                | Q(consent_at__isnull=False, consent_cap_minutes__isnull=False),
                name="pool_consent_has_cap",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_consent(self) -> bool:
        """The agent agreed, to this cap or a higher one."""
        return self.consent_at is not None and (self.consent_cap_minutes or 0) >= self.weekly_cap_minutes

    @property
    def cap_label(self) -> str:
        return rota.hours_label(self.weekly_cap_minutes)


class PoolMember(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    cost_share = models.PositiveSmallIntegerField(_("part du coût (%)"))

    class Meta:
        verbose_name = _("membre de la mutualisation")
        verbose_name_plural = _("membres de la mutualisation")
        ordering = ["-cost_share", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "organisation"], name="one_share_per_member"),
            models.CheckConstraint(
                condition=Q(cost_share__gt=0, cost_share__lte=100), name="pool_share_percent"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} : {self.cost_share} %"


class PoolSite(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="sites")
    site = models.ForeignKey("organisations.WorkSite", on_delete=models.PROTECT, related_name="+")
    manager = models.ForeignKey(
        "people.Agent",
        verbose_name=_("responsable du site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_pool_sites",
    )

    class Meta:
        verbose_name = _("site de la mutualisation")
        verbose_name_plural = _("sites de la mutualisation")
        ordering = ["site__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["pool", "site"], name="one_pool_site")]

    def __str__(self):
        return self.site.name


class Assignment(models.Model):
    """A recurring slot of the rota. Written only by ``services.assignment_add`` (cap, overlap, consent)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="assignments")
    site = models.ForeignKey(
        PoolSite, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("site")
    )
    weekday = models.PositiveSmallIntegerField(_("jour"))
    start_time = models.TimeField(_("de"))
    end_time = models.TimeField(_("à"))
    starts_on = models.DateField(_("à partir du"))
    ends_on = models.DateField(_("jusqu'au"))
    every_other_week = models.BooleanField(_("une semaine sur deux"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["weekday", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="assignment_hours"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="assignment_dates"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="assignment_weekday"),
        ]

    def __str__(self):
        return f"{self.weekday_label} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def as_slot(self) -> rota.Slot:
        return rota.Slot(
            weekday=self.weekday,
            start=self.start_time,
            end=self.end_time,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            every_other_week=self.every_other_week,
            place=self.site.site.name,
        )

    @property
    def weekday_label(self) -> str:
        return rota.weekday_label(self.weekday)


class ReplacementStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    REFUSED = "refused", _("Refusée")


class ReplacementRequest(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="replacements")
    site = models.ForeignKey(
        PoolSite, on_delete=models.CASCADE, related_name="replacements", verbose_name=_("site")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("de"))
    end_time = models.TimeField(_("à"))
    reason = models.CharField(_("motif"), max_length=300)
    status = models.CharField(
        _("état"), max_length=10, choices=ReplacementStatus.choices, default=ReplacementStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("réponse"), max_length=300, blank=True)
    assignment = models.OneToOneField(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="replacement"
    )

    class Meta:
        verbose_name = _("demande de remplacement")
        verbose_name_plural = _("demandes de remplacement")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="replacement_hours"),
            # a decision says when; a refusal says why
            models.CheckConstraint(
                condition=Q(status=ReplacementStatus.PENDING, decided_at__isnull=True)
                | (~Q(status=ReplacementStatus.PENDING) & Q(decided_at__isnull=False)),
                name="replacement_decided_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReplacementStatus.REFUSED) | ~Q(decision_note=""),
                name="replacement_refusal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.site} — {self.date:%d/%m/%Y}"
