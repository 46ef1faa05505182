"""« À faire » in the demo: something waits for each demo account the day the network is built.

- the agent, the manager, the host and the Département's signatory each have a document to accept: the demo
  agent is at the agreements step of a second mission of the Médiathèque, whose pact and convention HR wrote;
- the same engagement waits for the agreements of the manager, the host, HR and the signatory;
- the Département's HR has a difficulty signalled at a check-in (« Besoin d'aide ») to deal with;
- a teammate's mission under way waits for the agreements on its extension.

Everything goes through the real use cases (documents, extension), as a person would have done it.
"""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Agreement, Engagement, EngagementEvent
from passerelles.engagements.services import engagement_request_extension, required_parties
from passerelles.missions.models import Mission, MissionEvent, MissionStatus

TITLE = "Préparer le festival du livre jeunesse"


def _demo_hr():
    """The Département's HR coordinator of the demo accounts (who writes the documents of its agents)."""
    return User.objects.get(email="rh@demo.passerelles.test")


def _festival_mission(host, today: datetime.date) -> Mission:
    lead = host.agent
    mission = Mission(
        organisation=lead.organisation,
        host_unit=lead.unit,
        project_lead=lead,
        created_by=host,
        title=TITLE,
        description="En mai, la médiathèque invite auteurs et illustrateurs pour trois jours de festival. Vous "
        "préparerez les rencontres avec les classes et l'accueil des invités, avec l'équipe jeunesse.",
        skills="organisation d'événements, accueil du public, lecture",
        purpose="appui_projet",
        project_name="Festival du livre jeunesse",
        time_share_kind="percent",
        time_share_percent=10,
        start_date=today + datetime.timedelta(days=45),
        end_date=today + datetime.timedelta(days=45 + 61),
        visibility="network",
        status=MissionStatus.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=12),
    )
    mission.save()
    MissionEvent.objects.create(mission=mission, by=host, to_status=MissionStatus.DRAFT)
    MissionEvent.objects.create(
        mission=mission, by=host, from_status=MissionStatus.DRAFT, to_status=MissionStatus.SUBMITTED
    )
    MissionEvent.objects.create(
        mission=mission, by=None, from_status=MissionStatus.SUBMITTED, to_status=MissionStatus.PUBLISHED
    )
    return mission


def _documents_waiting(agent_user, host, today) -> None:
    """The demo agent met the Médiathèque again; HR confirmed the framework and wrote the documents."""
    from passerelles.documents.services import generate, required_kinds
    from passerelles.frameworks.services import record_best_framework

    mission = _festival_mission(host, today)
    agent = agent_user.agent
    engagement = Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=State.AGREEMENTS,
        message="Le festival, j'y vais chaque année avec mes enfants : j'aimerais le voir de l'intérieur.",
        start_date=mission.start_date,
        end_date=mission.end_date,
        percent=mission.effective_percent,
        agreement_round=1,
    )
    EngagementEvent.objects.create(
        engagement=engagement, by=agent_user, action="express_interest", to_state=State.INTEREST
    )
    EngagementEvent.objects.create(
        engagement=engagement, by=None, action="demo", from_state=State.INTEREST, to_state=State.AGREEMENTS
    )
    hr = _demo_hr()
    record_best_framework(engagement, by=hr)
    engagement = Engagement.objects.select_related(
        "agent__organisation", "agent__manager", "mission__organisation", "framework"
    ).get(pk=engagement.pk)
    for party in required_parties(engagement):  # every agreement awaited
        Agreement.objects.create(engagement=engagement, round=1, party=party)
    details = {
        "intention": "Préparer avec l'équipe jeunesse les rencontres entre les classes et les auteurs.",
        "attentes_agent": "Découvrir l'organisation d'un festival et mettre mon sens de l'accueil au service des invités.",
        "attentes_accueil": "Un binôme avec la responsable jeunesse, un point chaque vendredi.",
        "organisation_equipe": "Le mardi est libéré ; l'équipe du collège se répartit les tâches de ce jour-là.",
        "conditions_retour": "Un entretien de retour avec l'encadrant·e la semaine qui suit le festival.",
    }
    for kind in required_kinds(engagement):  # the pact and the acts required before ready
        generate(engagement=engagement, kind=kind, by=hr, details=details if kind == "pacte" else None)


def _checkin_alert() -> None:
    """At the first point d'étape of a mission under way, the agent asked for help: HR deals with it."""
    from passerelles.followup.models import CheckInAnswer, Relationship, Workload

    answer = (
        CheckInAnswer.objects.filter(
            party="agent",
            checkin__engagement__state=State.ACTIVE,
            checkin__engagement__agent__manager__user__email="encadrant@demo.passerelles.test",
        )
        .order_by("pk")
        .first()
    )
    if answer is not None:
        answer.workload = Workload.TOO_HEAVY
        answer.relationship = Relationship.OK
        answer.help_needed = (
            "Mon équipe d'origine compte encore sur moi le mardi : j'aimerais qu'on en reparle ensemble."
        )
        answer.save()


def _extension_waiting(hr) -> None:
    """The host and HR would like a teammate's mission to go on a month more: the agreements are asked."""
    engagement = (
        Engagement.objects.filter(
            state=State.ACTIVE,
            agent__manager__user__email="encadrant@demo.passerelles.test",
            extension_end_date__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if engagement is not None:
        engagement_request_extension(
            engagement=engagement, by=hr, end_date=engagement.end_date + datetime.timedelta(days=30)
        )


def _extension_agreed() -> None:
    """Another mission under way was prolonged by a month, every party agreeing: its avenant waits for its
    acceptances (the same parties as the act it amends)."""
    from passerelles.demo.journeys import _party_user
    from passerelles.engagements.models import Decision
    from passerelles.engagements.services import engagement_decide

    engagement = (
        Engagement.objects.filter(
            state=State.ACTIVE,
            extension_end_date__isnull=True,
            framework__isnull=False,
            agent__user__isnull=False,  # the agent agrees to each prolongation in person
        )
        .exclude(agent__manager__user__email="encadrant@demo.passerelles.test")
        .order_by("pk")
        .first()
    )
    hr = _party_user(engagement, "hr") if engagement is not None else None
    if hr is None:
        return
    engagement_request_extension(
        engagement=engagement, by=hr, end_date=engagement.end_date + datetime.timedelta(days=30)
    )
    engagement.refresh_from_db()  # the new round's number: it asks the agent too
    for agreement in Agreement.objects.filter(engagement=engagement, round=engagement.agreement_round):
        user = (
            engagement.agent.user if agreement.party == "agent" else _party_user(engagement, agreement.party)
        )
        if user is None:
            return
        engagement.refresh_from_db()
        engagement_decide(engagement=engagement, by=user, party=agreement.party, decision=Decision.AGREED)


def _framework_corrected(hr) -> None:
    """The SIRH is a step behind: an agent titularised last month is still exported as stagiaire. HR corrected
    the boussole's situation of one of the Département's internal missions and said why."""
    from passerelles.frameworks.services import record_corrected_framework
    from passerelles.people.models import EmploymentStatus

    engagement = (
        Engagement.objects.filter(
            state__in=(State.READY, State.ACTIVE),
            agent__organisation__slug="departement-haute-lisiere",
            mission__organisation__slug="departement-haute-lisiere",
            framework__isnull=False,
        )
        .select_related("agent__organisation", "mission__organisation")
        .order_by("pk")
        .first()
    )
    if engagement is None:
        return
    engagement.agent.status = EmploymentStatus.STAGIAIRE
    engagement.agent.save(update_fields=["status"])
    record_corrected_framework(
        engagement,
        by=hr,
        changes={"agent_status": "titulaire"},
        reason="Titularisation prononcée par arrêté du 1er du mois : l'export SIRH ne la porte pas encore.",
    )


def create_demo_todo(*, today: datetime.date) -> None:
    agent_user = User.objects.get(email="agent@demo.passerelles.test")
    host = User.objects.get(email="accueil@demo.passerelles.test")
    _documents_waiting(agent_user, host, today)
    _checkin_alert()
    _extension_waiting(_demo_hr())
    _extension_agreed()
    _framework_corrected(_demo_hr())
