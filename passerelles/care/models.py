"""The confidential path (issue 22): an HR accompaniment plan in the agent's HR file.

- ``AccompanimentPlan``: the situation, a goal, the series of missions (engagements) tried on the way; read by
  the agent and the HR of their organisation only (``scopes.plans``); nothing of it is ever written on a
  mission or an engagement, so that a host sees an ordinary mission;
- ``PlanEntry``: the notes and meetings of the plan, written by HR or by the agent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.care.rules import (
    CONTACT_MAX,
    ENTRY_MAX,
    GOAL_MAX,
    PROTOCOL_MAX,
    EntryKind,
    EscalationState,
    PlanState,
    Situation,
)
from passerelles.foundation.querysets import ActorScopedQuerySet


class PlanQuerySet(ActorScopedQuerySet):
    scope = "care.plans"


class AccompanimentPlan(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="accompaniment_plans"
    )
    agent = models.ForeignKey("people.Agent", on_delete=models.CASCADE, related_name="accompaniment_plans")
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    goal = models.TextField(_("objectif"), max_length=GOAL_MAX)
    state = models.CharField(_("état"), max_length=10, choices=PlanState.choices, default=PlanState.OPEN)
    engagements = models.ManyToManyField(
        "engagements.Engagement", blank=True, related_name="+", verbose_name=_("missions du parcours")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("bilan"), max_length=GOAL_MAX, blank=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["opened_at"])

    class Meta:
        verbose_name = _("plan d'accompagnement")
        verbose_name_plural = _("plans d'accompagnement")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "state", "-opened_at"], name="care_plan_org_state")]
        constraints = [
            # one open plan at a time: a second would split the agent's file in two
            models.UniqueConstraint(
                fields=["agent"], condition=models.Q(state="open"), name="care_one_open_plan_per_agent"
            )
        ]

    def __str__(self):
        return str(self.agent)

    @property
    def is_open(self) -> bool:
        return self.state == PlanState.OPEN


class PlanEntry(models.Model):
    plan = models.ForeignKey(AccompanimentPlan, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("type"), max_length=10, choices=EntryKind.choices, default=EntryKind.NOTE)
    date = models.DateField(_("date"))
    text = models.TextField(_("texte"), max_length=ENTRY_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("note d'accompagnement")
        verbose_name_plural = _("notes d'accompagnement")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class SupportQuerySet(ActorScopedQuerySet):
    scope = "care.supports"


class MissionSupport(models.Model):
    """Around an exceptional mission: a sponsor (parrain, marraine) of the agent's organisation, the contact of
    the psychologue du travail and a support protocol — all three written in the pact (documents' ``soutien``),
    which every party reads. The difficulties passed on to them (``Escalation``) are for the agent, their HR
    and the sponsor only."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="support"
    )
    sponsor = models.ForeignKey(
        "people.Agent",
        on_delete=models.PROTECT,
        related_name="sponsorships",
        verbose_name=_("parrain ou marraine"),
    )
    psychologist = models.CharField(_("psychologue du travail"), max_length=CONTACT_MAX)
    psychologist_phone = models.CharField(_("téléphone ou numéro vert"), max_length=40)
    psychologist_email = models.EmailField(_("e-mail de la ou du psychologue"), blank=True)
    protocol = models.TextField(_("protocole d'appui"), max_length=PROTOCOL_MAX)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("soutien d'une mission exceptionnelle")
        verbose_name_plural = _("soutiens de missions exceptionnelles")

    def __str__(self):
        return str(self.engagement)


class Escalation(models.Model):
    support = models.ForeignKey(MissionSupport, on_delete=models.CASCADE, related_name="escalations")
    answer = models.OneToOneField(
        "followup.CheckInAnswer", on_delete=models.CASCADE, related_name="escalation"
    )
    state = models.CharField(_("état"), max_length=10, choices=EscalationState.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("difficulté transmise")
        verbose_name_plural = _("difficultés transmises")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self):
        return f"{self.support} — {self.get_state_display()}"
