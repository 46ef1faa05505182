"""A small fixed dataset for the dashboards' tests, every figure of which is computed by hand in
tests/test_insights_measures.py (period: the year 2025).

Ville de Testville: a general direction (one agent) over Direction Culture (Service Musées, 7 agents),
Direction Education (Service Écoles, 12 agents and one who left), Direction Sport (3 agents) and the Cabinet du
maire (2 agents, no direction above it: it stands for itself). CCAS de Testville: one direction, 2 agents.

Engagements (all opened in 2025 unless said):
- a: 6 Education agents on M1 (hosted by Culture): ended, accomplished, 3–14 March 2025, 20 % (2 days each);
- b: 5 Culture agents on M2 (Education): evaluated, 1–12 September 2025, 50 % (5 days each);
- c: the 2 Cabinet agents on M4 (the CCAS): ended early (workload), 5–9 May 2025 (8 May is a holiday), 100 %;
- d: 3 Education agents on M1: interest;  e: 1 Sport agent on M2: declined;
- f: 1 CCAS agent on M2: ready, for January 2026 (outside the period's missions);
- g: the first Education agent's earlier mission (M3, 2024): ended — she is not a first-timer.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from passerelles.engagements.lifecycle import EndReason, EventKind, State
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.evaluations.models import Evaluation
from passerelles.frameworks.models import UncoveredSituation
from passerelles.missions.models import ClosedReason, MissionStatus, Purpose
from passerelles.organisations.models import OrganisationKind, OrgUnit, UnitKind, WorkSite
from passerelles.people.models import Category
from tests.cast import make_agent, make_mission, make_organisation

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def moment(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


@dataclass
class Dataset:
    ville: object = None
    ccas: object = None
    units: dict = field(default_factory=dict)
    agents: dict = field(default_factory=dict)
    missions: dict = field(default_factory=dict)
    engagements: dict = field(default_factory=dict)


def _people(
    dataset, organisation, key, count, unit, site, categories, genders, years, accounts=False, **extra
):
    people = []
    for i in range(count):
        people.append(
            make_agent(
                organisation,
                f"{key.capitalize()}{i}",
                f"Testeur{key}{i}",
                unit=unit,
                site=site,
                category=categories[i],
                gender=genders[i],
                birth_year=years[i],
                with_account=accounts,
                **extra,
            )
        )
    dataset.agents[key] = people
    return people


def _engage(mission, agents, state, start, end, percent, created, **extra):
    rows = [
        Engagement.objects.create(
            agent=agent,
            mission=mission,
            state=state,
            start_date=start,
            end_date=end,
            percent=percent,
            **extra,
        )
        for agent in agents
    ]
    Engagement.objects.filter(pk__in=[e.pk for e in rows]).update(created_at=created)
    return rows


def _ready(engagements, at):
    EngagementEvent.objects.bulk_create(
        EngagementEvent(
            engagement=e,
            action=EventKind.FRAMEWORK_CONFIRMED,
            from_state=State.AGREEMENTS,
            to_state=State.READY,
            at=at,
        )
        for e in engagements
    )


def build() -> Dataset:
    d = Dataset()
    d.ville = ville = make_organisation("Ville de Testville", "ville-testville")
    d.ccas = ccas = make_organisation("CCAS de Testville", "ccas-testville", OrganisationKind.CCAS)
    dg = OrgUnit.objects.create(
        organisation=ville, name="Direction générale", kind=UnitKind.GENERAL_DIRECTION
    )
    culture = OrgUnit.objects.create(
        organisation=ville, parent=dg, name="Direction Culture", kind=UnitKind.DIRECTION
    )
    musees = OrgUnit.objects.create(organisation=ville, parent=culture, name="Service Musées")
    education = OrgUnit.objects.create(
        organisation=ville, parent=dg, name="Direction Education", kind=UnitKind.DIRECTION
    )
    ecoles = OrgUnit.objects.create(organisation=ville, parent=education, name="Service Écoles")
    sport = OrgUnit.objects.create(
        organisation=ville, parent=dg, name="Direction Sport", kind=UnitKind.DIRECTION
    )
    cabinet = OrgUnit.objects.create(organisation=ville, parent=dg, name="Cabinet du maire")
    solidarites = OrgUnit.objects.create(
        organisation=ccas, name="Direction Solidarités", kind=UnitKind.DIRECTION
    )
    d.units = {"dg": dg, "culture": culture, "education": education, "sport": sport, "cabinet": cabinet}
    hv = WorkSite.objects.create(organisation=ville, name="Hôtel de ville")
    med = WorkSite.objects.create(organisation=ville, name="Médiathèque")

    (lead,) = _people(d, ville, "dg", 1, dg, hv, [Category.A_PLUS], ["H"], [1965], accounts=True)
    edu = _people(
        d,
        ville,
        "edu",
        12,
        ecoles,
        hv,
        [Category.C] * 9 + [Category.B] * 3,
        ["F"] * 8 + ["H"] * 4,
        [1990] * 6 + [1970] * 6,
    )
    _people(d, ville, "gone", 1, ecoles, hv, [Category.C], ["F"], [1980], is_active=False)
    cul = _people(
        d,
        ville,
        "cul",
        7,
        musees,
        med,
        [Category.B] * 5 + [Category.A] * 2,
        ["F"] * 7,
        [1998] * 5 + [None] * 2,
    )
    cab = _people(d, ville, "cab", 2, cabinet, hv, [Category.A_PLUS] * 2, ["H"] * 2, [1960] * 2)
    spo = _people(d, ville, "spo", 3, sport, None, [Category.C] * 3, [""] * 3, [None] * 3)
    ccas_people = _people(
        d, ccas, "ccas", 2, solidarites, None, [Category.B] * 2, ["F"] * 2, [1985] * 2, accounts=True
    )

    m1 = make_mission(
        ville,
        musees,
        lead,
        title="M1",
        status=MissionStatus.PUBLISHED,
        purpose=Purpose.PROJET,
        start_date=datetime.date(2025, 3, 3),
        end_date=datetime.date(2025, 12, 31),
    )
    m2 = make_mission(
        ville,
        ecoles,
        lead,
        title="M2",
        status=MissionStatus.CLOSED,
        purpose=Purpose.RENFORT,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 2, 27),
        closed_at=moment(2025, 9, 1),
        closed_reason=ClosedReason.FILLED,
    )
    m3 = make_mission(
        ville,
        ecoles,
        lead,
        title="M3",
        status=MissionStatus.PUBLISHED,
        purpose=Purpose.PROJET,
        start_date=datetime.date(2024, 9, 2),
        end_date=datetime.date(2024, 9, 13),
    )
    m4 = make_mission(
        ccas,
        solidarites,
        ccas_people[1],
        title="M4",
        status=MissionStatus.PUBLISHED,
        purpose=Purpose.SOLIDARITE,
        start_date=datetime.date(2025, 5, 5),
        end_date=datetime.date(2025, 5, 9),
    )
    for mission, published in (
        (m1, moment(2025, 2, 1)),
        (m2, moment(2025, 3, 1)),
        (m3, moment(2024, 6, 1)),
        (m4, moment(2025, 4, 1)),
    ):
        type(mission).objects.filter(pk=mission.pk).update(published_at=published)
    d.missions = {"m1": m1, "m2": m2, "m3": m3, "m4": m4}

    created = moment(2025, 6, 15)
    e = d.engagements
    e["a"] = _engage(
        m1,
        edu[:6],
        State.ENDED,
        datetime.date(2025, 3, 3),
        datetime.date(2025, 3, 14),
        20,
        created,
        end_reason=EndReason.ACCOMPLISHED,
    )
    e["b"] = _engage(
        m2, cul[:5], State.EVALUATED, datetime.date(2025, 9, 1), datetime.date(2025, 9, 12), 50, created
    )
    e["c"] = _engage(
        m4,
        cab,
        State.ENDED,
        datetime.date(2025, 5, 5),
        datetime.date(2025, 5, 9),
        100,
        created,
        end_reason=EndReason.WORKLOAD,
    )
    e["d"] = _engage(
        m1, edu[6:9], State.INTEREST, datetime.date(2025, 10, 1), datetime.date(2025, 12, 31), 20, created
    )
    e["e"] = _engage(
        m2,
        spo[:1],
        State.DECLINED,
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 12),
        50,
        created,
        decline_reason="Pourvue.",
    )
    e["f"] = _engage(
        m2, ccas_people[:1], State.READY, datetime.date(2026, 1, 5), datetime.date(2026, 2, 27), 50, created
    )
    e["g"] = _engage(
        m3,
        edu[:1],
        State.ENDED,
        datetime.date(2024, 9, 2),
        datetime.date(2024, 9, 13),
        20,
        moment(2024, 7, 1),
        end_reason=EndReason.ACCOMPLISHED,
    )
    _ready(e["a"], moment(2025, 2, 21))  # 20 days after M1's publication
    _ready(e["b"], moment(2025, 3, 11))  # 10 days after M2's
    _ready(e["c"], moment(2025, 4, 30))  # 29 days after M4's
    _ready(e["f"], moment(2025, 12, 1))  # 275 days after M2's

    agent_questions = [
        {"kind": "likert", "text": "La mission avait du sens pour moi."},
        {"kind": "yesno", "text": "Je referais une mission de ce type."},
        {"kind": "text", "text": "Ce que j'ai appris."},
    ]
    for engagement, likert, again in zip(e["b"], [5, 5, 4, 4, 3], ["oui"] * 4 + ["non"], strict=True):
        Evaluation.objects.create(
            engagement=engagement,
            respondent="agent",
            questions=agent_questions,
            answers={"0": str(likert), "1": again, "2": "Un texte libre très personnel"},
        )
    for engagement, likert in zip(e["b"][:3], [4, 4, 5], strict=True):
        Evaluation.objects.create(
            engagement=engagement,
            respondent="host",
            questions=[{"kind": "likert", "text": "La mission a répondu au besoin."}],
            answers={"0": str(likert)},
        )
    Evaluation.objects.update(submitted_at=moment(2025, 9, 20))

    rows = []
    for i in range(11):
        reasons = {"mise_a_disposition": "Un CDD ne peut pas être mis à disposition."}
        if i < 5:
            reasons["asa"] = "Pas d'association d'accueil."
        rows.append(
            UncoveredSituation(organisation=ville, situation={"i": i}, fingerprint=f"v{i}", reasons=reasons)
        )
    rows.append(
        UncoveredSituation(organisation=ville, situation={"i": 99}, fingerprint="old", reasons={"x": "y"})
    )
    rows.append(
        UncoveredSituation(organisation=ccas, situation={"i": 98}, fingerprint="ccas", reasons={"x": "y"})
    )
    UncoveredSituation.objects.bulk_create(rows)
    for fingerprint, at in (
        [(f"v{i}", moment(2025, 4, 10)) for i in range(6)]
        + [(f"v{i}", moment(2025, 7, 10)) for i in range(6, 11)]
        + [("old", moment(2024, 12, 10)), ("ccas", moment(2025, 4, 10))]
    ):
        UncoveredSituation.objects.filter(fingerprint=fingerprint).update(created_at=at)
    assert timezone.now().date() > END  # the period is over: nothing moves with the clock
    return d
