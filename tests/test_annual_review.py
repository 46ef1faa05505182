"""The annual-review export (issue 20): only agents who consent, only the passport's entries, only the
evaluation highlights the agent chose to show (never the host's or the manager's answers), both formats read
back, a year that is not one refused in French, and no cell a spreadsheet would run."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.annualreview.models import ReviewConsent
from passerelles.engagements.lifecycle import State
from passerelles.evaluations.models import Evaluation
from passerelles.followup.models import TimeEntry
from passerelles.missions.models import MissionStatus
from passerelles.people import personal_data_parts
from tests.cast import MARKER, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

HR_CSV = "/organisations/ville-alpha/exports/entretiens-annuels.csv"
HR_JSON = "/organisations/ville-alpha/exports/entretiens-annuels.json"
AGENT_QUESTIONS = [
    {"kind": "likert", "text": "La mission avait du sens"},
    {"kind": "text", "text": "Ce que j'ai appris"},
    {"kind": "yesno", "text": "Je le referais"},
]


def _evaluation(engagement, respondent, answers, *, share=False):
    return Evaluation.objects.create(
        engagement=engagement,
        respondent=respondent,
        questions=AGENT_QUESTIONS if respondent == "agent" else [{"kind": "text", "text": "Remarques"}],
        answers=answers,
        share_in_passport=share,
    )


@pytest.fixture
def missions(cast):
    """Paul ended a mission last year (evaluated by the three, his highlights shown in his passport) and is under
    way on another this year; Claire, who never consented, has one too; Léa withdrew her consent."""
    host = cast.agents[Role.HOST]
    paul = cast.agents["agent"]
    paul.matricule = "ALP042"
    paul.save()
    year = timezone.localdate().year
    done = make_mission(
        cast.home,
        host.unit,
        host,
        status=MissionStatus.PUBLISHED,
        title='=HYPERLINK("http://example.test")',  # a title a spreadsheet would run
        skills="animation, pédagogie",
        start_date=datetime.date(year - 1, 3, 1),
        end_date=datetime.date(year - 1, 6, 30),
    )
    ended = make_engagement(paul, done, State.EVALUATED)
    _evaluation(ended, "agent", {"0": "4", "1": "Animer un groupe", "2": "oui"}, share=True)
    _evaluation(ended, "host", {"0": "Réponse de l'accueil SECRETACCUEIL"})
    _evaluation(ended, "manager", {"0": "Réponse de l'encadrante SECRETENCADRANT"})
    TimeEntry.objects.create(engagement=ended, day=datetime.date(year - 1, 3, 2), half_days=2)
    TimeEntry.objects.create(engagement=ended, day=datetime.date(year - 1, 3, 9), half_days=1)

    current = make_mission(
        cast.home,
        host.unit,
        host,
        status=MissionStatus.PUBLISHED,
        title="Accueil des usagers",
        start_date=datetime.date(year, 1, 5),
        end_date=datetime.date(year, 12, 20),
    )
    active = make_engagement(paul, current, State.ACTIVE)
    # Paul kept his answers for himself on this one: nothing of them reaches the export
    _evaluation(active, "agent", {"0": "2", "1": "GARDEPOURMOI", "2": "non"}, share=False)
    TimeEntry.objects.create(engagement=active, day=datetime.date(year, 1, 6), half_days=2)
    # an interest that never became a mission: not in the passport, not in the export
    make_engagement(paul, make_mission(cast.home, host.unit, host, title="Simple intérêt"), State.INTEREST)

    claire = make_agent(cast.home, "Claire", "Sansaccord", unit=paul.unit)
    make_engagement(claire, current, State.ACTIVE)
    lea = make_agent(cast.home, "Lea", "Retiree", unit=paul.unit)
    make_engagement(lea, current, State.ACTIVE)
    ReviewConsent.objects.create(agent=lea, given_at=timezone.now(), withdrawn_at=timezone.now())
    return {"ended": ended, "active": active, "year": year}


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _json(response) -> dict:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _consent(client, share=True):
    return client.post("/passeport/entretien-annuel/", {"partage": "1"} if share else {})


def test_only_agents_who_consent_appear_and_withdrawing_removes_them(cast, missions, client_for):
    """docs/agenda-et-entretien-annuel.md:84 — « Un agent qui n'a jamais accepté, ou qui a retiré son accord, n'y
    est pas »."""
    hr = client_for(cast.users[Role.HR])
    assert _csv(hr.get(HR_CSV)) == []  # nobody consented yet: an empty file, headers only
    paul = client_for(cast.users[Role.AGENT])
    assert _consent(paul).status_code == 302
    consent = ReviewConsent.objects.get(agent=cast.agents["agent"])
    assert consent.is_given and consent.given_at is not None
    assert 'data-annual-review-consent="oui"' in paul.get("/passeport/").content.decode()

    rows = _csv(hr.get(HR_CSV))
    assert {row["Nom"] for row in rows} == {"Agent"}  # Claire never said yes, Léa withdrew
    assert len(rows) == 2  # one row per mission of the passport (the mere interest is not one)
    document = _json(hr.get(HR_JSON))
    assert [m["mission"] for m in document["missions"]] == [row["Mission"].lstrip("'") for row in rows]
    text = hr.get(HR_CSV).content.decode("utf-8-sig") + hr.get(HR_JSON).content.decode()
    for absent in ("Sansaccord", "Retiree", "Simple intérêt"):
        assert absent not in text

    assert _consent(paul, share=False).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert _csv(hr.get(HR_CSV)) == [] and _json(hr.get(HR_JSON))["missions"] == []


def test_the_rows_hold_the_passport_and_only_the_highlights_the_agent_shows(cast, missions, client_for):
    """docs/agenda-et-entretien-annuel.md:117-119 — « seulement l'évaluation de l'agent, et seulement s'il a
    accepté […]. Les réponses de l'accueil et de l'encadrant·e d'origine n'y figurent jamais »."""
    _consent(client_for(cast.users[Role.AGENT]))
    hr = client_for(cast.users[Role.HR])
    rows = {row["Mission"]: row for row in _csv(hr.get(HR_CSV))}
    done = rows['\'=HYPERLINK("http://example.test")']  # neutralised: a spreadsheet shows it, never runs it
    assert done["Matricule"] == "ALP042" and done["Prénom"] == "Paul"
    assert done["Organisation d'accueil"] == "Ville d'Alpha"
    assert done["Compétences mobilisées"] == "animation, pédagogie"
    assert done["Jours effectués"] == "1,5"  # three half-days
    assert done["Ce que j'ai appris (évaluation partagée)"] == "Animer un groupe"
    assert done["Je le referais (évaluation partagée)"] == "oui"
    assert done["Passeport de mobilité"].endswith("/passeport/")
    current = rows["Accueil des usagers"]
    assert current["Ce que j'ai appris (évaluation partagée)"] == ""
    assert current["Moyenne de mon évaluation sur 5 (évaluation partagée)"] == ""

    document = _json(hr.get(HR_JSON))
    by_title = {m["mission"]: m for m in document["missions"]}
    shared = by_title['=HYPERLINK("http://example.test")']
    assert shared["ce_que_j_ai_appris"] == ["Animer un groupe"] and shared["moyenne_evaluation"] == 4.0
    assert shared["jours_effectues"] == 1.5 and shared["competences_mobilisees"] == ["animation", "pédagogie"]
    assert shared["debut"] == f"{missions['year'] - 1}-03-01"
    assert by_title["Accueil des usagers"]["jours_effectues"] == 1

    # the host's and the manager's answers, and what Paul kept for himself, never leave
    everything = hr.get(HR_CSV).content.decode("utf-8-sig") + hr.get(HR_JSON).content.decode()
    for secret in ("SECRETACCUEIL", "SECRETENCADRANT", "GARDEPOURMOI"):
        assert secret not in everything


def test_a_year_keeps_the_missions_of_that_year_and_a_bad_one_is_said_in_french(cast, missions, client_for):
    _consent(client_for(cast.users[Role.AGENT]))
    hr = client_for(cast.users[Role.HR])
    last_year = missions["year"] - 1
    rows = _csv(hr.get(HR_CSV, {"annee": last_year}))
    assert [row["Mission"] for row in rows] == ['\'=HYPERLINK("http://example.test")']
    assert _json(hr.get(HR_JSON, {"annee": str(missions["year"])}))["annee"] == missions["year"]
    for bad in ("deux-mille", "²⁰²⁶", "99999999999999999999", "0001", "2026-01"):
        response = hr.get(HR_CSV, {"annee": bad})
        assert response.status_code == 302 and response["Location"].endswith("/entretiens-annuels/")
        page = hr.get(f"/organisations/ville-alpha/entretiens-annuels/?annee={bad}")
        assert page.status_code == 200 and "Année illisible" in page.content.decode()
    mine = client_for(cast.users[Role.AGENT]).get("/passeport/entretien-annuel.json", {"annee": "abc"})
    assert mine.status_code == 302 and mine["Location"].endswith("/passeport/")


def test_the_agent_downloads_their_own_rows_consent_or_not(cast, missions, client_for):
    paul = client_for(cast.users[Role.AGENT])
    rows = _csv(paul.get("/passeport/entretien-annuel.csv"))
    assert len(rows) == 2 and {row["Nom"] for row in rows} == {"Agent"}
    assert len(_json(paul.get("/passeport/entretien-annuel.json"))["missions"]) == 2
    assert not ReviewConsent.objects.filter(
        agent=cast.agents["agent"]
    ).exists()  # downloading is not consenting


def test_only_the_organisations_hr_exports(cast, missions, client_for):
    """docs/agenda-et-entretien-annuel.md:80 — « Seule la RH de l'organisation de l'agent télécharge »."""
    _consent(client_for(cast.users[Role.AGENT]))
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY):
        assert client_for(cast.users[role]).get(HR_CSV).status_code in (403, 404), role
    outsider_hr = client_for(cast.outsider_agent.manager.user)
    assert outsider_hr.get(HR_JSON).status_code == 404
    own = outsider_hr.get(f"/organisations/{cast.outsider.slug}/exports/entretiens-annuels.json")
    assert _json(own)["missions"] == []  # its own export: none of ours
    assert MARKER not in client_for(cast.users[Role.HR]).get(HR_JSON).content.decode()


def test_a_choice_that_is_not_one_changes_nothing_and_the_consent_is_in_my_data(cast, client_for):
    paul = client_for(cast.users[Role.AGENT])
    assert paul.post("/passeport/entretien-annuel/", {"partage": "oui!"}).status_code == 302
    assert not ReviewConsent.objects.exists()
    _consent(paul)
    agent = cast.agents["agent"]
    rows = personal_data_parts.rows(agent.user, agent)["entretien-annuel"]
    assert len(rows) == 1 and rows[0]["given_at"] and rows[0]["withdrawn_at"] is None
    personal_data_parts.anonymise(agent, agent.user)
    assert not ReviewConsent.objects.filter(agent=agent).exists()
