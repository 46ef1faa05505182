"""Money between two employers: the origin's decision (a yearly cost or a waiver) and the schedule it gives.

One plan per cross-organisation engagement. The origin employer (the agent's) pays the agent and is
reimbursed by the host (the mission's organisation): the origin is the creditor, the host the debtor
(FRAMEWORKS.md §2, CGFP L512-15). The lines' states and fields agree in the database (STYLE: a
``CheckConstraint`` per rule), so a line « reçu » without an amount or a titre cannot be written.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from passerelles.engagements.models import Engagement
from passerelles.foundation.querysets import ActorScopedQuerySet


class Decision(models.TextChoices):
    COST = "cost", _("Remboursement au prorata du coût annuel")
    WAIVER = "waiver", _("Exonération de remboursement")


class WaiverReason(models.TextChoices):
    """The cases the law lists (FRAMEWORKS.md §2: CGFP L512-15, décret n° 2008-580), and « autre » with a
    reason written out. Only the listed case is offered by name: the others the texts may allow are to be
    verified and go under « autre », in HR's own words."""

    ATTACHED = (
        "attached",
        _("Entre une collectivité et un établissement public qui lui est rattaché ou dont elle est membre"),
    )
    OTHER = "other", _("Autre, motif à préciser")


class Frequency(models.TextChoices):
    QUARTER = "quarter", _("Par trimestre")
    MONTH = "month", _("Par mois")


class LineState(models.TextChoices):
    TO_ISSUE = "to_issue", _("À émettre")
    ISSUED = "issued", _("Émis")
    PARTIAL = "partial", _("Partiellement reçu")
    RECEIVED = "received", _("Reçu")


KEPT_STATES = (LineState.ISSUED, LineState.PARTIAL, LineState.RECEIVED)


class PlanQuerySet(ActorScopedQuerySet):
    scope = "reimbursements.plans"


class ReimbursementPlan(models.Model):
    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="reimbursement")
    decision = models.CharField(_("décision"), max_length=10, choices=Decision.choices)
    # Salary and charges of the agent for a year, entered by the origin's HR: personal data, shown to the
    # origin's HR and signatory only (the host sees the amounts it owes).
    yearly_cost = models.DecimalField(
        _("coût annuel (rémunération et charges, €)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    waiver_reason = models.CharField(
        _("motif de l'exonération"), max_length=10, choices=WaiverReason.choices, blank=True
    )
    waiver_detail = models.CharField(_("précision du motif"), max_length=500, blank=True)
    frequency = models.CharField(
        _("échéancier"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTER
    )
    # What the schedule was computed on: a change of the engagement's dates or time share shows as « à recalculer ».
    computed_start = models.DateField(null=True, blank=True)
    computed_end = models.DateField(null=True, blank=True)
    computed_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidé le"))

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()  # who decided what, when (the audit trail of the money)

    class Meta:
        verbose_name = _("remboursement")
        verbose_name_plural = _("remboursements")
        constraints = [
            # a cost decision has a positive yearly cost and no waiver; a waiver has a reason and no cost
            models.CheckConstraint(
                condition=(Q(decision=Decision.COST, yearly_cost__gt=0, waiver_reason=""))
                | (Q(decision=Decision.WAIVER, yearly_cost__isnull=True) & ~Q(waiver_reason="")),
                name="reimbursement_cost_or_waiver",
            ),
            # « autre » always says which reason
            models.CheckConstraint(
                condition=~Q(waiver_reason=WaiverReason.OTHER) | ~Q(waiver_detail=""),
                name="reimbursement_other_waiver_has_detail",
            ),
        ]

    def __str__(self):
        return f"{self.engagement} — {self.get_decision_display()}"

    @property
    def is_stale(self) -> bool:
        """The engagement's dates or time share moved since the schedule was computed."""
        e = self.engagement
        return self.decision == Decision.COST and (
            (self.computed_start, self.computed_end, self.computed_percent)
            != (e.start_date, e.end_date, e.percent)
        )


class LineQuerySet(ActorScopedQuerySet):
    scope = "reimbursements.lines"


class ScheduleLine(models.Model):
    plan = models.ForeignKey(ReimbursementPlan, on_delete=models.CASCADE, related_name="lines")
    window_start = models.DateField()  # the calendar month or quarter the line belongs to
    period_start = models.DateField(_("du"))
    period_end = models.DateField(_("au"))
    amount_due = models.DecimalField(_("montant dû (€)"), max_digits=10, decimal_places=2)
    state = models.CharField(_("état"), max_length=10, choices=LineState.choices, default=LineState.TO_ISSUE)
    titre_number = models.CharField(_("n° du titre de recettes"), max_length=50, blank=True)
    issued_on = models.DateField(_("émis le"), null=True, blank=True)
    received_amount = models.DecimalField(
        _("montant reçu (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    received_on = models.DateField(_("reçu le"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)  # the « à émettre » message went to the origin's HR

    objects = LineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("échéance")
        verbose_name_plural = _("échéances")
        ordering = ["period_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "window_start"], name="one_line_per_window"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="line_dates"),
            models.CheckConstraint(condition=Q(amount_due__gte=0), name="line_amount_not_negative"),
            # issued (and after): a titre number and its date; before: neither
            models.CheckConstraint(
                condition=(Q(state=LineState.TO_ISSUE, titre_number="", issued_on__isnull=True))
                | (Q(state__in=KEPT_STATES, issued_on__isnull=False) & ~Q(titre_number="")),
                name="line_issued_has_titre",
            ),
            # money received: an amount and a date, exactly when the state says so
            models.CheckConstraint(
                condition=(
                    Q(state__in=[LineState.TO_ISSUE, LineState.ISSUED])
                    & Q(received_amount__isnull=True, received_on__isnull=True)
                )
                | Q(
                    state=LineState.PARTIAL,
                    received_amount__gt=0,
                    received_amount__lt=models.F("amount_due"),
                    received_on__isnull=False,
                )
                | Q(
                    state=LineState.RECEIVED,
                    received_amount=models.F("amount_due"),
                    received_on__isnull=False,
                ),
                name="line_received_matches_state",
            ),
        ]

    def __str__(self):
        return f"{self.plan.engagement} — {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    @property
    def is_kept(self) -> bool:
        return self.state in KEPT_STATES
