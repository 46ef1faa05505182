"""Fifty HR validations at once for the same agent never exceed the cap (row locks on PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Engagement, Party
from passerelles.engagements.services import engagement_decide
from passerelles.missions.models import MissionStatus
from tests.cast import build_cast, choose_framework, make_engagement, make_mission, sign_pact

ATTEMPTS = 50


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; .ci/run runs this there"
)
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_validations_never_exceed_the_cap():
    cast = build_cast()
    lead, agent = cast.agents[Role.HOST], cast.agents["agent"]
    engagements = []
    for i in range(ATTEMPTS):
        mission = make_mission(
            cast.home, lead.unit, lead, title=f"M{i}", status=MissionStatus.PUBLISHED, time_share_percent=20
        )
        engagement = make_engagement(agent, mission, State.AGREEMENTS, agreement_round=1)
        for party, decision in (
            (Party.MANAGER, Decision.AGREED),
            (Party.HOST, Decision.AGREED),
            (Party.HR, Decision.PENDING),
        ):
            Agreement.objects.create(engagement=engagement, round=1, party=party, decision=decision)
        choose_framework(engagement, cast.users[Role.HR])  # all that is left: HR's own agreement
        sign_pact(engagement, cast)
        engagements.append(engagement)
    hr = cast.users[Role.HR]
    barrier = threading.Barrier(ATTEMPTS)
    refused, errors = [], []

    def attempt(engagement):
        try:
            barrier.wait()
            engagement_decide(engagement=engagement, by=hr, party=Party.HR, decision="agreed")
        except TransitionRefused as exc:
            refused.append(str(exc))
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(e,)) for e in engagements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Engagement.objects.filter(agent=agent, state=State.READY).count() == 2  # 2 × 20 % = the 40 % cap
    assert len(refused) == ATTEMPTS - 2 and all("Plafond dépassé" in message for message in refused)
