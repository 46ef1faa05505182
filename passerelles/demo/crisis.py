"""Crisis mode in the demo (issue 17), prepared in calm times so that a newcomer can run a crisis from the
dashboard:

- the Ville de Belvau and its CCAS each have a continuity plan: essential units with a minimum staff (état civil,
  police municipale; the résidence autonomie and home help of the CCAS), and a « Canicule » scenario ready to
  activate (the Ville closes its médiathèque and sports service, whose agents can then help; the CCAS closes
  nothing), plus an « Épidémie » scenario at the Ville;
- a registry of volunteers among their agents (varied skills, habilitations, days, sites and things they would
  rather not do);
- no crisis under way (the signatory activates « Canicule »), and one past crisis of the Ville, closed, with its
  units, a few answers and needs (the planning work adds its plan and lessons learnt).

Every choice is ordered by names then primary keys, so PostgreSQL and SQLite build the same demo.
"""

import datetime
import itertools
import secrets

from django.utils import timezone

from passerelles.crisis.models import (
    Availability,
    ContinuityPlan,
    Crisis,
    CrisisUnit,
    EssentialUnit,
    Need,
    Scenario,
    Volunteer,
)
from passerelles.crisis.vocabulary import Answer, CrisisStatus, Priority, ScenarioKind, UnitRole
from passerelles.organisations.models import Organisation, OrgUnit, WorkSite
from passerelles.people.models import Agent

VILLE, CCAS = "ville-de-belvau", "ccas-de-belvau"
# (organisation, unit name, wished minimum — never above the unit's agents)
ESSENTIAL = [
    (VILLE, "Service état civil et accueil", 4),
    (VILLE, "Police municipale", 5),
    (CCAS, "Résidence autonomie Les Glycines", 6),
    (CCAS, "Service d'aide et d'accompagnement à domicile", 8),
]
SCENARIOS = [
    (
        VILLE,
        "Canicule",
        ScenarioKind.HEATWAVE,
        "Plan canicule déclenché par la préfecture : visites et appels aux personnes isolées, distribution d'eau, "
        "salles rafraîchies. La médiathèque et les sports ferment ; leurs agents peuvent aider.",
        ["Médiathèque", "Service des sports"],
    ),
    (
        VILLE,
        "Épidémie",
        ScenarioKind.EPIDEMIC,
        "Fermeture des équipements recevant du public ; renfort des services à la population.",
        ["Médiathèque", "Service des sports", "Service périscolaire et accueils de loisirs"],
    ),
    (
        CCAS,
        "Canicule",
        ScenarioKind.HEATWAVE,
        "Registre des personnes vulnérables appelé chaque jour, visites à domicile renforcées, résidence "
        "autonomie rafraîchie.",
        [],
    ),
]
# Volunteer profiles, used in turn: (skills, habilitations, hours a week, days, rather not, note)
PROFILES = [
    (["accueil", "telephone"], ["psc1"], 14, [0, 1, 2, 3, 4], ["cuisine"], ""),
    (
        ["logistique", "distribution"],
        ["permis_b", "caces"],
        20,
        [0, 2, 4],
        [],
        "Pas de port de charges au dos.",
    ),
    (["soin", "accueil"], ["diplome_soin", "psc1"], 24, [0, 1, 2, 3, 4, 5], ["conduite"], ""),
    (["cuisine", "distribution"], ["haccp"], 16, [1, 3, 5], ["soin"], ""),
    (["conduite", "distribution"], ["permis_b"], 20, [0, 1, 2, 3, 4], [], "Disponible tôt le matin."),
    (["enfance", "accueil"], ["diplome_enfance", "sst"], 12, [0, 1, 3], ["entretien"], ""),
    (["telephone", "administratif"], [], 10, [0, 1, 2, 3, 4], ["conduite", "soin"], "Pas de nuit."),
    (["entretien", "logistique"], ["sst"], 18, [0, 1, 2, 3, 4, 5, 6], [], ""),
    (["informatique", "telephone"], ["habilitation_electrique"], 8, [2, 4], [], ""),
]
PER_ORGANISATION = 12


def _unit(organisation, name):
    return OrgUnit.objects.filter(organisation=organisation, name=name).order_by("pk").first()


def _plan(organisation) -> ContinuityPlan:
    plan, _created = ContinuityPlan.objects.get_or_create(
        organisation=organisation,
        defaults={"notes": "Plan de continuité d'activité approuvé en comité social territorial."},
    )
    return plan


def _registry(organisation) -> list[Volunteer]:
    agents = list(
        Agent.objects.filter(organisation=organisation, is_active=True, unit__isnull=False)
        .exclude(unit__parent__isnull=True)  # not the DGS
        .exclude(user__email__endswith="@demo.passerelles.test")  # the demo accounts join themselves
        .order_by("last_name", "first_name", "pk")[: PER_ORGANISATION * 3 : 3]
    )
    sites = list(WorkSite.objects.filter(organisation=organisation).order_by("name", "pk"))
    volunteers = []
    for agent, profile in zip(agents, itertools.cycle(PROFILES)):
        skills, habilitations, hours, days, rather_not, note = profile
        volunteer = Volunteer.objects.create(
            agent=agent,
            skills=skills,
            habilitations=habilitations,
            max_hours_per_week=hours,
            days=days,
            rather_not=rather_not,
            rather_not_note=note,
        )
        reachable = {agent.site} if agent.site_id else set()
        reachable.add(sites[len(volunteers) % len(sites)])
        volunteer.sites.set(sorted(reachable, key=lambda site: site.pk))
        volunteers.append(volunteer)
    return volunteers


def _past_crisis(ville, volunteers, today) -> Crisis:
    """A heatwave of last summer at the Ville, closed: a minimal trace (units, answers, needs)."""
    start = today - datetime.timedelta(days=160)
    crisis = Crisis.objects.create(
        name=f"Canicule de l'été {start.year}",
        organisation=ville,
        scenario=Scenario.objects.filter(plan__organisation=ville, name="Canicule").first(),
        starts_on=start,
        expected_end=start + datetime.timedelta(days=9),
        status=CrisisStatus.CLOSED,
        closed_at=timezone.now() - datetime.timedelta(days=150),
    )
    for essential in EssentialUnit.objects.filter(plan__organisation=ville).order_by("pk"):
        CrisisUnit.objects.create(
            crisis=crisis, unit=essential.unit, role=UnitRole.ESSENTIAL, minimum_staff=essential.minimum_staff
        )
    answers = [Answer.AVAILABLE, Answer.AVAILABLE, Answer.UNAVAILABLE, Answer.AVAILABLE, Answer.ASKED]
    for volunteer, answer in zip(volunteers, answers, strict=False):
        Availability.objects.create(
            crisis=crisis,
            volunteer=volunteer,
            answer=answer,
            token=secrets.token_urlsafe(32),
            answered_at=None if answer == Answer.ASKED else timezone.now() - datetime.timedelta(days=159),
        )
    unit = _unit(ville, "Service état civil et accueil")
    site = WorkSite.objects.filter(organisation=ville, name="Hôtel de ville").first()
    for offset, title, hours, count, priority in [
        (0, "Appels aux personnes isolées", (9, 12), 3, Priority.VITAL),
        (1, "Distribution d'eau au marché", (7, 11), 4, Priority.HIGH),
        (2, "Accueil de la salle rafraîchie", (14, 19), 2, Priority.USEFUL),
    ]:
        Need.objects.create(
            crisis=crisis,
            unit=unit,
            site=site,
            title=title,
            date=start + datetime.timedelta(days=offset),
            start_time=datetime.time(hours[0]),
            end_time=datetime.time(hours[1]),
            skills=["telephone"] if offset == 0 else ["distribution"],
            head_count=count,
            priority=priority,
        )
    return crisis


def create_demo_crisis(*, today: datetime.date) -> int:
    """Returns the number of volunteers in the demo registry."""
    organisations = {org.slug: org for org in Organisation.objects.filter(slug__in=[VILLE, CCAS])}
    if len(organisations) < 2:
        return 0
    for slug, name, wished in ESSENTIAL:
        unit = _unit(organisations[slug], name)
        if unit is None:
            continue
        headcount = Agent.objects.filter(unit=unit, is_active=True).count()
        EssentialUnit.objects.create(
            plan=_plan(organisations[slug]), unit=unit, minimum_staff=min(wished, max(headcount - 1, 0))
        )
    for slug, name, kind, description, closed in SCENARIOS:
        scenario = Scenario.objects.create(
            plan=_plan(organisations[slug]), name=name, kind=kind, description=description
        )
        scenario.closed_units.set(
            [u for u in (_unit(organisations[slug], n) for n in closed) if u is not None]
        )
    ville_volunteers = _registry(organisations[VILLE])
    ccas_volunteers = _registry(organisations[CCAS])
    _past_crisis(organisations[VILLE], ville_volunteers, today)
    return len(ville_volunteers) + len(ccas_volunteers)
