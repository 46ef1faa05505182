"""The money between two employers, use case by use case (passerelles/reimbursements/services.py): the
origin's HR decides, the schedule follows, issued lines never move, a waiver needs its legal reason, the
documents state the one decision, and the origin's HR hears when a titre is due."""

import datetime
from decimal import Decimal

import pytest

from passerelles.access.models import Role
from passerelles.documents.services import _decided_reimbursement, reimbursement_text
from passerelles.notifications.models import Notification
from passerelles.reimbursements import services
from passerelles.reimbursements.models import Decision, Frequency, LineState, ReimbursementPlan, ScheduleLine
from passerelles.reimbursements.models import WaiverReason as Reason
from tests.cast import make_agent, make_engagement, make_mission
from tests.reimbursement_cast import lend

pytestmark = pytest.mark.django_db
COST = Decimal("40000.00")


@pytest.fixture
def lending(cast):
    return lend(cast)


def _decide(lending, **values):
    values = {"decision": Decision.COST, "yearly_cost": COST, **values}
    return services.plan_decide(engagement=lending.engagement, by=lending.origin_hr, **values)


def _amounts(plan):
    return [line.amount_due for line in plan.lines.order_by("period_start")]


def test_the_origin_hr_enters_the_yearly_cost_and_the_quarters_follow(lending):
    plan = _decide(lending)
    assert plan.frequency == Frequency.QUARTER  # the default
    assert _amounts(plan) == [Decimal("2000.00")] * 4  # 40,000 € × 20 % / 4
    assert all(line.state == LineState.TO_ISSUE for line in plan.lines.all())
    assert not plan.is_stale


def test_partial_periods_and_an_exact_total(cast):
    lending = lend(cast, start=datetime.date(2026, 2, 11), end=datetime.date(2027, 1, 20), percent=35)
    plan = _decide(lending, yearly_cost=Decimal("38917.37"), frequency=Frequency.MONTH)
    lines = list(plan.lines.order_by("period_start"))
    assert (lines[0].period_start, lines[0].period_end) == (
        datetime.date(2026, 2, 11),
        datetime.date(2026, 2, 28),
    )
    assert (lines[-1].period_start, lines[-1].period_end) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 1, 20),
    )
    full_month = Decimal("38917.37") * 35 / 100 / 12
    assert lines[0].amount_due < full_month < lines[1].amount_due + Decimal("0.01")
    from passerelles.reimbursements.schedule import total

    assert sum(_amounts(plan)) == total(
        lending.engagement.start_date,
        lending.engagement.end_date,
        yearly_cost=Decimal("38917.37"),
        percent=35,
    )


def test_a_change_recomputes_the_lines_not_issued_and_keeps_the_issued_ones(lending):
    plan = _decide(lending)
    first, second = plan.lines.order_by("period_start")[:2]
    services.line_issue(
        engagement=lending.engagement,
        line_id=first.pk,
        by=lending.origin_hr,
        titre_number="T-1",
        issued_on=datetime.date(2026, 4, 5),
    )
    services.line_receive(
        engagement=lending.engagement,
        line_id=first.pk,
        by=lending.origin_hr,
        amount=Decimal("2000.00"),
        received_on=datetime.date(2026, 4, 20),
    )
    engagement = lending.engagement
    engagement.percent, engagement.end_date = 30, datetime.date(2027, 3, 31)
    engagement.save(update_fields=["percent", "end_date"])
    plan.refresh_from_db()
    assert plan.is_stale
    services.schedule_recompute(engagement=engagement, by=lending.origin_hr)
    plan.refresh_from_db()
    lines = list(plan.lines.order_by("period_start"))
    assert (
        lines[0].pk == first.pk
        and lines[0].state == LineState.RECEIVED
        and lines[0].amount_due == Decimal("2000.00")
    )
    assert lines[0].titre_number == "T-1"
    assert not ScheduleLine.objects.filter(pk=second.pk).exists()  # rewritten
    assert [line.amount_due for line in lines[1:]] == [Decimal("3000.00")] * 4  # 30 %, up to March 2027
    assert not plan.is_stale


def test_an_extension_recomputes_through_the_engagement_hook(lending):
    plan = _decide(lending)
    engagement = lending.engagement
    engagement.end_date = datetime.date(2027, 6, 30)
    engagement.save(update_fields=["end_date"])
    services.follow_engagement(engagement, datetime.date(2026, 12, 31), lending.origin_hr)
    assert len(_amounts(plan)) == 6


def test_the_frequency_stays_once_a_titre_is_issued(lending):
    plan = _decide(lending)
    line = plan.lines.first()
    services.line_issue(
        engagement=lending.engagement,
        line_id=line.pk,
        by=lending.origin_hr,
        titre_number="T-9",
        issued_on=datetime.date(2026, 4, 2),
    )
    with pytest.raises(services.Refused, match="périodicité"):
        _decide(lending, frequency=Frequency.MONTH)
    with pytest.raises(services.Refused, match="annulez"):
        _decide(
            lending, decision=Decision.WAIVER, yearly_cost=None, waiver_reason=Reason.OTHER, waiver_detail="x"
        )
    assert ScheduleLine.objects.filter(plan=plan).count() == 4


def test_a_waiver_needs_its_legal_reason_and_nothing_is_written_on_refusal(lending):
    with pytest.raises(services.Refused, match="Précisez"):
        _decide(
            lending, decision=Decision.WAIVER, yearly_cost=None, waiver_reason=Reason.OTHER, waiver_detail=" "
        )
    with pytest.raises(services.Refused, match="rattachés"):
        _decide(lending, decision=Decision.WAIVER, yearly_cost=None, waiver_reason=Reason.ATTACHED)
    with pytest.raises(services.Refused, match="motif légal"):
        _decide(lending, decision=Decision.WAIVER, yearly_cost=None, waiver_reason="")
    assert not ReimbursementPlan.objects.exists()
    plan = _decide(
        lending,
        decision=Decision.WAIVER,
        yearly_cost=None,
        waiver_reason=Reason.OTHER,
        waiver_detail="Échange de services",
    )
    assert plan.decision == Decision.WAIVER and not plan.lines.exists()


def test_a_waiver_between_a_commune_and_its_ccas(cast):
    lead = make_agent(cast.partner, "Carla", "Ccas", unit=None)
    from passerelles.organisations.models import OrgUnit

    unit = OrgUnit.objects.create(organisation=cast.partner, name="Pôle social")
    lead.unit = unit
    lead.save()
    mission = make_mission(cast.partner, unit, lead, status="published")
    engagement = make_engagement(cast.agents["agent"], mission, "active")
    plan = services.plan_decide(
        engagement=engagement, by=cast.users[Role.HR], decision=Decision.WAIVER, waiver_reason=Reason.ATTACHED
    )
    assert plan.waiver_reason == Reason.ATTACHED
    decided = _decided_reimbursement(engagement)
    assert decided["remboursement_choix"] == "exoneration"
    assert "rattaché" in reimbursement_text(engagement, decided)


def test_the_documents_state_the_recorded_decision_and_its_amounts_not_the_cost(lending):
    _decide(lending)  # 40,000 € a year, 20 %, the whole of 2026, by quarter
    decided = _decided_reimbursement(lending.engagement)
    assert decided["remboursement_choix"] == "integral"
    text = reimbursement_text(lending.engagement, decided)
    assert text.startswith("Remboursement intégral de la rémunération et des charges sociales : ")
    assert "8\u202f000,00 € pour la période du 01/01/2026 au 31/12/2026" in text
    assert "échéances trimestrielles" in text and "Ville d'Alpha" in text
    assert (
        "40\u202f000" not in text
    )  # both employers sign the convention: the agent's cost stays the origin's
    services.plan_decide(
        engagement=lending.engagement,
        by=lending.origin_hr,
        decision=Decision.COST,
        yearly_cost=Decimal("40000"),
        frequency=Frequency.MONTH,
    )
    assert "échéances mensuelles" in reimbursement_text(
        lending.engagement, _decided_reimbursement(lending.engagement)
    )


@pytest.mark.parametrize("who", ["host_hr", "host_signatory", "origin_signatory", "host_lead"])
def test_only_the_origin_hr_decides(lending, who):
    with pytest.raises(services.Refused, match="employeur d'origine"):
        services.plan_decide(
            engagement=lending.engagement, by=getattr(lending, who), decision=Decision.COST, yearly_cost=COST
        )
    assert not ReimbursementPlan.objects.exists()


def test_no_reimbursement_between_two_services_of_one_employer(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status="published")
    engagement = make_engagement(cast.agents["agent"], mission, "active")
    with pytest.raises(services.Refused, match="même employeur"):
        services.plan_decide(
            engagement=engagement, by=cast.users[Role.HR], decision=Decision.COST, yearly_cost=COST
        )


def test_not_before_the_agreements(cast):
    lending = lend(cast, state="meeting")
    with pytest.raises(services.Refused, match="accords"):
        _decide(lending)


def test_money_received_in_parts_then_in_full_never_more(lending):
    plan = _decide(lending)
    line = plan.lines.order_by("period_start").first()
    receive = {"engagement": lending.engagement, "line_id": line.pk, "by": lending.origin_hr}
    with pytest.raises(services.Refused, match="titre"):
        services.line_receive(**receive, amount=Decimal("10"), received_on=datetime.date(2026, 4, 2))
    services.line_issue(**receive, titre_number="T-7", issued_on=datetime.date(2026, 4, 1))
    with pytest.raises(services.Refused, match="déjà enregistré"):
        services.line_issue(**receive, titre_number="T-8", issued_on=datetime.date(2026, 4, 1))
    with pytest.raises(services.Refused, match="avant l'émission"):
        services.line_receive(**receive, amount=Decimal("10"), received_on=datetime.date(2026, 3, 31))
    with pytest.raises(services.Refused, match="futur"):
        services.line_receive(
            **receive, amount=Decimal("10"), received_on=datetime.date.today() + datetime.timedelta(days=2)
        )
    assert (
        services.line_receive(**receive, amount=Decimal("500"), received_on=datetime.date(2026, 4, 10)).state
        == LineState.PARTIAL
    )
    with pytest.raises(services.Refused, match="dépasserait"):
        services.line_receive(**receive, amount=Decimal("1500.01"), received_on=datetime.date(2026, 4, 11))
    done = services.line_receive(**receive, amount=Decimal("1500"), received_on=datetime.date(2026, 4, 12))
    assert (done.state, done.received_amount) == (LineState.RECEIVED, Decimal("2000.00"))


def test_a_line_of_another_engagement_is_not_found(lending, cast):
    plan = _decide(lending)
    line = plan.lines.first()
    other = make_engagement(cast.agents["manager"], lending.engagement.mission, "active")
    with pytest.raises(services.Refused, match="n'existe pas"):
        services.line_issue(
            engagement=other,
            line_id=line.pk,
            by=lending.origin_hr,
            titre_number="X",
            issued_on=datetime.date(2026, 4, 1),
        )


def test_the_origin_hr_hears_once_when_a_titre_is_due(lending):
    _decide(lending)
    today = datetime.date(2026, 7, 2)  # two quarters over
    assert services.send_issue_reminders(today=today) == 1
    notes = Notification.objects.filter(subject__startswith="Titre de recettes à émettre")
    assert list(notes.values_list("user", flat=True)) == [lending.origin_hr.pk]
    assert "/remboursement/" in notes.get().url and "2\u202f000,00" in notes.get().message
    assert services.send_issue_reminders(today=today) == 0  # once
    assert ScheduleLine.objects.filter(reminded_on=today).count() == 2


def test_the_host_hr_hears_of_each_titre_issued(lending):
    plan = _decide(lending)
    line = plan.lines.order_by("period_start").first()
    services.line_issue(
        engagement=lending.engagement,
        line_id=line.pk,
        by=lending.origin_hr,
        titre_number="T-2026-77",
        issued_on=datetime.date(2026, 4, 2),
    )
    note = Notification.objects.get(subject__startswith="Titre de recettes reçu")
    assert note.user == lending.host_hr and "T-2026-77" in note.message
