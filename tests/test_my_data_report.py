"""« Mes données » lists everything kept about the person (issue 14): every kind of data with a count and an
empty state, the same in the page, the JSON and the CSV files — and never more than the person may read
elsewhere (the evaluations others wrote about them, a reason HR kept for itself)."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Meeting
from passerelles.evaluations.models import Evaluation, ReturnNote
from passerelles.followup.models import CheckIn, CheckInAnswer, TimeEntry
from passerelles.missions.models import MissionStatus
from passerelles.people.data_sections import LAYOUT
from passerelles.people.personal_data_parts import PARTS
from passerelles.stories.models import Story
from tests.cast import make_engagement, make_mission

pytestmark = pytest.mark.django_db
HOST_SECRET = "Ponctualité à revoir"
HOST_HELP = "L'agent arrive souvent en retard"


@pytest.fixture
def mission_lived(cast):
    """An ended mission with a rencontre, a check-in answered by both, time logged, evaluations by the agent
    and the host, a return note, a story."""
    agent, host, manager = cast.users[Role.AGENT], cast.users[Role.HOST], cast.users[Role.MANAGER]
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers cuisine"
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.ENDED)
    Meeting.objects.create(
        engagement=engagement,
        starts_at=timezone.now() - datetime.timedelta(days=60),
        place="Cuisine centrale",
    )
    checkin = CheckIn.objects.create(engagement=engagement, due_on=datetime.date(2026, 3, 2))
    CheckInAnswer.objects.create(
        checkin=checkin, party="agent", mood="bien", workload="ok", relationship="ok",
        help_needed="Besoin d'un tablier", answered_by=agent,
    )  # fmt: skip
    CheckInAnswer.objects.create(
        checkin=checkin, party="host", mood="difficile", workload="ok", relationship="ok",
        help_needed=HOST_HELP, answered_by=host,
    )  # fmt: skip
    TimeEntry.objects.create(engagement=engagement, day=datetime.date(2026, 3, 3), half_days=2, by=agent)
    question = [{"kind": "text", "text": "Ce qui a marché"}]
    Evaluation.objects.create(
        engagement=engagement, respondent="agent", questions=question, answers={"0": "Les ateliers"},
        submitted_by=agent,
    )  # fmt: skip
    Evaluation.objects.create(
        engagement=engagement, respondent="host", questions=question, answers={"0": HOST_SECRET},
        submitted_by=host,
    )  # fmt: skip
    ReturnNote.objects.create(
        engagement=engagement, held_on=datetime.date(2026, 4, 1), notes="Partage en réunion", by=manager
    )
    Story.objects.create(agent=cast.agents["agent"], engagement=engagement, title="Mon mois en cuisine",
                         text="…", written_by=agent)  # fmt: skip
    return engagement


def export(client):
    return json.loads(client.get("/mes-donnees/export.json").content)


def csv_files(client) -> dict[str, list[list[str]]]:
    response = client.get("/mes-donnees/export.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    files = {}
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in archive.namelist():
            raw = archive.read(name)
            assert raw.startswith("\ufeff".encode()), name  # the BOM: a French spreadsheet reads UTF-8
            files[name] = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    return files


def test_the_agent_finds_every_kind_of_data_in_the_json(cast, client_for, mission_lived):
    data = export(client_for(cast.users[Role.AGENT]))
    assert data["meetings"][0]["place"] == "Cuisine centrale"
    assert data["time_entries"] == [
        {"mission": "Ateliers cuisine", "day": "2026-03-03", "half_days": 2, "note": ""}
    ]
    assert [a["help_needed"] for a in data["checkin_answers"]] == ["Besoin d'un tablier"]  # their own only
    assert data["evaluations_written"][0]["answers"] == [
        {"question": "Ce qui a marché", "answer": "Les ateliers"}
    ]
    assert [(e["respondent"], e["mission"]) for e in data["evaluations_about_me"]] == [
        ("Accueil", "Ateliers cuisine")
    ]
    assert data["return_notes"][0]["notes"] == "Partage en réunion"
    assert data["stories"][0]["title"] == "Mon mois en cuisine"
    assert data["roles"] == [] and data["agent"]["last_name"] == "Agent"  # no role given in the cast
    raw = json.dumps(data, ensure_ascii=False)
    # docs/suivi.md: « Chacun voit ses propres réponses ; la RH (des deux organisations) les lit toutes. »
    assert HOST_SECRET not in raw and HOST_HELP not in raw
    assert "Zorglubie" not in raw


def test_the_csv_files_say_the_same_with_french_columns(cast, client_for, mission_lived):
    files = csv_files(client_for(cast.users[Role.AGENT]))
    # one file per section, even empty, the later apps' parts included (people/personal_data_parts.py)
    assert set(files) == {f"{key}.csv" for key, *_rest in LAYOUT} | {f"{key}.csv" for key in PARTS}
    header, *rows = files["temps-passe.csv"]
    assert header == ["Mission", "Jour", "Demi-journées", "Commentaire"]
    assert rows == [["Ateliers cuisine", "2026-03-03", "2", ""]]
    header, *rows = files["evaluations-ecrites.csv"]
    assert header[:4] == ["Engagement", "En tant que", "Question", "Réponse"]
    assert rows[0][2:4] == ["Ce qui a marché", "Les ateliers"]
    assert files["recits.csv"][1][0] == "Mon mois en cuisine"
    assert files["compte.csv"][1][0] == cast.users[Role.AGENT].email
    everything = json.dumps(files, ensure_ascii=False)
    assert HOST_SECRET not in everything and HOST_HELP not in everything


def test_what_a_host_wrote_about_others_is_in_their_own_data(cast, client_for, mission_lived):
    data = export(client_for(cast.users[Role.HOST]))
    assert [a["help_needed"] for a in data["checkin_answers"]] == [HOST_HELP]
    assert data["evaluations_written"][0]["answers"][0]["answer"] == HOST_SECRET
    assert data["evaluations_about_me"] == [] and data["engagements"] == []
    assert "Besoin d'un tablier" not in json.dumps(
        data, ensure_ascii=False
    )  # the agent's answer is not theirs
    manager = export(client_for(cast.users[Role.MANAGER]))
    assert manager["return_notes"][0]["notes"] == "Partage en réunion"
    assert HOST_SECRET not in json.dumps(manager, ensure_ascii=False)


def test_the_page_shows_each_section_with_its_count_or_its_empty_state(cast, client_for, mission_lived):
    page = client_for(cast.users[Role.AGENT]).get("/mes-donnees/").content.decode()
    for _key, title, _columns, _empty in LAYOUT:
        assert str(title).replace("'", "&#x27;") in page, title
    assert "Cuisine centrale" in page and "Mon mois en cuisine" in page
    assert "Aucune invitation." in page  # an empty section says so
    assert 'Temps passé en mission <span class="muted">(1 élément)' in page
    assert HOST_SECRET not in page
    assert 'href="/mes-donnees/export.zip"' in page


def test_the_notice_offers_the_right_to_object_and_no_portability(cast, client_for):
    cast.home.privacy_notice = "Délégué à la protection des données : dpo@alpha.test"
    cast.home.save()
    page = client_for(cast.users[Role.AGENT]).get("/donnees-personnelles/").content.decode()
    assert "Droit d'opposition (article 21)" in page
    assert "dpo@alpha.test" in page and "délégué·e à la protection des données" in page
    assert "Accès (RGPD, article 15)" in page
    assert "Accès et portabilité" not in page
    assert "La portabilité (article 20) ne s'applique pas" in page
