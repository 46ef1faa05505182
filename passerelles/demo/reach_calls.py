"""The demo of issue 15's « on the person's behalf » and « appel à volontaires », through the real use cases:

- the demo agent (a college's technical staff, without a desk) chose a colleague of their team as their
  personne relais, and the Département's HR recorded « ça m'intéresse » for them by phone on a published
  mission: the agent's engagement page shows the consent and the « Retirer mon intérêt » button;
- the Département's HR sent a call for volunteers for another published mission to the demo agent's unit:
  its page shows the people reached, by channel, and two answers.

Every choice is ordered by names then primary keys, so PostgreSQL and SQLite build the same demo.
"""

import datetime

from django.utils import timezone

from passerelles.access import policies
from passerelles.accounts.models import User
from passerelles.callouts.models import Criterion, VolunteerCall
from passerelles.callouts.services import call_send, send_call
from passerelles.callouts.targeting import Group
from passerelles.engagements.lifecycle import ConsentChannel
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import engagement_express_interest, engagement_record_interest_for
from passerelles.missions.models import Mission, MissionStatus
from passerelles.people.contacts import contact_choose
from passerelles.people.models import Agent, ChosenContact

DEMO_DOMAIN = "@demo.passerelles.test"


def _open_missions_for(user, *, exclude=()):
    agent = user.agent
    engaged = Engagement.objects.filter(agent=agent).values("mission_id")
    missions = (
        Mission.objects.for_actor(user)
        .filter(status=MissionStatus.PUBLISHED, end_date__gt=datetime.date.today())
        .exclude(pk__in=engaged)
        .exclude(pk__in=list(exclude))
        .exclude(project_lead=agent)
        .order_by("title", "pk")
    )
    return [m for m in missions if policies.can_express_interest(user, m)]


def create_demo_reach_calls() -> None:
    hr = User.objects.get(email=f"rh{DEMO_DOMAIN}")
    user = User.objects.get(email=f"agent{DEMO_DOMAIN}")
    agent = user.agent

    colleague = (
        Agent.objects.filter(organisation=agent.organisation, manager=agent.manager, is_active=True)
        .filter(user__isnull=False, user__is_active=True)
        .exclude(pk=agent.pk)
        .exclude(user__email__endswith=DEMO_DOMAIN)
        .order_by("last_name", "first_name", "pk")
        .first()
    )
    if colleague is not None:
        contact_choose(agent=agent, contact=colleague)
        ChosenContact.objects.filter(agent=agent).update(
            chosen_at=timezone.now() - datetime.timedelta(days=20)
        )

    own = [m for m in _open_missions_for(user) if m.organisation_id == agent.organisation_id]
    candidates = own or _open_missions_for(user)
    if not candidates:
        return
    recorded = candidates[0]
    engagement_record_interest_for(
        mission=recorded,
        agent=agent,
        by=hr,
        channel=ConsentChannel.PHONE,
        note="appel au service RH depuis le collège, lundi matin",
        programme_consent=True,  # told on the phone that the mission is part of a test, and agreed
    )

    called = [
        m
        for m in Mission.objects.filter(
            organisation=agent.organisation,
            status=MissionStatus.PUBLISHED,
            end_date__gt=datetime.date.today(),
        )
        .exclude(pk=recorded.pk)
        .exclude(visibility="unit")
        .order_by("title", "pk")
    ]
    if not called or agent.unit is None:
        return
    call = call_send(
        mission=called[0],
        group=Group(organisation=agent.organisation, criterion=Criterion.UNITS, units=(agent.unit,)),
        by=hr,
        message="Une matinée par semaine pendant trois mois : parlez-en avec nous, sans engagement.",
    )
    send_call.call(
        call_id=call.pk
    )  # the demo's notifications now (the task queued on commit finds none left)
    # two people reached say « ça m'intéresse » afterwards: the call's answers
    reached = (
        VolunteerCall.objects.get(pk=call.pk)
        .recipients.select_related("agent__user")
        .exclude(agent=agent)
        .order_by("agent__last_name", "agent__first_name", "agent_id")
    )
    answered = 0
    for recipient in reached:
        if answered == 2:
            break
        if policies.can_express_interest(recipient.agent.user, called[0]):
            engagement_express_interest(mission=called[0], by=recipient.agent.user, programme_consent=True)
            answered += 1
