"""The confidential path (issue 22): a difficult situation lives in the agent's HR file, in an accompaniment
plan read by the agent and the HR of their organisation only. A host, a manager, a signatory, the gallery,
the feed and the exports see an ordinary mission."""

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.care import services
from passerelles.care.models import AccompanimentPlan, PlanEntry
from passerelles.engagements.lifecycle import State
from passerelles.missions.models import Purpose
from passerelles.notifications.models import Notification
from passerelles.people.personal_data import anonymise_agent
from tests.cast import make_engagement, make_workshop_mission

pytestmark = pytest.mark.django_db

GOAL = "Trouver un poste adapté au dos de Paul d'ici juin"
NOTE = "Rendez-vous avec la médecine du travail : port de charges proscrit"


@pytest.fixture
def plan(cast):
    """Paul, the cast's agent, in a reclassement, with his mission « Ateliers numériques » linked to the plan."""
    agent = cast.agents["agent"]
    mission = make_workshop_mission(cast)
    engagement = make_engagement(agent, mission, State.ACTIVE)
    plan = services.open_plan(
        by=cast.users[Role.HR], organisation=cast.home, agent=agent, situation="reclassement", goal=GOAL
    )
    services.attach_engagement(by=cast.users[Role.HR], plan=plan, engagement=engagement)
    services.add_entry(
        by=cast.users[Role.HR], plan=plan, kind="meeting", date=timezone.localdate(), text=NOTE
    )
    plan.engagement = engagement
    return plan


def confidential_words(page: str, plan) -> list[str]:
    words = (GOAL, NOTE, "Reclassement", "reclassement", f"/accompagnements/{plan.pk}/")
    return [word for word in words if word in page]


def test_the_agent_and_their_hr_read_the_plan(cast, client_for, plan):
    for user in (cast.users[Role.AGENT], cast.users[Role.HR]):
        page = client_for(user).get(f"/accompagnements/{plan.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert "Ateliers numériques" in text and "médecine du travail" in text and "Reclassement" in text
    mine = client_for(cast.users[Role.AGENT]).get("/mon-accompagnement/").content.decode()
    assert f"/accompagnements/{plan.pk}/" in mine


@pytest.mark.parametrize(
    "role", [Role.MANAGER, Role.HOST, Role.SIGNATORY, Role.ADMIN, Role.NETWORK_COORDINATOR]
)
def test_nobody_else_reads_it(cast, client_for, plan, role):
    client = client_for(cast.users[role])
    assert client.get(f"/accompagnements/{plan.pk}/").status_code == 404
    assert (
        client.post(
            f"/accompagnements/{plan.pk}/notes/", {"kind": "note", "date": "2026-12-01", "text": "x"}
        ).status_code
        == 404
    )
    listing = client.get(f"/organisations/{cast.home.slug}/accompagnements/")
    assert listing.status_code in (403, 404)
    assert GOAL not in listing.content.decode()
    assert f"/accompagnements/{plan.pk}/" not in client.get("/mon-accompagnement/").content.decode()


def test_the_outsiders_hr_does_not_read_it_and_its_own_plan_is_read_by_its_own_hr(cast, client_for, plan):
    from tests.isolation.care_fillers import outsider_plan

    theirs = outsider_plan(cast)
    outsider_hr = client_for(cast.outsider_agent.manager.user)
    assert outsider_hr.get(f"/accompagnements/{plan.pk}/").status_code == 404
    assert outsider_hr.get(f"/accompagnements/{theirs.pk}/").status_code == 200  # the check is not blind
    assert client_for(cast.users[Role.HR]).get(f"/accompagnements/{theirs.pk}/").status_code == 404


def test_the_host_the_manager_and_the_public_see_an_ordinary_mission(cast, client_for, plan, settings):
    """The promise of docs/accompagnement.md: no host, manager, gallery, feed or export shows the situation."""
    settings.SITE_URL = "https://passerelles.ville-alpha.fr"
    engagement, mission = plan.engagement, plan.engagement.mission
    cast.home.shows_outside = True
    cast.home.save()
    pages = {
        Role.HOST: [
            f"/engagements/{engagement.pk}/",
            f"/missions/{mission.pk}/",
            "/missions/les-miennes/",
            "/tableau-de-bord/",
        ],
        Role.MANAGER: [
            f"/engagements/{engagement.pk}/",
            "/equipe/",
            f"/agents/{cast.agents['agent'].pk}/",
            "/tableau-de-bord/",
        ],
        Role.SIGNATORY: [f"/engagements/{engagement.pk}/", "/tableau-de-bord/"],
    }
    for role, urls in pages.items():
        client = client_for(cast.users[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            assert not confidential_words(response.content.decode(), plan), (role, url)
    for url in ("/recits/", f"/organisations/{cast.home.slug}/missions.atom"):
        response = client_for(None).get(url)
        assert response.status_code == 200 and not confidential_words(response.content.decode(), plan), url
    # HR's own exports of engagements and missions carry no situation either
    hr = client_for(cast.users[Role.HR])
    for url in (
        f"/organisations/{cast.home.slug}/engagements.csv",
        f"/organisations/{cast.home.slug}/missions/?_export=csv",
    ):
        response = hr.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Ateliers numériques" in body.decode() or url.endswith("engagements.csv"), url
        assert not confidential_words(body.decode(), plan), url
    assert mission.purpose != "reclassement" and "reclassement" not in Purpose.values


def test_the_agent_is_told_without_a_word_of_the_situation(cast, plan):
    told = Notification.objects.filter(user=cast.users[Role.AGENT], url=f"/accompagnements/{plan.pk}/")
    assert told.count() == 1
    text = told.get().subject + told.get().message
    assert "reclassement" not in text.lower() and GOAL not in text
    assert all("reclassement" not in (m.subject + m.body).lower() for m in mail.outbox)


def test_only_hr_opens_and_one_open_plan_at_a_time(cast):
    agent = cast.agents["agent"]
    with pytest.raises(services.Refused, match="Seule la RH"):
        services.open_plan(
            by=cast.users[Role.MANAGER], organisation=cast.home, agent=agent, situation="autre", goal="x"
        )
    services.open_plan(
        by=cast.users[Role.HR], organisation=cast.home, agent=agent, situation="autre", goal="x"
    )
    with pytest.raises(services.Refused, match="déjà un plan"):
        services.open_plan(
            by=cast.users[Role.HR], organisation=cast.home, agent=agent, situation="autre", goal="y"
        )
    assert AccompanimentPlan.objects.filter(agent=agent).count() == 1
    with pytest.raises(services.Refused, match="pas un agent actif"):
        services.open_plan(
            by=cast.users[Role.HR],
            organisation=cast.home,
            agent=cast.outsider_agent,
            situation="autre",
            goal="x",
        )


def test_the_open_form_finds_the_agent_by_email_or_matricule_and_refuses_in_french(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    url = f"/organisations/{cast.home.slug}/accompagnements/ouvrir/"
    # a person of another organisation is not found: no plan, a French message
    refused = hr.post(url, {"identifier": cast.outsider_agent.email, "situation": "autre", "goal": "Un but"})
    assert refused.status_code == 200 and "Aucun agent actif" in refused.content.decode()
    hostile = hr.post(url, {"identifier": "x", "situation": "<script>", "goal": "y" * 5000})
    assert hostile.status_code == 200 and "Sélectionnez un choix valide" in hostile.content.decode()
    assert "au plus 1000 caractères" in hostile.content.decode()
    assert hr.post(url, {"identifier": "x", "situation": "autre", "goal": "\x00"}).status_code == 400
    assert not AccompanimentPlan.objects.exists()
    agent = cast.agents["agent"]
    prefilled = hr.get(url, {"agent": agent.pk}).content.decode()
    assert agent.email in prefilled
    assert hr.get(url, {"agent": "99999999999999999999"}).status_code == 200
    done = hr.post(
        url, {"identifier": agent.email.upper(), "situation": "retour_maladie", "goal": "Reprendre"}
    )
    plan = AccompanimentPlan.objects.get(agent=agent)
    assert done.status_code == 302 and done["Location"] == f"/accompagnements/{plan.pk}/"
    assert plan.situation == "retour_maladie" and plan.opened_by == cast.users[Role.HR]


def test_notes_refuse_bad_input_and_a_closed_plan(cast, client_for, plan):
    agent_client = client_for(cast.users[Role.AGENT])
    url = f"/accompagnements/{plan.pk}/notes/"
    far = (timezone.localdate() + datetime.timedelta(days=3 * 366)).isoformat()
    for data, message in [
        ({"kind": "note", "date": far, "text": "Plus tard"}, "Choisissez une date"),
        ({"kind": "note", "date": "2026-13-45", "text": "x"}, "Saisissez une date valide"),
        ({"kind": "note", "date": "2026-12-01", "text": "   "}, "Ce champ est obligatoire"),
        ({"kind": "espion", "date": "2026-12-01", "text": "x"}, "Sélectionnez un choix valide"),
    ]:
        response = agent_client.post(url, data)
        assert response.status_code == 200 and message in response.content.decode(), data
    assert PlanEntry.objects.filter(plan=plan).count() == 1
    # the agent writes in their own words
    agent_client.post(url, {"kind": "note", "date": timezone.localdate().isoformat(), "text": "Mon ressenti"})
    assert PlanEntry.objects.filter(plan=plan, author=cast.users[Role.AGENT], text="Mon ressenti").exists()
    # closing asks for a confirmation, and then only HR may close
    hr = client_for(cast.users[Role.HR])
    hr.post(f"/accompagnements/{plan.pk}/cloture/", {"note": "Bilan"})
    assert AccompanimentPlan.objects.get(pk=plan.pk).is_open
    assert agent_client.post(f"/accompagnements/{plan.pk}/cloture/", {"confirm": "on"}).status_code == 403
    hr.post(f"/accompagnements/{plan.pk}/cloture/", {"note": "Poste trouvé", "confirm": "on"})
    closed = AccompanimentPlan.objects.get(pk=plan.pk)
    assert not closed.is_open and closed.closing_note == "Poste trouvé" and closed.closed_at
    assert agent_client.post(url, {"kind": "note", "date": "2026-12-01", "text": "Encore"}).status_code == 403
    assert client_for(cast.users[Role.AGENT]).get(f"/accompagnements/{plan.pk}/").status_code == 200


def test_hr_links_only_the_agents_own_missions_that_were_tried(cast, client_for, plan):
    hr = client_for(cast.users[Role.HR])
    mission = make_workshop_mission(cast, title="Autre mission")
    declined = make_engagement(cast.agents["agent"], mission, State.DECLINED)
    someone_else = make_engagement(cast.agents["manager"], mission, State.INTEREST)
    for engagement in (declined, someone_else, cast.outsider_engagement):
        hr.post(f"/accompagnements/{plan.pk}/missions/relier/", {"engagement": engagement.pk})
    hr.post(f"/accompagnements/{plan.pk}/missions/relier/", {"engagement": "1 OR 1=1"})
    assert list(plan.engagements.all()) == [plan.engagement]
    # an agent cannot link anything, even their own
    agent_client = client_for(cast.users[Role.AGENT])
    interest = make_engagement(
        cast.agents["agent"], make_workshop_mission(cast, title="Troisième"), State.INTEREST
    )
    assert (
        agent_client.post(
            f"/accompagnements/{plan.pk}/missions/relier/", {"engagement": interest.pk}
        ).status_code
        == 403
    )
    hr.post(f"/accompagnements/{plan.pk}/missions/relier/", {"engagement": interest.pk})
    assert set(plan.engagements.all()) == {plan.engagement, interest}
    hr.post(f"/accompagnements/{plan.pk}/missions/retirer/", {"engagement": interest.pk})
    assert list(plan.engagements.all()) == [plan.engagement]
    assert (
        interest.__class__.objects.get(pk=interest.pk).state == State.INTEREST
    )  # the mission itself unchanged


def test_hr_lists_the_organisations_plans_by_state(cast, client_for, plan):
    hr = client_for(cast.users[Role.HR])
    page = hr.get(f"/organisations/{cast.home.slug}/accompagnements/").content.decode()
    assert cast.agents["agent"].last_name in page
    closed = hr.get(f"/organisations/{cast.home.slug}/accompagnements/", {"etat": "closed"}).content.decode()
    assert cast.agents["agent"].last_name not in closed and "Aucun plan dans cet état" in closed
    for hostile in ({"etat": "<x>"}, {"page": "-1"}, {"page": "9" * 30}):
        assert hr.get(f"/organisations/{cast.home.slug}/accompagnements/", hostile).status_code == 200


def test_the_agents_data_export_holds_the_plan_and_an_erasure_clears_its_words(cast, client_for, plan):
    agent = cast.agents["agent"]
    more = json.loads(client_for(agent.user).get("/mes-donnees/export.json").content)["more"]
    assert more["accompagnement"][0]["goal"] == GOAL and NOTE in more["accompagnement"][0]["entries"]
    hr_more = json.loads(client_for(cast.users[Role.HR]).get("/mes-donnees/export.json").content)["more"]
    assert hr_more["accompagnement"] == []
    anonymise_agent(agent)
    kept = AccompanimentPlan.objects.get(pk=plan.pk)
    assert kept.goal == "—" and not kept.entries.exists() and kept.situation == "reclassement"
    assert not AccompanimentPlan.history.filter(goal=GOAL).exists()


def test_the_dashboard_link_is_the_same_for_every_agent(cast, client_for, plan):
    """« Mon accompagnement » is offered to every agent: a link shown only to those with a plan would tell."""
    with_plan = client_for(cast.users[Role.AGENT]).get("/tableau-de-bord/").content.decode()
    without = client_for(cast.users[Role.HOST]).get("/tableau-de-bord/").content.decode()
    assert "/mon-accompagnement/" in with_plan and "/mon-accompagnement/" in without


def test_the_migration_moves_the_situation_from_the_missions_to_the_agents_files(cast):
    """Missions saved with the old purpose « reclassement » (care/migrations/0002): each engaged agent gets a
    plan with that engagement, the mission an ordinary purpose, in its audit trail too."""
    import importlib

    from django.apps import apps

    from passerelles.missions.models import Mission, PurposeCap

    moved = importlib.import_module("passerelles.care.migrations.0002_reclassement_leaves_the_missions")
    mission = make_workshop_mission(cast, title="Poste adapté aux archives")
    Mission.objects.filter(pk=mission.pk).update(purpose="reclassement")
    Mission.history.filter(id=mission.pk).update(purpose="reclassement")
    PurposeCap.objects.create(organisation=cast.home, purpose="reclassement", max_percent=50)
    engaged = make_engagement(cast.agents["agent"], mission, State.ACTIVE)
    make_engagement(cast.agents["manager"], mission, State.WITHDRAWN)
    other = make_workshop_mission(cast, title="Jardin")
    untouched = make_engagement(cast.agents["host"], other, State.ACTIVE)

    moved.forwards(apps, None)

    assert Mission.objects.get(pk=mission.pk).purpose == Purpose.DECOUVERTE
    assert not Mission.history.filter(purpose="reclassement").exists()
    assert not PurposeCap.objects.filter(purpose="reclassement").exists()
    plan = AccompanimentPlan.objects.get()
    assert plan.agent == cast.agents["agent"] and plan.situation == "reclassement" and plan.is_open
    assert list(plan.engagements.all()) == [engaged] and "Poste adapté aux archives" in plan.goal
    assert Mission.objects.get(pk=other.pk).purpose == Purpose.PROJET
    assert not AccompanimentPlan.objects.filter(agent=untouched.agent).exists()
