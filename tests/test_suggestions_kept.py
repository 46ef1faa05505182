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
from passerelles.matching.models import Exposure
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
    with CaptureQueriesContext(connection) as queries:
        assert hr_view(cast, mission) == [paul.pk]
    assert not [q["sql"] for q in queries if "matching_agentterm" in q["sql"]]  # kept: not ranked again
    assert not [q["sql"] for q in queries if "matching_exposure" in q["sql"]]  # recorded when ranked
    assert Exposure.objects.filter(agent=paul, mission=mission).count() == 1

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


def test_the_exposures_of_another_mission_do_not_rank_this_one_again(cast):
    """Each first view of a mission records who was shown: the rankings kept for the other missions stay
    (the exposure counter waits for the next minute), and a list kept without being recorded (a call-out's
    targeting) is not taken for a recorded one."""
    mission, other = make_workshop_mission(cast, visibility="network"), make_workshop_mission(cast)
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    hr = cast.users[Role.HR]
    assert ids(suggest_agents(hr, mission, record=False)) == [paul.pk]
    assert not Exposure.objects.exists()
    assert hr_view(cast, mission) == [paul.pk]
    assert hr_view(cast, other) == [paul.pk]  # writes an exposure of Paul
    assert Exposure.objects.filter(agent=paul).count() == 2
    with CaptureQueriesContext(connection) as queries:
        assert hr_view(cast, mission) == [paul.pk]
    assert not [q["sql"] for q in queries if "matching_agentterm" in q["sql"]]


def test_a_network_left_or_a_role_lost_applies_at_once_and_colleagues_share_the_list(cast):
    """The list is kept for the organisations it may name (HR's own and their network partners), not for one
    person: a colleague with the same role gets it as kept; a partner leaving the network, or the role
    withdrawn, gives another list at the next view."""
    from passerelles.access.models import RoleMembership
    from passerelles.organisations.models import NetworkMembership
    from passerelles.people.models import Visibility
    from tests.cast import grant, make_agent

    mission = make_workshop_mission(cast, visibility="network")
    max_ = with_profile(
        make_agent(cast.partner, "Max", "Réseau"), ("skill", "Numérique"), visibility=Visibility.NETWORK
    )
    colleague = make_agent(cast.home, "Collègue", "RH").user
    grant(colleague, cast.home, Role.HR)
    assert max_.pk in hr_view(cast, mission)
    with CaptureQueriesContext(connection) as queries:
        assert max_.pk in ids(suggest_agents(colleague, mission))
    assert not [q["sql"] for q in queries if "matching_agentterm" in q["sql"]]  # kept for the same scope
    NetworkMembership.objects.filter(organisation=cast.partner).delete()
    assert max_.pk not in hr_view(cast, mission)
    RoleMembership.objects.filter(user=cast.users[Role.HR], role=Role.HR).delete()
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


def test_the_directory_offers_a_new_unit_at_once_and_only_to_readers_of_its_organisation(cast, client_for):
    """The count and the unit filter are kept between views (people/views.py): a unit added shows at once, and
    what one reader's view kept is never another organisation's."""
    from passerelles.organisations.models import OrgUnit

    url = f"/organisations/{cast.home.slug}/agents/"
    directory = client_for(cast.users[Role.HR])
    assert "Cellule nouvelle" not in directory.get(url).content.decode()
    unit = OrgUnit.objects.create(organisation=cast.home, name="Cellule nouvelle")
    page = directory.get(url).content.decode()
    assert f'<option value="{unit.pk}">Cellule nouvelle</option>' in page
    OrgUnit.objects.filter(pk=unit.pk).update(name="Cellule renommée")
    assert "Cellule renommée" in directory.get(url).content.decode()
    OrgUnit.objects.create(organisation=cast.partner, name="Unité du partenaire")
    assert "Unité du partenaire" not in directory.get(url).content.decode()
