"""Demo programmes run as tests, in every state (issue 16), all at the Département (its HR « rh », its DGS
« signataire », its administrator « admin »):

- « Passerelles, saison 1 » (created with the missions) en test: a start, a notice and a questionnaire for
  participants, three indicators (two computed, one manual, one chosen with the participants), a learning log,
  participants who agreed to take part in the test, and more than five questionnaire answers;
- « Binômes inter-directions » past its expiry date with no decision: it takes no new mission (its mission
  already published goes on), and its page says « Test arrivé à échéance : enregistrez une décision »;
- « Tutorat des nouveaux arrivants » prolongé, « Renfort d'été des collèges » généralisé (no longer a test),
  « Prêt de véhicules entre services » arrêté — each with its decision and reasons.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.engagements.services.programme_consent import notice_for
from passerelles.missions.models import Mission, MissionEvent, MissionStatus, Programme, ProgrammeStatus
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent
from passerelles.programmes.models import LogEntry, ParticipantResponse, ProgrammeDecision, ProgrammeIndicator

SEASON_NOTICE = (
    "Cette mission fait partie de « Passerelles, saison 1 », un programme que le Département mène comme un test "
    "jusqu'à sa date de fin. Ce que l'on veut vérifier : des missions courtes entre services donnent envie d'y "
    "revenir sans désorganiser les équipes d'origine. On vous posera quelques questions sur le programme ; vos "
    "réponses ne sont lues que regroupées. À la fin du test, la direction décide de le prolonger, de le "
    "généraliser ou de l'arrêter, et vous le dit."
)
SEASON_QUESTIONS = """Ce programme m'a donné envie de refaire une mission.
Mon équipe d'origine a pu s'organiser pendant mon absence.
On m'a bien expliqué que le programme est un test.
[oui/non] Il faudrait mesurer le temps passé à organiser la mission.
[texte] Ce qu'il faudrait mesurer pour savoir si le programme marche."""
# Six participants' answers: (likert, likert, likert, yes/no, text)
ANSWERS = [
    ("5", "4", "5", "oui", "Le retour dans l'équipe d'origine."),
    ("4", "3", "4", "oui", ""),
    ("5", "4", "5", "non", "Ce que l'équipe d'accueil a pu faire grâce à la mission."),
    ("3", "2", "4", "oui", ""),
    ("4", "4", "5", "oui", "Le temps passé par la RH."),
    ("5", "5", "4", "non", ""),
]


def _decide(programme, hr, status, reasons, days_ago, new_expires_on=None):
    ProgrammeDecision.objects.create(
        programme=programme,
        status=status,
        reasons=reasons,
        new_expires_on=new_expires_on,
        decided_by=hr,
        decided_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def _mission(programme, lead, title, today, *, start_in):
    mission = Mission(
        organisation=programme.organisation,
        host_unit=lead.unit or programme.organisation.units.first(),
        project_lead=lead,
        created_by=lead.user,
        programme=programme,
        title=title,
        description="Former un binôme entre deux directions pour mener ensemble un petit projet transverse, "
        "une demi-journée par semaine, avec un point d'étape chaque mois.",
        skills="conduite de projet, travail en équipe",
        purpose="appui_projet",
        time_share_percent=10,
        start_date=today + datetime.timedelta(days=start_in),
        end_date=today + datetime.timedelta(days=start_in + 120),
        visibility="organisation",
        status=MissionStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=80),
    )
    mission.save()
    MissionEvent.objects.create(mission=mission, by=lead.user, to_status=MissionStatus.DRAFT)
    MissionEvent.objects.create(
        mission=mission, by=lead.user, from_status=MissionStatus.DRAFT, to_status=MissionStatus.SUBMITTED
    )
    MissionEvent.objects.create(
        mission=mission, by=None, from_status=MissionStatus.SUBMITTED, to_status=MissionStatus.PUBLISHED
    )
    return mission


def create_demo_programmes(*, today: datetime.date) -> int:
    """Returns the number of programmes in the demo."""
    from passerelles.demo.missions import _engage as engage  # the demo's way of placing an engagement

    department = Organisation.objects.get(slug="departement-haute-lisiere")
    hr = User.objects.get(email="rh@demo.passerelles.test")
    season = Programme.objects.get(organisation=department, name="Passerelles, saison 1")
    season.starts_on = today - datetime.timedelta(days=150)
    season.participant_notice = SEASON_NOTICE
    season.participant_questions = SEASON_QUESTIONS
    season.save(update_fields=["starts_on", "participant_notice", "participant_questions"])
    ProgrammeIndicator.objects.bulk_create(
        [
            ProgrammeIndicator(
                programme=season, label="Missions publiées", metric="missions_published", target=5, position=1
            ),
            ProgrammeIndicator(
                programme=season,
                label="Satisfaction des participant·es",
                metric="satisfaction",
                target=Decimal("4"),
                chosen_with_users=True,
                position=2,
            ),
            ProgrammeIndicator(
                programme=season,
                label="Encadrant·es prêt·es à laisser repartir quelqu'un (%)",
                metric="manual",
                target=70,
                manual_value=Decimal("64"),
                chosen_with_users=True,
                position=3,
            ),
            ProgrammeIndicator(
                programme=season,
                label="Part des fins anticipées (%)",
                metric="early_end_share",
                direction="at_most",
                target=20,
                position=4,
            ),
        ]
    )
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                programme=season,
                written_on=today - datetime.timedelta(days=120),
                by=hr,
                text="Premier café-missions : quinze personnes, surtout de catégorie A. Nous irons présenter "
                "les missions dans les collèges et les centres routiers.",
            ),
            LogEntry(
                programme=season,
                written_on=today - datetime.timedelta(days=60),
                by=hr,
                text="Atelier avec six participant·es : ils veulent que l'on mesure le retour dans l'équipe "
                "d'origine, pas seulement le nombre de missions. Indicateur ajouté.",
            ),
            LogEntry(
                programme=season,
                written_on=today - datetime.timedelta(days=10),
                by=hr,
                text="Deux encadrant·es trouvent la quotité de 40 % trop lourde en période de congés : nous "
                "proposerons 20 % l'été.",
            ),
        ]
    )
    # Six participants at least: the demo's season missions, completed by agents of the Département.
    open_missions = list(
        Mission.objects.filter(
            programme=season, status=MissionStatus.PUBLISHED, end_date__gte=today
        ).order_by("pk")
    )
    participants = set(
        Engagement.objects.filter(mission__programme=season, agent__user__isnull=False)
        .exclude(state__in=[State.DECLINED, State.WITHDRAWN, State.PROPOSAL])
        .values_list("agent__user_id", flat=True)
    )
    if open_missions and len(participants) < len(ANSWERS):
        busy = Engagement.objects.values_list("agent_id", flat=True)
        extra = Agent.objects.filter(
            organisation=department, user__isnull=False, is_active=True, reports__isnull=True
        ).exclude(pk__in=busy)
        for index, agent in enumerate(extra.order_by("pk")[: len(ANSWERS) - len(participants)]):
            engage(agent, open_missions[index % len(open_missions)], State.ACTIVE)
            participants.add(agent.user_id)
    notice = notice_for(season)
    consented = timezone.now() - datetime.timedelta(days=30)
    Engagement.objects.filter(mission__programme=season).exclude(state=State.PROPOSAL).update(
        programme_consent_at=consented, programme_notice=notice
    )
    questions = [
        {"kind": kind, "text": text}
        for kind, text in [
            ("likert", "Ce programme m'a donné envie de refaire une mission."),
            ("likert", "Mon équipe d'origine a pu s'organiser pendant mon absence."),
            ("likert", "On m'a bien expliqué que le programme est un test."),
            ("yesno", "Il faudrait mesurer le temps passé à organiser la mission."),
            ("text", "Ce qu'il faudrait mesurer pour savoir si le programme marche."),
        ]
    ]
    ParticipantResponse.objects.bulk_create(
        [
            ParticipantResponse(
                programme=season,
                respondent_id=user_id,
                questions=questions,
                answers={str(i): value for i, value in enumerate(answer)},
            )
            for user_id, answer in zip(sorted(participants), ANSWERS, strict=False)
        ]
    )

    lead = Agent.objects.filter(organisation=department, user__isnull=False, reports__isnull=False).order_by(
        "pk"
    )[0]
    expired = Programme.objects.create(
        organisation=department,
        name="Binômes inter-directions",
        hypothesis="Un binôme de deux directions règle plus vite un problème transverse qu'un groupe de travail.",
        is_test=True,
        starts_on=today - datetime.timedelta(days=200),
        expires_on=today - datetime.timedelta(days=9),
        reminded_60_for=today - datetime.timedelta(days=9),
        reminded_15_for=today - datetime.timedelta(days=9),
    )
    _mission(expired, lead, "Binôme routes et collèges : les accès aux chantiers", today, start_in=-30)
    LogEntry.objects.create(
        programme=expired,
        written_on=today - datetime.timedelta(days=40),
        by=hr,
        text="Trois binômes formés ; deux ont rendu leurs conclusions en moins de deux mois.",
    )
    ProgrammeIndicator.objects.create(
        programme=expired, label="Binômes formés", metric="agreed", target=4, position=1
    )

    extended = Programme.objects.create(
        organisation=department,
        name="Tutorat des nouveaux arrivants",
        hypothesis="Un tutorat de trois mois par un agent d'une autre direction aide à trouver sa place.",
        is_test=True,
        status=ProgrammeStatus.EXTENDED,
        starts_on=today - datetime.timedelta(days=400),
        expires_on=today + datetime.timedelta(days=45),  # the 60-day reminder already went
        reminded_60_for=today + datetime.timedelta(days=45),
    )
    _decide(
        extended,
        hr,
        ProgrammeStatus.EXTENDED,
        "Peu de nouveaux arrivants pendant le premier semestre : les chiffres ne permettent pas encore de "
        "conclure. Prolongé de six mois, avec un questionnaire aux tuteurs.",
        days_ago=140,
        new_expires_on=extended.expires_on,
    )
    generalised = Programme.objects.create(
        organisation=department,
        name="Renfort d'été des collèges",
        hypothesis="Des agents volontaires renforcent l'entretien des collèges l'été sans pénaliser leur service.",
        is_test=False,
        status=ProgrammeStatus.GENERALISED,
        starts_on=today - datetime.timedelta(days=700),
        expires_on=today - datetime.timedelta(days=330),
    )
    _decide(
        generalised,
        hr,
        ProgrammeStatus.GENERALISED,
        "Objectifs atteints deux étés de suite (32 volontaires, satisfaction 4,4 / 5). Le Codir l'inscrit dans "
        "l'offre permanente de mobilité.",
        days_ago=330,
    )
    stopped = Programme.objects.create(
        organisation=department,
        name="Prêt de véhicules entre services",
        hypothesis="Prêter un véhicule avec son agent aide les services en pointe.",
        is_test=True,
        status=ProgrammeStatus.STOPPED,
        starts_on=today - datetime.timedelta(days=500),
        expires_on=today - datetime.timedelta(days=200),
    )
    _decide(
        stopped,
        hr,
        ProgrammeStatus.STOPPED,
        "Le prêt de véhicules relève de la logistique, pas de la mobilité des personnes : deux demandes en un an. "
        "Arrêté ; les besoins passent par le parc automobile.",
        days_ago=200,
    )
    return Programme.objects.filter(organisation=department).count()
