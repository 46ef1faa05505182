"""Calls for volunteers (« appel à volontaires », issue 15): HR sends a published mission to a group of its
agents, through each person's channel, once per person and mission.

A call keeps the group as HR chose it (units, sites, categories, or the profiles that match) and one row per
person reached; the unique (mission, agent) constraint is what makes « once » hold, even for two calls sent
at the same moment. Answers are counted from the engagements, never stored twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.foundation.querysets import ActorScopedQuerySet
from passerelles.missions.models import Mission
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite
from passerelles.people.models import Agent


class Criterion(models.TextChoices):
    UNITS = "units", _("Des unités (et leurs services)")
    SITES = "sites", _("Des sites de travail")
    CATEGORIES = "categories", _("Des catégories (A+, A, B, C)")
    MATCHING = "matching", _("Les profils qui correspondent à la mission")


class Channel(models.TextChoices):
    EMAIL = "email", _("courriel")
    SMS = "sms", _("SMS")
    APP = "app", _("application seulement")


class VolunteerCallQuerySet(ActorScopedQuerySet):
    scope = "callouts.calls"


class VolunteerCall(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="volunteer_calls")
    # whose agents are called: an organisation the sender coordinates as HR
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="volunteer_calls")
    criterion = models.CharField(_("groupe"), max_length=20, choices=Criterion.choices)
    units = models.ManyToManyField(OrgUnit, verbose_name=_("unités"), blank=True, related_name="+")
    sites = models.ManyToManyField(WorkSite, verbose_name=_("sites"), blank=True, related_name="+")
    categories = models.JSONField(_("catégories"), default=list, blank=True)
    message = models.TextField(_("un mot de la RH"), blank=True, max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    reached = models.PositiveIntegerField(_("personnes prévenues"), default=0)
    # without an account: not reached, counted so that HR prints the poster or letters
    unreachable = models.PositiveIntegerField(_("personnes sans compte"), default=0)
    skipped = models.PositiveIntegerField(_("déjà prévenues par un appel précédent"), default=0)
    sent_at = models.DateTimeField(_("envois terminés le"), null=True, blank=True)

    objects = VolunteerCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à volontaires")
        verbose_name_plural = _("appels à volontaires")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.mission} — {self.created_at:%d/%m/%Y}"


class CallRecipient(models.Model):
    call = models.ForeignKey(VolunteerCall, on_delete=models.CASCADE, related_name="recipients")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # each person is reached at most once per mission, whatever the number of calls
            models.UniqueConstraint(fields=["mission", "agent"], name="reached_once_per_mission")
        ]
        indexes = [models.Index(fields=["call", "notified_at"])]

    def __str__(self):
        return f"{self.call} → {self.agent}"
