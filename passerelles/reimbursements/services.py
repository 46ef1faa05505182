"""Use cases of the money between two employers: each takes the acting user, checks the rule, runs in one
transaction (the engagement locked) and leaves the history (simple_history) to say who did what.

The origin's HR decides (a yearly cost, or a waiver with its legal reason) and the schedule follows
(schedule.py); it records each titre de recettes and the money received. A change of the engagement's dates
or time share (an extension, a correction before the start) recomputes the lines not yet issued only.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import State
from passerelles.engagements.services import lock
from passerelles.notifications.language import in_language_of
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import notify
from passerelles.reimbursements import rules, schedule
from passerelles.reimbursements.models import (
    KEPT_STATES,
    Decision,
    Frequency,
    LineState,
    ReimbursementPlan,
    ScheduleLine,
    WaiverReason,
)
from passerelles.reimbursements.policies import can_manage_reimbursement, is_cross_organisation

# From the agreements on (the convention is being written) and for as long as money may still come in.
DECIDING_STATES = (State.AGREEMENTS, State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)


class Refused(Exception):
    """A use case said no: the message is for the person, in French."""


def plan_of(engagement) -> ReimbursementPlan | None:
    return ReimbursementPlan.objects.filter(engagement=engagement).first()


def _framework_code(engagement) -> str | None:
    from passerelles.frameworks.models import EngagementFramework

    return EngagementFramework.objects.filter(engagement=engagement).values_list("code", flat=True).first()


@transaction.atomic
def plan_decide(
    *,
    engagement,
    by,
    decision: str,
    yearly_cost: Decimal | None = None,
    waiver_reason: str = "",
    waiver_detail: str = "",
    frequency: str = Frequency.QUARTER,
) -> ReimbursementPlan:
    """The origin's HR records the reimbursement: a yearly cost (the schedule is computed) or a waiver with
    its legal reason (no schedule). Nothing is written when it is refused."""
    engagement = lock(engagement)
    if not is_cross_organisation(engagement):
        raise Refused(_("Entre deux services du même employeur, il n'y a pas de remboursement."))
    if not can_manage_reimbursement(by, engagement):
        raise Refused(_("Seule la RH de l'employeur d'origine décide du remboursement."))
    if engagement.state not in DECIDING_STATES:
        raise Refused(_("Le remboursement se décide à partir de l'étape des accords."))
    if frequency not in Frequency.values:
        raise Refused(_("Choisissez un échéancier par mois ou par trimestre."))
    plan = plan_of(engagement)
    kept = plan.lines.filter(state__in=KEPT_STATES) if plan else ScheduleLine.objects.none()
    waiver_detail = (waiver_detail or "").strip()
    if decision == Decision.COST:
        if yearly_cost is None or yearly_cost <= 0:
            raise Refused(_("Indiquez le coût annuel de l'agent (rémunération et charges), en euros."))
        if plan and plan.frequency != frequency and kept.exists():
            raise Refused(_("Des titres de recettes sont déjà émis : l'échéancier garde sa périodicité."))
        waiver_reason, waiver_detail = "", ""
    elif decision == Decision.WAIVER:
        refusal = rules.waiver_refusal(
            reason=waiver_reason,
            detail=waiver_detail,
            origin=engagement.agent.organisation,
            host=engagement.mission.organisation,
            framework_code=_framework_code(engagement),
        )
        if refusal:
            raise Refused(refusal)
        if kept.exists():
            raise Refused(
                _(
                    "Des titres de recettes sont déjà émis : annulez-les auprès de vos finances avant d'exonérer."
                )
            )
        yearly_cost = None
    else:
        raise Refused(_("Choisissez un remboursement ou une exonération."))
    values = {
        "decision": decision,
        "yearly_cost": yearly_cost,
        "waiver_reason": waiver_reason,
        "waiver_detail": waiver_detail,
        "frequency": frequency,
        "decided_by": by,
        "decided_at": timezone.now(),
    }
    plan, _created = ReimbursementPlan.objects.update_or_create(engagement=engagement, defaults=values)
    plan.engagement = engagement
    if decision == Decision.COST:
        _recompute(plan)
    else:
        plan.lines.all().delete()
        plan.computed_start = plan.computed_end = plan.computed_percent = None
        plan.save(update_fields=["computed_start", "computed_end", "computed_percent"])
    return plan


def _recompute(plan: ReimbursementPlan) -> None:
    """Write again every line not issued, on the engagement's current dates and time share; an issued or
    received line is an act and stays as it is."""
    engagement = plan.engagement
    kept_windows = set(plan.lines.filter(state__in=KEPT_STATES).values_list("window_start", flat=True))
    plan.lines.filter(state=LineState.TO_ISSUE).delete()
    fresh = schedule.recompute(
        engagement.start_date,
        engagement.end_date,
        yearly_cost=plan.yearly_cost,
        percent=engagement.percent,
        frequency=plan.frequency,
        kept_windows=kept_windows,
    )
    ScheduleLine.objects.bulk_create(
        ScheduleLine(
            plan=plan,
            window_start=line.period.window_start,
            period_start=line.period.start,
            period_end=line.period.end,
            amount_due=line.amount,
        )
        for line in fresh
    )
    plan.computed_start, plan.computed_end = engagement.start_date, engagement.end_date
    plan.computed_percent = engagement.percent
    plan.save(update_fields=["computed_start", "computed_end", "computed_percent"])


@transaction.atomic
def schedule_recompute(*, engagement, by) -> ReimbursementPlan:
    """The origin's HR asks for the schedule to follow the engagement's new dates or time share."""
    engagement = lock(engagement)
    if not can_manage_reimbursement(by, engagement):
        raise Refused(_("Seule la RH de l'employeur d'origine recalcule l'échéancier."))
    plan = plan_of(engagement)
    if plan is None or plan.decision != Decision.COST:
        raise Refused(_("Il n'y a pas d'échéancier à recalculer : indiquez d'abord le coût annuel."))
    plan.engagement = engagement
    _recompute(plan)
    return plan


def follow_engagement(engagement, *_args, **_kwargs) -> None:
    """Registered with the engagement core (an extension, the start): a schedule whose dates or time share
    moved is recomputed, its issued lines kept. Runs inside the core's transaction."""
    plan = plan_of(engagement)
    if plan is not None and plan.decision == Decision.COST:
        plan.engagement = engagement
        if plan.is_stale:
            _recompute(plan)


def _line(line_id, engagement) -> ScheduleLine:
    line = (
        ScheduleLine.objects.select_for_update().filter(pk=line_id, plan__engagement=engagement).first()
        if str(line_id).isdigit()
        else None
    )
    if line is None:
        raise Refused(_("Cette échéance n'existe pas (ou plus) : rechargez la page."))
    return line


@transaction.atomic
def line_issue(*, engagement, line_id, by, titre_number: str, issued_on: datetime.date) -> ScheduleLine:
    """The origin's finance department issued the titre de recettes for this line."""
    engagement = lock(engagement)
    if not can_manage_reimbursement(by, engagement):
        raise Refused(_("Seule la RH de l'employeur d'origine enregistre les titres de recettes."))
    line = _line(line_id, engagement)
    titre_number = (titre_number or "").strip()
    if line.state != LineState.TO_ISSUE:
        raise Refused(_("Le titre de cette échéance est déjà enregistré."))
    if not titre_number:
        raise Refused(_("Indiquez le numéro du titre de recettes."))
    if issued_on is None or issued_on > timezone.localdate():
        raise Refused(_("La date d'émission ne peut pas être dans le futur."))
    line.state, line.titre_number, line.issued_on = LineState.ISSUED, titre_number[:50], issued_on
    line.save(update_fields=["state", "titre_number", "issued_on"])
    _tell_the_host(engagement, line)
    return line


def _tell_the_host(engagement, line) -> None:
    """The host's HR hears of each titre de recettes issued to it: its finance department will receive it."""
    origin, host = engagement.agent.organisation, engagement.mission.organisation
    url = reverse("reimbursement_schedule", kwargs={"engagement_id": engagement.pk})
    for user in RoleMembership.objects.users_with(Role.HR, [host.pk]):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Titre de recettes reçu de %(origin)s") % {"origin": origin.display_name},
                message=_(
                    "%(origin)s a émis le titre de recettes n° %(number)s (%(amount)s €) pour la période du "
                    "%(start)s au %(end)s de la mission de %(agent)s."
                )
                % {
                    "origin": origin.display_name,
                    "number": line.titre_number,
                    "amount": _money(line.amount_due),
                    "start": date_format(line.period_start, "SHORT_DATE_FORMAT"),
                    "end": date_format(line.period_end, "SHORT_DATE_FORMAT"),
                    "agent": engagement.agent.full_name,
                },
                url=url,
                kind=NotificationKind.GENERAL,
            )


@transaction.atomic
def line_receive(*, engagement, line_id, by, amount: Decimal, received_on: datetime.date) -> ScheduleLine:
    """Money came in for an issued line: added to what was already received; the line is « reçu » once the
    amount due is reached, « partiellement reçu » before."""
    engagement = lock(engagement)
    if not can_manage_reimbursement(by, engagement):
        raise Refused(_("Seule la RH de l'employeur d'origine enregistre les sommes reçues."))
    line = _line(line_id, engagement)
    if line.state == LineState.TO_ISSUE:
        raise Refused(_("Enregistrez d'abord le titre de recettes de cette échéance."))
    if line.state == LineState.RECEIVED:
        raise Refused(_("Cette échéance est déjà entièrement reçue."))
    if amount is None or amount <= 0:
        raise Refused(_("Le montant reçu doit être positif."))
    if received_on is None or received_on > timezone.localdate():
        raise Refused(_("La date de réception ne peut pas être dans le futur."))
    if line.issued_on and received_on < line.issued_on:
        raise Refused(_("La somme ne peut pas être reçue avant l'émission du titre."))
    received = (line.received_amount or Decimal("0")) + amount
    if received > line.amount_due:
        raise Refused(
            _("Le montant reçu dépasserait le montant dû (%(due)s €) : vérifiez la somme.")
            % {"due": _money(line.amount_due)}
        )
    line.received_amount, line.received_on = received, received_on
    line.state = LineState.RECEIVED if received == line.amount_due else LineState.PARTIAL
    line.save(update_fields=["received_amount", "received_on", "state"])
    return line


def _money(amount: Decimal) -> str:
    whole, _sep, cents = f"{amount:.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u202f".join(groups) + "," + cents


def documents_decision(engagement) -> dict:
    """What the documents write about reimbursement (documents/content.py REIMBURSEMENT): one decision, the
    one recorded here, once there is one (registered with the documents from apps.py)."""
    plan = plan_of(engagement)
    if plan is None:
        return {}
    if plan.decision == Decision.COST:
        # Both employers sign the convention: it states what the host will pay in all and how often, never the
        # agent's yearly cost (the origin's alone to know).
        e = plan.engagement
        total = schedule.total(e.start_date, e.end_date, yearly_cost=plan.yearly_cost, percent=e.percent)
        frequency = {Frequency.MONTH: "mensuelles"}.get(plan.frequency, "trimestrielles")  # the act is French
        return {
            "remboursement_choix": "integral",
            "remboursement_detail": (
                f"{_money(total)} € pour la période du {e.start_date:%d/%m/%Y} au {e.end_date:%d/%m/%Y}, "
                f"payés par échéances {frequency} sur titre de recettes de {e.agent.organisation.display_name}"
            ),
        }
    reason = str(WaiverReason(plan.waiver_reason).label)
    detail = f"{reason} — {plan.waiver_detail}" if plan.waiver_detail else reason
    return {"remboursement_choix": "exoneration", "remboursement_detail": detail}


def send_issue_reminders(*, today: datetime.date) -> int:
    """The daily job: a line whose period is over and whose titre is not issued is due to be issued — the
    origin's HR hears of it once (one message per engagement), with the link to the schedule."""
    due = (
        ScheduleLine.objects.filter(
            state=LineState.TO_ISSUE,
            reminded_on__isnull=True,
            period_end__lt=today,
            plan__decision=Decision.COST,
        )
        .exclude(plan__engagement__state__in=[State.DECLINED, State.WITHDRAWN])
        .select_related("plan__engagement__agent__organisation", "plan__engagement__mission__organisation")
        .order_by("plan_id", "period_start")
    )
    by_plan: dict[int, list[ScheduleLine]] = {}
    for line in due:
        by_plan.setdefault(line.plan_id, []).append(line)
    sent = 0
    for lines in by_plan.values():
        engagement = lines[0].plan.engagement
        url = reverse("reimbursement_schedule", kwargs={"engagement_id": engagement.pk})
        origin, host = engagement.agent.organisation, engagement.mission.organisation
        for user in RoleMembership.objects.users_with(Role.HR, [origin.pk]):
            with in_language_of(user):
                periods = ", ".join(
                    f"{date_format(line.period_start, 'SHORT_DATE_FORMAT')}–"
                    f"{date_format(line.period_end, 'SHORT_DATE_FORMAT')} ({_money(line.amount_due)} €)"
                    for line in lines
                )
                notify(
                    user=user,
                    subject=_("Titre de recettes à émettre : %(host)s") % {"host": host.display_name},
                    message=_(
                        "La mission de %(agent)s auprès de %(host)s a une échéance à émettre : "
                        "%(periods)s. Transmettez-la à vos finances puis indiquez le numéro du titre."
                    )
                    % {"agent": engagement.agent.full_name, "host": host.display_name, "periods": periods},
                    url=url,
                    action_needed=True,
                    kind=NotificationKind.GENERAL,
                )
                sent += 1
        ScheduleLine.objects.filter(pk__in=[line.pk for line in lines]).update(reminded_on=today)
    return sent
