"""Engagements: one agent on one mission, moved only through the lifecycle table."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.core.querysets import ActorScopedQuerySet
from passerelles.engagements.lifecycle import OPEN_STATES, EndReason, State
from passerelles.missions.models import Mission
from passerelles.people.models import Agent


class EngagementQuerySet(ActorScopedQuerySet):
    scope = "engagements"

    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Engagement(models.Model):
    agent = models.ForeignKey(Agent, on_delete=models.PROTECT, related_name="engagements")
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="engagements")
    state = models.CharField(_("étape"), max_length=20, choices=State.choices, db_index=True)
    message = models.TextField(_("message de l'agent"), blank=True)
    # Private to the agent and HR: never shown to the manager (a withdrawal costs nothing and is never seen).
    withdraw_reason = models.TextField(_("raison du retrait"), blank=True)
    decline_reason = models.TextField(_("raison"), blank=True)
    end_reason = models.CharField(_("motif de fin"), max_length=30, choices=EndReason.choices, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-updated_at"]
        constraints = [
            # one open engagement per agent and mission: a double click creates nothing more
            models.UniqueConstraint(
                fields=["agent", "mission"],
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                name="one_open_engagement_per_agent_and_mission",
            )
        ]

    def __str__(self):
        return f"{self.agent} — {self.mission}"


class EngagementEvent(models.Model):
    """The timeline HR sees: who moved the engagement, when, from where to where, with which comment."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="events")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.engagement}: {self.from_state or '∅'} → {self.to_state}"
