"""Crisis pages (issue 17 §1–2): who sees and does what, bad input never a 500, the answer link without login,
another organisation's HR gets a 404, confirmations before destructive actions."""

import datetime
import html

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.crisis import activation, preparation
from passerelles.crisis.models import Availability, Crisis, EssentialUnit, Need, Scenario, Volunteer
from passerelles.crisis.vocabulary import Answer
from passerelles.organisations.models import OrgUnit
from tests.cast import grant, make_agent

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def join(agent):
    return preparation.volunteer_join(
        by=agent.user,
        choices=preparation.Choices(
            skills=["accueil"],
            habilitations=["psc1"],
            max_hours_per_week=10,
            days=[0, 1],
            sites=[],
            rather_not=[],
        ),
    )


@pytest.fixture
def crisis(cast):
    join(cast.agents["agent"])
    today = timezone.localdate()
    return activation.crisis_activate(
        by=cast.users[Role.SIGNATORY],
        organisation=cast.home,
        name="Canicule d'Alpha",
        starts_on=today,
        expected_end=today + datetime.timedelta(days=5),
    )


def test_crisis_home_for_hr_signatory_admin_only(cast, client_for):
    url = f"/organisations/{cast.home.slug}/crise/"
    for role in (Role.HR, Role.SIGNATORY, Role.ADMIN):
        assert client_for(cast.users[role]).get(url).status_code == 200
    for role in (Role.AGENT, Role.MANAGER, Role.HOST):
        assert client_for(cast.users[role]).get(url).status_code == 403
    # another organisation's HR: not found
    assert client_for(cast.outsider_agent.manager.user).get(url).status_code == 404


def test_plan_page_adds_units_and_scenarios_and_confirms_removals(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    url = f"/organisations/{cast.home.slug}/crise/pca/"
    service = cast.agents["agent"].unit
    response = hr.post(
        url, {"action": "unite", "essentielle-unit": service.pk, "essentielle-minimum_staff": 5}
    )
    assert response.status_code == 200 and "ne peut pas dépasser" in text(response)
    assert not EssentialUnit.objects.filter(unit=service).exists()
    assert (
        hr.post(
            url, {"action": "unite", "essentielle-unit": service.pk, "essentielle-minimum_staff": 1}
        ).status_code
        == 302
    )
    # a foreign unit or a hostile id is a French error, never a 500
    for value in (cast.outsider_unit.pk, "9" * 30, "abc"):
        response = hr.post(
            url, {"action": "unite", "essentielle-unit": value, "essentielle-minimum_staff": 0}
        )
        assert response.status_code == 200 and "Ce choix n'existe pas" in text(response)
    closing = OrgUnit.objects.create(organisation=cast.home, name="Piscine")
    response = hr.post(
        url,
        {
            "action": "scenario",
            "scenario-name": "Canicule",
            "scenario-kind": "canicule",
            "scenario-closed_units": [closing.pk],
        },
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get(plan__organisation=cast.home)
    response = hr.post(
        url,
        {
            "action": "scenario",
            "scenario-name": "Autre",
            "scenario-kind": "canicule",
            "scenario-closed_units": [service.pk],
        },
    )
    assert (
        "essentielle" in text(response) and Scenario.objects.filter(plan__organisation=cast.home).count() == 1
    )
    # editing the outsider's scenario through the hidden id: refused
    response = hr.post(
        url,
        {
            "action": "scenario",
            "scenario-scenario": Scenario.objects.get(plan__organisation=cast.outsider).pk,
            "scenario-name": "Piraté",
            "scenario-kind": "autre",
        },
    )
    assert "n'existe pas" in text(response)
    assert not Scenario.objects.filter(name="Piraté").exists()
    # removal asks first
    response = hr.post(url, {"action": "retirer_scenario", "id": scenario.pk})
    assert response.status_code == 200 and "data-confirm" in text(response)
    assert Scenario.objects.filter(pk=scenario.pk).exists()
    hr.post(url, {"action": "retirer_scenario", "id": scenario.pk, "confirme": "oui"})
    assert not Scenario.objects.filter(pk=scenario.pk).exists()
    assert client_for(cast.users[Role.SIGNATORY]).get(url).status_code == 403


def test_volunteer_page_join_and_leave(cast, client_for):
    agent = cast.agents["agent"]
    client = client_for(agent.user)
    page = text(client.get("/crise/volontaire/"))
    assert "volontaire" in page and "quitter le registre à tout moment" in page
    data = {"skills": ["accueil"], "max_hours_per_week": 60, "days": [0], "rather_not_note": ""}
    response = client.post("/crise/volontaire/", data)
    assert response.status_code == 200 and not Volunteer.objects.filter(agent=agent).exists()
    data["max_hours_per_week"] = 12
    data["sites"] = ["9" * 30]
    assert client.post("/crise/volontaire/", data).status_code == 200
    data["sites"] = [agent.site.pk]
    assert client.post("/crise/volontaire/", data).status_code == 302
    assert Volunteer.objects.get(agent=agent).max_hours_per_week == 12
    assert "data-confirm" in text(client.post("/crise/volontaire/", {"action": "quitter"}))
    assert Volunteer.objects.get(agent=agent).is_active
    client.post("/crise/volontaire/", {"action": "quitter", "confirme": "oui"})
    assert not Volunteer.objects.get(agent=agent).is_active


def test_registry_list_for_hr_with_filters_and_exports(cast, client_for):
    join(cast.agents["agent"])
    hr = client_for(cast.users[Role.HR])
    url = f"/organisations/{cast.home.slug}/crise/registre/"
    page = text(hr.get(url, {"competence": "accueil"}))
    assert cast.agents["agent"].last_name in page
    assert cast.agents["agent"].last_name not in text(hr.get(url, {"competence": "cuisine"}))
    assert "inconnue" in text(hr.get(url, {"competence": "pilote", "unite": "x"}))
    export = hr.get(url, {"export": "csv"})
    assert export["Content-Type"].startswith("text/csv") and cast.agents["agent"].last_name in text(export)
    assert hr.get(url, {"export": "xlsx"}).status_code == 200
    for role in (Role.SIGNATORY, Role.AGENT, Role.MANAGER):
        assert client_for(cast.users[role]).get(url).status_code == 403


def test_activation_page(cast, client_for):
    join(cast.agents["agent"])
    url = f"/organisations/{cast.home.slug}/crise/activer/"
    dgs = client_for(cast.users[Role.SIGNATORY])
    today = timezone.localdate()
    data = {
        "name": "Canicule",
        "starts_on": today.isoformat(),
        "expected_end": "2099-01-01",
        "min_rest_hours": 11,
    }
    assert "90 jours" in text(dgs.post(url, data))
    data["expected_end"] = "pas une date"
    assert "Date illisible" in text(dgs.post(url, data))
    data["scenario"] = Scenario.objects.get(plan__organisation=cast.outsider).pk
    data["expected_end"] = (today + datetime.timedelta(days=3)).isoformat()
    assert "Ce choix n'existe pas" in text(dgs.post(url, data))
    del data["scenario"]
    response = dgs.post(url, data)
    crisis = Crisis.objects.get(organisation=cast.home)
    assert response.status_code == 302 and response["Location"] == f"/crises/{crisis.pk}/"
    assert "déjà en cours" in text(dgs.post(url, {**data, "name": "Deux"}))
    assert client_for(cast.users[Role.HR]).get(url).status_code == 403
    network_url = f"/reseaux/{cast.network.slug}/crise/activer/"
    assert client_for(cast.users[Role.NETWORK_COORDINATOR]).get(network_url).status_code == 200
    assert client_for(cast.users[Role.SIGNATORY]).get(network_url).status_code in (403, 404)


def test_crisis_page_and_answers(cast, client_for, crisis):
    agent_client = client_for(cast.agents["agent"].user)
    page = text(agent_client.get(f"/crises/{crisis.pk}/"))
    assert "Canicule d'Alpha" in page and "data-my-availability" in page
    assert agent_client.get(f"/crises/{crisis.pk}/disponibilites/").status_code == 403
    hr = client_for(cast.users[Role.HR])
    page = text(hr.get(f"/crises/{crisis.pk}/disponibilites/", {"reponse": "demandee"}))
    assert cast.agents["agent"].last_name in page
    assert "inconnue" in text(hr.get(f"/crises/{crisis.pk}/disponibilites/", {"reponse": "x"}))
    assert hr.post(f"/crises/{crisis.pk}/disponibilites/").status_code == 302
    # another organisation's people: not found
    outsider = client_for(cast.outsider_agent.manager.user)
    for path in ("", "disponibilites/", "besoins/", "appel/"):
        assert outsider.get(f"/crises/{crisis.pk}/{path}").status_code == 404


def test_answer_link_works_without_login(cast, client, crisis):
    asked = Availability.objects.get(crisis=crisis)
    url = f"/crises/disponibilite/{asked.token}/"
    page = text(client.get(url))
    assert "Canicule d'Alpha" in page and cast.agents["agent"].last_name not in page
    day = crisis.starts_on.isoformat()
    assert client.post(url, {"answer": "available", "dates": [day]}).status_code == 302
    asked.refresh_from_db()
    assert asked.answer == Answer.AVAILABLE and asked.dates == [day]
    response = client.post(url, {"answer": "available", "dates": ["1999-01-01"]})
    assert response.status_code == 200 and "jours parmi ceux de la crise" in text(response)
    assert client.post(url, {"answer": "peut-être"}).status_code == 200
    assert client.get("/crises/disponibilite/faux-jeton/").status_code == 404
    assert client.get("/crises/disponibilite/" + "x" * 500 + "/").status_code == 404
    Crisis.objects.filter(pk=crisis.pk).update(status="closed", closed_at=timezone.now())
    assert "close" in text(client.get(url))
    client.post(url, {"answer": "unavailable"})
    asked.refresh_from_db()
    assert asked.answer == Answer.AVAILABLE


def test_broadcast_page_confirms_then_sends_once_an_hour(cast, client_for, crisis):
    hr = client_for(cast.users[Role.HR])
    url = f"/crises/{crisis.pk}/appel/"
    page = text(hr.post(url, {"message": "Renforts demandés", "etape": "verifier"}))
    assert "Oui, envoyer" in page and not crisis.broadcasts.exists()
    assert hr.post(url, {"message": "", "etape": "envoyer"}).status_code == 200
    assert hr.post(url, {"message": "Renforts demandés", "etape": "envoyer"}).status_code == 302
    assert crisis.broadcasts.count() == 1
    assert "data-wait" in text(hr.get(url))
    hr.post(url, {"message": "Encore", "etape": "envoyer"})
    assert crisis.broadcasts.count() == 1
    assert client_for(cast.users[Role.AGENT]).get(url).status_code == 403


def test_needs_page(cast, client_for, crisis):
    url = f"/crises/{crisis.pk}/besoins/"
    manager = client_for(cast.users[Role.MANAGER])
    unit = cast.agents["agent"].unit
    data = {
        "title": "Eau aux aînés",
        "unit": unit.pk,
        "date": crisis.starts_on.isoformat(),
        "start_time": "22:00",
        "end_time": "06:00",
        "skills": ["distribution"],
        "head_count": 2,
        "priority": 1,
    }
    for bad in (
        {"head_count": 500},
        {"date": "2000-01-01"},
        {"unit": cast.outsider_unit.pk},
        {"unit": "9" * 30},
        {"priority": 9},
        {"start_time": "25:00"},
        {"skills": ["voler"]},
    ):
        response = manager.post(url, {**data, **bad})
        assert response.status_code == 200, bad
    assert not Need.objects.filter(crisis=crisis).exists()
    assert manager.post(url, data).status_code == 302
    need = Need.objects.get(crisis=crisis)
    page = text(manager.get(url))
    assert "nuit" in page and "Eau aux aînés" in page
    agent = client_for(cast.users[Role.AGENT])
    assert "Eau aux aînés" in text(agent.get(url))  # everyone who sees the crisis sees its needs
    assert agent.post(url, data).status_code == 403
    cancel = f"/crises/{crisis.pk}/besoins/{need.pk}/annuler/"
    assert "data-confirm" in text(manager.get(cancel))
    assert agent.post(cancel).status_code == 403
    assert manager.post(cancel).status_code == 302
    need.refresh_from_db()
    assert need.cancelled_at is not None
    assert manager.get(f"/crises/{crisis.pk}/besoins/{cast.outsider_need.pk}/annuler/").status_code == 404


def test_dashboard_links(cast, client_for):
    assert "/crise/volontaire/" in text(client_for(cast.agents["agent"].user).get("/tableau-de-bord/"))
    page = text(client_for(cast.users[Role.SIGNATORY]).get("/tableau-de-bord/"))
    assert f"/organisations/{cast.home.slug}/crise/" in page


def test_a_network_coordinator_sees_only_the_volunteers_asked(cast):
    """The scope of the registry (crisis/scopes.py): the coordinator sees no member's registry in calm times."""
    other = make_agent(cast.partner, "Pia", "Partenaire")
    join(other)
    coordinator = cast.users[Role.NETWORK_COORDINATOR]
    grant(coordinator, cast.partner, Role.NETWORK_COORDINATOR)
    assert not Volunteer.objects.for_actor(coordinator).filter(agent=other).exists()
