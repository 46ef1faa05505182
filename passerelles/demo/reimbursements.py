"""The demo network's money between two employers (issue 18), as HR would have recorded it:

- an agent of the Ville de Belvau lent to the Département (a mise à disposition, 20 %, under way since about
  eleven months): the Ville's HR (« rh-ville ») entered the yearly cost; the quarterly schedule has a line in
  each state — received, partly received, issued (titre de recettes number), to issue;
- an agent of the Ville lent to the CCAS de Belvau, which is attached to the Ville: a waiver with its legal
  reason.

Everything goes through the real use cases (services.py), except the past dates of the engagements.
"""

import contextlib
import datetime
from decimal import Decimal

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Engagement, EngagementEvent
from passerelles.engagements.models import Decision as Answer
from passerelles.engagements.services import required_parties
from passerelles.frameworks.services import confirm_framework, situation_for
from passerelles.missions.models import Mission, MissionStatus
from passerelles.people.models import Agent, EmploymentStatus
from passerelles.reimbursements import services
from passerelles.reimbursements.models import Decision, Frequency, LineState, WaiverReason

DOMAIN = "demo.passerelles.test"
VILLE, DEPARTEMENT, CCAS = "ville-de-belvau", "departement-haute-lisiere", "ccas-de-belvau"
YEARLY_COST = Decimal("41850.00")


def _user(slug: str) -> User:
    return User.objects.get(email=f"{slug}@{DOMAIN}")


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _free_agent(exclude: list[int]) -> Agent | None:
    return (
        Agent.objects.filter(
            organisation__slug=VILLE,
            status=EmploymentStatus.TITULAIRE,
            user__isnull=False,
            engagements__isnull=True,
            is_active=True,
        )
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .exclude(pk__in=exclude)
        .order_by("pk")
        .first()
    )


def _mission(organisation_slug: str, title: str = "") -> Mission | None:
    missions = Mission.objects.filter(organisation__slug=organisation_slug, status=MissionStatus.PUBLISHED)
    if title:
        missions = missions.filter(title=title)
    return missions.filter(created_by__isnull=False).order_by("pk").first()


def _lend(agent, mission, *, start, end, percent, origin_hr) -> Engagement:
    """An engagement between two employers as it would stand after its agreements: a MAD confirmed by the
    origin's HR where the boussole allows it, then under way since ``start`` (the shortcut: no agreements
    round, so that nobody is asked for an agreement already given)."""
    engagement = Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=State.AGREEMENTS,
        agreement_round=1,
        start_date=start,
        end_date=end,
        percent=percent,
    )
    EngagementEvent.objects.create(
        engagement=engagement, by=None, action="demo", from_state="", to_state=State.AGREEMENTS
    )
    # the boussole may not have a MAD for this agent: the money is recorded all the same
    with contextlib.suppress(TransitionRefused):
        confirm_framework(
            engagement=engagement,
            by=origin_hr,
            code="mise_a_disposition",
            situation=situation_for(engagement),
        )
    # as it stands once under way: every party of its round agreed before the start (not « en attente »)
    agreed_at = timezone.make_aware(
        datetime.datetime.combine(start - datetime.timedelta(days=14), datetime.time(10))
    )
    for party in required_parties(Engagement.objects.get(pk=engagement.pk)):
        Agreement.objects.update_or_create(
            engagement=engagement,
            round=1,
            party=party,
            defaults={"decision": Answer.AGREED, "decided_at": agreed_at},
        )
    Engagement.objects.filter(pk=engagement.pk).update(
        state=State.ACTIVE,
        assembly_informed_on=start - datetime.timedelta(days=21),
        assembly_reference="Conseil municipal",
    )
    EngagementEvent.objects.create(
        engagement=engagement, by=None, action="demo", from_state=State.AGREEMENTS, to_state=State.ACTIVE
    )
    return Engagement.objects.get(pk=engagement.pk)


def _schedule_in_every_state(engagement, hr, today) -> None:
    """The past quarters: received, partly received, issued; the others wait to be issued."""
    plan = services.plan_decide(
        engagement=engagement,
        by=hr,
        decision=Decision.COST,
        yearly_cost=YEARLY_COST,
        frequency=Frequency.QUARTER,
    )
    past = [
        line
        for line in plan.lines.order_by("period_start")
        if line.period_end < today - datetime.timedelta(days=20)
    ]
    wanted = [LineState.RECEIVED, LineState.PARTIAL, LineState.ISSUED]
    for number, (line, state) in enumerate(zip(past, wanted, strict=False), start=1):
        issued_on = line.period_end + datetime.timedelta(days=10)
        services.line_issue(
            engagement=engagement,
            line_id=line.pk,
            by=hr,
            titre_number=f"T-{issued_on.year}-{40 + number:04d}",
            issued_on=issued_on,
        )
        if state == LineState.ISSUED:
            continue
        amount = (
            line.amount_due
            if state == LineState.RECEIVED
            else (line.amount_due / 2).quantize(Decimal("0.01"))
        )
        services.line_receive(
            engagement=engagement,
            line_id=line.pk,
            by=hr,
            amount=amount,
            received_on=min(issued_on + datetime.timedelta(days=9), today),
        )


def create_demo_reimbursements(*, today: datetime.date | None = None) -> list[Engagement]:
    today = today or timezone.localdate()
    ville_hr = _user("rh-ville")
    made = []
    agent, mission = _free_agent([]), _mission(DEPARTEMENT)
    if agent is not None and mission is not None:
        start = _months_before(today, 11)
        end = _months_before(today, -7) - datetime.timedelta(days=1)
        lent = _lend(agent, mission, start=start, end=end, percent=20, origin_hr=ville_hr)
        _schedule_in_every_state(lent, ville_hr, today)
        made.append(lent)
    agent = _free_agent([a.agent_id for a in made])
    mission = _mission(CCAS, "Prêt d'un·e juriste pour sécuriser nos marchés") or _mission(CCAS)
    if agent is not None and mission is not None:
        start = _months_before(today, 2)
        lent = _lend(
            agent,
            mission,
            start=start,
            end=_months_before(today, -4) - datetime.timedelta(days=1),
            percent=10,
            origin_hr=ville_hr,
        )
        services.plan_decide(
            engagement=lent,
            by=ville_hr,
            decision=Decision.WAIVER,
            waiver_reason=WaiverReason.ATTACHED,
            waiver_detail="Le CCAS est l'établissement public de la Ville : pas de flux entre les deux budgets.",
        )
        made.append(lent)
    return made
