"""The people suggested for a mission, kept between two views (foundation/freshness.py): not ranked again
while nothing the ranking read is written, and never behind a committed change of profile, pool or mission.

Transactional tests: what is kept follows commits (inside a test's transaction, nothing is kept).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.foundation import freshness
from passerelles.matching.index import set_agents_active
from passerelles.matching.queries import suggest_agents, suggest_missions
from tests.cast import make_engagement, make_workshop_mission
from tests.test_suggestions import ids, with_profile

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch):
    monkeypatch.setattr(freshness, "MARGIN", 0.0)  # one clock: see tests/test_freshness.py
    moment = timezone.now().replace(second=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)  # every view in the same minute


def hr_view(cast, mission):
    hr = type(cast.users[Role.HR]).objects.get(pk=cast.users[Role.HR].pk)  # a new request's user
    return ids(suggest_agents(hr, mission))


def test_kept_until_a_profile_the_pool_or_the_mission_changes(cast, client_for):
    mission = make_workshop_mission(cast, visibility="network")
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    assert hr_view(cast, mission) == [paul.pk]  # recorded as shown: the exposures' table is written
    assert hr_view(cast, mission) == [paul.pk]  # ranked again, and recorded already: nothing written
    with CaptureQueriesContext(connection) as queries:
        assert hr_view(cast, mission) == [paul.pk]
    assert not [q["sql"] for q in queries if "matching_agentterm" in q["sql"]]  # kept: not ranked again

    client_for(cast.users[Role.AGENT]).post("/profil/", {"visibility": "nobody"})
    assert paul.pk not in hr_view(cast, mission)
    client_for(cast.users[Role.AGENT]).post("/profil/", {"visibility": "hr"})
    assert hr_view(cast, mission) == [paul.pk]
    set_agents_active([paul.pk], False)  # what an SIRH import does for someone who left
    assert hr_view(cast, mission) == []
    set_agents_active([paul.pk], True)
    assert hr_view(cast, mission) == [paul.pk]
    mission.project_lead = paul  # read from the mission as passed, not by a query of the ranking
    mission.save(update_fields=["project_lead"])
    assert hr_view(cast, mission) == []


def test_the_missions_suggested_to_an_agent_follow_their_profile(cast):
    mission = make_workshop_mission(cast, visibility="network")
    agent = cast.users[Role.AGENT]

    def suggested():
        return [s.mission.pk for s in suggest_missions(type(agent).objects.get(pk=agent.pk))]

    assert suggested() == []
    with_profile(cast.agents["agent"], ("appetence", "Numérique"))
    assert suggested() == [mission.pk]  # the new appétence, committed, is read at once
    with CaptureQueriesContext(connection) as queries:
        assert suggested() == [mission.pk]
    assert not [q for q in queries if "matching_missionterm" in q["sql"]]  # kept
    make_engagement(cast.agents["agent"], mission, State.INTEREST)  # already interested: not suggested again
    assert suggested() == []


def test_the_directory_counts_who_chose_nobody_at_once(cast, client_for):
    url = f"/organisations/{cast.home.slug}/agents/"
    directory = client_for(cast.users[Role.HR])
    assert "choisi de n'apparaître" not in directory.get(url).content.decode()
    client_for(cast.users[Role.AGENT]).post("/profil/", {"visibility": "nobody"})
    assert "1 agent a choisi de n'apparaître dans aucune recherche." in directory.get(url).content.decode()
