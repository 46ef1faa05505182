"""Following a mission: check-ins (points d'étape) answered by the agent and the host, and the time log."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelles.engagements.models import Engagement


class Mood(models.TextChoices):
    VERY_GOOD = "tres_bien", _("Très bien")
    GOOD = "bien", _("Bien")
    HARD = "difficile", _("Difficile")
    VERY_HARD = "tres_difficile", _("Très difficile")


class Workload(models.TextChoices):
    OK = "ok", _("Supportable")
    HEAVY = "lourde", _("Lourde")
    TOO_HEAVY = "trop_lourde", _("Trop lourde")


class Relationship(models.TextChoices):
    OK = "ok", _("Bonne")
    TENSE = "tendue", _("Tendue")
    PROBLEM = "probleme", _("Un problème")


class CheckIn(models.Model):
    """A point d'étape of the pact: after two weeks, at mid-term, in the last week."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="checkins")
    due_on = models.DateField(_("date prévue"))
    agent_reminded_at = models.DateTimeField(null=True, blank=True)
    host_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("point d'étape")
        verbose_name_plural = _("points d'étape")
        ordering = ["due_on"]
        constraints = [models.UniqueConstraint(fields=["engagement", "due_on"], name="one_checkin_a_day")]

    def __str__(self):
        return f"{self.engagement} — {self.due_on:%d/%m/%Y}"


class CheckInAnswer(models.Model):
    """How it goes, said by the agent or by the host: a workload or relationship problem alerts HR."""

    PARTIES = [("agent", _("Agent")), ("host", _("Accueil"))]

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="answers")
    party = models.CharField(_("partie"), max_length=10, choices=PARTIES)
    mood = models.CharField(_("comment ça se passe"), max_length=20, choices=Mood.choices)
    workload = models.CharField(_("charge de travail"), max_length=20, choices=Workload.choices)
    relationship = models.CharField(_("relation de travail"), max_length=20, choices=Relationship.choices)
    help_needed = models.TextField(_("besoin d'aide ou remarque"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("répondu le"), auto_now_add=True)
    # A difficulty stays in HR's « À faire » until an HR coordinator says it was dealt with.
    handled_at = models.DateTimeField(_("difficulté traitée le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("réponse au point d'étape")
        verbose_name_plural = _("réponses aux points d'étape")
        constraints = [models.UniqueConstraint(fields=["checkin", "party"], name="one_answer_per_party")]

    def __str__(self):
        return f"{self.checkin} — {self.party}"

    @property
    def alarming(self) -> bool:
        return (
            self.workload == Workload.TOO_HEAVY
            or self.relationship == Relationship.PROBLEM
            or self.mood == Mood.VERY_HARD
            or bool(self.help_needed.strip())
        )

    @classmethod
    def alarming_q(cls) -> models.Q:
        """``alarming`` as a database condition (the lists of alerts; help texts are saved stripped)."""
        return (
            models.Q(workload=Workload.TOO_HEAVY)
            | models.Q(relationship=Relationship.PROBLEM)
            | models.Q(mood=Mood.VERY_HARD)
            | ~models.Q(help_needed="")
        )


class TimeEntry(models.Model):
    """Half-days or days spent on the mission, as the agent logs them (quotas apply)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="time_entries")
    day = models.DateField(_("jour"))
    half_days = models.PositiveSmallIntegerField(
        _("demi-journées"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("temps passé")
        verbose_name_plural = _("temps passés")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["engagement", "day"], name="one_time_entry_a_day")]

    def __str__(self):
        return f"{self.engagement} — {self.day:%d/%m/%Y} — {self.half_days}/2"
