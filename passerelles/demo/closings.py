"""Demo missions closed in each way (issue 13), through the real use cases, with the candidates declined and
told: one past its end date, one filled by its last place taken, one closed by the demo host."""

import datetime

from django.utils import timezone

from passerelles.accounts.models import User
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.missions.models import Mission, MissionEvent, MissionStatus
from passerelles.missions.services import (
    close_ended_missions,
    close_if_filled,
    mission_close,
)
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent


def keep_a_place_open(published) -> None:
    """A mission whose places are all taken closes: the demo's published missions keep a place open (the
    engagements were placed on them without the use cases), and create_demo_closings shows one that filled."""
    for mission in published:
        taken = Engagement.objects.filter(mission=mission, state__in=[State.READY, State.ACTIVE]).count()
        if taken >= mission.places:
            mission.places = taken + 1
            mission.save(update_fields=["places"])


def create_demo_closings(*, today: datetime.date) -> int:
    """Missions closed in each way, through the real use cases (issue 13): the elections past their end date
    (closed by the daily job), one of the Ville's filled by its last place taken, and one the demo host closed
    with a reason. Whoever was still waiting is declined — « la mission est pourvue » or « close » — and told;
    the demo agent is among them. Returns the number of missions added."""
    from passerelles.demo.missions import _engage as engage  # the demo's way of placing an engagement

    ended = list(Mission.objects.filter(status=MissionStatus.PUBLISHED, end_date__lt=today).order_by("pk"))
    keep_a_place_open(Mission.objects.filter(status=MissionStatus.PUBLISHED, end_date__gte=today))
    host = User.objects.get(email="accueil@demo.passerelles.test")
    demo_agent = User.objects.get(email="agent@demo.passerelles.test").agent
    ville = Organisation.objects.get(slug="ville-de-belvau")
    busy = Engagement.objects.values_list("agent_id", flat=True)
    candidates = list(
        Agent.objects.filter(organisation=ville, user__isnull=False, reports__isnull=True, is_active=True)
        .exclude(pk__in=busy)
        .exclude(pk=host.agent.pk)
        .order_by("pk")[:6]
    )
    # The elections: an interest left unanswered when the mission ended.
    engage(candidates[0], ended[0], State.INTEREST, "Je connais bien les bureaux de vote du quartier.")
    close_ended_missions(today=today)

    def new_mission(title, description, skills, start_in, **extra):
        mission = Mission(
            organisation=ville,
            host_unit=host.agent.unit or ville.units.first(),
            project_lead=host.agent,
            created_by=host,
            title=title,
            description=description,
            skills=skills,
            purpose="appui_projet",
            time_share_percent=20,
            start_date=today + datetime.timedelta(days=start_in),
            end_date=today + datetime.timedelta(days=start_in + 90),
            visibility="network",
            status=MissionStatus.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=12),
            **extra,
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

    filled = new_mission(
        "Lire des contes à l'heure du goûter",
        "Deux fins d'après-midi par mois, la médiathèque lit des contes aux enfants du centre de loisirs. "
        "Vous lirez avec une bibliothécaire et choisirez les albums avec elle.",
        "lecture à voix haute, accueil des enfants",
        20,
    )
    engage(candidates[1], filled, State.READY, "Je lis des histoires tous les soirs à mes enfants !")
    engage(demo_agent, filled, State.INTEREST, "J'adorerais lire pour les enfants.")
    engage(candidates[2], filled, State.MEETING)
    close_if_filled(filled)  # its only place is taken: whoever waits is told it is filled

    postponed = new_mission(
        "Inventaire du fonds photographique",
        "Trier, décrire et numériser les photographies anciennes données à la médiathèque, avec l'archiviste.",
        "archives, photographie, rigueur",
        40,
        places=2,
    )
    engage(candidates[3], postponed, State.INTEREST, "Passionné de photographie ancienne.")
    engage(candidates[4], postponed, State.INTEREST)
    mission_close(
        mission=postponed,
        by=host,
        reason="Le projet est reporté à l'automne, faute de scanner : nous la rouvrirons dès qu'il sera livré.",
    )
    return 2
