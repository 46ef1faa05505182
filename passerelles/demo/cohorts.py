"""The demo of issue 18's cohort programme: « Cadres en mouvement », the four members' shared cadre journey
(seeds/004), in the middle of its journey.

- sponsors: the four DGS (« signataire », « signataire-ville », « signataire-metropole », « signataire-ccas »);
  three of the four steps of the communication plan ticked, the shared messages still to do;
- participants from each member (two cadres each, the Département's « encadrant » among them), plus one
  proposal still waiting for its agent (Ville) and one the agent turned down (Métropole): each is seen by its
  own HR only;
- the journey: launch seminar, a management-school module and coaching past (attendance recorded: present,
  excused, absent), a second module and the individual interviews ahead;
- opportunities: the Ville's post accepted by a Département cadre (one move counted on the network dashboard,
  the side-by-side sheet filled by both HR), the Métropole's post offered to « encadrant » and awaiting their
  answer, and a Département post a Ville cadre declined (its offering HR reads only « déclinée »).

Plain rows, ordered by names then primary keys, so that every database builds the same demo quickly.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.cohorts.models import (
    Attendance,
    ChecklistItem,
    ChecklistKind,
    CohortProgramme,
    JourneyStep,
    MoveSheetSide,
    Nomination,
    Opportunity,
    Sponsor,
)
from passerelles.demo.structure import NETWORK
from passerelles.organisations.models import Network, Organisation
from passerelles.people.models import Agent, Category

DEMO_DOMAIN = "@demo.passerelles.test"
MEMBERS = ["departement-haute-lisiere", "lisiere-metropole", "ville-de-belvau", "ccas-de-belvau"]
SPONSORS = ["signataire", "signataire-metropole", "signataire-ville", "signataire-ccas"]


def _user(slug):
    return User.objects.filter(email=f"{slug}{DEMO_DOMAIN}").first()


def _cadres(organisation, count, exclude=()):
    return list(
        Agent.objects.filter(
            organisation=organisation, is_active=True, category__in=[Category.A_PLUS, Category.A]
        )
        .exclude(pk__in=list(exclude))
        .exclude(user__email__endswith=DEMO_DOMAIN)
        .order_by("last_name", "first_name", "pk")[:count]
    )


def create_demo_cohorts(*, today: datetime.date) -> CohortProgramme | None:
    network = Network.objects.filter(slug=NETWORK["slug"]).first()
    coordinator = _user("reseau")
    if network is None or coordinator is None:
        return None
    now = timezone.now()
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=MEMBERS)}
    programme = CohortProgramme.objects.create(
        network=network,
        name="Cadres en mouvement — quatre collectivités",
        description=(
            "Un parcours commun aux cadres du Département, de Lisière Métropole, de la Ville de Belvau et de son "
            "CCAS : séminaire de lancement, modules de l'école de management, coaching, entretiens individuels. "
            "À la fin, des postes et des missions des autres membres vous sont proposés ; vous acceptez ou "
            "déclinez librement."
        ),
        goal_moves=6,
        goal_end_on=today + datetime.timedelta(days=3 * 365 - 120),
        criteria=(
            "Après les premières listes : cadres A et A+ ou encadrant·es, dans leur poste depuis plus de cinq ans "
            "ou hauts potentiels de plus de 28 ans, volontaires."
        ),
        created_by=coordinator,
    )
    CohortProgramme.objects.filter(pk=programme.pk).update(created_at=now - datetime.timedelta(days=120))

    for slug in SPONSORS:
        user = _user(slug)
        membership = user and user.role_memberships.filter(role="signatory").first()
        if membership is not None:
            Sponsor.objects.create(
                programme=programme,
                organisation_id=membership.organisation_id,
                user=user,
                named_by=coordinator,
                named_at=now - datetime.timedelta(days=115),
            )
    ticks = {
        ChecklistKind.ELECTED: (coordinator, 118),
        ChecklistKind.SPONSORS: (_user("signataire"), 110),
        ChecklistKind.INTERNAL_LAUNCH: (_user("signataire-ville"), 90),
    }
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            programme=programme,
            kind=kind,
            done_by=ticks[kind][0] if kind in ticks else None,
            done_at=now - datetime.timedelta(days=ticks[kind][1]) if kind in ticks else None,
        )
        for kind in ChecklistKind
    )

    steps = [
        JourneyStep(
            programme=programme,
            kind="seminaire",
            title="Séminaire de lancement",
            held_on=today - datetime.timedelta(days=60),
            place="Hôtel du Département, Belvau",
        ),
        JourneyStep(
            programme=programme,
            kind="module",
            title="Module 1 : piloter une transformation",
            held_on=today - datetime.timedelta(days=32),
            ends_on=today - datetime.timedelta(days=31),
            place="École de management de Lisière Métropole",
        ),
        JourneyStep(
            programme=programme,
            kind="coaching",
            title="Coaching individuel (première séance)",
            held_on=today - datetime.timedelta(days=8),
        ),
        JourneyStep(
            programme=programme,
            kind="module",
            title="Module 2 : coopérer entre collectivités",
            held_on=today + datetime.timedelta(days=21),
            place="Mairie de Belvau",
        ),
        JourneyStep(
            programme=programme,
            kind="entretien",
            title="Entretiens individuels de fin de parcours",
            held_on=today + datetime.timedelta(days=50),
            ends_on=today + datetime.timedelta(days=64),
        ),
    ]
    JourneyStep.objects.bulk_create(steps)
    steps = list(programme.steps.order_by("held_on", "pk"))

    hr = {
        slug: _user(s) for slug, s in zip(MEMBERS, ["rh", "rh-metropole", "rh-ville", "rh-ccas"], strict=True)
    }
    encadrant = _user("encadrant")
    participants: dict[str, list[Nomination]] = {}
    consented = now - datetime.timedelta(days=70)
    for slug in MEMBERS:
        organisation = orgs.get(slug)
        if organisation is None:
            continue
        agents = _cadres(organisation, 2)
        if slug == "departement-haute-lisiere" and encadrant is not None and hasattr(encadrant, "agent"):
            agents = [encadrant.agent, *agents[:1]] if agents else [encadrant.agent]
        participants[slug] = [
            Nomination.objects.create(
                programme=programme,
                agent=agent,
                organisation=organisation,
                state="participant",
                nominated_by=hr[slug],
                nominated_at=now - datetime.timedelta(days=100),
                consented_at=consented,
            )
            for agent in agents
        ]
    # a proposal the Ville's agent has not answered yet, and one the Métropole's agent turned down
    for slug, state in (("ville-de-belvau", "awaiting"), ("lisiere-metropole", "declined")):
        if slug not in orgs:
            continue
        taken = [n.agent_id for n in participants.get(slug, [])]
        for agent in _cadres(orgs[slug], 1, exclude=taken):
            Nomination.objects.create(
                programme=programme,
                agent=agent,
                organisation=orgs[slug],
                state=state,
                nominated_by=hr[slug],
                nominated_at=now - datetime.timedelta(days=12),
            )

    everyone = [n for group in participants.values() for n in group]
    pattern = ["present", "present", "excuse", "present", "absent", "present", "present"]
    Attendance.objects.bulk_create(
        Attendance(
            step=step,
            nomination=nomination,
            status=pattern[(index + position) % len(pattern)],
            recorded_by=coordinator,
        )
        for position, step in enumerate(s for s in steps if s.held_on <= today)
        for index, nomination in enumerate(everyone)
    )

    departement, ville = (
        participants.get("departement-haute-lisiere", []),
        participants.get("ville-de-belvau", []),
    )
    if len(departement) >= 2 and "ville-de-belvau" in orgs:
        accepted = Opportunity.objects.create(
            programme=programme,
            nomination=departement[1],
            offering_organisation=orgs["ville-de-belvau"],
            kind="poste",
            title="Directeur·rice adjoint·e de l'éducation",
            description="Poste vacant : pilotage des écoles et de la restauration scolaire, 40 agents.",
            offered_by=hr["ville-de-belvau"],
            offered_on=today - datetime.timedelta(days=20),
            state="accepted",
            accepted_on=today - datetime.timedelta(days=12),
        )
        _sheet(
            accepted,
            departement[1].organisation,
            hr["departement-haute-lisiere"],
            "origine",
            "3412.50",
            "720",
        )
        _sheet(accepted, orgs["ville-de-belvau"], hr["ville-de-belvau"], "accueil", "3412.50", "810", "1200")
    if departement and "lisiere-metropole" in orgs:
        pending = Opportunity.objects.create(
            programme=programme,
            nomination=departement[0],
            offering_organisation=orgs["lisiere-metropole"],
            kind="poste",
            title="Chef·fe de projet mobilités douces",
            description="Poste vacant à la direction des mobilités : plan vélo intercommunal, 6 personnes.",
            offered_by=hr["lisiere-metropole"],
            offered_on=today - datetime.timedelta(days=3),
        )
        _sheet(
            pending, departement[0].organisation, hr["departement-haute-lisiere"], "origine", "3105.20", "640"
        )
        _sheet(
            pending, orgs["lisiere-metropole"], hr["lisiere-metropole"], "accueil", "3105.20", "700", "900"
        )
    if ville:
        Opportunity.objects.create(
            programme=programme,
            nomination=ville[0],
            offering_organisation=orgs["departement-haute-lisiere"],
            kind="mission",
            title="Mission d'appui au schéma départemental de l'autonomie",
            offered_by=hr["departement-haute-lisiere"],
            offered_on=today - datetime.timedelta(days=25),
            state="declined",
        )
    return programme


def _sheet(opportunity, organisation, by, side, pay, ri, cia="0"):
    grades = {"origine": "Attaché·e principal·e", "accueil": "Attaché·e principal·e (équivalent)"}
    MoveSheetSide.objects.create(
        opportunity=opportunity,
        side=side,
        organisation=organisation,
        position=opportunity.title if side == "accueil" else "Poste actuel (chef·fe de service)",
        grade=grades[side],
        grade_equivalence="Mutation sur le même grade, échelon conservé" if side == "accueil" else "",
        gross_monthly_pay=Decimal(pay),
        ri_monthly=Decimal(ri),
        ri_yearly_bonus=Decimal(cia),
        notes="Télétravail deux jours par semaine" if side == "accueil" else "",
        entered_by=by,
    )
