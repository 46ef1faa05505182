"""The agent's consent to share their missions with the annual-review campaign (issue 20).

Participation is not recognised in annual reviews unless the agent brings it (DESIGN §1.8); but what an agent
did on a mission is theirs to show (§1.2, §1.3): HR's export holds only the agents who said yes, and says
nothing of the others — not even that they said no. The consent is one row per agent record, with when it was
given and, if so, when it was withdrawn; its history (django-simple-history) keeps every change.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.people.models import Agent


class ReviewConsentQuerySet(models.QuerySet):
    def given(self):
        return self.filter(withdrawn_at__isnull=True)


class ReviewConsent(models.Model):
    agent = models.OneToOneField(Agent, on_delete=models.CASCADE, related_name="review_consent")
    given_at = models.DateTimeField(_("accord donné le"))
    withdrawn_at = models.DateTimeField(_("accord retiré le"), null=True, blank=True)

    objects = ReviewConsentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accord pour l'entretien annuel")
        verbose_name_plural = _("accords pour l'entretien annuel")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="review_consent_withdrawn_after_given",
            )
        ]

    def __str__(self):
        return f"{self.agent} — {self.given_at:%d/%m/%Y}"

    @property
    def is_given(self) -> bool:
        return self.withdrawn_at is None
