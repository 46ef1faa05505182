"""Anonymity that holds (issue 11, item 2): the host's suggestions carry opaque references, no form lists
people, and HR revealing a person to a host is logged as a view of the person's profile."""

import base64
import binascii
import contextlib
import datetime
import json
import re
import zlib

import pytest
from django.core import signing
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.matching.models import HostSuggestionRef, Shortlist
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from passerelles.people.models import ProfileView
from tests.cast import grant, make_agent, make_mission, make_workshop_mission
from tests.test_suggestions import with_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(cast):
    return make_workshop_mission(cast)


def tokens_on(page: str) -> list[str]:
    return re.findall(r'name="profil" value="([^"]*)"', page)


def decodings(token: str) -> list[bytes]:
    """Everything a curious host could get out of the reference: base64 (any alphabet, any segment), then
    zlib, as Django's signed values are built."""
    found = []
    for segment in {token, *re.split(r"[:.]", token)}:
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                raw = decode(segment + "=" * (-len(segment) % 4))
            except (binascii.Error, ValueError):
                continue
            found.append(raw)
            with contextlib.suppress(zlib.error):
                found.append(zlib.decompress(raw))
    return found


def test_the_hosts_reference_decodes_to_nothing_about_the_person(cast, client_for, mission):
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    page = client_for(cast.users[Role.HOST]).get(f"/missions/{mission.pk}/suggestions/").content.decode()
    (token,) = tokens_on(page)
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # 256 random bits, url-safe
    assert ":" not in token  # not a Django signed value (payload:signature)
    for raw in decodings(token):
        assert b'"a":' not in raw and b'"m":' not in raw
        with pytest.raises(ValueError):  # never a JSON payload (json errors are ValueErrors)
            json.loads(raw)
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="passerelles.host-suggestion")
    # the same person gets unrelated references on another mission and for another host
    other = make_mission(cast.home, mission.host_unit, cast.agents[Role.HOST], status=MissionStatus.PUBLISHED)
    other.skills = mission.skills
    from passerelles.matching.services import host_refs

    second = host_refs(mission=other, host=cast.users[Role.HOST], agent_ids=[paul.pk])[paul.pk]
    assert second != token
    # reloading the page keeps the reference (no table growth on every view)
    again = client_for(cast.users[Role.HOST]).get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert tokens_on(again) == [token]
    assert HostSuggestionRef.objects.filter(mission=mission).count() == 1


def test_an_expired_reference_is_refused_and_nothing_is_written(cast, client_for, mission):
    with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    host = client_for(cast.users[Role.HOST])
    (token,) = tokens_on(host.get(f"/missions/{mission.pk}/suggestions/").content.decode())
    HostSuggestionRef.objects.filter(token=token).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    page = host.post(f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": token}, follow=True)
    assert "n&#x27;est plus valable" in page.content.decode()
    assert not Shortlist.objects.exists()
    assert not Notification.objects.filter(user=cast.users[Role.HR]).exists()


def test_a_reference_shown_to_another_host_is_refused(cast, client_for, mission):
    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    # the mission's author is a second host; the reference shown to them is theirs only
    author = make_agent(cast.home, "Alice", "Autrice")
    grant(author, cast.home, Role.HOST)
    mission.created_by = author.user
    mission.save()
    from passerelles.matching.services import host_refs

    theirs = host_refs(mission=mission, host=author.user, agent_ids=[paul.pk])[paul.pk]
    page = client_for(cast.users[Role.HOST]).post(
        f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": theirs}, follow=True
    )
    assert "n&#x27;est plus valable" in page.content.decode()
    assert not Shortlist.objects.exists()


@pytest.mark.parametrize(
    "forged",
    ["", "x" * 5000, "\x00", "%00", "é" * 50, "1", "eyJtIjoxLCJhIjoyfQ", signing.dumps({"m": 1, "a": 2})],
    # fixed ids: the signed value carries a timestamp, and every xdist worker must collect the same tests
    ids=["empty", "long", "nul", "percent-nul", "accents", "digit", "unsigned", "signed-elsewhere"],
)
def test_forged_references_are_refused_without_error(cast, client_for, mission, forged):
    response = client_for(cast.users[Role.HOST]).post(
        f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": forged}, follow=True
    )
    assert not Shortlist.objects.exists()
    if "\x00" in forged:  # refused at the boundary for every URL (core.middleware)
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert "n&#x27;est plus valable" in response.content.decode()


def test_the_host_learns_the_name_only_when_the_person_accepts_and_that_is_logged_on_their_profile(
    cast, client_for, mission
):
    from passerelles.engagements.models import Engagement

    paul = with_profile(cast.agents["agent"], ("skill", "Animation d'ateliers"))
    lina = with_profile(make_agent(cast.home, "Lina", "Autre"), ("skill", "Animation d'ateliers"))
    host_user = cast.users[Role.HOST]
    host = client_for(host_user)
    page = host.get(f"/missions/{mission.pk}/suggestions/").content.decode()
    assert len(tokens_on(page)) == 2
    ref = HostSuggestionRef.objects.get(mission=mission, agent=paul, created_for=host_user)
    host.post(f"/missions/{mission.pk}/suggestions/demande-rh/", {"profil": ref.token})
    assert not ProfileView.objects.filter(agent=paul).exists()  # asking HR names nobody
    hr = client_for(cast.users[Role.HR])
    hr.post(f"/agents/{paul.pk}/proposer/", {"mission": mission.pk})
    proposal = Engagement.objects.get(agent=paul, mission=mission)
    # a proposal is between HR and the person: the host neither sees it nor is told of a refusal
    assert host.get(f"/engagements/{proposal.pk}/").status_code == 404
    assert "Paul Agent" not in host.get(f"/missions/{mission.pk}/").content.decode()
    assert not ProfileView.objects.filter(agent=paul, viewer=host_user).exists()
    client_for(paul.user).post(f"/engagements/{proposal.pk}/action/", {"action": "accept_proposal"})
    view = ProfileView.objects.get(agent=paul, viewer=host_user)
    assert view.viewer_organisation == cast.home
    assert host.get(f"/engagements/{proposal.pk}/").status_code == 200
    profile_page = client_for(paul.user).get("/profil/").content.decode()
    assert "Hugo Accueil" in profile_page.split("Qui a consulté mon profil", 1)[1]
    # Lina was shown to the host too, but declines: nothing reaches the host, nothing is logged
    hr.post(f"/agents/{lina.pk}/proposer/", {"mission": mission.pk})
    declined = Engagement.objects.get(agent=lina, mission=mission)
    client_for(lina.user).post(
        f"/engagements/{declined.pk}/action/", {"action": "withdraw", "comment": "Pas le moment pour moi"}
    )
    declined.refresh_from_db()
    assert declined.state == "withdrawn"
    assert host.get(f"/engagements/{declined.pk}/").status_code == 404
    assert "Lina" not in host.get(f"/missions/{mission.pk}/").content.decode()
    assert not Notification.objects.filter(user=host_user, subject__contains="Lina").exists()
    assert not ProfileView.objects.filter(agent=lina, viewer=host_user).exists()
    # a person the host was never shown is not logged as seen by the host, even after accepting
    other = with_profile(make_agent(cast.home, "Nora", "Jamais"))
    hr.post(f"/agents/{other.pk}/proposer/", {"mission": mission.pk})
    accepted = Engagement.objects.get(agent=other, mission=mission)
    client_for(other.user).post(f"/engagements/{accepted.pk}/action/", {"action": "accept_proposal"})
    assert not ProfileView.objects.filter(agent=other, viewer=host_user).exists()
    assert ProfileView.objects.filter(viewer=host_user).count() == 1


# --- No staff list in any form: the project lead is searched, never listed -------------------------------


def search_url(cast, org=None):
    return f"/organisations/{(org or cast.home).slug}/personnes/recherche/"


def found(client, cast, q, org=None):
    response = client.get(search_url(cast, org), {"q": q})
    assert response.status_code == 200, response.status_code
    return response.json()["suggestions"]


@pytest.fixture
def hidden_person(cast):
    """A colleague who chose « personne »: she appears in no search."""
    return with_profile(
        make_agent(cast.home, "Ombeline", "Discrète", job_title="Archiviste"), visibility="nobody"
    )


@pytest.mark.parametrize("role", [Role.HOST, Role.MANAGER, Role.HR])
def test_the_mission_form_lists_nobody(cast, client_for, hidden_person, role):
    from passerelles.people.models import Agent

    page = client_for(cast.users[role]).get("/missions/nouvelle/").content.decode()
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    names = [a.last_name for a in Agent.objects.all()] + [a.full_name for a in Agent.objects.all()]
    assert [o for o in options if any(name in o for name in names)] == []
    assert "Discrète" not in page and "Ombeline" not in page and "Archiviste" not in page
    assert 'name="project_lead_recherche"' in page and 'role="combobox"' in page
    assert "Paul Agent" not in page and "Sophie Signe" not in page  # colleagues are not on the page


def test_the_search_never_offers_someone_who_chose_personne(cast, client_for, hidden_person):
    for role in (Role.HOST, Role.MANAGER, Role.HR):
        client = client_for(cast.users[role])
        assert found(client, cast, "Ombeline") == []
        assert found(client, cast, "Discrète") == []
        assert found(client, cast, hidden_person.email) == []
    # she still finds herself, if she drafts a mission (she has the host role)
    grant(hidden_person, cast.home, Role.HOST)
    assert [p["label"] for p in found(client_for(hidden_person.user), cast, "Ombeline")] == [
        "Ombeline Discrète"
    ]


def test_the_search_is_scoped_to_the_organisation_and_to_who_may_draft(cast, client_for):
    from tests.cast import MARKER

    hr = client_for(cast.users[Role.HR])
    assert found(hr, cast, MARKER[:5]) == [] and found(hr, cast, "Zack") == []
    partner_person = make_agent(cast.partner, "Zelda", "Partenaire")
    assert found(hr, cast, "Zelda") == [] and partner_person.pk
    # another organisation's search page: 404 (as if it did not exist)
    assert hr.get(search_url(cast, cast.outsider), {"q": "Zack"}).status_code == 404
    assert hr.get(search_url(cast, cast.partner), {"q": "Zelda"}).status_code == 403
    # a plain agent searches the colleagues of their own organisation only (to choose their personne relais),
    # names and units, never a job title; another organisation's search stays closed to them
    agent = client_for(cast.users[Role.AGENT])
    assert (
        found(agent, cast, "Hugo")
        and found(agent, cast, MARKER[:5]) == []
        and found(agent, cast, "Zelda") == []
    )
    assert agent.get(search_url(cast, cast.partner), {"q": "Zelda"}).status_code == 403
    assert client_for(None).get(search_url(cast), {"q": "Hugo"}).status_code == 302


def test_the_search_gives_few_results_from_three_letters_and_job_titles_only_to_whom_may_see(
    cast, client_for
):
    for i in range(15):
        make_agent(cast.home, f"Camille{i:02d}", "Martin", job_title="Jardinier")
    host = client_for(cast.users[Role.HOST])
    assert found(host, cast, "Ma") == []  # two letters: nothing
    results = found(host, cast, "Martin")
    assert len(results) == 10
    assert all("Jardinier" not in r["detail"] for r in results)  # the host may not see their records
    hr_results = found(client_for(cast.users[Role.HR]), cast, "Martin")
    assert len(hr_results) == 10 and all("Jardinier" in r["detail"] for r in hr_results)
    # a manager sees the job title of their own team only
    manager = client_for(cast.users[Role.MANAGER])
    (paul,) = found(manager, cast, "Paul Agent")
    assert "Gestionnaire" in paul["detail"]
    (hugo,) = found(manager, cast, "Hugo")
    assert "Gestionnaire" not in hugo["detail"]


def test_the_search_names_the_unit_once(cast, client_for):
    from passerelles.organisations.models import OrgUnit

    unit = OrgUnit.objects.create(organisation=cast.home, name="Médiathèque", code="MED")
    make_agent(cast.home, "Marthe", "Besnard", unit=unit, job_title="Responsable d'équipe — Médiathèque")
    (marthe,) = found(client_for(cast.users[Role.HR]), cast, "Besnard")
    assert marthe["detail"] == "Responsable d'équipe — Médiathèque"
    (seen_by_host,) = found(client_for(cast.users[Role.HOST]), cast, "Besnard")
    assert seen_by_host["detail"] == "Médiathèque"


@pytest.mark.parametrize(
    "q",
    [
        "",
        " ",
        "%00",
        "\x00",
        "\x00\x00abc",
        "a" * 100_000,
        "é" * 300,
        "Zoë 🙂 Ñ",
        "' OR 1=1 --",
        "%",
        "_",
        "\\",
    ],
)
def test_hostile_queries_never_break_the_search(cast, client_for, q):
    response = client_for(cast.users[Role.HR]).get(search_url(cast), {"q": q})
    if "\x00" in q:  # refused at the boundary for every URL (core.middleware), never a 500
        assert response.status_code == 400
        return
    assert response.status_code == 200
    assert len(response.json()["suggestions"]) <= 10
    response = client_for(cast.users[Role.HR]).get(search_url(cast) + "?q=%FF%FE&q=%C3")
    assert response.status_code == 200
    assert client_for(cast.users[Role.HR]).get(search_url(cast) + "?q=%00").status_code == 400


def test_a_forged_project_lead_is_refused_and_nothing_is_written(cast, client_for, hidden_person):
    from passerelles.missions.models import Mission
    from tests.test_missions import form_data

    host = client_for(cast.users[Role.HOST])
    for forged in (cast.outsider_agent.pk, hidden_person.pk, "abc", "99999999", "1" * 40):
        response = host.post("/missions/nouvelle/", form_data(cast, project_lead=forged))
        assert response.status_code == 200
        assert "Cette personne ne peut pas être choisie ici" in response.content.decode()
    assert not Mission.objects.filter(title="Animation d'ateliers numériques").exists()


def test_without_javascript_the_typed_name_is_resolved(cast, client_for, hidden_person):
    from passerelles.missions.models import Mission
    from tests.test_missions import form_data

    host = client_for(cast.users[Role.HOST])
    data = form_data(cast, project_lead="", project_lead_recherche="Paul Agent")
    assert host.post("/missions/nouvelle/", data).status_code == 302
    assert Mission.objects.get(title="Animation d'ateliers numériques").project_lead == cast.agents["agent"]
    # a stale hidden id with another name typed over it: the name wins
    data = form_data(
        cast, title="Deux", project_lead=cast.agents["agent"].pk, project_lead_recherche="Rita Ressources"
    )
    host.post("/missions/nouvelle/", data)
    assert Mission.objects.get(title="Deux").project_lead == cast.agents[Role.HR]
    make_agent(cast.home, "Paula", "Agentine")
    page = host.post(
        "/missions/nouvelle/", form_data(cast, title="Trois", project_lead="", project_lead_recherche="Paul")
    )
    assert "Plusieurs personnes correspondent" in page.content.decode()
    page = host.post(
        "/missions/nouvelle/",
        form_data(cast, title="Trois", project_lead="", project_lead_recherche="Ombeline Discrète"),
    )
    assert "Personne ne correspond" in page.content.decode()
    page = host.post("/missions/nouvelle/", form_data(cast, title="Trois", project_lead=""))
    assert "Cherchez la personne par son nom" in page.content.decode()
    assert not Mission.objects.filter(title="Trois").exists()


def test_an_existing_project_lead_who_chose_personne_stays_valid_on_edit(cast, client_for, hidden_person):
    from tests.test_missions import form_data

    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, hidden_person, title="Archives")
    mission.created_by = lead.user
    mission.save()
    host = client_for(lead.user)
    page = host.get(f"/missions/{mission.pk}/modifier/").content.decode()
    assert 'value="Ombeline Discrète"' in page  # already named on the mission
    response = host.post(
        f"/missions/{mission.pk}/modifier/", form_data(cast, title="Archives", project_lead=hidden_person.pk)
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.project_lead == hidden_person
