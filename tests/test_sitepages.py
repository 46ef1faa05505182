"""The site pages the law asks for (issue 15 §7): the accessibility statement (RGAA model), the legal notice and
the site map; public, filled by the data migration, edited by the platform operator in the admin, rendered
escaped; the footer of every page says the statement's state of compliance."""

import re

import pytest

from passerelles.access.models import Role
from passerelles.accounts.models import User
from passerelles.sitepages.models import AccessibilityStatement, Compliance, SitePage
from passerelles.sitepages.text import render_text
from tests.cast import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_of_the_data_migration():
    """The rows the data migration writes, written again by the same function: a browser test run before in
    the same process (transactional, on PostgreSQL) flushes the tables, migration rows included."""
    import importlib

    from django.apps import apps

    importlib.import_module("passerelles.sitepages.migrations.0002_default_pages").create_defaults(apps, None)


RGAA_SECTIONS = [
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Établissement de cette déclaration",
    "Environnement de test",
    "Outils pour évaluer l'accessibilité",
    "Retour d'information et contact",
    "Voies de recours",
]


def test_the_plain_text_format_never_lets_html_through():
    html = render_text(
        "## Titre <b>gras</b>\n\nUn <script>alert(1)</script> texte\nsur deux lignes.\n\n- un\n- deux "
        "https://exemple.fr/a?b=<c>"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h2>Titre &lt;b&gt;gras&lt;/b&gt;</h2>" in html
    assert "texte<br>sur deux lignes." in html
    assert html.count("<li>") == 2
    assert '<a href="https://exemple.fr/a?b=" rel="nofollow">https://exemple.fr/a?b=</a>&lt;c&gt;' in html


def test_the_statement_follows_the_rgaa_model_and_is_public(client):
    assert AccessibilityStatement.objects.count() == 1  # the data migration
    response = client.get("/accessibilite/")
    assert response.status_code == 200
    text = response.content.decode()
    positions = [text.index(section) for section in RGAA_SECTIONS]
    assert positions == sorted(positions), "the sections are in the model's order"
    assert "<strong>partiellement conforme</strong>" in text
    assert "non mesuré" in text  # no full RGAA audit: no rate is claimed
    assert "Défenseur des droits" in text and "axe-core" in text and "Chromium" in text


@pytest.mark.parametrize(
    "url, title", [("/mentions-legales/", "Mentions légales"), ("/plan-du-site/", "Plan du site")]
)
def test_the_legal_notice_and_the_site_map_are_public(client, url, title):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()
    assert client.post(url).status_code == 405


def test_the_footer_says_the_state_of_compliance_on_every_page(client, cast):
    assert "Accessibilité : partiellement conforme" in client.get("/").content.decode()
    AccessibilityStatement.objects.update(compliance=Compliance.FULL)
    client.force_login(cast.users[Role.AGENT])
    page = client.get("/tableau-de-bord/").content.decode()
    assert "Accessibilité : totalement conforme" in page
    assert 'href="/mentions-legales/"' in page and 'href="/plan-du-site/"' in page


def test_the_pages_never_fail_on_an_emptied_database(client):
    AccessibilityStatement.objects.all().delete()
    SitePage.objects.all().delete()
    assert client.get("/accessibilite/").status_code == 200
    assert "Accessibilité : partiellement conforme" in client.get("/mentions-legales/").content.decode()
    assert AccessibilityStatement.objects.count() == 0  # reading wrote nothing


def test_the_operator_edits_the_pages_in_the_admin(client):
    operator = User.objects.create_superuser(email="operateur@exemple.fr", password="x-long-password-1")
    enrol(operator)  # the operator signs in with two factors
    client.force_login(operator)
    statement = AccessibilityStatement.objects.get()
    url = f"/admin/sitepages/accessibilitystatement/{statement.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    data = {
        field.name: getattr(statement, field.name) or ""
        for field in AccessibilityStatement._meta.fields
        if field.editable and field.name != "id"
    }
    data.update(
        compliance=Compliance.NONE,
        compliance_rate="42",
        audit_date="2026-12-01",
        contact="Écrire à <accessibilite@exemple.fr>",
    )
    assert client.post(url, data).status_code == 302
    page = client.get("/accessibilite/").content.decode()
    assert "<strong>non conforme</strong>" in page and "42 % des critères" in page
    assert "&lt;" in page and "<accessibilite@" not in page  # the operator's text stays text
    legal = SitePage.objects.get(slug="mentions-legales")
    response = client.post(
        f"/admin/sitepages/sitepage/{legal.pk}/change/",
        {"slug": legal.slug, "title": "Mentions légales", "body": "## Éditeur\n\nVille de Belvau"},
    )
    assert response.status_code == 302
    assert "<p>Ville de Belvau</p>" in client.get("/mentions-legales/").content.decode()
    # one statement only, never deleted
    assert client.get("/admin/sitepages/accessibilitystatement/add/").status_code == 403


def test_only_the_operator_reaches_the_admin(client, cast):
    client.force_login(cast.users[Role.ADMIN])
    response = client.get("/admin/sitepages/accessibilitystatement/")
    assert response.status_code in (302, 403, 404)


def test_the_site_map_lists_each_role_s_pages_and_every_link_opens(client, cast):
    anonymous = client.get("/plan-du-site/").content.decode()
    assert "Pages publiques" in anonymous and "Mon profil" not in anonymous
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.HR, Role.ADMIN, Role.SIGNATORY):
        client.force_login(cast.users[role])
        page = client.get("/plan-du-site/").content.decode()
        assert str(Role(role).label) in page
        section = page[page.index("<article") : page.index("</article>")]
        links = re.findall(r'<li><a href="([^"]+)">', section)
        assert len(links) >= 10
        for link in links:
            assert client.get(link).status_code == 200, f"{role}: {link}"
        assert cast.outsider.slug not in page
