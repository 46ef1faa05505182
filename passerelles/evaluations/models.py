"""The return with the home manager and the three-sided evaluation (agent, host, home manager)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.engagements.models import Engagement
from passerelles.organisations.models import Organisation

RESPONDENT_CHOICES = [("agent", _("Agent")), ("host", _("Accueil")), ("manager", _("Encadrant·e d'origine"))]


class QuestionSet(models.Model):
    """An organisation's own questions for one respondent (see questions.py for the format)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="question_sets")
    respondent = models.CharField(_("répondant·e"), max_length=10, choices=RESPONDENT_CHOICES)
    text = models.TextField(_("questions"))
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("questionnaire d'évaluation")
        verbose_name_plural = _("questionnaires d'évaluation")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "respondent"], name="one_question_set_per_respondent"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_respondent_display()}"


class Evaluation(models.Model):
    """One respondent's evaluation of an ended mission. The questions are copied in: a later change of the
    questionnaire never changes what was asked."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="evaluations")
    respondent = models.CharField(_("répondant·e"), max_length=10, choices=RESPONDENT_CHOICES)
    questions = models.JSONField()
    answers = models.JSONField()
    share_in_passport = models.BooleanField(
        _("l'agent accepte d'en montrer les points forts dans son passeport"), default=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("remplie le"), auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "respondent"], name="one_evaluation_each")
        ]

    def __str__(self):
        return f"{self.engagement} — {self.respondent}"


class ReturnNote(models.Model):
    """The return conversation with the home manager: what changes on the way back."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="return_note")
    held_on = models.DateField(_("date de l'entretien de retour"))
    notes = models.TextField(_("ce qui change au retour"), max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entretien de retour")
        verbose_name_plural = _("entretiens de retour")

    def __str__(self):
        return f"{self.engagement} — {self.held_on:%d/%m/%Y}"


class EvaluationReminder(models.Model):
    """That a respondent was reminded (at most twice, a week apart): the daily job stays idempotent."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    respondent = models.CharField(max_length=10)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "respondent", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self):
        return f"{self.engagement_id} — {self.respondent} — {self.sent_on:%d/%m/%Y}"
