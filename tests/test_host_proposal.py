"""A host direction proposes its mission to an agent it already knows, by their exact address (issue 19).

The form reveals nobody (one neutral sentence), the agent's consent comes first, and the agent's manager hears
nothing and opens nothing before the agreements step."""

import pytest
from django.core.cache import cache

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.engagements.services import engagement_propose_as_host
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from tests.cast import make_agent, make_mission, make_workshop_mission

NEUTRAL = "Si cette adresse correspond à une personne qui peut voir la mission, elle a reçu votre proposition"


@pytest.fixture
def mission(cast):
    return make_workshop_mission(cast)


def _propose(client, mission, address, message=""):
    return client.post(
        f"/missions/{mission.pk}/proposer/", {"address": address, "message": message}, follow=True
    )


def test_the_mission_host_proposes_by_address_and_the_agent_accepts_to_meet(cast, mission, client_for):
    host, agent = client_for(cast.users[Role.HOST]), cast.agents["agent"]
    page = host.get(f"/missions/{mission.pk}/").content.decode()
    assert f"/missions/{mission.pk}/proposer/" in page
    answer = _propose(
        host, mission, "  PAUL.agent@ville-alpha.test ", "Votre atelier m'a plu"
    ).content.decode()
    assert NEUTRAL in answer
    engagement = Engagement.objects.get(mission=mission, agent=agent)
    assert engagement.state == State.PROPOSAL
    assert "data-my-proposals" in answer and agent.full_name in answer  # the host follows what went out
    assert Notification.objects.filter(user=agent.user, subject__contains=mission.title).exists()
    client_for(agent.user).post(f"/engagements/{engagement.pk}/action/", {"action": "accept_proposal"})
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING


def test_the_answer_is_the_same_when_nobody_fits_and_nothing_goes_out(cast, mission, client_for):
    host = client_for(cast.users[Role.HOST])
    outsider = cast.outsider_agent  # exists, but may not see this organisation's mission
    for address in ["personne@nulle-part.test", outsider.email, cast.agents["host"].email, "x" * 300, ""]:
        page = _propose(host, mission, address).content.decode()
        assert outsider.full_name not in page
        if address and len(address) <= 254:
            assert NEUTRAL in page
    assert not Engagement.objects.filter(mission=mission).exclude(agent=cast.outsider_agent).exists()
    assert not Engagement.objects.filter(mission=mission, agent=outsider).exists()
    # an agent already in touch: the same sentence, no second proposal, no « déjà en lien » telling who
    _propose(host, mission, cast.agents["agent"].email)
    again = _propose(host, mission, cast.agents["agent"].email).content.decode()
    assert NEUTRAL in again and "déjà en lien" not in again
    assert Engagement.objects.filter(mission=mission, agent=cast.agents["agent"]).count() == 1


def test_a_login_name_works_and_an_inactive_agent_gets_nothing(cast, mission):
    agent = cast.agents["agent"]
    agent.user.login_name = "paul.a"
    agent.user.save()
    assert engagement_propose_as_host(mission=mission, address="Paul.A", by=cast.users[Role.HOST]) is not None
    quiet = make_agent(cast.home, "Ines", "Partie", unit=agent.unit)
    quiet.is_active = False
    quiet.save()
    assert engagement_propose_as_host(mission=mission, address=quiet.email, by=cast.users[Role.HOST]) is None


def test_who_may_propose_as_host(cast, client_for):
    """The author and the project lead, who then organise the rencontre; not a holder of the host role for a
    mission another service leads, never the agent, nor anyone for a draft."""
    lead = cast.agents["manager"]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Inventaire")
    agent = cast.agents["agent"]
    # the host-role holder who neither wrote nor leads this mission may not propose it
    host = client_for(cast.users[Role.HOST])
    assert host.get(f"/missions/{mission.pk}/proposer/").status_code == 403
    assert _propose(host, mission, cast.agents[Role.HR].email).status_code == 403
    assert not Engagement.objects.filter(mission=mission).exists()
    # the project lead proposes; they see their own proposal and follow it
    leader = client_for(lead.user)
    page = _propose(leader, mission, cast.agents[Role.HR].email).content.decode()
    assert NEUTRAL in page
    proposal = Engagement.objects.get(mission=mission, agent=cast.agents[Role.HR], state=State.PROPOSAL)
    assert cast.agents[Role.HR].full_name in page
    assert leader.get(f"/engagements/{proposal.pk}/").status_code == 200  # they follow what they sent
    assert client_for(agent.user).get(f"/missions/{mission.pk}/proposer/").status_code == 403
    draft = make_mission(cast.home, lead.unit, lead, title="Brouillon")
    assert leader.get(f"/missions/{draft.pk}/proposer/").status_code in (403, 404)
    outsider_page = host.get(f"/missions/{cast.outsider_mission.pk}/proposer/")
    assert outsider_page.status_code == 404


def test_the_manager_hears_nothing_and_opens_nothing_before_the_agreements(cast, mission, client_for):
    agent, manager = cast.agents["agent"], cast.agents["manager"]
    _propose(client_for(cast.users[Role.HOST]), mission, agent.email)
    engagement = Engagement.objects.get(mission=mission, agent=agent)
    client_for(agent.user).post(f"/engagements/{engagement.pk}/action/", {"action": "accept_proposal"})
    assert not Notification.objects.filter(user=manager.user).exists()
    manager_client = client_for(manager.user)
    assert manager_client.get(f"/engagements/{engagement.pk}/").status_code == 404
    assert agent.full_name not in manager_client.get("/tableau-de-bord/").content.decode()


def test_a_declined_proposal_leaves_the_host_list(cast, mission, client_for):
    agent = cast.agents["agent"]
    host = client_for(cast.users[Role.HOST])
    _propose(host, mission, agent.email)
    engagement = Engagement.objects.get(mission=mission, agent=agent)
    client_for(agent.user).post(
        f"/engagements/{engagement.pk}/action/", {"action": "withdraw", "comment": "Pas le moment"}
    )
    engagement.refresh_from_db()
    assert engagement.state in (State.WITHDRAWN, State.DECLINED)
    assert "data-my-proposals" not in host.get(f"/missions/{mission.pk}/").content.decode()
    assert host.get(f"/engagements/{engagement.pk}/").status_code == 404


def test_the_form_is_rate_limited(cast, mission, client_for, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "mission_proposal": "3/h/user"}
    cache.clear()
    host = client_for(cast.users[Role.HOST])
    for n in range(3):
        assert _propose(host, mission, f"devine{n}@ville-alpha.test").status_code == 200
    refused = host.post(f"/missions/{mission.pk}/proposer/", {"address": cast.agents["agent"].email})
    assert refused.status_code == 429
    assert not Engagement.objects.filter(mission=mission).exists()


def test_hr_path_is_unchanged(cast, mission, client_for):
    hr = client_for(cast.users[Role.HR])
    hr.post(f"/agents/{cast.agents['agent'].pk}/proposer/", {"mission": mission.pk})
    engagement = Engagement.objects.get(mission=mission, agent=cast.agents["agent"])
    assert engagement.state == State.PROPOSAL
    # the host did not propose it: HR's proposal stays out of the host's sight until accepted
    host = client_for(cast.users[Role.HOST])
    assert host.get(f"/engagements/{engagement.pk}/").status_code == 404
