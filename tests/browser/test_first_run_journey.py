"""From an empty database, in production settings, without the demo: a real collectivité gets going.

create-organisation → the invitation e-mail (written to files by Django's file backend) → a password → the
two-factor enrolment (the test computes the code) → the administrator imports five agents, inviting them →
one agent follows their link (no second factor for an agent) and expresses interest in a mission.

The server is a separate ``passerelles runserver`` process started with production settings (only HTTPS
redirection and secure cookies off, as a local test needs), so nothing of the test settings leaks in.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.cast import totp_code

pytestmark = pytest.mark.browser

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/invitation/[A-Za-z0-9_\-]+/)")
ADMIN_PASSWORD = "Commune-d-Essai-2026!"
AGENT_PASSWORD = "Voirie-et-creche-2026!"
AGENTS_CSV = (
    "matricule;nom;prénom;email;direction;service;matricule du responsable;catégorie;grade;statut;site\n"
    "E1;Martin;Léa;lea.martin@essai.test;Services techniques;Voirie;;B;Technicienne;titulaire;Centre technique\n"
    "E2;Durand;Omar;omar.durand@essai.test;Services techniques;Voirie;E1;C;Adjoint technique;titulaire;\n"
    "E3;Petit;Inès;ines.petit@essai.test;Enfance;Crèche des Lilas;;C;Auxiliaire;contractuel;\n"
    "E4;Roux;Karim;karim.roux@essai.test;Enfance;Crèche des Lilas;E3;C;Agent social;titulaire;\n"
    "E5;Blanc;Sofia;;Enfance;Restauration;E3;C;Cuisinière;titulaire;\n"
)
MISSION = """
import datetime
from django.utils import timezone
from passerelles.missions.models import Mission, MissionStatus, Purpose, Visibility
from passerelles.accounts.models import User
from passerelles.people.models import Agent
lead = Agent.objects.get(matricule="E1")
today = datetime.date.today()
mission = Mission(
    organisation=lead.organisation, host_unit=lead.unit, project_lead=lead,
    created_by=User.objects.get(email="admin@essai.test"),
    title="Inventaire des panneaux de rue", description="Recenser les panneaux abîmés avec l'équipe voirie.",
    purpose=Purpose.PROJET, time_share_percent=20, start_date=today + datetime.timedelta(days=30),
    end_date=today + datetime.timedelta(days=90), visibility=Visibility.ORGANISATION,
    status=MissionStatus.PUBLISHED, published_at=timezone.now(),
)
mission.save()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_site(tmp_path, production_template):
    """A production-settings instance on an empty SQLite database, served by its own process: the database
    migrated and the static files collected by the README's steps, once per test run (tests/conftest.py)."""
    port = _free_port()
    mails = tmp_path / "mails"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PASSERELLES_", "DJANGO_", "DATABASE_"))},
        "PASSERELLES_ENV": "production",
        "PASSERELLES_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'passerelles.sqlite3'}",
        "STATIC_ROOT": str(production_template / "static"),
        "SECRET_KEY": "une-cle-de-test-longue-et-secrete-pour-la-mise-en-service-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mails),
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "passerelles.cli"]

    def run(*args, stdin=None):
        done = subprocess.run(
            [*command, *args], env=env, input=stdin, capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr
        return done

    shutil.copy(production_template / "passerelles.sqlite3", tmp_path / "passerelles.sqlite3")
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [*command, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    site = type("Site", (), {"url": f"http://127.0.0.1:{port}", "run": staticmethod(run), "mails": mails})
    yield site
    server.terminate()
    server.wait(timeout=10)
    log.close()


def _link_for(mails: Path, address: str) -> str:
    """The invitation link of the latest e-mail to ``address`` among the files the backend wrote."""
    for path in sorted(mails.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        for message in reversed(path.read_text(encoding="utf-8").split("-" * 79)):
            if f"To: {address}" in message and (match := LINK.search(message)):
                return match.group(1)
    raise AssertionError(f"no invitation e-mail to {address} in {sorted(p.name for p in mails.glob('*'))}")


def _enrol_two_factor(page) -> None:
    """An administrator must enrol an authenticator app: the test reads the secret and computes the code."""
    expect(page).to_have_url(re.compile(r"/comptes/2fa/totp/activate/$"))
    expect(page.get_by_text("Votre rôle exige la double authentification.")).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code affiché par l'application").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Codes de récupération")
    expect(page.locator(".recovery-codes code")).to_have_count(10)
    page.get_by_role("link", name="Continuer vers le tableau de bord").click()


def test_a_new_collectivite_gets_going_from_an_empty_database(browser, production_site, tmp_path):
    site = production_site
    created = site.run(
        "create-organisation",
        "--name",
        "Commune d'Essai",
        "--slug",
        "essai",
        "--admin-email",
        "admin@essai.test",
    )
    assert "Commune d'Essai" in created.stdout

    context = browser.new_context(base_url=site.url, locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()

    # The administrator's invitation: who invites, then a password.
    link = _link_for(site.mails, "admin@essai.test")
    response = page.goto(link)
    assert response.status == 200
    expect(page.get_by_role("heading", name="Bienvenue sur Passerelles")).to_be_visible()
    expect(page.get_by_text("pour Commune d'Essai")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Prénom").fill("Aline")
    page.get_by_label("Nom", exact=True).fill("Maire")
    page.get_by_label("Nouveau mot de passe").fill(ADMIN_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Activer mon accès").click()
    _enrol_two_factor(page)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    expect(page.get_by_text("Bonjour Aline Maire")).to_be_visible()
    # The link is single use.
    assert page.goto(link).status == 410

    # The administrator imports five agents and asks for their invitations.
    page.goto("/tableau-de-bord/")
    page.get_by_role("link", name="Import des agents depuis le SIRH").first.click()
    export = tmp_path / "agents.csv"
    export.write_text(AGENTS_CSV, encoding="utf-8")
    page.get_by_label("Fichier exporté du SIRH (CSV ou Excel)").set_input_files(str(export))
    page.get_by_label("Inviter les nouveaux agents").check()
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_text("5 créé", exact=False).first).to_be_visible()

    page.goto("/organisations/essai/acces/")
    assert_accessible(page)
    expect(page.get_by_text("Invité·e le")).to_have_count(4)
    expect(page.get_by_text("Sans adresse e-mail professionnelle")).to_have_count(1)
    page.goto("/organisations/essai/acces/?statut=invite")
    expect(page.locator("tr[data-agent]")).to_have_count(4)

    # One agent follows their link, and steps forward for a mission of the Voirie.
    site.run("shell", "-c", MISSION)
    agent = browser.new_context(base_url=site.url, locale="fr-FR")
    agent.set_default_timeout(20_000)
    agent_page = agent.new_page()
    agent_page.goto(_link_for(site.mails, "ines.petit@essai.test"))
    expect(agent_page.get_by_text("Inès Petit")).to_be_visible()
    agent_page.get_by_label("Nouveau mot de passe").fill(AGENT_PASSWORD)
    agent_page.get_by_label("Confirmation du mot de passe").fill(AGENT_PASSWORD)
    agent_page.get_by_role("button", name="Activer mon accès").click()
    expect(agent_page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    agent_page.goto("/missions/")
    agent_page.get_by_role("link", name="Inventaire des panneaux de rue").click()
    agent_page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(agent_page.get_by_text("C'est noté")).to_be_visible()

    # Back on HR's list, Inès is active.
    page.goto("/organisations/essai/acces/?statut=actif")
    expect(page.locator("tr[data-agent]")).to_have_count(1)
    expect(page.get_by_role("cell", name="Inès Petit (E3)")).to_be_visible()
    agent.close()
    context.close()
