"""What makes a programme a test for real (issue 16): indicators with targets, decisions with their reasons, a
learning log kept as the test goes, and the participants' own questionnaire.

The programme itself (name, hypothesis, dates, status, notice to participants) is ``missions.Programme``:
missions point to it. The values of the automatic indicators are computed by ``passerelles.insights``.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.insights.catalogue import Metric
from passerelles.missions.models import Programme, ProgrammeStatus


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("au moins")
    AT_MOST = "at_most", _("au plus")


class ProgrammeIndicator(models.Model):
    """One indicator of a programme with its target. ``metric`` names a value Passerelles computes (see
    insights/catalogue.py), or « manual » for one measured elsewhere and entered by HR."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("indicateur"), max_length=200)
    metric = models.CharField(_("mesure"), max_length=40, choices=Metric.choices)
    direction = models.CharField(
        _("objectif"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    target = models.DecimalField(_("cible"), max_digits=10, decimal_places=2)
    manual_value = models.DecimalField(
        _("valeur constatée (mesure manuelle)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    chosen_with_users = models.BooleanField(
        _("choisi avec les participant·es"),
        default=False,
        help_text=_("Par exemple à la suite du questionnaire des participant·es ou d'un atelier."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur du programme")
        verbose_name_plural = _("indicateurs du programme")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class ProgrammeDecision(models.Model):
    """What was decided about a test, and why: at expiry a test takes no new mission until one is recorded. An
    extension carries the new expiry date."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(_("décision"), max_length=12, choices=ProgrammeStatus.choices)
    reasons = models.TextField(_("raisons de la décision"), validators=[MaxLengthValidator(4000)])
    new_expires_on = models.DateField(_("nouvelle fin du test"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidé le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("décision sur le programme")
        verbose_name_plural = _("décisions sur le programme")
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.programme} — {self.get_status_display()}"


class LogEntry(models.Model):
    """The learning log: what the team noticed, tried and changed while the test ran (« construire les
    indicateurs avec les usager·ère·s »), dated, for the review."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="log_entries")
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("ce que nous avons appris"), validators=[MaxLengthValidator(4000)])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entrée du journal d'apprentissage")
        verbose_name_plural = _("journal d'apprentissage")
        ordering = ["-written_on", "-id"]

    def __str__(self):
        return f"{self.programme} — {self.written_on}"


class ParticipantResponse(models.Model):
    """One participant's answers to the programme's questionnaire. The questions are copied in (a later change
    never changes what was asked); results are only ever shown aggregated, from five answers up."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    questions = models.JSONField()
    answers = models.JSONField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réponse au questionnaire du programme")
        verbose_name_plural = _("réponses au questionnaire du programme")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "respondent"], name="one_programme_response_per_person"
            )
        ]

    def __str__(self):
        return f"{self.programme} — {self.submitted_at:%Y-%m-%d}"
