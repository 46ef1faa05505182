"""SIRH synchronisation (issue 20): the same file twice changes nothing, a removed agent is deactivated, the
drop folder skips what it already processed and files each export, the directory fills only what is missing,
and the settings page takes a folder's name, never a path."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from passerelles.access.models import Role
from passerelles.notifications.models import Notification
from passerelles.people import directory_lookup
from passerelles.people.models import Agent, AgentImport, SirhSync
from passerelles.people.sirh.drop_folder import run, validate_folder_name
from passerelles.people.sirh.sync import sync_file
from tests.test_sirh_import import ROWS, csv_bytes

pytestmark = pytest.mark.django_db


def push(org, data, *, apply=True, full=True, name="export.csv"):
    return sync_file(org, name, data, full=full, apply=apply, source="api")


def counts(agent_import):
    return (agent_import.to_create, agent_import.to_update, agent_import.to_deactivate)


def test_the_same_file_pushed_twice_changes_nothing_the_second_time(cast):
    org = cast.partner
    first = push(org, csv_bytes())
    assert (first.status, counts(first), first.source) == ("applied", (3, 0, 0), "api")
    history = Agent.history.filter(organisation=org).count()
    second = push(org, csv_bytes())
    assert (second.status, counts(second), second.unchanged) == ("applied", (0, 0, 0), 3)
    assert Agent.history.filter(organisation=org).count() == history  # not one write
    assert second.sha256 == first.sha256 and len(first.sha256) == 64


def test_a_removed_agent_is_deactivated_never_deleted(cast):
    org = cast.partner
    push(org, csv_bytes())
    removed = push(org, csv_bytes(rows=[ROWS[0], ROWS[2]]))
    assert (removed.status, counts(removed)) == ("applied", (0, 0, 1))
    noe = Agent.objects.get(organisation=org, matricule="M003")
    assert not noe.is_active
    partial = push(org, csv_bytes(rows=[ROWS[0]]), full=False)  # a partial export deactivates nobody
    assert (
        counts(partial) == (0, 0, 0) and Agent.objects.filter(organisation=org, is_active=True).count() == 2
    )


def test_a_check_with_errors_is_never_applied_and_a_wrong_file_is_refused(cast):
    org = cast.partner
    bad = push(org, csv_bytes(rows=[*ROWS, ROWS[0]]))  # a duplicate matricule
    assert bad.status == "invalid" and "en double" in bad.errors[0][2]
    assert not Agent.objects.filter(organisation=org).exists()
    wrong = push(org, b"\x00MZ", name="../../etc/rapport.exe")
    assert (wrong.status, wrong.filename, bool(wrong.file)) == ("invalid", "rapport.exe", False)
    assert "CSV ou Excel" in wrong.errors[0][2]
    waiting = push(org, csv_bytes(), apply=False)
    assert waiting.status == "checked" and not Agent.objects.filter(organisation=org).exists()
    newer = push(org, csv_bytes(rows=ROWS[:1]), apply=False)  # a newer export replaces the waiting preview
    waiting.refresh_from_db()
    assert (waiting.status, newer.status) == ("discarded", "checked")


# ---- the drop folder ----


@pytest.fixture
def drop(settings, tmp_path):
    settings.SIRH_DROP_ROOT = str(tmp_path)
    settings.SIRH_SETTLE_SECONDS = 0
    folder = tmp_path / "ville-alpha"
    folder.mkdir()
    return folder


def drop_file(folder, name, data, age=120):
    path = folder / name
    path.write_bytes(data)
    past = path.stat().st_mtime - age
    os.utime(path, (past, past))
    return path


def test_the_drop_folder_checks_the_newest_file_tells_hr_and_skips_it_the_second_time(cast, drop):
    org = cast.home
    hr = cast.users[Role.HR]
    SirhSync.objects.create(organisation=org, enabled=True, folder="ville-alpha")
    drop_file(drop, "ancien.csv", csv_bytes(rows=ROWS[:1]), age=600)
    drop_file(drop, "export-lundi.csv", csv_bytes())
    [outcome] = run(organisation=org)
    agent_import = AgentImport.objects.get(organisation=org)
    assert (agent_import.source, agent_import.status, agent_import.filename) == (
        "folder",
        "checked",
        "export-lundi.csv",
    )
    assert not Agent.objects.filter(organisation=org, matricule="M001").exists()  # waits for HR's word
    assert "l'aperçu attend votre accord" in outcome.result and "1 fichier plus ancien" in outcome.result
    assert sorted(p.name.split("-", 2)[2] for p in (drop / "traites").iterdir()) == [
        "ancien.csv",
        "export-lundi.csv",
    ]
    assert not list(drop.glob("*.csv"))
    notice = Notification.objects.get(user=hr, subject__contains="attend votre accord")
    assert notice.url == f"/imports/{agent_import.pk}/" and notice.action_needed
    sync = SirhSync.objects.get(organisation=org)
    assert sync.last_import == agent_import and sync.last_run_at and sync.claimed_until is None
    # The same export dropped again under another name: skipped, filed, nothing recorded.
    drop_file(drop, "export-mardi.csv", csv_bytes())
    [again] = run(organisation=org)
    assert "déjà traité" in again.result and AgentImport.objects.filter(organisation=org).count() == 1
    assert len(list((drop / "traites").iterdir())) == 3
    # The page of the import says where it came from, the settings page shows the run.
    page = client_page(cast, f"/imports/{agent_import.pk}/")
    assert "Dossier de dépôt (synchronisation)" in page
    assert "déjà traité" in client_page(cast, f"/organisations/{org.slug}/import/synchronisation/")


def client_page(cast, url):
    from django.test import Client

    client = Client()
    client.force_login(cast.users[Role.HR])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_broken_file_is_an_import_in_error_filed_in_erreurs(cast, drop, settings):
    org = cast.home
    SirhSync.objects.create(organisation=org, enabled=True, folder="ville-alpha", auto_apply=True)
    drop_file(drop, "export.xlsx", b"PK\x03\x04 ceci n'est pas un classeur")
    drop_file(drop, "en-cours.csv", csv_bytes(), age=-30)  # still arriving: left for the next run
    settings.SIRH_SETTLE_SECONDS = 10
    call_command("sync_sirh", "--org", org.slug)
    agent_import = AgentImport.objects.get(organisation=org)
    assert agent_import.status == "invalid" and agent_import.errors
    assert [p.name.split("-", 2)[2] for p in (drop / "erreurs").iterdir()] == ["export.xlsx"]
    assert [p.name for p in drop.glob("*.csv")] == ["en-cours.csv"]
    assert Notification.objects.filter(
        user=cast.users[Role.HR], subject__contains="n'a pas pu être importé"
    ).exists()


def test_auto_apply_applies_a_clean_check(cast, drop):
    org = cast.partner
    SirhSync.objects.create(organisation=org, enabled=True, folder="ville-alpha", auto_apply=True)
    drop_file(drop, "export.csv", csv_bytes())
    [outcome] = run(organisation=org)
    assert "appliqué : 3 créé(s)" in outcome.result
    assert Agent.objects.filter(organisation=org, is_active=True).count() == 3


@pytest.mark.parametrize(
    "name",
    ["..", "../autre", "/etc", "\\\\serveur\\partage", "C:\\sirh", "a/b", ".cache", "éte", "x" * 101, "a b"],
)
def test_a_folder_is_a_name_never_a_path(name):
    with pytest.raises(ValidationError):
        validate_folder_name(name)


def test_the_run_never_leaves_the_root(cast, drop, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-dehors"
    outside.mkdir()
    drop_file(outside, "secret.csv", csv_bytes())
    (tmp_path / "lien").symlink_to(outside)  # a folder that is a link out of the root
    SirhSync.objects.create(organisation=cast.home, enabled=True, folder="lien")
    (drop / "lien.csv").symlink_to(outside / "secret.csv")  # a file that is a link
    SirhSync.objects.create(organisation=cast.partner, enabled=True, folder="ville-alpha")
    results = {o.organisation.slug: o.result for o in run()}
    assert "Aucun dossier de dépôt utilisable" in results[cast.home.slug]
    assert results[cast.partner.slug] == "Aucun nouveau fichier."
    assert not AgentImport.objects.filter(organisation__in=[cast.home, cast.partner]).exists()
    assert (outside / "secret.csv").exists()


# ---- the directory (LDAP), with ldap3's in-memory server ----

BASE = "dc=ville,dc=fr"


def mock_directory():
    from ldap3 import MOCK_SYNC, Connection, Server

    connection = Connection(
        Server("annuaire"), user=f"cn=passerelles,{BASE}", password="secret", client_strategy=MOCK_SYNC
    )
    strategy = connection.strategy
    strategy.add_entry(f"cn=passerelles,{BASE}", {"userPassword": "secret", "objectClass": "person"})
    strategy.add_entry(
        f"cn=Helene Durand,ou=agents,{BASE}",
        {"objectClass": "person", "employeeID": "M001", "mail": "h.durand@annuaire.fr"},
    )
    strategy.add_entry(
        f"cn=Etienne Martin,ou=agents,{BASE}",
        {"objectClass": "person", "employeeID": "M002", "manager": f"cn=Helene Durand,ou=agents,{BASE}"},
    )
    strategy.add_entry(
        f"cn=Noe Petit,ou=agents,{BASE}",
        {"objectClass": "person", "employeeID": "M003", "mail": "Noe.Petit@Annuaire.fr"},
    )
    connection.bind()
    return connection


@pytest.fixture
def directory(settings, monkeypatch):
    settings.LDAP_URL = "ldap://annuaire.invalid"
    settings.LDAP_BASE_DN = BASE
    monkeypatch.setattr(directory_lookup, "open_connection", lambda config: mock_directory())


def test_the_directory_fills_missing_emails_and_managers_and_never_overwrites(cast, directory):
    org = cast.partner
    SirhSync.objects.create(organisation=org, use_directory=True)
    rows = [ROWS[0], ROWS[1], ROWS[2].replace(";M001;", ";;")]  # M002 without manager, M003 without e-mail
    first = push(org, csv_bytes(rows=rows))
    assert (
        first.status == "applied"
        and "1 adresse e-mail et 1 responsable complétés" in first.preview["notes"][0]
    )
    agents = {a.matricule: a for a in Agent.objects.filter(organisation=org).select_related("manager")}
    assert agents["M003"].email == "noe.petit@annuaire.fr"
    assert agents["M001"].email == "helene.durand@ville.fr"  # the file's value stays
    assert agents["M002"].manager.matricule == "M001"
    second = push(org, csv_bytes(rows=rows))
    assert (second.status, counts(second)) == ("applied", (0, 0, 0))


def test_a_directory_that_does_not_answer_leaves_the_sync_going(cast, settings):
    settings.LDAP_URL = "ldap://127.0.0.1:9"  # nothing listens there: refused at once
    settings.LDAP_BASE_DN = BASE
    settings.LDAP_TIMEOUT = 1
    org = cast.partner
    SirhSync.objects.create(organisation=org, use_directory=True)
    result = push(org, csv_bytes())
    assert (result.status, counts(result)) == ("applied", (3, 0, 0))
    assert "n'a pas pu être consulté" in result.preview["notes"][0]
    assert Agent.objects.get(organisation=org, matricule="M003").email == ""


# ---- the settings page ----


def test_the_settings_page_hr_and_administrators_only_with_a_name_never_a_path(cast, client_for):
    url = f"/organisations/{cast.home.slug}/import/synchronisation/"
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.SIGNATORY):
        assert client_for(cast.users[role]).get(url).status_code in (403, 404)
    assert client_for(cast.users[Role.HR]).get(
        f"/organisations/{cast.outsider.slug}/import/synchronisation/"
    ).status_code in (403, 404)
    hr = client_for(cast.users[Role.HR])
    for bad, message in [
        ({"enabled": "on", "folder": "../../etc"}, "sans « .. »"),
        ({"enabled": "on", "folder": "/var/sftp"}, "pas un chemin du serveur"),
        ({"enabled": "on", "folder": ""}, "Indiquez le dossier de dépôt"),
        ({"enabled": "on", "folder": "dehors"}, "déjà pris"),  # the outsider's folder (tests/cast.py)
    ]:
        response = hr.post(url, bad)
        assert response.status_code == 200 and message in response.content.decode()
        assert not SirhSync.objects.filter(organisation=cast.home).exists()
    response = hr.post(url, {"enabled": "on", "folder": "ville-alpha", "full": "on"})
    assert response.status_code == 302
    sync = SirhSync.objects.get(organisation=cast.home)
    assert (sync.enabled, sync.folder, sync.full, sync.auto_apply) == (True, "ville-alpha", True, False)
    page = client_for(cast.users[Role.ADMIN]).get(url).content.decode()
    assert "compte SFTP" in page and 'aria-describedby="id_folder_helptext"' in page
