"""An agent fills their profile with autocomplete, changes who may see it and downloads their data; HR loads
staff from an SIRH export with a preview first."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_profile_visibility_and_data(page, demo_network, tmp_path):
    from passerelles.people.models import Profile, ProfileTag

    page.goto("/demo/login/agent/")
    page.get_by_role("link", name="Mon profil").first.click()
    assert_accessible(page)
    skills = page.locator("#skill")
    field = skills.get_by_role("combobox", name="Ajouter")
    field.fill("anim")
    option = skills.get_by_role("option", name="Animation d'ateliers — Compétences transversales")
    expect(option).to_be_visible()
    assert_accessible(page)
    option.click()
    expect(field).to_have_value("Animation d'ateliers")
    skills.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("« Animation d'ateliers » est ajouté à votre profil.")).to_be_visible()
    agent = Profile.objects.get(agent__user__email="agent@demo.passerelles.test").agent
    assert ProfileTag.objects.filter(profile__agent=agent, label="Animation d'ateliers", known=True).exists()

    page.get_by_label("Personne : je me manifeste moi-même").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Sa visibilité s'applique partout")).to_be_visible()
    assert Profile.objects.get(agent=agent).visibility == "nobody"

    page.goto("/mes-donnees/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    path = tmp_path / "data.json"
    download.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["account"]["email"] == "agent@demo.passerelles.test"
    assert {"kind": "Compétence", "label": "Animation d'ateliers", "not_used_in_current_job": False} in data[
        "profile"
    ]["tags"]
    assert data["profile"]["visibility"] == "Personne : je me manifeste moi-même"


def test_hr_imports_staff_with_a_preview(page, demo_network, tmp_path):
    from passerelles.people.models import Agent

    export = tmp_path / "export-sirh.csv"
    export.write_bytes(
        "Matricule;Nom;Prénom;Email;Direction;Service;Matricule du responsable;Catégorie;Grade;Statut;Site\n"
        "X900001;Lemoine;Inès;ines.lemoine@exemple.fr;Direction de la culture;Lecture publique;;A;Attaché;titulaire;Médiathèque\n"
        "X900002;Roux;Théo;;Direction de la culture;Lecture publique;X900001;C;Adjoint du patrimoine;contractuel;Médiathèque\n".encode(
            "cp1252"
        )
    )
    page.goto("/demo/login/rh/")
    page.get_by_role("link", name="Import des agents depuis le SIRH").click()
    assert_accessible(page)
    page.get_by_label("Fichier exporté du SIRH (CSV ou Excel)").set_input_files(str(export))
    page.get_by_label("Export complet").uncheck()  # a partial file: nobody else is deactivated
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator("[data-import-status='checked']")).to_be_visible()
    expect(page.get_by_text("X900002 — Roux Théo")).to_be_visible()
    assert_accessible(page)
    assert not Agent.objects.filter(matricule="X900001").exists()
    page.get_by_role("button", name="Appliquer l'import").click()
    expect(page.locator("[data-import-status='applied']")).to_be_visible()
    theo = Agent.objects.get(matricule="X900002")
    assert theo.manager.last_name == "Lemoine" and theo.first_name == "Théo"
    assert Path(export).exists()
