"""« Mes données » and erasures reach the later apps (people/personal_data_parts.py): the facilitators' pool,
the coups de main and the immersions are exported to the person and cleared when their record is anonymised."""

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.facilitation import services as facilitation
from passerelles.facilitation.models import FacilitationCall, Facilitator
from passerelles.people.personal_data import anonymise_agent
from passerelles.smallhelp.models import Immersion, LightHelp
from tests.smallhelp_helpers import working_days_of_a_coming_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def lived(cast, client_for):
    agent, host = cast.agents["agent"], cast.agents[Role.HOST]
    volunteer = facilitation.facilitator_join(
        by=agent.user, topics=["Codéveloppement Paulien"], hours_per_month=4, share_with_network=False
    )
    day = timezone.localdate() + datetime.timedelta(days=9)
    facilitation.call_send(
        by=cast.users[Role.HR],
        facilitator=volunteer,
        subject="Séance de codéveloppement",
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        minutes=60,
        place="Salle du conseil",
        note="Apporter les post-it de Paul",
    )
    client = client_for(agent.user)
    days = working_days_of_a_coming_month()[:1]
    client.post(
        "/coups-de-main/demander/",
        {
            "host_unit": host.unit.pk,
            "purpose": "Inventaire des écoles avec Paul",
            "date_1": f"{days[0]:%Y-%m-%d}",
            "moment_1": "am",
        },
    )
    client.post(
        "/immersions/demander/",
        {
            "host_unit": host.unit.pk,
            "date": f"{days[0] + datetime.timedelta(days=7):%Y-%m-%d}",
            "length": "day",
            "reason": "discovery",
            "details": "Découvrir la cuisine centrale, Paul",
        },
    )
    assert LightHelp.objects.filter(agent=agent).exists(), "the coup de main was not recorded"
    assert Immersion.objects.filter(agent=agent).exists(), "the immersion was not recorded"
    return agent


def test_the_export_holds_the_pool_the_calls_the_coups_de_main_and_the_immersions(cast, client_for, lived):
    client = client_for(lived.user)
    more = json.loads(client.get("/mes-donnees/export.json").content)["more"]
    assert more["vivier-d-animateurs"][0]["topics"] == "Codéveloppement Paulien"
    assert more["animations"][0]["note"] == "Apporter les post-it de Paul"
    assert more["coups-de-main"][0]["purpose"] == "Inventaire des écoles avec Paul"
    assert more["immersions"][0]["details"] == "Découvrir la cuisine centrale, Paul"
    page = client.get("/mes-donnees/").content.decode()
    assert "Vivier d&#x27;animateurs" in page or "Vivier d'animateurs" in page
    assert "Inventaire des écoles avec Paul" in page
    # nobody else's: the HR who sent the call sees their call, not the agent's coups de main
    hr_more = json.loads(client_for(cast.users[Role.HR]).get("/mes-donnees/export.json").content)["more"]
    assert (
        hr_more["coups-de-main"] == [] and hr_more["animations"][0]["subject"] == "Séance de codéveloppement"
    )


def test_the_csv_archive_has_a_file_per_part(cast, client_for, lived):
    response = client_for(lived.user).get("/mes-donnees/export.zip")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"coups-de-main.csv", "immersions.csv", "vivier-d-animateurs.csv", "animations.csv"} <= {
        name.rsplit("/", 1)[-1] for name in names
    }


def test_an_erasure_clears_their_words_and_keeps_the_counts(lived):
    anonymise_agent(lived)
    volunteer = Facilitator.objects.get(agent=lived)
    assert volunteer.topics == [] and FacilitationCall.objects.get(facilitator=volunteer).note == ""
    help_ = LightHelp.objects.get(agent=lived)
    assert "Paul" not in help_.purpose and help_.half_days.count() == 1
    assert not LightHelp.history.filter(purpose__contains="Paul").exists()
    immersion = Immersion.objects.get(agent=lived)
    assert immersion.details == "" and not Immersion.history.filter(details__contains="Paul").exists()


def test_the_export_holds_my_forum_registrations_and_conversations_only(cast, client_for):
    from tests.isolation.encounter_fillers import outsider_encounter_world

    world = outsider_encounter_world(cast)  # a café held: their registration, a ranked wish, a conversation
    world["conversation"].agent_continues = True
    world["conversation"].save()
    theirs = json.loads(client_for(cast.outsider_agent.user).get("/mes-donnees/export.json").content)["more"]
    assert theirs["rencontres-inscriptions"][0]["wishes"] == f"1. {cast.outsider_mission.title}"
    assert theirs["rencontres-conversations"][0]["continues"] == "oui"
    assert theirs["rencontres-conversations"][0]["table"] == 1
    mine = json.loads(client_for(cast.agents["agent"].user).get("/mes-donnees/export.json").content)["more"]
    assert mine["rencontres-inscriptions"] == [] and mine["rencontres-conversations"] == []
