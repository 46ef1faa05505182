"""Demo history for the dashboards (issue 16): two years of past missions and engagements, so that every chart
shows a real shape.

Missions in every organisation and direction (some hosting agents of the other organisations of the network),
engagements at every step — ended, evaluated by the three respondents with the organisation's own questions,
ended early with a reason, declined, withdrawn, and the ones under way — plus a few situations the boussole
found no framework for. Agents get a gender and a year of birth (the SIRH columns). Three members share their
figures with the network, the Métropole does not.

Scales with the number of agents (about one mission for 25 agents) and writes in bulk: the bench's 100,000
agents get theirs in a few seconds.
"""

import datetime
import random

from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Mod
from django.db.models.lookups import LessThan
from django.utils import timezone

from passerelles.access.models import Role, RoleMembership
from passerelles.engagements.lifecycle import EndReason, EventKind, State
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.evaluations import questions as question_texts
from passerelles.evaluations.models import Evaluation, QuestionSet
from passerelles.frameworks.models import UncoveredSituation
from passerelles.missions.models import ClosedReason, Mission, MissionStatus, Programme, Purpose
from passerelles.organisations.models import NetworkMembership, Organisation, OrgUnit
from passerelles.people.models import Agent

AGENTS_PER_MISSION = 25
CROSS_SHARE = 0.15  # engagements whose agent comes from another organisation of the network
NOT_SHARING = "lisiere-metropole"
PURPOSE_WEIGHTS = [
    (Purpose.PROJET, 30),
    (Purpose.RENFORT, 25),
    (Purpose.DECOUVERTE, 15),
    (Purpose.SOLIDARITE, 10),
    (Purpose.PREFIGURATION, 8),
    (Purpose.INTERET_GENERAL, 6),
    (Purpose.CRISE, 3),
]
# Titles of the past missions, by purpose (the counter picks one, no draw: the demo stays the same)
TITLES = {
    Purpose.PROJET: [
        "Appui au projet de tiers-lieu numérique",
        "Refonte du guide d'accueil des usagers",
        "Lancement du budget participatif",
        "Cartographie des jardins partagés",
        "Déploiement du nouveau logiciel de courrier",
    ],
    Purpose.RENFORT: [
        "Renfort à l'accueil du public pendant l'été",
        "Renfort pour la campagne d'inscriptions scolaires",
        "Renfort au service des archives",
        "Renfort pour le recensement de la population",
    ],
    Purpose.DECOUVERTE: [
        "Découvrir le métier d'agent de médiathèque",
        "Une semaine par mois au service des routes",
        "Immersion au service communication",
    ],
    Purpose.SOLIDARITE: [
        "Prêt d'un·e comptable à une petite commune",
        "Appui juridique à une commune voisine",
    ],
    Purpose.PREFIGURATION: [
        "Préfigurer un guichet unique des aides",
        "Tester une permanence mobile en zone rurale",
    ],
    Purpose.INTERET_GENERAL: [
        "Aide à la banque alimentaire",
        "Coup de main à l'association des jardins partagés",
    ],
    Purpose.CRISE: ["Renfort pendant les inondations", "Appui à la cellule de crise canicule"],
}
# The step of an engagement on a mission already over, and on one still under way
PAST_STATES = [
    (State.ENDED, 45),
    (State.EVALUATED, 25),
    ("early", 10),
    (State.DECLINED, 12),
    (State.WITHDRAWN, 8),
]
CURRENT_STATES = [
    (State.ACTIVE, 35),
    (State.READY, 12),
    (State.AGREEMENTS, 12),
    (State.MEETING, 14),
    (State.INTEREST, 17),
    (State.PROPOSAL, 5),
    (State.DECLINED, 5),
]
EARLY_REASONS = [
    (EndReason.WORKLOAD, 35),
    (EndReason.EXPERTISE, 20),
    (EndReason.STRUCTURAL, 20),
    (EndReason.PERSONAL, 15),
    (EndReason.OTHER, 10),
]
UNCOVERED_REASONS = [
    {
        "mise_a_disposition": "Un agent contractuel en CDD ne peut pas être mis à disposition.",
        "detachement": "Le détachement est réservé aux fonctionnaires.",
    },
    {
        "mecenat_competences": "L'accueil n'est pas une association d'intérêt général.",
        "mise_a_disposition": "La quotité dépasse le plafond de l'organisation.",
    },
    {"mission_appui_projet": "La mission dure plus longtemps que le dispositif ne le permet."},
]


def _pick(rng: random.Random, weighted):
    return rng.choices([value for value, _w in weighted], weights=[w for _v, w in weighted])[0]


def _people_attributes() -> None:
    """Gender and year of birth for every agent, in two UPDATE statements (as a SIRH would give them: about
    one in ten without a year, a few without a gender)."""
    spread = Mod(F("id") * 7919, 100)
    Agent.objects.update(
        gender=Case(
            When(_lt(spread, 57), then=Value("F")),
            When(_lt(spread, 96), then=Value("H")),
            When(_lt(spread, 97), then=Value("X")),
            default=Value(""),
        ),
        birth_year=Case(
            When(_lt(Mod(F("id") * 104729, 10), 1), then=Value(None)),
            default=Value(1962) + Mod(F("id") * 6007, 42),
            output_field=IntegerField(),
        ),
    )


def _lt(expression, value):
    return LessThan(expression, value)


def create_demo_insights(*, today: datetime.date, seed: int = 2026) -> int:
    rng = random.Random(seed + 16)
    _people_attributes()
    organisations = list(
        Organisation.objects.filter(network_memberships__isnull=False).distinct().order_by("pk")
    )
    NetworkMembership.objects.exclude(organisation__slug=NOT_SHARING).update(
        shares_indicators=True, shares_indicators_since=timezone.now()
    )
    agents_by_org: dict[int, list[int]] = {}
    units_of_agent: dict[int, int] = {}
    for pk, organisation_id, unit_id in Agent.objects.filter(is_active=True).values_list(
        "pk", "organisation_id", "unit_id"
    ):
        agents_by_org.setdefault(organisation_id, []).append(pk)
        units_of_agent[pk] = unit_id
    creators = dict(
        RoleMembership.objects.filter(role=Role.HR)
        .order_by("user_id")
        .values_list("organisation_id", "user_id")
    )
    programmes = dict(Programme.objects.values_list("organisation_id", "pk"))
    missions, plans = [], []
    counter = 0
    for organisation in organisations:
        people = agents_by_org.get(organisation.pk, [])
        if len(people) < 10 or organisation.pk not in creators:
            continue
        units = list(
            OrgUnit.objects.filter(organisation=organisation, agents__isnull=False)
            .distinct()
            .values_list("pk", flat=True)
        )
        for _ in range(max(12, len(people) // AGENTS_PER_MISSION)):
            counter += 1
            start = today - datetime.timedelta(days=rng.randint(20, 720))
            end = start + datetime.timedelta(days=rng.choice([30, 45, 60, 90, 120, 180]))
            published = timezone.make_aware(
                datetime.datetime.combine(
                    start - datetime.timedelta(days=rng.randint(15, 70)), datetime.time(9)
                )
            )
            over = end < today
            lead = rng.choice(people)
            host_unit = units_of_agent.get(lead) or rng.choice(units)
            purpose = _pick(rng, PURPOSE_WEIGHTS)
            mission = Mission(
                organisation=organisation,
                host_unit_id=host_unit,
                project_lead_id=lead,
                created_by_id=creators[organisation.pk],
                title=TITLES[purpose][counter % len(TITLES[purpose])],
                short_code=f"H{counter:06d}",
                description="Une mission des deux dernières années (historique de démonstration).",
                purpose=purpose,
                time_share_percent=rng.choice([10, 20, 20, 30, 40]),
                start_date=start,
                end_date=end,
                places=5,
                status=MissionStatus.CLOSED if over else MissionStatus.PUBLISHED,
                published_at=published,
                closed_at=timezone.make_aware(datetime.datetime.combine(end, datetime.time(18)))
                if over
                else None,
                closed_reason=ClosedReason.END_DATE if over else "",
                programme_id=programmes.get(organisation.pk) if rng.random() < 0.3 else None,
            )
            missions.append(mission)
            plans.append((mission, people, over))
    Mission.objects.bulk_create(missions, batch_size=1000)

    others = [pk for pks in agents_by_org.values() for pk in pks]
    engagements, created_at = [], []
    for mission, people, over in plans:
        chosen = set()
        for _ in range(rng.choice([2, 3, 3, 4, 5])):
            pool = others if rng.random() < CROSS_SHARE else people
            agent = rng.choice(pool)
            if agent in chosen or agent == mission.project_lead_id:
                continue
            chosen.add(agent)
            state = _pick(rng, PAST_STATES if over else CURRENT_STATES)
            extra = {}
            if state == "early":
                state = State.ENDED
                extra["end_reason"] = _pick(rng, EARLY_REASONS)
                end = mission.start_date + (mission.end_date - mission.start_date) * rng.randint(2, 7) // 10
            else:
                end = mission.end_date
                if state in (State.ENDED, State.EVALUATED):
                    extra["end_reason"] = EndReason.ACCOMPLISHED
            if state == State.DECLINED:
                extra["decline_reason"] = "Les dates ne convenaient pas à l'équipe."
            if state == State.WITHDRAWN:
                extra["withdraw_reason"] = "Un imprévu dans l'équipe."
            engagement = Engagement(
                agent_id=agent,
                mission=mission,
                state=state,
                start_date=mission.start_date,
                end_date=end,
                percent=mission.time_share_percent,
                **extra,
            )
            engagements.append(engagement)
            created_at.append(
                mission.published_at + datetime.timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
            )
    Engagement.objects.bulk_create(engagements, batch_size=2000)
    for engagement, moment in zip(engagements, created_at, strict=True):
        engagement.created_at = moment
    Engagement.objects.bulk_update(engagements, ["created_at"], batch_size=1000)

    agreed = (State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)
    events = [
        EngagementEvent(
            engagement=engagement,
            action=EventKind.FRAMEWORK_CONFIRMED,
            from_state=State.AGREEMENTS,
            to_state=State.READY,
            at=min(
                engagement.mission.published_at + datetime.timedelta(days=rng.randint(12, 75)),
                timezone.make_aware(datetime.datetime.combine(engagement.start_date, datetime.time(9))),
            ),
        )
        for engagement in engagements
        if engagement.state in agreed
    ]
    EngagementEvent.objects.bulk_create(events, batch_size=2000)
    _evaluations(rng, [e for e in engagements if e.state == State.EVALUATED])
    _uncovered(rng, organisations, engagements, today)
    return len(missions)


def _questions(organisation_id: int, respondent: str) -> list[dict]:
    found = QuestionSet.objects.filter(organisation_id=organisation_id, respondent=respondent).first()
    text = found.text if found else question_texts.DEFAULTS[respondent]
    return [{"kind": q.kind, "text": q.text} for q in question_texts.parse(text)]


def _evaluations(rng: random.Random, engagements: list[Engagement]) -> None:
    """The three respondents, with the organisations' own questions (the host answers its organisation's)."""
    organisations = Organisation.objects.values_list("pk", flat=True)
    asked = {
        (org, who): _questions(org, who) for org in organisations for who in ("agent", "host", "manager")
    }
    agent_orgs = dict(
        Agent.objects.filter(pk__in=[e.agent_id for e in engagements]).values_list("pk", "organisation_id")
    )
    rows, dates = [], []
    for engagement in engagements:
        for respondent in ("agent", "host", "manager"):
            if respondent != "agent" and rng.random() < 0.2:
                continue  # not everyone answers
            org = (
                engagement.mission.organisation_id
                if respondent == "host"
                else agent_orgs[engagement.agent_id]
            )
            questions = asked[(org, respondent)]
            answers = {}
            for index, question in enumerate(questions):
                if question["kind"] == "likert":
                    answers[str(index)] = str(rng.choices([1, 2, 3, 4, 5], weights=[3, 6, 15, 40, 36])[0])
                elif question["kind"] == "yesno":
                    answers[str(index)] = "oui" if rng.random() < 0.82 else "non"
            rows.append(
                Evaluation(engagement=engagement, respondent=respondent, questions=questions, answers=answers)
            )
            dates.append(
                timezone.make_aware(
                    datetime.datetime.combine(
                        engagement.end_date + datetime.timedelta(days=rng.randint(3, 30)), datetime.time(11)
                    )
                )
            )
    Evaluation.objects.bulk_create(rows, batch_size=2000)
    for row, moment in zip(rows, dates, strict=True):
        row.submitted_at = min(moment, timezone.now())
    Evaluation.objects.bulk_update(rows, ["submitted_at"], batch_size=1000)


def _uncovered(rng: random.Random, organisations, engagements, today: datetime.date) -> None:
    """A few boussole answers with no framework, spread over the two years."""
    by_org: dict[int, list[Engagement]] = {}
    for engagement in engagements:
        by_org.setdefault(engagement.mission.organisation_id, []).append(engagement)
    rows, dates = [], []
    for organisation in organisations:
        candidates = by_org.get(organisation.pk, [])
        for index, engagement in enumerate(rng.sample(candidates, min(len(candidates), rng.randint(6, 14)))):
            reasons = rng.choice(UNCOVERED_REASONS)
            rows.append(
                UncoveredSituation(
                    organisation=organisation,
                    engagement=engagement,
                    situation={"demo": index, "agent_status": "contractuel_cdd"},
                    fingerprint=f"demo-{organisation.pk}-{index}",
                    reasons=reasons,
                )
            )
            dates.append(
                timezone.make_aware(
                    datetime.datetime.combine(
                        today - datetime.timedelta(days=rng.randint(5, 700)), datetime.time(10)
                    )
                )
            )
    UncoveredSituation.objects.bulk_create(rows)
    for row, moment in zip(rows, dates, strict=True):
        row.created_at = moment
    UncoveredSituation.objects.bulk_update(rows, ["created_at"])
