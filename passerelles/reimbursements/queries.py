"""The read side: what the engagement page, the schedule page, the finance export and the network dashboard
show — always through the actor's scope, or (the network) as totals without any person in them."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from passerelles.reimbursements import policies, schedule
from passerelles.reimbursements.models import Decision, LineState, ReimbursementPlan, ScheduleLine

ZERO = Decimal("0.00")


@dataclass
class Summary:
    """The reimbursement as the engagement page shows it."""

    plan: ReimbursementPlan | None
    origin: object
    host: object
    can_manage: bool
    sees_cost: bool
    lines: list = field(default_factory=list)

    @property
    def total_due(self) -> Decimal:
        return sum((line.amount_due for line in self.lines), ZERO)

    @property
    def total_received(self) -> Decimal:
        return sum((line.received_amount or ZERO for line in self.lines), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.total_due - self.total_received

    @property
    def is_waiver(self) -> bool:
        return self.plan is not None and self.plan.decision == Decision.WAIVER

    @property
    def is_stale(self) -> bool:
        return self.plan is not None and self.plan.is_stale

    @property
    def expected_total(self) -> Decimal | None:
        """What the whole engagement costs the host at the current dates and time share."""
        if self.plan is None or self.plan.decision != Decision.COST:
            return None
        e = self.plan.engagement
        return schedule.total(e.start_date, e.end_date, yearly_cost=self.plan.yearly_cost, percent=e.percent)


def summary_for(user, engagement) -> Summary | None:
    """The reimbursement of this engagement for ``user``, or None when it is not theirs to see (same
    employer; not HR or signatory of either employer)."""
    if not policies.can_view_reimbursement(user, engagement):
        return None
    plan = ReimbursementPlan.objects.for_actor(user).filter(engagement=engagement).first()
    lines = list(ScheduleLine.objects.for_actor(user).filter(plan=plan)) if plan else []
    if plan is not None:
        plan.engagement = engagement
    return Summary(
        plan=plan,
        origin=engagement.agent.organisation,
        host=engagement.mission.organisation,
        can_manage=policies.can_manage_reimbursement(user, engagement),
        sees_cost=policies.can_see_yearly_cost(user, engagement),
        lines=lines,
    )


def organisation_lines(user, organisation, *, start: datetime.date | None, end: datetime.date | None):
    """The schedule lines an organisation is owed (creditor: its agents) or owes (debtor: its missions), in
    the period asked for (a line belongs to it when its period overlaps it)."""
    lines = ScheduleLine.objects.for_actor(user).filter(
        Q(plan__engagement__agent__organisation=organisation)
        | Q(plan__engagement__mission__organisation=organisation)
    )
    if start:
        lines = lines.filter(period_end__gte=start)
    if end:
        lines = lines.filter(period_start__lte=end)
    return lines.select_related(
        "plan__engagement__agent__organisation",
        "plan__engagement__mission__organisation",
        "plan__engagement__agent",
        "plan__engagement__mission",
    ).order_by("period_start", "plan__engagement__agent__organisation__name", "pk")


EXPORT_HEADERS = (
    "Débiteur (accueil)",
    "Créancier (employeur d'origine)",
    "Agent",
    "Engagement",
    "Mission",
    "Période du",
    "Période au",
    "Montant dû (€)",
    "État",
    "N° titre de recettes",
    "Émis le",
    "Montant reçu (€)",
    "Reçu le",
)


def export_rows(lines):
    """One row per line, in the order of EXPORT_HEADERS (the finance departments' columns)."""
    for line in lines:
        engagement = line.plan.engagement
        yield (
            engagement.mission.organisation.display_name,
            engagement.agent.organisation.display_name,
            engagement.agent.full_name,
            engagement.pk,
            engagement.mission.title,
            line.period_start,
            line.period_end,
            line.amount_due,
            str(line.get_state_display()),
            line.titre_number,
            line.issued_on,
            line.received_amount if line.received_amount is not None else ZERO,
            line.received_on,
        )


# Below this many engagements a pair's amounts are hidden: with one or two people lent, the total due is their
# yearly cost times their share, which the network could trace back to a person (the dashboards' « < 5 »).
SMALL_COUNT = 5


@dataclass(frozen=True)
class Flow:
    debtor: str
    creditor: str
    engagements: int
    due: Decimal
    received: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.due - self.received

    @property
    def masked(self) -> bool:
        return self.engagements < SMALL_COUNT


def network_flows(organisation_ids) -> list[Flow]:
    """Totals due and received between the members that share their indicators, by pair (debtor, creditor):
    both ends of a flow must share (a member that does not share shows in no flow, on either side). Counts
    and sums only: no agent, no engagement, no yearly cost at network level."""
    ids = list(organisation_ids)
    rows = (
        ScheduleLine.objects.filter(
            plan__decision=Decision.COST,
            plan__engagement__agent__organisation_id__in=ids,
            plan__engagement__mission__organisation_id__in=ids,
        )
        .values(
            "plan__engagement__mission__organisation__name",
            "plan__engagement__agent__organisation__name",
        )
        .annotate(
            engagements=Count("plan__engagement", distinct=True),
            due=Sum("amount_due"),
            received=Sum("received_amount", filter=Q(state__in=[LineState.PARTIAL, LineState.RECEIVED])),
        )
        .order_by(
            "plan__engagement__mission__organisation__name", "plan__engagement__agent__organisation__name"
        )
    )
    return [
        Flow(
            debtor=row["plan__engagement__mission__organisation__name"],
            creditor=row["plan__engagement__agent__organisation__name"],
            engagements=row["engagements"],
            due=row["due"] or ZERO,
            received=row["received"] or ZERO,
        )
        for row in rows
    ]
