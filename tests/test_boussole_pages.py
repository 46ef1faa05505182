"""The public boussole page: anyone can use it, bad input gets a French message and no result."""

import pytest

pytestmark = pytest.mark.django_db

SITUATION = {
    "employer_type": "departement",
    "employer_population": "",
    "agent_status": "contractuel_cdd",
    "host_type": "commune",
    "host_public_service_mission": "non",
    "host_general_interest": "non",
    "host_epci_member_link": "non",
    "whole_service": "non",
    "purpose": "appui_projet",
    "crisis": "non",
    "start_date": "2026-12-01",
    "duration_months": "6",
    "time_share_percent": "20",
    "days_per_month": "",
}


def test_anyone_can_run_the_boussole_and_read_why(client):
    page = client.get("/boussole/")
    assert page.status_code == 200 and "Boussole des dispositifs" in page.content.decode()
    result = client.get("/boussole/", SITUATION).content.decode()
    # A contractual agent on a fixed-term contract, lent to a commune: no mise à disposition, no détachement.
    assert 'data-excluded="mise_a_disposition"' in result and "CDD" in result
    assert 'data-excluded="detachement"' in result
    assert "Aucun dispositif ne convient tel quel" in result


def test_same_employer_follows_from_the_host_and_the_best_comes_first(client):
    result = client.get("/boussole/", {**SITUATION, "host_type": "meme_collectivite"}).content.decode()
    first = result.index('data-framework="mission_appui_projet"')
    assert first < result.index('data-framework="affectation_interne"')
    assert "CGFP art. L512-23" in result and "sources-juridiques.md §1" in result  # law and facts cited


@pytest.mark.parametrize(
    "change, message",
    [
        ({"time_share_percent": "150"}, "inférieure ou égale à 100"),
        ({"start_date": "31/02/2026"}, "Saisissez une date valide"),
        ({"host_type": "ministere"}, "Sélectionnez un choix valide"),
        ({"duration_months": "beaucoup"}, "Saisissez un nombre"),
    ],
)
def test_bad_input_gets_a_french_message_and_no_result(client, change, message):
    page = client.get("/boussole/", {**SITUATION, **change}).content.decode()
    assert message in page
    assert "data-framework=" not in page and "data-excluded=" not in page


@pytest.mark.parametrize(
    "change, excluded, reference",
    [
        ({"agent_status": "stagiaire"}, "mise_a_disposition", "92-1194"),
        ({"agent_status": "apprenti"}, "mise_a_disposition", "L6227-1"),
        ({"agent_status": "contractuel"}, "mise_a_disposition", "CDI ou en CDD"),
        ({"agent_status": "titulaire", "host_type": "syndicat"}, "detachement", "L513-1"),
        (
            {
                "agent_status": "titulaire",
                "host_type": "association",
                "host_general_interest": "oui",
                "employer_type": "syndicat",
            },
            "mecenat_competences",
            "fiscalité propre",
        ),
        (
            {
                "agent_status": "titulaire",
                "host_type": "association",
                "host_general_interest": "oui",
                "start_date": "2027-10-01",
                "end_date": "2028-03-31",
            },
            "mecenat_competences",
            "31/03/2028",
        ),
    ],
)
def test_the_new_statuses_and_types_on_the_public_page(client, change, excluded, reference):
    page = client.get("/boussole/", {**SITUATION, **change}).content.decode()
    line = page[page.index(f'data-excluded="{excluded}"') :]
    line = line[: line.index("</li>")]
    assert reference in line.replace("&#x27;", "'"), line
