"""The REST API v1: keys, tenancy on every endpoint, a read key never writes, the SIRH push, errors, limits."""

import json
import re

import pytest
from django.urls import reverse

from passerelles.access.models import Role
from passerelles.api.models import ApiKey, KeyScope
from passerelles.api.v1 import api
from passerelles.people.models import Agent
from tests.api_helpers import bearer, make_key
from tests.cast import MARKER, build_cast, make_engagement, make_workshop_mission
from tests.once import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """The cast, built once for the module (each test's changes are rolled back after it)."""
    yield from built_once(django_db_blocker, build_cast)


# path parameter → the outsider's object of the same kind (the attack: another organisation's ids)
OUTSIDER_IDS = {
    "organisation_id": lambda cast: cast.outsider.pk,
    "unit_id": lambda cast: cast.outsider_unit.pk,
    "site_id": lambda cast: cast.outsider_agent.site_id,
    "agent_id": lambda cast: cast.outsider_agent.pk,
    "mission_id": lambda cast: cast.outsider_mission.pk,
    "engagement_id": lambda cast: cast.outsider_engagement.pk,
    "import_id": lambda cast: cast.outsider_import.pk,
}
OWN_IDS = {
    "organisation_id": lambda cast: cast.home.pk,
    "unit_id": lambda cast: cast.agents[Role.AGENT].unit_id,
    "site_id": lambda cast: cast.agents[Role.AGENT].site_id,
    "agent_id": lambda cast: cast.agents[Role.AGENT].pk,
    "mission_id": lambda cast: _home_engagement(cast).mission_id,
    "engagement_id": lambda cast: _home_engagement(cast).pk,
    "import_id": lambda cast: _home_import(cast).pk,
}


def _home_import(cast):
    from passerelles.people.models import AgentImport

    return AgentImport.objects.create(organisation=cast.home, filename="export.csv")


def _home_engagement(cast):
    """An engagement of a home agent on a home mission (made once per test)."""
    from passerelles.engagements.models import Engagement

    found = Engagement.objects.filter(agent__organisation=cast.home).order_by("pk").first()
    return found or make_engagement(cast.agents[Role.AGENT], make_workshop_mission(cast), "agreements")


def _operations(method: str):
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, operations in schema["paths"].items():
        if method in operations:
            yield path, re.findall(r"{(\w+)}", path)


def _fill(path: str, params, values, cast) -> str:
    for name in params:
        value = values[name](cast) if name in values else "flux"  # an indicator's slug
        path = path.replace("{" + name + "}", str(value))
    return path


def test_every_endpoint_refuses_another_organisations_objects(cast, client):
    """Each GET with an id, given the outsider's object, answers 404 to a home key — and 200 for the home's own
    object (so that the refusal is the scope's doing, not a broken endpoint). Lists never show the outsider."""
    _key, plain = make_key(cast.home)
    checked = 0
    for path, params in _operations("get"):
        if path.endswith("openapi.json") or path.endswith("/docs"):
            continue
        if not params:
            response = client.get(path, **bearer(plain))
            assert response.status_code == 200, path
            assert MARKER not in response.content.decode(), path
            continue
        if params == ["slug"]:
            continue  # the dashboard's tables: always the key's own organisation (checked below)
        foreign = client.get(_fill(path, params, OUTSIDER_IDS, cast), **bearer(plain))
        assert foreign.status_code in (403, 404), path
        assert MARKER not in foreign.content.decode(), path
        own = client.get(_fill(path, params, OWN_IDS, cast), **bearer(plain))
        assert own.status_code == 200, (path, own.content)
        checked += 1
    assert checked >= 6


def test_the_outsiders_key_reads_nothing_of_home(cast, client):
    _key, plain = make_key(cast.outsider)
    agents = client.get("/api/v1/agents?limit=200", **bearer(plain)).json()["results"]
    assert agents and {a["organisation_id"] for a in agents} == {cast.outsider.pk}
    engagement = _home_engagement(cast)
    assert client.get(f"/api/v1/engagements/{engagement.pk}", **bearer(plain)).status_code == 404
    table = client.get("/api/v1/indicators/engagements?periode=tout", **bearer(plain)).json()
    assert "Alpha" not in json.dumps(table)


def test_a_read_key_cannot_write(cast, client):
    _key, plain = make_key(cast.home, KeyScope.READ)
    before = Agent.objects.count()
    line = {
        "matricule": "N1",
        "last_name": "Neuf",
        "first_name": "Anne",
        "category": "A",
        "status": "titulaire",
    }
    response = client.post(
        "/api/v1/agents/bulk", {"agents": [line]}, content_type="application/json", **bearer(plain)
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_key"
    assert Agent.objects.count() == before
    # every writing operation of the document, whatever its body: refused before it is read
    writes = [
        (method, path) for method in ("post", "put", "patch", "delete") for path, _ in _operations(method)
    ]
    assert len(writes) >= 3
    for method, path in writes:
        path = path.replace("{import_id}", str(_home_import(cast).pk))
        response = getattr(client, method)(path, {}, **bearer(plain))
        assert response.status_code == 403 and response.json()["code"] == "read_only_key", path
    assert Agent.objects.count() == before


def _push(client, plain, lines, **options):
    return client.post(
        "/api/v1/agents/bulk",
        {"agents": lines, **options},
        content_type="application/json",
        **bearer(plain),
    )


LINES = [
    {
        "matricule": "S1",
        "last_name": "Sirh",
        "first_name": "Un",
        "category": "A",
        "status": "titulaire",
        "direction": "Direction des sports",
        "service": "Piscines",
        "email": "un@alpha.test",
    },
    {
        "matricule": "S2",
        "last_name": "Sirh",
        "first_name": "Deux",
        "category": "B",
        "status": "contractuel",
        "manager": "S1",
        "direction": "Direction des sports",
        "service": "Piscines",
    },
    {"matricule": "S3", "last_name": "Sirh", "first_name": "Trois", "category": "C", "status": "titulaire"},
]


def test_the_sirh_push_same_twice_changes_nothing_and_removal_deactivates(cast, client):
    _key, plain = make_key(cast.home, KeyScope.WRITE)
    first = _push(client, plain, LINES).json()
    assert (first["created"], first["updated"], first["dry_run"]) == (3, 0, False)
    two = Agent.objects.get(organisation=cast.home, matricule="S2")
    assert two.manager.matricule == "S1" and two.unit.name == "Piscines"
    again = _push(client, plain, LINES).json()
    assert (again["created"], again["updated"], again["deactivated"], again["unchanged"]) == (0, 0, 0, 3)
    # a full export without S3: S3 is deactivated, never deleted; the others of the organisation too
    full = LINES[:2]
    preview = _push(client, plain, full, full=True, dry_run=True).json()
    assert preview["dry_run"] and preview["deactivated"] >= 1
    assert Agent.objects.get(organisation=cast.home, matricule="S3").is_active  # a dry run writes nothing
    applied = _push(client, plain, full, full=True).json()
    assert applied["deactivated"] == preview["deactivated"]
    three = Agent.objects.get(organisation=cast.home, matricule="S3")
    assert not three.is_active and three.deactivated_at is not None
    history = Agent.history.filter(id=three.pk).order_by("-history_date").first()
    assert history.history_user.api_key.name == "SIRH"  # the audit trail names the key


def test_the_sirh_push_refuses_a_bad_file_whole(cast, client):
    _key, plain = make_key(cast.home, KeyScope.WRITE)
    before = Agent.objects.count()
    bad = [LINES[0], {**LINES[1], "category": "Z"}, {**LINES[2], "matricule": "S1"}]
    response = _push(client, plain, bad)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_lines" and "rien n'a été importé" in body["message"]
    assert {e["field"].split(".")[1] for e in body["errors"]} == {"1", "2"}
    assert Agent.objects.count() == before
    # a body that is not what the schema says: 422 in French, nothing written
    for payload in ({"agents": "nope"}, {"agents": [{"matricule": "X"}]}, {}):
        response = client.post(
            "/api/v1/agents/bulk", payload, content_type="application/json", **bearer(plain)
        )
        assert response.status_code == 422 and response.json()["code"] == "invalid"
    response = client.post(
        "/api/v1/agents/bulk", "{pas du json", content_type="application/json", **bearer(plain)
    )
    assert response.status_code in (400, 422)
    assert Agent.objects.count() == before


def test_keys_are_hashed_named_revocable_and_show_their_last_use(cast, client_for):
    admin = cast.users[Role.ADMIN]
    page = client_for(admin)
    url = reverse("api_keys", kwargs={"org_slug": cast.home.slug})
    response = page.post(url, {"name": "  Décisionnel  ", "scope": "read"}, follow=True)
    assert response.redirect_chain[0][1] == 302  # Post/Redirect/Get: a reload never makes a second key
    plain = re.search(r'value="(psl_[0-9a-f]{8}_[A-Za-z0-9_-]+)"', response.content.decode()).group(1)
    key = ApiKey.objects.get(organisation=cast.home)
    assert key.name == "Décisionnel" and plain not in key.key_hash and key.last_used_at is None
    assert plain not in page.get(url).content.decode()  # shown once
    api_client = client_for(None)
    assert api_client.get("/api/v1/missions", **bearer(plain)).status_code == 200
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert "jamais" not in page.get(url).content.decode().split(key.prefix)[1].split("</section>")[0]
    revoke = reverse("api_key_revoke", kwargs={"org_slug": cast.home.slug, "key_id": key.pk})
    assert "Révoquer la clé" in page.get(revoke).content.decode()  # a confirmation first
    assert page.post(revoke).status_code == 302
    assert api_client.get("/api/v1/missions", **bearer(plain)).status_code == 401
    # wrong inputs: no name, an unknown right — nothing made
    for data in ({"name": "   ", "scope": "read"}, {"name": "X", "scope": "root"}):
        assert page.post(url, data).status_code == 200
    assert ApiKey.objects.count() == 1


def test_only_the_organisations_administrators_manage_keys(cast, client_for):
    key, _plain = make_key(cast.home)
    url = reverse("api_keys", kwargs={"org_slug": cast.home.slug})
    revoke = reverse("api_key_revoke", kwargs={"org_slug": cast.home.slug, "key_id": key.pk})
    for role in (Role.HR, Role.AGENT, Role.SIGNATORY):
        client = client_for(cast.users[role])
        assert client.get(url).status_code in (403, 404)
        assert client.post(revoke).status_code in (403, 404)
    assert ApiKey.objects.get(pk=key.pk).revoked_at is None
    outsider_key, _ = make_key(cast.outsider)
    admin = client_for(cast.users[Role.ADMIN])
    foreign = reverse("api_key_revoke", kwargs={"org_slug": cast.home.slug, "key_id": outsider_key.pk})
    assert admin.post(foreign).status_code == 404
    assert ApiKey.objects.get(pk=outsider_key.pk).revoked_at is None


def test_errors_are_one_shape_in_french_or_english(cast, client):
    french = client.get("/api/v1/agents", HTTP_AUTHORIZATION="Bearer psl_00000000_nope")
    english = client.get(
        "/api/v1/agents", HTTP_AUTHORIZATION="Bearer psl_00000000_nope", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert french.status_code == english.status_code == 401
    assert french.json()["code"] == english.json()["code"] == "unauthenticated"
    assert "Clé d'API" in french.json()["message"] and "API key" in english.json()["message"]
    _key, plain = make_key(cast.home)
    bad = client.get("/api/v1/agents?limit=0&cursor=zz", **bearer(plain, HTTP_ACCEPT_LANGUAGE="en"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "limit" and "small" in bad.json()["errors"][0]["message"]
    assert (
        client.get("/api/v1/agents?cursor=YXByZXM6YWJj", **bearer(plain)).status_code == 422
    )  # « apres:abc »
    assert (
        client.get(
            "/api/v1/indicators?periode=dates&du=2026-05-01&au=2026-01-01", **bearer(plain)
        ).status_code
        == 422
    )
    assert client.get("/api/v1/indicators/inconnu", **bearer(plain)).json()["code"] == "not_found"


def test_cursor_pages_walk_every_row_once(cast, client):
    _key, plain = make_key(cast.home)
    seen, cursor = [], None
    while True:
        query = "/api/v1/agents?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(query, **bearer(plain)).json()
        seen += [a["id"] for a in body["results"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(set(seen))
    assert len(seen) == Agent.objects.filter(organisation=cast.home).count()


def test_each_key_has_its_rate_and_wrong_keys_cost_time(cast, client, settings):
    settings.API_RATE_LIMIT = "3/min"
    _key, plain = make_key(cast.home)
    _other, other_plain = make_key(cast.home, name="Autre")
    answers = [client.get("/api/v1/units", **bearer(plain)).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    throttled = client.get("/api/v1/units", **bearer(plain))
    assert throttled.json()["code"] == "throttled" and int(throttled["Retry-After"]) >= 1
    assert client.get("/api/v1/units", **bearer(other_plain)).status_code == 200  # its own budget
    settings.API_FAILED_KEYS_PER_MINUTE = 2
    wrong = [
        client.get("/api/v1/units", HTTP_AUTHORIZATION="Bearer psl_12345678_x").status_code for _ in range(3)
    ]
    assert wrong == [401, 401, 429]


def test_the_openapi_document_and_its_documentation_need_no_key(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    assert "/api/v1/agents/bulk" in schema.json()["paths"]
    docs = client.get("/api/v1/docs")
    assert (
        docs.status_code == 200
        and b"swagger-ui-bundle.js" in docs.content
        and b"cdn" not in docs.content.lower()
    )


CSV = "matricule;nom;prénom;catégorie;statut;direction;service\n{lines}"
CSV_LINES = [
    "F1;Fichier;Un;A;titulaire;Direction des sports;Piscines",
    "F2;Fichier;Deux;B;titulaire;;",
    "F3;Fichier;Trois;C;contractuel;;",
]


def _push_file(client, plain, lines, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.csv", CSV.format(lines="\n".join(lines)).encode("utf-8"), "text/csv")
    return client.post("/api/v1/imports", {"file": upload, **fields}, **bearer(plain))


def test_the_sirh_file_push_has_the_import_pages_preview_apply_and_history(cast, client):
    from passerelles.people.models import AgentImport

    _key, plain = make_key(cast.home, KeyScope.WRITE)
    preview = _push_file(client, plain, CSV_LINES, full="false").json()
    assert (preview["status"], preview["to_create"], preview["source"]) == ("checked", 3, "api")
    assert not Agent.objects.filter(matricule="F1").exists()  # a preview writes no agent
    applied = client.post(f"/api/v1/imports/{preview['id']}/apply", **bearer(plain)).json()
    assert (
        applied["status"] == "applied"
        and Agent.objects.filter(organisation=cast.home, matricule__startswith="F").count() == 3
    )
    assert (
        client.post(f"/api/v1/imports/{preview['id']}/apply", **bearer(plain)).status_code == 422
    )  # not twice
    again = _push_file(client, plain, CSV_LINES, full="false", apply="true").json()
    assert (again["status"], again["to_create"], again["to_update"], again["to_deactivate"]) == (
        "applied",
        0,
        0,
        0,
    )
    full = _push_file(client, plain, CSV_LINES[:2], full="true", apply="true").json()
    assert full["status"] == "applied" and full["to_deactivate"] >= 1
    gone = Agent.objects.get(organisation=cast.home, matricule="F3")
    assert not gone.is_active  # deactivated, never deleted
    assert AgentImport.objects.filter(organisation=cast.home, source="api").count() == 3
    listed = client.get("/api/v1/imports", **bearer(plain)).json()["results"]
    assert {row["id"] for row in listed} >= {preview["id"], again["id"], full["id"]}
    broken = _push_file(client, plain, ["F9;;;Z;titulaire;;"], full="false", apply="true").json()
    assert (
        broken["status"] == "invalid"
        and broken["errors"]
        and not Agent.objects.filter(matricule="F9").exists()
    )
    read_key = make_key(cast.home, KeyScope.READ)[1]
    assert _push_file(client, read_key, CSV_LINES, full="false").status_code == 403


def test_what_docs_api_promises_is_left_out(cast, client):
    """docs/api.md: no comment in a timeline (a reason may be for HR only), no gender nor year of birth, no
    partner's SIRET, no document content."""
    from passerelles.engagements.models import EngagementEvent

    engagement = _home_engagement(cast)
    EngagementEvent.objects.create(
        engagement=engagement,
        action="decline",
        from_state="agreements",
        to_state="declined",
        comment="Raison RH",
    )
    type(cast.partner).objects.filter(pk=cast.partner.pk).update(siret="21380185500015")
    Agent.objects.filter(pk=cast.agents[Role.AGENT].pk).update(gender="F", birth_year=1980)
    _key, plain = make_key(cast.home)
    detail = client.get(f"/api/v1/engagements/{engagement.pk}", **bearer(plain)).json()
    assert detail["timeline"] and "Raison RH" not in json.dumps(detail)
    assert all(set(event) == {"action", "from_state", "to_state", "at"} for event in detail["timeline"])
    agent = client.get(f"/api/v1/agents/{cast.agents[Role.AGENT].pk}", **bearer(plain)).json()
    assert "gender" not in agent and "birth_year" not in agent and "1980" not in json.dumps(agent)
    partner = client.get(f"/api/v1/organisations/{cast.partner.pk}", **bearer(plain)).json()
    assert partner["own"] is False and partner["siret"] == ""
