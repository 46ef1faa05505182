"""SIRH import with real-world ugliness: each case gives the right French error or the right result."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from passerelles.organisations.models import OrgUnit, WorkSite
from passerelles.people.models import Agent
from passerelles.people.sirh.apply import apply_plan, existing_agents
from passerelles.people.sirh.planner import plan_import
from passerelles.people.sirh.reader import UnreadableFile, read

HEADER = "matricule;nom;prénom;email;direction;service;matricule du responsable;catégorie;grade;statut;site"
ROWS = [
    "M001;Durand;Hélène;helene.durand@ville.fr;Direction générale;Cabinet;;A+;Administrateur;titulaire;Hôtel de ville",
    # the report comes before the manager: order must not matter
    "M003;Petit;Noé;;Direction de l'éducation;Service des écoles;M002;C;Adjoint technique;contractuel;École Jaurès",
    "M002;Martin;Étienne;etienne.martin@ville.fr;Direction de l'éducation;Service des écoles;M001;A;Attaché;titulaire;Hôtel de ville",
]


def csv_bytes(rows=ROWS, header=HEADER, sep=";", encoding="utf-8", bom=False) -> bytes:
    text = "\n".join([header.replace(";", sep), *[r.replace(";", sep) for r in rows]]) + "\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def plan_of(data, org=None, filename="export.csv", full=True):
    return plan_import(read(filename, data), existing_agents(org) if org else {}, full=full)


def messages(plan):
    return [(e.line, e.column, e.message) for e in plan.errors]


# ---- reading and planning (no database) ----


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(bom=True),
        csv_bytes(encoding="cp1252"),
        csv_bytes(sep=","),
        csv_bytes(rows=[r.replace(";", " ;  ") + "   " for r in ROWS]),  # trailing and inner spaces
        csv_bytes(rows=["", ROWS[0], ";;;;;;;;;;", "", ROWS[1], ROWS[2], ""]),  # empty lines
    ],
    ids=["bom", "windows-1252", "comma", "spaces", "empty-lines"],
)
def test_ugly_files_read_the_same(data):
    plan = plan_of(data)
    assert plan.ok, plan.errors
    by_matricule = {v["matricule"]: v for v in plan.create}
    assert set(by_matricule) == {"M001", "M002", "M003"}
    assert by_matricule["M001"]["first_name"] == "Hélène"
    assert by_matricule["M002"]["first_name"] == "Étienne"
    assert by_matricule["M003"]["manager"] == "M002" and by_matricule["M003"]["status"] == "contractuel"


def test_line_numbers_count_empty_lines():
    plan = plan_of(csv_bytes(rows=["", ROWS[0], "", "M009;;Zoé;;;;;C;;titulaire;"]))
    assert messages(plan) == [(5, "nom", "Nom manquant.")]


def test_duplicate_matricules():
    plan = plan_of(csv_bytes(rows=[*ROWS, ROWS[0].replace("Durand", "Dupont")]))
    assert messages(plan) == [(5, "matricule", "Matricule M001 en double (déjà ligne 2).")]


def test_unknown_manager():
    plan = plan_of(csv_bytes(rows=[ROWS[0], ROWS[2].replace(";M001;", ";M404;")]))
    assert messages(plan) == [
        (3, "matricule du responsable", "Responsable inconnu : le matricule M404 n'est pas dans le fichier.")
    ]


def test_cycle_in_the_manager_chain():
    rows = [
        "A1;Un;Ana;;;;C3;C;;titulaire;",
        "B2;Deux;Bob;;;;A1;C;;titulaire;",
        "C3;Trois;Cléo;;;;B2;C;;titulaire;",
        "D4;Quatre;Dan;;;;D4;C;;titulaire;",
    ]
    plan = plan_of(csv_bytes(rows=rows))
    assert (
        2,
        "matricule du responsable",
        "Boucle dans la chaîne des responsables : A1 → C3 → B2 → A1.",
    ) in messages(plan)
    assert (
        5,
        "matricule du responsable",
        "Une personne ne peut pas être sa propre responsable.",
    ) in messages(plan)
    assert not plan.create


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("M1;Nom;Prénom;;;;;D;;titulaire;", "catégorie", "Catégorie inconnue « D » : attendu A+, A, B ou C."),
        (
            "M1;Nom;Prénom;pas-une-adresse;;;;B;;titulaire;",
            "email",
            "Adresse e-mail invalide « pas-une-adresse ».",
        ),
    ],
)
def test_bad_values(row, column, message):
    assert messages(plan_of(csv_bytes(rows=[row]))) == [(2, column, message)]


def test_category_and_status_variants():
    rows = ["M1;A;B;;;;;cat. b;;Fonctionnaire stagiaire;", "M2;C;D;;;;;Catégorie A +;;CDD;"]
    plan = plan_of(csv_bytes(rows=rows))
    assert plan.ok
    assert [(v["category"], v["status"]) for v in plan.create] == [
        ("B", "stagiaire"),
        ("A+", "contractuel_cdd"),
    ]


# How the big SIRH exports write the status, and the status each one becomes (people.EmploymentStatus)
STATUS_SPELLINGS = [
    ("Titulaire", "titulaire"),
    ("TIT", "titulaire"),
    ("Fonctionnaire", "titulaire"),
    ("Fonctionnaire titulaire", "titulaire"),
    ("Stagiaire", "stagiaire"),
    ("STAGIAIRE", "stagiaire"),
    ("Fonctionnaire stagiaire", "stagiaire"),
    ("STAG", "stagiaire"),
    ("Contractuel", "contractuel"),
    ("Contractuelle", "contractuel"),
    ("Contractuel·le", "contractuel"),
    ("Non titulaire", "contractuel"),
    ("Non-titulaire", "contractuel"),
    ("Contractuel de droit public", "contractuel"),
    ("Contractuel CDI", "contractuel_cdi"),
    ("CDI", "contractuel_cdi"),
    ("Contractuelle en CDI", "contractuel_cdi"),
    ("Contrat à durée indéterminée", "contractuel_cdi"),
    ("Contractuel CDD", "contractuel_cdd"),
    ("CDD", "contractuel_cdd"),
    ("Contrat à durée déterminée", "contractuel_cdd"),
    ("Apprenti", "apprenti"),
    ("Apprentie", "apprenti"),
    ("Apprenti·e", "apprenti"),
    ("Contrat d'apprentissage", "apprenti"),
    ("Vacataire", "vacataire"),
    ("VAC", "vacataire"),
]


@pytest.mark.parametrize(("written", "status"), STATUS_SPELLINGS, ids=[w for w, _ in STATUS_SPELLINGS])
def test_sirh_status_spellings(written, status):
    plan = plan_of(csv_bytes(rows=[f"M1;Nom;Prénom;;;;;B;;{written};"]))
    assert plan.ok and not plan.skipped, (plan.errors, plan.skipped)
    assert plan.create[0]["status"] == status


def test_every_status_the_import_gives_is_an_employment_status():
    from passerelles.people.models import EmploymentStatus
    from passerelles.people.sirh.planner import STATUSES

    assert set(STATUSES.values()) == set(EmploymentStatus.values)


def test_an_unknown_status_leaves_only_its_line_aside():
    rows = [
        ROWS[0],
        "M7;Leroy;Inès;;;;;B;;Intermittente;",
        ROWS[2],
        "M8;Roux;Paul;;;;M7;C;;titulaire;",  # reports to the line left aside: waits for it
        "M9;Blanc;Léo;;;;M8;C;;titulaire;",  # and so does the next level
    ]
    plan = plan_of(csv_bytes(rows=rows))
    assert plan.ok  # the file is importable
    assert sorted(v["matricule"] for v in plan.create) == ["M001", "M002"]
    assert [(e.line, e.column) for e in plan.skipped] == [
        (3, "statut"),
        (5, "matricule du responsable"),
        (6, "matricule du responsable"),
    ]
    assert plan.skipped[0].message.startswith(
        "Statut inconnu « Intermittente » : attendu titulaire, stagiaire, contractuel (CDI ou CDD), apprenti ou "
        "vacataire."
    )
    assert "Le responsable M7 (ligne 3) est laissé de côté" in plan.skipped[1].message


def test_an_unknown_status_beside_a_real_error_still_stops_the_file():
    plan = plan_of(csv_bytes(rows=["M7;Leroy;Inès;;;;;B;;Intermittente;", "M8;;Paul;;;;;C;;titulaire;"]))
    assert not plan.ok and messages(plan) == [(3, "nom", "Nom manquant.")]
    assert [(e.line, e.column) for e in plan.skipped] == [(2, "statut")]


def test_missing_columns_and_unreadable_files():
    with pytest.raises(
        UnreadableFile, match="Colonne\\(s\\) obligatoire\\(s\\) absente\\(s\\) : catégorie, statut"
    ):
        read("x.csv", b"matricule;nom;prenom\nM1;A;B\n")
    with pytest.raises(UnreadableFile, match="Ligne d'en-tête introuvable"):
        read("x.csv", b"a;b;c\n1;2;3\n")
    with pytest.raises(UnreadableFile, match="vide"):
        read("x.csv", b"   \n")
    with pytest.raises(UnreadableFile, match="Excel ne peut pas être lu"):
        read("x.xlsx", b"PK\x03\x04 pas vraiment un classeur")


def test_a_20_mb_file():
    rows = [
        f"M{i:06d};Nom{i};Prénom;;Direction {i % 7};Service {i % 31};;C;{'x' * 900};titulaire;Site"
        for i in range(22_000)
    ]
    data = csv_bytes(rows=rows)
    assert len(data) > 20 * 1024 * 1024
    plan = plan_of(data)
    assert plan.ok and len(plan.create) == 22_000


def test_xlsx_with_a_merged_title_and_merged_header_cells():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Export SIRH — Ville de Belvau — 01/11/2026"])
    sheet.merge_cells("A1:L1")
    sheet.append(
        [
            "Matricule",
            "Nom",
            None,
            "Prénom",
            "Email",
            "Direction",
            "Service",
            "Matricule du responsable",
            "Catégorie",
            "Grade",
            "Statut",
            "Site",
        ]
    )
    sheet.merge_cells("B2:C2")  # "Nom" spans two columns
    sheet.append(
        [
            1001,
            "Durand",
            "",
            "Hélène",
            None,
            "DG",
            "Cabinet",
            None,
            "A+",
            "Administrateur",
            "Titulaire",
            "Hôtel de ville",
        ]
    )
    sheet.append(
        [1002, "Martin", "", "Étienne", None, "DG", "Cabinet", 1001, "A", "Attaché", "Titulaire", None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_of(buffer.getvalue(), filename="export.xlsx")
    assert plan.ok, plan.errors
    assert [(v["matricule"], v["manager"], v["last_name"]) for v in plan.create] == [
        ("1001", "", "Durand"),
        ("1002", "1001", "Martin"),
    ]


# ---- applying (database) ----


@pytest.mark.django_db
def test_apply_creates_then_the_same_file_changes_nothing(cast):
    org = cast.partner
    plan = plan_of(csv_bytes(), org)
    applied = apply_plan(plan, org)
    assert (applied.created, applied.updated, applied.deactivated) == (3, 0, 0)
    noe = Agent.objects.get(organisation=org, matricule="M003")
    assert noe.manager.matricule == "M002" and noe.unit.name == "Service des écoles"
    assert noe.unit.parent.name == "Direction de l'éducation" and noe.site.name == "École Jaurès"
    assert noe.history.first().history_type == "+" and noe.user is None
    again = plan_of(csv_bytes(), org)
    assert again.changes == 0 and again.unchanged == 3


@pytest.mark.django_db
def test_full_import_deactivates_absent_people_and_partial_does_not(cast):
    org = cast.partner
    apply_plan(plan_of(csv_bytes(), org), org)
    partial = plan_of(csv_bytes(rows=ROWS[:1]), org, full=False)
    assert partial.changes == 0
    full = plan_of(csv_bytes(rows=[ROWS[0], ROWS[2].replace("Attaché", "Attaché principal")]), org)
    assert [a.matricule for a in full.deactivate] == ["M003"] and len(full.update) == 1
    apply_plan(full, org)
    assert not Agent.objects.get(organisation=org, matricule="M003").is_active  # deactivated, not deleted
    assert Agent.objects.get(organisation=org, matricule="M002").grade == "Attaché principal"
    back = plan_of(csv_bytes(), org)  # M003 is back in the next export
    assert {a.matricule: c for a, c in back.update} == {
        "M003": {"is_active": True},
        "M002": {"grade": "Attaché"},
    }


@pytest.mark.django_db
def test_a_line_left_aside_keeps_a_known_agent_as_is_and_imports_the_others(cast):
    org = cast.partner
    apply_plan(plan_of(csv_bytes(), org), org)
    rows = [ROWS[0], ROWS[1].replace("contractuel", "Saisonnier"), ROWS[2].replace("titulaire", "STAG")]
    plan = plan_of(csv_bytes(rows=rows), org)
    assert plan.ok and [e.line for e in plan.skipped] == [3]
    assert not plan.deactivate  # the person on the line left aside is still in the export
    apply_plan(plan, org)
    noe = Agent.objects.get(organisation=org, matricule="M003")
    assert noe.status == "contractuel" and noe.is_active  # unchanged
    assert Agent.objects.get(organisation=org, matricule="M002").status == "stagiaire"


@pytest.mark.django_db
def test_a_failed_apply_leaves_the_database_exactly_as_before(cast, monkeypatch):
    org = cast.partner
    before = (Agent.objects.count(), OrgUnit.objects.count(), WorkSite.objects.count())

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr(Agent.objects, "bulk_update", broken)
    with pytest.raises(RuntimeError):
        apply_plan(plan_of(csv_bytes(), org), org)
    assert (Agent.objects.count(), OrgUnit.objects.count(), WorkSite.objects.count()) == before


@pytest.mark.django_db
def test_command_dry_run_errors_and_apply(cast, tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes())
    call_command("import_agents", str(path), "--org", cast.partner.slug, "--dry-run")
    assert (
        "3 à créer" in capsys.readouterr().out
        and not Agent.objects.filter(organisation=cast.partner).exists()
    )
    call_command("import_agents", str(path), "--org", cast.partner.slug)
    assert Agent.objects.filter(organisation=cast.partner).count() == 3
    path.write_bytes(csv_bytes(rows=[*ROWS, ROWS[0]]))
    with pytest.raises(CommandError, match="1 erreur\\(s\\) : rien n'a été importé"):
        call_command("import_agents", str(path), "--org", cast.partner.slug)
    assert "Ligne 5, colonne « matricule » : Matricule M001 en double" in capsys.readouterr().err
    with pytest.raises(CommandError, match="Organisation inconnue"):
        call_command("import_agents", str(path), "--org", "nulle-part")
    path.write_bytes(csv_bytes(rows=[*ROWS, "M4;Vert;Ana;;;;;C;;Intérimaire;"]))
    call_command("import_agents", str(path), "--org", cast.partner.slug)
    captured = capsys.readouterr()
    assert "Ligne 5, colonne « statut » : Statut inconnu « Intérimaire »" in captured.err
    assert "Import terminé" in captured.out
    assert not Agent.objects.filter(organisation=cast.partner, matricule="M4").exists()


# ---- the web import (upload, check, preview, apply) ----


@pytest.mark.django_db
def test_web_import_checks_previews_and_applies_once(cast, client_for, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from passerelles.access.models import Role
    from passerelles.people.models import AgentImport

    url = f"/organisations/{cast.home.slug}/import/"
    assert client_for(cast.users[Role.AGENT]).get(url).status_code == 403
    hr = client_for(cast.users[Role.HR])
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            url, {"file": SimpleUploadedFile("export.csv", csv_bytes(encoding="cp1252")), "full": ""}
        )
    agent_import = AgentImport.objects.get(organisation=cast.home)
    assert response["Location"] == f"/imports/{agent_import.pk}/"
    agent_import.refresh_from_db()
    assert (agent_import.status, agent_import.to_create, agent_import.progress) == ("checked", 3, 100)
    # where it came from, and its fingerprint: the synchronisation skips the same export dropped later
    assert agent_import.source == "web"
    assert agent_import.sha256 == hashlib.sha256(csv_bytes(encoding="cp1252")).hexdigest()
    page = hr.get(f"/imports/{agent_import.pk}/").content.decode()
    assert "M001 — Durand Hélène" in page and "Appliquer l" in page
    assert not Agent.objects.filter(matricule="M001").exists()  # nothing before HR's word
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/imports/{agent_import.pk}/appliquer/")
    agent_import.refresh_from_db()
    assert (
        agent_import.status == "applied"
        and Agent.objects.filter(organisation=cast.home, matricule="M003").exists()
    )
    second = hr.post(f"/imports/{agent_import.pk}/appliquer/", follow=True)
    assert "ne peut pas être appliqué" in second.content.decode()
    assert hr.get(f"/imports/{agent_import.pk}/etat/").json()["done"] is True


@pytest.mark.django_db
def test_web_import_shows_the_lines_left_aside_and_applies_the_others(
    cast, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from passerelles.access.models import Role
    from passerelles.people.models import AgentImport

    hr = client_for(cast.users[Role.HR])
    data = csv_bytes(rows=[*ROWS, "M4;Vert;Ana;;;;;C;;Intérimaire;", "M5;Bleu;Tom;;;;;C;;Apprenti;"])
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/organisations/{cast.home.slug}/import/", {"file": SimpleUploadedFile("export.csv", data)})
    agent_import = AgentImport.objects.get(organisation=cast.home)
    assert (agent_import.status, agent_import.to_create, agent_import.errors) == ("checked", 4, [])
    page = hr.get(f"/imports/{agent_import.pk}/").content.decode()
    assert "1 ligne laissée de côté" in page and "Statut inconnu « Intérimaire »" in page
    assert "Appliquer l" in page
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/imports/{agent_import.pk}/appliquer/")
    assert Agent.objects.get(organisation=cast.home, matricule="M5").status == "apprenti"
    assert not Agent.objects.filter(organisation=cast.home, matricule="M4").exists()
    assert "Statut inconnu « Intérimaire »" in hr.get(f"/imports/{agent_import.pk}/").content.decode()


@pytest.mark.django_db
def test_web_import_shows_every_error_with_line_and_column(
    cast, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from passerelles.access.models import Role
    from passerelles.people.models import AgentImport

    hr = client_for(cast.users[Role.HR])
    bad = csv_bytes(rows=[*ROWS, ROWS[0], "M9;;X;;;;;Z;;titulaire;"])
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(f"/organisations/{cast.home.slug}/import/", {"file": SimpleUploadedFile("export.csv", bad)})
    agent_import = AgentImport.objects.get(organisation=cast.home)
    assert agent_import.status == "invalid" and len(agent_import.errors) == 3
    page = hr.get(f"/imports/{agent_import.pk}/").content.decode()
    assert "3 erreurs à corriger" in page and "Matricule M001 en double (déjà ligne 2)." in page
    assert "Appliquer l" not in page
    refused = hr.post(
        f"/organisations/{cast.home.slug}/import/", {"file": SimpleUploadedFile("photo.png", b"x")}
    )
    assert "Envoyez un fichier CSV ou Excel" in refused.content.decode()
