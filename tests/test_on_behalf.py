"""Interest recorded on the agent's behalf (issue 15): the personne relais, the rights, the consent shown to
the agent, the one-step withdrawal, and the manager told nothing before the agreements step."""

import pytest

from passerelles.access import policies
from passerelles.access.models import Role
from passerelles.engagements.lifecycle import ConsentChannel, EventKind, State, TransitionRefused
from passerelles.engagements.models import Engagement, EngagementEvent
from passerelles.engagements.services import engagement_record_interest_for, engagement_transition
from passerelles.missions.models import MissionStatus, Visibility
from passerelles.missions.services import mission_close
from passerelles.notifications.models import Notification, NotificationKind
from passerelles.people.contacts import contact_choose
from passerelles.people.models import ChosenContact
from tests.cast import make_agent, make_mission, make_workshop_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(cast):
    return make_workshop_mission(cast)


@pytest.fixture
def colleague(cast):
    """A team leader with a desk, in the agent's organisation: no role at all."""
    return make_agent(cast.home, "Corinne", "Relais", unit=cast.agents["agent"].unit)


def record(by, agent, mission, channel=ConsentChannel.PHONE, note=""):
    return engagement_record_interest_for(mission=mission, agent=agent, by=by, channel=channel, note=note)


# --- who may act for whom ---------------------------------------------------------------------------------


def test_hr_of_the_agents_organisation_records_interest_by_phone(cast, mission):
    agent = cast.agents["agent"]
    engagement = record(cast.users[Role.HR], agent, mission, note="appel du 3 mars")
    assert engagement.state == State.INTEREST
    assert engagement.recorded_by == cast.users[Role.HR]
    assert engagement.recorded_at is not None
    assert engagement.consent_channel == ConsentChannel.PHONE
    assert engagement.consent_note == "appel du 3 mars"
    event = EngagementEvent.objects.get(engagement=engagement)
    assert event.action == EventKind.RECORD_INTEREST_FOR
    assert event.by == cast.users[Role.HR]
    assert "Accord donné : par téléphone (appel du 3 mars)" in event.comment


def test_the_chosen_contact_records_interest_and_only_for_who_chose_them(cast, mission, colleague):
    agent = cast.agents["agent"]
    with pytest.raises(TransitionRefused):
        record(colleague.user, agent, mission)  # not chosen yet
    contact_choose(agent=agent, contact=colleague)
    engagement = record(colleague.user, agent, mission, channel=ConsentChannel.IN_PERSON)
    assert engagement.recorded_by == colleague.user
    # the personne relais acts for who chose them, nobody else
    other = make_agent(cast.home, "Olga", "Autre", unit=agent.unit)
    with pytest.raises(TransitionRefused):
        record(colleague.user, other, mission)
    assert not Engagement.objects.filter(agent=other).exists()


@pytest.mark.parametrize(
    "role", [Role.MANAGER, Role.HOST, Role.SIGNATORY, Role.NETWORK_COORDINATOR, Role.ADMIN]
)
def test_nobody_else_acts_for_an_agent(cast, mission, role):
    with pytest.raises(TransitionRefused, match="agir pour cette personne"):
        record(cast.users[role], cast.agents["agent"], mission)
    assert not Engagement.objects.filter(agent=cast.agents["agent"]).exists()


def test_hr_of_another_organisation_cannot_act_for_an_agent(cast):
    outsider_hr = cast.outsider_agent.manager.user
    mission = make_mission(
        cast.outsider,
        cast.outsider_unit,
        cast.outsider_agent.manager,
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.NETWORK,
    )
    with pytest.raises(TransitionRefused):
        record(outsider_hr, cast.agents["agent"], mission)
    # and our HR cannot act for theirs, even on a mission of ours
    with pytest.raises(TransitionRefused):
        record(cast.users[Role.HR], cast.outsider_agent, make_workshop_mission(cast))


def test_a_contact_moved_to_another_organisation_no_longer_acts(cast, mission, colleague):
    agent = cast.agents["agent"]
    contact_choose(agent=agent, contact=colleague)
    colleague.organisation = cast.partner
    colleague.save()
    with pytest.raises(TransitionRefused):
        record(colleague.user, agent, mission)
    assert not policies.can_record_interest_for_someone(colleague.user)


def test_who_is_offered_to_record_for_someone(cast, colleague):
    """The page is offered to HR, and to a personne relais while someone active with an account chose them."""
    assert policies.can_record_interest_for_someone(cast.users[Role.HR])
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY, Role.ADMIN):
        assert not policies.can_record_interest_for_someone(cast.users[role]), role
    assert not policies.can_record_interest_for_someone(colleague.user)
    agent = cast.agents["agent"]
    contact_choose(agent=agent, contact=colleague)
    assert policies.can_record_interest_for_someone(colleague.user)
    agent.is_active = False  # the person who chose them left
    agent.save()
    assert not policies.can_record_interest_for_someone(colleague.user)


# --- the same rules as the agent's own interest ---------------------------------------------------------


def test_the_agent_must_be_able_to_take_the_mission(cast):
    lead = cast.agents[Role.HOST]
    unit_only = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, visibility=Visibility.UNIT
    )
    with pytest.raises(TransitionRefused, match="pas ouverte à cette personne"):
        record(cast.users[Role.HR], cast.agents["agent"], unit_only)  # another unit's mission
    draft = make_mission(cast.home, lead.unit, lead)
    with pytest.raises(TransitionRefused):
        record(cast.users[Role.HR], cast.agents["agent"], draft)
    with pytest.raises(TransitionRefused):  # the project lead does not candidate on their own mission
        record(cast.users[Role.HR], lead, make_workshop_mission(cast))


def test_a_closed_mission_takes_nobody(cast, mission):
    mission_close(mission=mission, by=cast.users[Role.HR], reason="Le projet est reporté.")
    with pytest.raises(TransitionRefused, match="clôturée"):
        record(cast.users[Role.HR], cast.agents["agent"], mission)


def test_no_duplicate(cast, mission):
    record(cast.users[Role.HR], cast.agents["agent"], mission)
    with pytest.raises(TransitionRefused, match="déjà en lien"):
        record(cast.users[Role.HR], cast.agents["agent"], mission)
    assert Engagement.objects.filter(agent=cast.agents["agent"], mission=mission).count() == 1


def test_consent_must_be_stated(cast, mission):
    with pytest.raises(TransitionRefused, match="comment la personne"):
        record(cast.users[Role.HR], cast.agents["agent"], mission, channel="")
    with pytest.raises(TransitionRefused, match="Précisez"):
        record(cast.users[Role.HR], cast.agents["agent"], mission, channel=ConsentChannel.OTHER)
    assert not Engagement.objects.filter(agent=cast.agents["agent"]).exists()


def test_an_agent_without_account_is_refused_plainly(cast, mission):
    nobody = make_agent(cast.home, "Sans", "Compte", unit=cast.agents["agent"].unit, with_account=False)
    with pytest.raises(TransitionRefused, match="lettre d'accès"):
        record(cast.users[Role.HR], nobody, mission)


# --- told, shown, withdrawn ------------------------------------------------------------------------------


def test_the_agent_is_told_with_the_consent_and_the_manager_is_not(cast, mission):
    engagement = record(cast.users[Role.HR], cast.agents["agent"], mission)
    told = Notification.objects.get(user=cast.users[Role.AGENT])
    assert told.kind == NotificationKind.ENGAGEMENT
    assert "Accord donné : par téléphone" in told.message
    assert "Retirez votre intérêt" in told.message
    assert told.url.endswith(f"/engagements/{engagement.pk}/#retirer-mon-interet")
    # the host and HR hear of it as of any interest; the manager learns nothing before the agreements
    assert Notification.objects.filter(user=cast.users[Role.HOST]).exists()
    assert not Notification.objects.filter(user=cast.users[Role.MANAGER]).exists()
    assert not Engagement.objects.for_actor(cast.users[Role.MANAGER]).filter(pk=engagement.pk).exists()


def test_the_agent_reads_the_consent_and_withdraws_in_one_step(cast, mission, client_for):
    engagement = record(cast.users[Role.HR], cast.agents["agent"], mission)
    client = client_for(cast.users[Role.AGENT])
    page = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Intérêt enregistré pour vous par Rita Ressources le" in page
    assert "accord donné : par téléphone" in page
    assert "Retirer mon intérêt" in page
    response = client.post(f"/engagements/{engagement.pk}/action/", {"action": "withdraw", "comment": ""})
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.state == State.WITHDRAWN


def test_the_manager_cannot_open_the_engagement_page(cast, mission, client_for):
    engagement = record(cast.users[Role.HR], cast.agents["agent"], mission)
    response = client_for(cast.users[Role.MANAGER]).get(f"/engagements/{engagement.pk}/")
    assert response.status_code == 404


def test_hr_does_not_withdraw_for_the_agent(cast, mission):
    engagement = record(cast.users[Role.HR], cast.agents["agent"], mission)
    with pytest.raises(TransitionRefused):
        engagement_transition(engagement=engagement, action="withdraw", by=cast.users[Role.HR])


# --- the pages -------------------------------------------------------------------------------------------


def test_hr_records_through_the_page(cast, mission, client_for):
    client = client_for(cast.users[Role.HR])
    assert (
        "Enregistrer un intérêt pour une personne" in client.get(f"/missions/{mission.pk}/").content.decode()
    )
    form = client.get(f"/missions/{mission.pk}/interet-pour/").content.decode()
    assert "Pour qui ?" in form and "par téléphone" in form
    assert "Paul Agent" not in form  # a search field, never a list of staff
    agent = cast.agents["agent"]
    response = client.post(
        f"/missions/{mission.pk}/interet-pour/",
        {"agent": agent.pk, "agent_recherche": agent.full_name, "channel": "phone", "note": ""},
    )
    engagement = Engagement.objects.get(agent=agent, mission=mission)
    assert response.status_code == 302 and response["Location"] == f"/engagements/{engagement.pk}/"
    assert engagement.consent_channel == "phone"


def test_a_forged_agent_id_is_refused_without_change(cast, mission, client_for):
    client = client_for(cast.users[Role.HR])
    response = client.post(
        f"/missions/{mission.pk}/interet-pour/",
        {"agent": cast.outsider_agent.pk, "channel": "phone"},
    )
    assert response.status_code == 200
    assert "ne peut pas être choisie ici" in response.content.decode()
    assert not Engagement.objects.filter(mission=mission).exists()


def test_the_page_is_closed_to_people_without_the_right(cast, mission, client_for):
    for role in (Role.AGENT, Role.MANAGER, Role.HOST):
        response = client_for(cast.users[role]).get(f"/missions/{mission.pk}/interet-pour/")
        assert response.status_code == 403, role
    # another organisation's mission: as if it did not exist
    response = client_for(cast.users[Role.HR]).get(f"/missions/{cast.outsider_mission.pk}/interet-pour/")
    assert response.status_code == 404


def test_the_contact_page_lists_only_who_chose_them(cast, mission, colleague, client_for):
    contact_choose(agent=cast.agents["agent"], contact=colleague)
    page = client_for(colleague.user).get(f"/missions/{mission.pk}/interet-pour/").content.decode()
    assert "Paul Agent" in page
    assert "Maud Encadre" not in page and "Rita Ressources" not in page


# --- the personne relais ---------------------------------------------------------------------------------


def test_the_agent_chooses_and_removes_their_contact(cast, colleague, client_for):
    client = client_for(cast.users[Role.AGENT])
    response = client.post(
        "/profil/relais/", {"contact": colleague.pk, "contact_recherche": colleague.full_name}
    )
    assert response.status_code == 302
    chosen = ChosenContact.objects.get(agent=cast.agents["agent"])
    assert chosen.contact == colleague and chosen.chosen_at is not None
    page = client.get("/profil/relais/").content.decode()
    assert "Corinne Relais" in page and "Choisie le" in page
    client.post("/profil/relais/retirer/")
    assert not ChosenContact.objects.filter(agent=cast.agents["agent"]).exists()


def test_a_contact_out_of_reach_is_refused(cast, client_for):
    client = client_for(cast.users[Role.AGENT])
    for forged in (cast.outsider_agent.pk, cast.agents["agent"].pk):  # another organisation, oneself
        response = client.post("/profil/relais/", {"contact": forged})
        assert response.status_code == 200
        assert "ne peut pas être choisie ici" in response.content.decode()
    assert not ChosenContact.objects.filter(agent=cast.agents["agent"]).exists()


def test_the_agent_searches_colleagues_of_their_organisation_only(cast, colleague, client_for):
    client = client_for(cast.users[Role.AGENT])
    found = client.get(f"/organisations/{cast.home.slug}/personnes/recherche/", {"q": "Corinne"}).json()
    assert [row["label"] for row in found["suggestions"]] == ["Corinne Relais"]
    assert found["suggestions"][0]["detail"] == colleague.unit.name  # no job title of a colleague
    response = client.get(f"/organisations/{cast.outsider.slug}/personnes/recherche/", {"q": "Zack"})
    assert response.status_code == 404


def test_hr_may_also_be_named_contact_without_changing_anything(cast, mission):
    """Being someone's personne relais gives no right beyond acting for them."""
    contact_choose(agent=cast.agents["agent"], contact=cast.agents[Role.HOST])
    engagement = record(cast.users[Role.HOST], cast.agents["agent"], mission)
    assert engagement.recorded_by == cast.users[Role.HOST]


def test_anonymising_an_agent_removes_their_contact_links_and_consent_note(cast, mission, colleague):
    from passerelles.people.personal_data import anonymise_agent

    agent = cast.agents["agent"]
    contact_choose(agent=agent, contact=colleague)
    engagement = record(colleague.user, agent, mission, note="à la pause de midi")
    anonymise_agent(agent)
    assert not ChosenContact.objects.filter(agent=agent).exists()
    engagement.refresh_from_db()
    assert engagement.consent_note == "" and engagement.consent_channel == "phone"
