"""The demo's past crisis, alive (issue 17): a closed crisis of the Ville de Belvau with its published plan,
its ended engagements (everyone came back), unfilled shifts with their reasons, moves volunteered and asked by
the employer, and debriefs — so that its RETEX shows figures (at least five answers: no cell hidden wholesale).

Run after the calm-time crisis data (demo/crisis.py): it completes the Ville's closed crisis, or creates a
minimal one when there is none. Every choice is ordered by names then primary keys (same demo on PostgreSQL
and SQLite).
"""

import datetime
import secrets

from django.utils import timezone

from passerelles.access.models import Role, RoleMembership
from passerelles.crisis.models import (
    Assignment,
    Availability,
    Crisis,
    Debrief,
    Need,
    Plan,
    Unfilled,
    Volunteer,
)
from passerelles.crisis.publication import crisis_mission
from passerelles.crisis.shifts import shift_minutes
from passerelles.crisis.vocabulary import Answer, CrisisStatus, MoveOrigin, PlanStatus, Priority
from passerelles.documents import acceptances, crisis_documents
from passerelles.engagements.lifecycle import EndReason, EventKind, State
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.frameworks.services import record_best_framework
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite
from passerelles.people.models import Agent

VILLE = "ville-de-belvau"
PEOPLE = 10  # volunteers available in the past crisis
# (lived, workload, again) of the debriefs answered: more than five, so the RETEX shows counts
DEBRIEFS = [
    ("choisi", "adaptee", "oui"),
    ("choisi", "adaptee", "oui"),
    ("choisi", "lourde", "oui"),
    ("choisi", "adaptee", "peut_etre"),
    ("accepte", "adaptee", "oui"),
    ("accepte", "lourde", "peut_etre"),
    ("subi", "lourde", "non"),
    ("choisi", "legere", "oui"),
]


def _crisis(ville, today) -> Crisis:
    found = (
        Crisis.objects.filter(organisation=ville, status=CrisisStatus.CLOSED)
        .order_by("starts_on", "pk")
        .first()
    )
    if found:
        return found
    start = today - datetime.timedelta(days=160)
    return Crisis.objects.create(
        name=f"Canicule de l'été {start.year}",
        organisation=ville,
        starts_on=start,
        expected_end=start + datetime.timedelta(days=9),
        status=CrisisStatus.CLOSED,
        closed_at=timezone.now() - datetime.timedelta(days=150),
    )


def _needs(crisis, ville) -> list[Need]:
    needs = list(
        Need.objects.filter(crisis=crisis, cancelled_at__isnull=True).order_by("date", "start_time", "pk")
    )
    if needs:
        return needs
    unit = OrgUnit.objects.filter(organisation=ville, name="Service état civil et accueil").first()
    unit = unit or OrgUnit.objects.filter(organisation=ville).order_by("name", "pk").first()
    site = WorkSite.objects.filter(organisation=ville).order_by("name", "pk").first()
    for offset, title, hours, count, priority in [
        (0, "Appels aux personnes isolées", (9, 12), 3, Priority.VITAL),
        (1, "Distribution d'eau au marché", (7, 11), 4, Priority.HIGH),
        (2, "Accueil de la salle rafraîchie", (14, 19), 2, Priority.USEFUL),
    ]:
        needs.append(
            Need.objects.create(
                crisis=crisis,
                unit=unit,
                site=site,
                title=title,
                date=crisis.starts_on + datetime.timedelta(days=offset),
                start_time=datetime.time(hours[0]),
                end_time=datetime.time(hours[1]),
                head_count=count,
                priority=priority,
            )
        )
    return needs


def _available(crisis, ville) -> list[Volunteer]:
    """PEOPLE volunteers who said « disponible » (the registry's first, then agents of the Ville)."""
    available = list(
        Volunteer.objects.filter(
            availabilities__crisis=crisis, availabilities__answer=Answer.AVAILABLE
        ).order_by("agent__last_name", "pk")
    )
    asked = set(Availability.objects.filter(crisis=crisis).values_list("volunteer_id", flat=True))
    candidates = Volunteer.objects.filter(agent__organisation=ville, is_active=True).exclude(pk__in=asked)
    for volunteer in candidates.order_by("agent__last_name", "pk"):
        if len(available) >= PEOPLE:
            break
        Availability.objects.create(
            crisis=crisis, volunteer=volunteer, answer=Answer.AVAILABLE, token=secrets.token_urlsafe(32)
        )
        available.append(volunteer)
    agents = Agent.objects.filter(
        organisation=ville, is_active=True, user__isnull=False, crisis_volunteer__isnull=True
    )
    for agent in agents.order_by("last_name", "pk"):
        if len(available) >= PEOPLE:
            break
        volunteer = Volunteer.objects.create(agent=agent, skills=["distribution"], joined_during=crisis)
        Availability.objects.create(
            crisis=crisis, volunteer=volunteer, answer=Answer.AVAILABLE, token=secrets.token_urlsafe(32)
        )
        available.append(volunteer)
    return available


def create_demo_past_crisis(*, today: datetime.date) -> int:
    """Returns the number of engagements of the past crisis (0 when the Ville is not in the demo)."""
    ville = Organisation.objects.filter(slug=VILLE).first()
    hr = (
        RoleMembership.objects.filter(organisation=ville, role=Role.HR).order_by("pk").first()
        if ville
        else None
    )
    if ville is None or hr is None:
        return 0
    crisis = _crisis(ville, today)
    if crisis.plans.exists():
        return 0
    needs = _needs(crisis, ville)
    people = _available(crisis, ville)
    published_at = timezone.make_aware(datetime.datetime.combine(crisis.starts_on, datetime.time(8)))
    plan = Plan.objects.create(
        crisis=crisis,
        status=PlanStatus.PUBLISHED,
        created_by=hr.user,
        published_by=hr.user,
        published_at=published_at,
    )
    queue = list(people)
    places = sum(n.head_count for n in needs)
    pairs = []
    for need in needs:
        taken = 0
        while queue and taken < need.head_count:
            pairs.append((queue.pop(0), need))
            taken += 1
        if taken < need.head_count:
            Unfilled.objects.create(
                plan=plan,
                need=need,
                missing=need.head_count - taken,
                reason=f"aucune personne disponible le {need.date:%d/%m} à ces horaires",
            )
    plan.stats = {
        "status": "optimal",
        "coverage": round(len(pairs) / places, 4) if places else 0,
        "gap": 0.0,
        "seconds": 0.4,
        "shifts": len(needs),
        "places": places,
        "people": len(people),
        "assigned": len(pairs),
        "unfilled": places - len(pairs),
    }
    plan.save(update_fields=["stats"])
    closed_at = crisis.closed_at or timezone.now()
    engagements = []
    for index, (volunteer, need) in enumerate(pairs):
        mission = crisis_mission(crisis, need.unit, by=hr.user)
        engagement = Engagement.objects.create(
            agent=volunteer.agent,
            mission=mission,
            state=State.ENDED,
            end_reason=EndReason.ACCOMPLISHED,
            start_date=need.date,
            end_date=need.date,
            percent=max(1, round(100 * shift_minutes(need) / (35 * 60))),
        )
        EngagementEvent.objects.create(
            engagement=engagement,
            by=hr.user,
            action=EventKind.CRISIS_ASSIGNED,
            to_state=State.READY,
            at=published_at,
        )
        EngagementEvent.objects.create(
            engagement=engagement,
            by=hr.user,
            action=EventKind.CRISIS_ENDED,
            from_state=State.ACTIVE,
            to_state=State.ENDED,
            at=closed_at,
        )
        record_best_framework(
            engagement, by=hr.user
        )  # as the publication does: the crisis framework, on the page
        origin = MoveOrigin.REQUESTED if index % 4 == 3 else MoveOrigin.VOLUNTEERED
        Assignment.objects.create(
            plan=plan, need=need, volunteer=volunteer, engagement=engagement, origin=origin
        )
        engagements.append(engagement)
        debrief = Debrief.objects.create(crisis=crisis, agent=volunteer.agent)
        if index < len(DEBRIEFS):
            lived, workload, again = DEBRIEFS[index]
            debrief.answers = {"lived": lived, "workload": workload, "again": again, "comment": ""}
            debrief.answered_at = closed_at + datetime.timedelta(days=2)
            debrief.save(update_fields=["answers", "answered_at"])
    _documents(engagements[:2], hr.user)
    return len(pairs)


def _documents(engagements, hr_user) -> None:
    """Two people's ordre de mission de crise, as the publication's task wrote them: the first accepted by the
    agent and HR, the second waiting for the agent (two documents only: each PDF costs the build a second)."""
    for index, engagement in enumerate(engagements):
        for document in crisis_documents.write_crisis_documents(engagement=engagement, by=hr_user):
            if index == 0 and engagement.agent.user_id:
                acceptances.accept(document=document, party="agent", by=engagement.agent.user)
                acceptances.accept(document=document, party="hr", by=hr_user)
