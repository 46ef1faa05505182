"""Issue 22 in the demo network: the confidential path alive.

In the demo « agent »'s organisation, « rh » follows the demo agent in an open accompaniment plan (a return
after a long illness): a goal, one of the agent's missions linked — its host (« accueil » when it is theirs)
sees an ordinary mission —, a meeting held, a meeting ahead and a note of the agent's own. Another agent of
the organisation has a closed plan (a reclassement, a post found).

Support around exceptional missions (issue 22, 2): the organisation's missions under way with a difficulty said
at a point d'étape get a sponsor, a psychologue du travail and a protocol; their difficulties are passed on in
every state — proposed by HR and awaiting the agent's answer, agreed, declined. The sponsor is a party of the
pact: the first mission's pact, written again to name them, is accepted by every party, the sponsor included;
the second's waits for the sponsor (in their « À faire »); and a mission whose sponsor came after its pact
has it still to be written again (HR reads it on the support page). Everything goes through the use cases.

A unit relying on reinforcements (issue 22, 3): a unit of the demo agent's organisation hosted three
reinforcement missions in twelve months — « rh » and « signataire » see it in « À faire » and on
« Renforts récurrents », with the history.
"""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.care import services, support
from passerelles.care.models import MissionSupport
from passerelles.care.rules import ATTACHABLE_STATES, SUPPORT_STATES
from passerelles.documents.models import EngagementDocument
from passerelles.engagements.models import Engagement
from passerelles.followup.models import CheckInAnswer
from passerelles.followup.services import mark_alert_handled
from passerelles.people.models import Agent

DOMAIN = "demo.passerelles.test"


def _user(slug: str) -> User | None:
    return User.objects.filter(email=f"{slug}@{DOMAIN}").first()


def create_demo_care(*, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    hr, agent_user = _user("rh"), _user("agent")
    agent = Agent.objects.filter(user=agent_user).select_related("organisation").first()
    if hr is None or agent is None:
        return
    organisation = agent.organisation
    create_demo_support(hr, agent)
    create_demo_reinforcements(organisation, today)
    plan = services.open_plan(
        by=hr,
        organisation=organisation,
        agent=agent,
        situation="retour_maladie",
        goal="Reprendre pied après un long arrêt : deux missions courtes dans d'autres services, puis choisir "
        "ensemble un poste d'ici l'été.",
    )
    tried = (
        Engagement.objects.filter(agent=agent, state__in=ATTACHABLE_STATES)
        .order_by("-start_date", "pk")
        .first()
    )
    if tried is not None:
        services.attach_engagement(by=hr, plan=plan, engagement=tried)
    services.add_entry(
        by=hr,
        plan=plan,
        kind="meeting",
        date=today - datetime.timedelta(days=21),
        text="Premier entretien : les envies, les contraintes médicales (pas de station debout prolongée), "
        "l'objectif.",
    )
    services.add_entry(
        by=agent_user,
        plan=plan,
        kind="note",
        date=today - datetime.timedelta(days=7),
        text="La première mission me redonne confiance ; j'aimerais essayer l'accueil du public ensuite.",
    )
    services.add_entry(
        by=hr,
        plan=plan,
        kind="meeting",
        date=today + datetime.timedelta(days=14),
        text="Point à mi-parcours, avec le ou la psychologue du travail si l'agent le souhaite.",
    )
    other = (
        Agent.objects.filter(
            organisation=organisation, is_active=True, user__isnull=False, engagements__isnull=False
        )
        .exclude(pk=agent.pk)
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .first()
    )
    if other is None:
        return
    closed = services.open_plan(
        by=hr,
        organisation=organisation,
        agent=other,
        situation="reclassement",
        goal="Trouver un métier sans port de charges après l'avis d'inaptitude.",
    )
    services.add_entry(
        by=hr,
        plan=closed,
        kind="meeting",
        date=today - datetime.timedelta(days=120),
        text="Bilan de compétences lancé ; deux missions de découverte proposées.",
    )
    services.close_plan(
        by=hr, plan=closed, note="Poste de gestionnaire au service des archives, depuis septembre."
    )


PSYCHOLOGISTS = [("Dr Claire Écoute", "0 800 12 34 56"), ("Yannick Morel", "04 76 00 11 22")]


def create_demo_support(hr, agent) -> None:
    """Three missions under way with a difficulty said by their agent: supported, the difficulty proposed (the
    demo agent's first when they have one, so « agent » sees the question), agreed, declined."""
    answers = (
        CheckInAnswer.objects.filter(
            party="agent",
            checkin__engagement__agent__organisation=agent.organisation,
            checkin__engagement__state__in=SUPPORT_STATES,
        )
        .filter(CheckInAnswer.alarming_q())
        .select_related("checkin__engagement__agent")
        .order_by("pk")
    )
    chosen, seen = [], set()
    mine = list(answers.filter(checkin__engagement__agent=agent)[:1])
    for answer in mine + list(answers.exclude(checkin__engagement__agent=agent)[:100]):
        if answer.checkin.engagement_id not in seen:
            seen.add(answer.checkin.engagement_id)
            chosen.append(answer)
    said = _difficulties_said(agent.organisation, exclude=seen, wanted=3 - len(chosen))
    chosen += said
    sponsors = (
        Agent.objects.filter(organisation=agent.organisation, is_active=True, user__isnull=False)
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("-pk")
    )
    written = 0
    for index, (answer, state) in enumerate(zip(chosen, ("proposed", "agreed", "declined"), strict=False)):
        engagement = answer.checkin.engagement
        candidates = list(
            sponsors.exclude(pk__in=[engagement.agent_id, engagement.agent.manager_id or 0])[:3]
        )
        if len(candidates) <= index:
            break
        _support(hr, engagement, candidates[index], index)
        if written < 2:  # the pact written again to name the sponsor, accepted (by all but them, the second)
            written += _pact_naming_the_sponsor(engagement, hr, sponsor_accepts=written == 0)
        escalation = support.escalate(by=hr, answer=answer)
        if (
            answer in said
        ):  # HR dealt with the difficulties the demo adds: « À faire » keeps the network's own
            mark_alert_handled(checkin=answer.checkin, by=hr)
        if state != "proposed":
            support.answer_escalation(
                by=engagement.agent.user, escalation=escalation, agree=state == "agreed"
            )
    _support_after_the_pact(hr, agent.organisation, sponsors)


def _support(hr, engagement, sponsor, index: int) -> None:
    name, phone = PSYCHOLOGISTS[index % 2]
    support.set_support(
        by=hr,
        engagement=engagement,
        sponsor=sponsor,
        psychologist=name,
        psychologist_phone=phone,
        psychologist_email=f"psychologue{index + 1}@{DOMAIN}",
        protocol="Un café avec le parrain ou la marraine la première semaine, puis à chaque point d'étape ; "
        "la psychologue du travail reçoit sur rendez-vous, sans passer par l'encadrant·e.",
    )


def _support_after_the_pact(hr, organisation, sponsors) -> None:
    """A sponsor set after the pact was written (HR reads on the support page that it is to be written again),
    unless one of the missions above already shows it."""
    pacts = EngagementDocument.objects.filter(kind="pacte", superseded_at__isnull=True)
    if MissionSupport.objects.filter(engagement__documents__in=pacts.filter(named={})).exists():
        return
    engagement = (
        Engagement.objects.filter(agent__organisation=organisation, state="active", support__isnull=True)
        .filter(documents__in=pacts)
        .select_related("agent")
        .order_by("pk")
        .first()
    )
    exclude = [engagement.agent_id, engagement.agent.manager_id or 0] if engagement else []
    sponsor = sponsors.exclude(pk__in=exclude).first()
    if engagement is not None and sponsor is not None:
        _support(hr, engagement, sponsor, 3)


def _pact_naming_the_sponsor(engagement, hr, *, sponsor_accepts: bool) -> bool:
    """Whether a pact was written (not without a confirmed framework)."""
    from passerelles.documents.acceptances import accept, speaks_for
    from passerelles.documents.services import accepting_parties, generate, kinds_for, party_people

    if "pacte" not in kinds_for(engagement):
        return False
    pact = generate(engagement=engagement, kind="pacte", by=hr)
    for party in accepting_parties(pact):
        if party == "sponsor" and not sponsor_accepts:
            continue
        people = sorted(party_people(pact, party), key=lambda user: user.pk)
        user = next((u for u in people if speaks_for(u, engagement, pact, party)), None)
        if user is not None:
            accept(document=pact, party=party, by=user)
    return True


SAID = [
    "Les horaires du soir sont durs à tenir avec les enfants ; je voudrais en parler à quelqu'un.",
    "L'équipe d'accueil est très sollicitée, je ne sais pas toujours à qui demander.",
    "Je me sens un peu seul·e sur les permanences.",
]


def _difficulties_said(organisation, *, exclude: set, wanted: int) -> list:
    """When the network has fewer difficulties than the states to show: agents of other missions under way
    say one at today's point d'étape (an extra one, as HR may add), through the check-in use case."""
    from passerelles.followup.models import CheckIn
    from passerelles.followup.services import answer_checkin

    if wanted <= 0:
        return []
    engagements = (
        Engagement.objects.filter(agent__organisation=organisation, state="active", agent__user__isnull=False)
        .exclude(pk__in=exclude)
        .select_related("agent__user")
        .order_by("pk")[:wanted]
    )
    said = []
    for engagement in engagements:
        checkin, _ = CheckIn.objects.get_or_create(engagement=engagement, due_on=timezone.localdate())
        if checkin.answers.filter(party="agent").exists():
            continue
        said.append(
            answer_checkin(
                checkin=checkin,
                party="agent",
                by=engagement.agent.user,
                mood="difficile",
                workload="lourde",
                relationship="tendue",
                help_needed=SAID[len(said) % len(SAID)],
            )
        )
    return said


REINFORCEMENTS = [
    ("Renfort à l'accueil des familles pour les inscriptions", 300, 45),
    ("Renfort pour la préparation de la rentrée", 120, 40),
    ("Renfort au secrétariat pendant un congé", 60, 50),
]


def create_demo_reinforcements(organisation, today: datetime.date) -> None:
    """Three reinforcement missions in twelve months in one unit of the organisation, each with an agent of
    another unit: what the structural-need alert is for."""
    from passerelles.demo.missions import _engage
    from passerelles.engagements.lifecycle import State
    from passerelles.missions.models import Mission, MissionStatus

    lead = (
        Agent.objects.filter(
            organisation=organisation, is_active=True, user__isnull=False, unit__isnull=False
        )
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("pk")
        .first()
    )
    if lead is None:
        return
    helpers = list(
        Agent.objects.filter(organisation=organisation, is_active=True, user__isnull=False)
        .exclude(unit=lead.unit)
        .exclude(user__email__endswith=f"@{DOMAIN}")
        .order_by("-pk")[: len(REINFORCEMENTS)]
    )
    for (title, days_ago, length), helper in zip(REINFORCEMENTS, helpers, strict=False):
        start = today - datetime.timedelta(days=days_ago)
        mission = Mission.objects.create(
            organisation=organisation,
            host_unit=lead.unit,
            project_lead=lead,
            created_by=lead.user,
            title=title,
            description="Un renfort de quelques semaines, deux jours par semaine, pour passer un pic d'activité.",
            skills="accueil, organisation",
            purpose="renfort_ponctuel",
            time_share_percent=40,
            start_date=start,
            end_date=start + datetime.timedelta(days=length),
            visibility="organisation",
            status=MissionStatus.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=days_ago + 20),
        )
        ended = mission.end_date < today
        _engage(helper, mission, State.ENDED if ended else State.ACTIVE)
