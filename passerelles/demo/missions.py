"""Demo missions and engagements: the platform alive in every status and at every step.

Placed around the demo accounts so that each of them meets something at once: the HR coordinator has missions
to review (one with flags), the host has interested people, the agent has an interest under way, the
manager has a team member at the agreements step.
"""

import datetime
import random

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.demo.journeys import (
    _demo_evaluations,
    _demo_followup,
    _demo_pact,
    _demo_stories,
    _demo_story_to_review,
    _party_user,
)
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Decision, Engagement, EngagementEvent, Meeting, Party
from passerelles.engagements.services import SCHEME_STATEMENT, required_parties
from passerelles.frameworks.services import record_best_framework
from passerelles.missions.models import Mission, MissionEvent, MissionStatus, Programme, PurposeCap
from passerelles.notifications.models import Notification
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent

# (organisation, unit, purpose, title, description, skills, percent or None, days/month or None, months, place,
#  expertise, visibility, project)
MISSIONS = [
    (
        "ville-de-belvau",
        "Médiathèque",
        "appui_projet",
        "Animer des ateliers numériques pour les seniors",
        "Chaque mardi après-midi, la médiathèque accueille des seniors qui veulent apprivoiser leur tablette. "
        "Vous animerez les ateliers avec une bibliothécaire : montrer, rassurer, répondre aux questions. Nul besoin "
        "d'être informaticien·ne, il faut aimer transmettre.",
        "animation d'ateliers, numérique, pédagogie",
        None,
        2,
        4,
        "site",
        "decouverte",
        "network",
        "Inclusion numérique",
    ),
    (
        "ville-de-belvau",
        "Service des sports",
        "renfort_ponctuel",
        "Renfort pour l'organisation de la fête du sport",
        "La fête du sport réunit 3 000 personnes en juin. Nous cherchons deux personnes pour la logistique "
        "(installation, accueil des associations, signalétique) pendant les six semaines de préparation.",
        "logistique, accueil du public, organisation d'événements",
        20,
        None,
        2,
        "site",
        "decouverte",
        "network",
        "Fête du sport 2027",
    ),
    (
        "ccas-de-belvau",
        "Accueil social et aides facultatives",
        "crise",
        "Renfort canicule : appeler les personnes âgées isolées",
        "Pendant les alertes canicule, nous appelons chaque jour les personnes inscrites au registre. Vous "
        "rejoindrez la cellule d'appel, avec un script et une travailleuse sociale en appui.",
        "écoute, accueil téléphonique, relation aux personnes âgées",
        50,
        None,
        1,
        "hybrid",
        "decouverte",
        "network",
        "Plan canicule",
    ),
    (
        "ccas-de-belvau",
        "Service administratif et financier",
        "solidarite",
        "Prêt d'un·e juriste pour sécuriser nos marchés",
        "Le CCAS renouvelle ses marchés de portage de repas. Un·e juriste de la commande publique nous aiderait "
        "à rédiger le cahier des charges et à analyser les offres.",
        "commande publique, marchés publics, rédaction",
        None,
        3,
        3,
        "hybrid",
        "confirme",
        "network",
        "Renouvellement du portage de repas",
    ),
    (
        "departement-haute-lisiere",
        "Service espaces naturels sensibles",
        "decouverte",
        "Découvrir le métier de garde-nature",
        "Accompagnez nos gardes-nature deux jours par mois : suivi de la faune, entretien des sentiers, accueil "
        "des scolaires. Une belle façon de prendre l'air et de découvrir un métier.",
        "environnement, biodiversité, accueil de groupes",
        None,
        2,
        6,
        "site",
        "decouverte",
        "network",
        "Plan biodiversité",
    ),
    (
        "departement-haute-lisiere",
        "Service emploi, compétences et formation",
        "prefiguration",
        "Tester un parcours d'accueil des nouveaux arrivants",
        "Nous préfigurons un parcours d'intégration pour les "
        "nouveaux agents : vous co-construirez et testerez un atelier d'accueil avec l'équipe formation.",
        "facilitation, animation de réunion, formation",
        20,
        None,
        4,
        "site",
        "confirme",
        "organisation",
        "Onboarding 2027",
    ),
    (
        "departement-haute-lisiere",
        "Service RSA et accompagnement",
        "appui_projet",
        "Appui à la refonte des courriers RSA",
        "Nos courriers aux allocataires sont incompréhensibles. Avec l'équipe, vous les réécrirez en langage clair "
        "et les testerez auprès de personnes accompagnées.",
        "rédaction, langage clair, relation usager",
        10,
        None,
        3,
        "remote",
        "confirme",
        "network",
        "Langage clair",
    ),
    (
        "lisiere-metropole",
        "Service prévention des déchets",
        "interet_general",
        "Animer des stands de sensibilisation au tri",
        "Sur les marchés et dans les écoles, aidez nos ambassadeurs du tri à animer des stands ludiques.",
        "animation, pédagogie, environnement",
        None,
        2,
        5,
        "site",
        "decouverte",
        "network",
        "Zéro déchet",
    ),
    (
        "lisiere-metropole",
        "Service mobilités",
        "appui_projet",
        "Enquête sur les mobilités des agents",
        "Participez à l'enquête sur les trajets domicile-travail : passation de questionnaires, saisie, analyse.",
        "enquête, analyse de données, tableur",
        15,
        None,
        3,
        "hybrid",
        "decouverte",
        "network",
        "Plan de mobilité employeur",
    ),
    (
        "ville-de-belvau",
        "Service état civil et accueil",
        "renfort_ponctuel",
        "Renfort à l'accueil pendant les élections",
        "Deux semaines avant chaque scrutin, l'accueil de l'état civil est débordé. Aidez-nous à accueillir et "
        "orienter le public.",
        "accueil du public, état civil",
        30,
        None,
        1,
        "site",
        "decouverte",
        "organisation",
        "Élections",
    ),
    # For the HR review queue of the Département: one clean, one that looks like a permanent need.
    (
        "departement-haute-lisiere",
        "Archives départementales",
        "appui_projet",
        "Numériser les registres paroissiaux",
        "Un projet de numérisation de 2 000 registres : préparation, prise de vue, contrôle qualité.",
        "numérisation, patrimoine, minutie",
        20,
        None,
        4,
        "site",
        "decouverte",
        "network",
        "Archives en ligne",
    ),
    (
        "departement-haute-lisiere",
        "Centres d'exploitation routière",
        "renfort_ponctuel",
        "Renfort au centre routier",
        "Il manque deux agents au centre routier depuis un an ; nous cherchons du renfort pour le déneigement et "
        "l'entretien.",
        "conduite d'engins, entretien",
        80,
        None,
        10,
        "site",
        "confirme",
        "organisation",
        "",
    ),
    (
        "departement-haute-lisiere",
        "Service projets et données",
        "decouverte",
        "Découvrir l'analyse de données",
        "Une mission de découverte pour s'initier aux tableaux de bord du Département.",
        "tableur, données",
        20,
        None,
        3,
        "remote",
        "expert",
        "organisation",
        "Données ouvertes",
    ),
]
# status given to each mission above, in order (the published ones are the most numerous)
STATUSES = [
    MissionStatus.PUBLISHED,
    MissionStatus.PUBLISHED,
    MissionStatus.PUBLISHED,
    MissionStatus.PUBLISHED,
    MissionStatus.PUBLISHED,
    MissionStatus.PUBLISHED,
    MissionStatus.PUBLISHED,
    MissionStatus.PUBLISHED,
    MissionStatus.CHANGES_REQUESTED,
    MissionStatus.CLOSED,
    MissionStatus.SUBMITTED,
    MissionStatus.SUBMITTED,
    MissionStatus.SUBMITTED,
]
EXTRA_STATUSES = [MissionStatus.DRAFT, MissionStatus.DECLINED]


def _lead_for(organisation, unit_name, rng):
    unit_agents = Agent.objects.filter(organisation=organisation, unit__name=unit_name, user__isnull=False)
    head = unit_agents.filter(job_title__startswith="Chef·fe de service").first()
    return (
        head or unit_agents.order_by("?").first() or Agent.objects.filter(organisation=organisation).first()
    )


def create_demo_missions(*, today: datetime.date, seed: int = 2026) -> int:
    rng = random.Random(seed)
    orgs = {org.slug: org for org in Organisation.objects.all()}
    # Caps: 40 % by default (the Isère rule); solidarity and crisis may take more at the Département and CCAS.
    for slug in ("departement-haute-lisiere", "ccas-de-belvau"):
        for purpose, cap in (("solidarite", 100), ("crise", 100)):
            PurposeCap.objects.create(organisation=orgs[slug], purpose=purpose, max_percent=cap)
    # The Département asks its DGS (or a delegate) to sign every engagement of its agents.
    Organisation.objects.filter(slug="departement-haute-lisiere").update(requires_signatory=True)
    host_user = User.objects.get(email="accueil@demo.passerelles.test")
    # The Département runs its missions as a declared test: a hypothesis, an end, documents marked as a test.
    season = Programme.objects.create(
        organisation=orgs["departement-haute-lisiere"],
        name="Passerelles, saison 1",
        hypothesis="Des missions courtes entre services donnent envie d'y revenir et ne désorganisent pas "
        "les équipes d'origine.",
        is_test=True,
        expires_on=datetime.date(today.year + 1, 12, 31),
    )
    missions = []
    plan = list(zip(MISSIONS, STATUSES, strict=True)) + [(MISSIONS[1], status) for status in EXTRA_STATUSES]
    for index, (spec, status) in enumerate(plan):
        (
            slug,
            unit_name,
            purpose,
            title,
            description,
            skills,
            percent,
            days,
            months,
            place,
            expertise,
            visibility,
            project,
        ) = spec
        organisation = orgs[slug]
        lead = _lead_for(organisation, unit_name, rng)
        if slug == "ville-de-belvau" and unit_name == "Médiathèque":
            lead = host_user.agent
        start = today + datetime.timedelta(days=rng.randint(10, 60))
        if status == MissionStatus.CLOSED:
            start = today - datetime.timedelta(days=120)
        mission = Mission(
            organisation=organisation,
            host_unit=lead.unit or organisation.units.first(),
            project_lead=lead,
            created_by=lead.user,
            programme=season if organisation == season.organisation else None,
            title=title if index < len(MISSIONS) else f"{title} ({status.label.lower()})",
            description=description,
            skills=skills,
            purpose=purpose,
            project_name=project,
            time_share_kind="days" if days else "percent",
            time_share_percent=percent,
            days_per_month=days,
            start_date=start,
            end_date=start + datetime.timedelta(days=int(months * 30.4)),
            place=place,
            expertise=expertise,
            visibility=visibility,
            places=2 if "Renfort" in title else 1,
            status=MissionStatus.PUBLISHED if status == MissionStatus.CLOSED else status,
            review_comment={
                MissionStatus.CHANGES_REQUESTED: "Pouvez-vous préciser le projet et le rôle de la porteuse ?",
                MissionStatus.DECLINED: "Ce besoin relève d'un recrutement, pas d'une mission.",
            }.get(status, ""),
            published_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 20))
            if status in (MissionStatus.PUBLISHED, MissionStatus.CLOSED)
            else None,
        )
        mission.save()
        MissionEvent.objects.create(mission=mission, by=lead.user, to_status=MissionStatus.DRAFT)
        if status != MissionStatus.DRAFT:
            MissionEvent.objects.create(
                mission=mission,
                by=lead.user,
                from_status=MissionStatus.DRAFT,
                to_status=MissionStatus.SUBMITTED,
            )
        if status not in (MissionStatus.DRAFT, MissionStatus.SUBMITTED):
            MissionEvent.objects.create(
                mission=mission,
                by=None,
                from_status=MissionStatus.SUBMITTED,
                to_status=MissionStatus.PUBLISHED if status == MissionStatus.CLOSED else status,
                comment=mission.review_comment,
            )
        missions.append(mission)
    _create_demo_engagements(missions, rng)
    return len(missions)


# Nobody is turned down without a reason (a database constraint): the demo's declined candidacies have one.
DEMO_DECLINE_REASON = "La mission demandait d'être disponible le lundi, ce qui n'est pas possible pour vous."


def _engage(agent, mission, state, message="", regularisation=""):
    """An engagement as it stands at ``state``, its history written through the models. With
    ``regularisation`` (its reason), HR regularised a start made before the agreements: the badge on the page
    and the mention in the pact."""
    start, end = mission.start_date, mission.end_date
    if state == State.ACTIVE:  # under way: started three weeks ago, for the mission's length
        start = timezone.localdate() - datetime.timedelta(days=21)
        end = start + (mission.end_date - mission.start_date)
    engagement = Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=state,
        message=message,
        start_date=start,
        end_date=end,
        percent=mission.effective_percent,
        agreement_round=1 if state in (State.AGREEMENTS, State.READY, State.ACTIVE, State.ENDED) else 0,
        decline_reason=DEMO_DECLINE_REASON if state == State.DECLINED else "",
        regularisation=bool(regularisation),
        regularisation_reason=regularisation,
    )
    if regularisation:
        EngagementEvent.objects.create(
            engagement=engagement,
            by=_party_user(engagement, Party.HR),
            action="regularise",
            from_state=State.AGREEMENTS,
            to_state=State.AGREEMENTS,
            comment=f"{start:%d/%m/%Y} → {end:%d/%m/%Y} · régularisation : {regularisation}",
        )
    if engagement.agreement_round:
        # the agreement round as it stands: all given once ready, the host's given and the others awaited before
        for party in (Party.MANAGER, Party.HOST, Party.HR):
            done = state != State.AGREEMENTS or party == Party.HOST
            Agreement.objects.create(
                engagement=engagement,
                round=1,
                party=party,
                decision=Decision.AGREED if done else Decision.PENDING,
                decided_by=_party_user(engagement, party) if done else None,
                decided_at=timezone.now() if done else None,
            )
        if state == State.AGREEMENTS and agent.manager and agent.manager.user:
            Notification.objects.create(
                user=agent.manager.user,
                action_needed=True,
                url=f"/engagements/{engagement.pk}/",
                subject=f"Votre accord est demandé : {agent.full_name} et la mission « {mission.title} »",
                message=f"{agent.full_name}, de votre équipe, souhaite participer à une mission. {SCHEME_STATEMENT}",
            )
    if state in (State.READY, State.ACTIVE, State.ENDED):  # past the agreement step: framework and pact done
        hr = _party_user(engagement, Party.HR)
        if record_best_framework(engagement, by=hr):
            for party in required_parties(
                engagement
            ):  # the framework's own parties agreed too (e.g. the DGS)
                if not Agreement.objects.filter(engagement=engagement, party=party).exists():
                    Agreement.objects.create(
                        engagement=engagement,
                        round=1,
                        party=party,
                        decision=Decision.AGREED,
                        decided_by=_party_user(engagement, party),
                        decided_at=timezone.now(),
                    )
            if hr is not None:  # an HR account to write the pact
                _demo_pact(engagement, hr)
        if state == State.ACTIVE:
            _demo_followup(engagement)
    EngagementEvent.objects.create(
        engagement=engagement,
        by=agent.user,
        action="express_interest",
        to_state=State.INTEREST,
        comment=message,
    )
    if state not in (State.INTEREST, State.WITHDRAWN):
        EngagementEvent.objects.create(
            engagement=engagement,
            by=None,
            action="demo",
            from_state=State.INTEREST,
            to_state=state,
            comment=engagement.decline_reason,
        )
    return engagement


def _create_demo_engagements(missions, rng) -> None:
    closed = [m for m in missions if m.end_date < timezone.localdate()]  # the daily job closes them
    published = [m for m in missions if m.status == MissionStatus.PUBLISHED and m not in closed]
    demo_agent = User.objects.get(email="agent@demo.passerelles.test").agent
    manager = User.objects.get(email="encadrant@demo.passerelles.test").agent
    teammates = list(Agent.objects.filter(manager=manager).exclude(pk=demo_agent.pk)[:4])
    workshop = published[0]  # the Ville's digital workshops, hosted by the demo host
    _engage(
        demo_agent,
        workshop,
        State.INTEREST,
        "J'aide déjà mes voisins avec leur téléphone, j'aimerais essayer.",
    )
    _engage(
        teammates[0],
        published[4],
        State.AGREEMENTS,
        "La nature me manque, deux jours par mois me feraient du bien.",
    )
    meeting = _engage(teammates[1], published[2], State.MEETING)
    # A café-mission at the Saturday market: the page warns that the day is not a working day.
    saturday = timezone.localdate() + datetime.timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
    Meeting.objects.create(
        engagement=meeting,
        starts_at=timezone.make_aware(datetime.datetime.combine(saturday, datetime.time(10))),
        place="Marché du samedi, stand de la collectivité",
        scheduled_by=_party_user(meeting, Party.HR),
    )
    _engage(teammates[2], published[1], State.WITHDRAWN)
    # under way: the demo manager sees it in the team calendar, HR and the host in its follow-up
    _engage(teammates[3], published[3], State.ACTIVE, "Un renfort de quelques semaines, avec plaisir.")
    # Deterministic: the same seed gives the same demo (no database-side random order).
    pool = list(
        Agent.objects.filter(user__isnull=False, reports__isnull=True)
        .exclude(pk__in=[demo_agent.pk, *(t.pk for t in teammates)])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    others = list(Agent.objects.filter(pk__in=rng.sample(pool, min(40, len(pool)))).order_by("pk"))
    steps = [
        State.INTEREST,
        State.PROPOSAL,
        State.MEETING,
        State.AGREEMENTS,
        State.READY,
        State.ACTIVE,
        State.DECLINED,
    ]
    for i, agent in enumerate(others[:21]):
        mission = published[i % len(published)]
        if agent.pk != mission.project_lead_id:
            _engage(agent, mission, steps[i % len(steps)])
    ended = [_engage(agent, closed[0], State.ENDED) for agent in others[21:24]]
    # The demo agent's own past mission: evaluated by the three, told, and in the passport.
    ended.insert(0, _engage(demo_agent, closed[0], State.ENDED, "Envie de voir un autre service."))
    _demo_evaluations(ended)
    _demo_stories(ended)
    _demo_story_to_review(teammates[3])
    for agent in others[24:26]:
        _engage(agent, workshop, State.INTEREST, "Disponible le mardi après-midi.")
    # A start HR regularised: a Département agent began helping with the RSA letters before every agreement was
    # given (the pact says so, the page shows the badge), seen by the Département's HR and the mission's host.
    helper = (
        Agent.objects.filter(organisation=demo_agent.organisation, user__isnull=False, reports__isnull=True)
        .exclude(pk__in=[demo_agent.pk, *(t.pk for t in teammates), *(o.pk for o in others)])
        .order_by("pk")
        .first()
    )
    letters = next((m for m in published if "courriers RSA" in m.title), None)
    if helper is not None and letters is not None and helper.pk != letters.project_lead_id:
        _engage(
            helper,
            letters,
            State.ACTIVE,
            "Je connais bien les courriers, je peux commencer tout de suite.",
            regularisation="Les nouveaux courriers devaient partir avec l'envoi du mois ; l'agent a commencé "
            "avant la signature des accords.",
        )
