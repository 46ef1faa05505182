"""The pages of the foundation, as each role meets them, including bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from passerelles.access.models import Role
from passerelles.organisations.models import Organisation
from passerelles.people.models import Agent
from tests.cast import make_agent

pytestmark = pytest.mark.django_db


def test_dashboard_shows_one_section_per_role(cast, client_for):
    response = client_for(cast.users[Role.HR]).get("/tableau-de-bord/")
    content = response.content.decode()
    assert 'data-role="hr"' in content and 'data-role="agent"' in content
    assert 'data-role="admin"' not in content
    assert f"/organisations/{cast.home.slug}/agents/" in content


def test_the_dashboard_announces_only_what_is_not_built(cast, client_for):
    """Suggestions (on each mission) and the dashboards (issue 16) exist: HR gets links, no « Bientôt ici »."""
    content = client_for(cast.users[Role.HR]).get("/tableau-de-bord/").content.decode()
    hr = content.split('data-role="hr"')[1].split("</section>")[0]
    assert "/suggestions/comment/" in hr
    assert f"/organisations/{cast.home.slug}/tableau-de-bord/" in hr
    assert 'class="soon"' not in hr


def test_the_signatory_admin_and_coordinator_get_their_dashboards(cast, client_for):
    for role in (Role.SIGNATORY, Role.ADMIN):
        content = client_for(cast.users[role]).get("/tableau-de-bord/").content.decode()
        assert f"/organisations/{cast.home.slug}/tableau-de-bord/" in content
    content = client_for(cast.users[Role.NETWORK_COORDINATOR]).get("/tableau-de-bord/").content.decode()
    section = content.split('data-role="network_coordinator"')[1].split("</section>")[0]
    assert f"/reseaux/{cast.network.slug}/tableau-de-bord/" in section
    # issue 18: the cohort programmes exist, so nothing is announced any more
    assert "/cohortes/" in section and 'class="soon"' not in section


def test_dashboard_without_any_role_explains_what_to_do(db, client_for):
    from passerelles.accounts.models import User

    user = User.objects.create_user(email="seul@exemple.fr", password="x")
    content = client_for(user).get("/tableau-de-bord/").content.decode()
    assert "rattaché à aucune organisation" in content


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (Role.AGENT, "/organisations/ville-alpha/agents/", 403),
        (Role.MANAGER, "/organisations/ville-alpha/agents/", 403),
        (Role.HR, "/organisations/ville-alpha/agents/", 200),
        (Role.ADMIN, "/organisations/ville-alpha/agents/", 200),
        (Role.AGENT, "/organisations/ville-alpha/parametres/", 403),
        (Role.HR, "/organisations/ville-alpha/parametres/", 200),  # the display outside the platform only
        (Role.ADMIN, "/organisations/ville-alpha/parametres/", 200),
        (Role.AGENT, "/equipe/", 403),
        (Role.MANAGER, "/equipe/", 200),
        (Role.AGENT, "/reseaux/reseau-alpha/", 403),
        (Role.NETWORK_COORDINATOR, "/reseaux/reseau-alpha/", 200),
        (Role.SIGNATORY, "/organisations/ville-alpha/", 200),
        (Role.AGENT, "/profil/", 200),
        (Role.HR, "/organisations/ccas-alpha/agents/", 403),  # a partner's directory stays closed
        (Role.HR, "/admin/", 302),  # the technical back office is for platform operators only
    ],
)
def test_access_by_role(cast, client_for, role, url, status):
    assert client_for(cast.users[role]).get(url).status_code == status


def test_manager_sees_own_team_only(cast, client_for):
    content = client_for(cast.users[Role.MANAGER]).get("/equipe/").content.decode()
    assert "Paul Agent" in content
    assert "Rita Ressources" not in content


def test_agent_cannot_open_a_colleagues_page(cast, client_for):
    colleague = cast.agents[Role.HR]
    assert client_for(cast.users[Role.AGENT]).get(f"/agents/{colleague.pk}/").status_code == 404
    assert client_for(cast.users[Role.HR]).get(f"/agents/{colleague.pk}/").status_code == 200


def test_directory_search_filters_and_pages(cast, client_for, settings):
    settings.PAGE_SIZE = 3
    for i in range(5):
        make_agent(cast.home, f"Jeanne{i}", "Lefèvre", with_account=False)
    client = client_for(cast.users[Role.HR])
    first = client.get("/organisations/ville-alpha/agents/", {"q": "lefèvre"})
    assert len(first.context["table"].page) == 3
    content = first.content.decode()
    assert "Page suivante" in content and " sur " not in content  # pages by key: nothing counts the list
    cursor = first.context["table"].page.next_cursor
    second = client.get("/organisations/ville-alpha/agents/", {"q": "lefèvre", "apres": cursor})
    assert len(second.context["table"].page) == 2
    assert not second.context["table"].page.has_next()
    assert "q=lef%C3%A8vre" in second.content.decode()  # the search is kept across pages
    assert "Première page" in second.content.decode()
    categorie_a = client.get("/organisations/ville-alpha/agents/", {"categorie": "A"}).context["table"].page
    assert len(categorie_a) == 3 and categorie_a.has_next()
    empty = client.get("/organisations/ville-alpha/agents/", {"q": "introuvable"})
    assert "Aucun agent ne correspond" in empty.content.decode()
    # nonsense parameters are ignored, not errors
    assert (
        client.get(
            "/organisations/ville-alpha/agents/", {"page": "abc", "unite": "x", "categorie": "Z"}
        ).status_code
        == 200
    )


def test_organisation_page_shows_the_chart(cast, client_for):
    content = client_for(cast.users[Role.HOST]).get("/organisations/ville-alpha/").content.decode()
    assert "Direction de l&#x27;éducation" in content and "Service des écoles" in content


FRAMEWORKS = {  # the organisation's framework parameters, as the page renders them by default
    "dispositifs-matp_enabled": "on",
    "dispositifs-matp_max_percent": "40",
    "dispositifs-matp_max_months": "12",
    "dispositifs-asa_enabled": "on",
    "dispositifs-asa_days_per_month": "2",
}


def test_settings_change_colour_and_name(cast, client_for):
    client = client_for(cast.users[Role.ADMIN])
    response = client.post(
        "/organisations/ville-alpha/parametres/",
        {"name": "Ville d'Alpha-sur-Mer", "short_name": "Alpha", "theme_colour": "#0b6e4f", **FRAMEWORKS},
    )
    assert response.status_code == 302
    cast.home.refresh_from_db()
    assert cast.home.theme_colour == "#0b6e4f"
    assert (
        '<link rel="stylesheet" href="/theme/0b6e4f.css">' in client.get("/tableau-de-bord/").content.decode()
    )
    assert "--theme: #0b6e4f" in client.get("/theme/0b6e4f.css").content.decode()
    # the audit trail knows who changed it
    last = cast.home.history.first()
    assert last.history_user == cast.users[Role.ADMIN] and last.name == "Ville d'Alpha-sur-Mer"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Alpha", "theme_colour": "#ffee00"}, "trop claire"),
        ({"name": "Alpha", "theme_colour": "jaune"}, "au format #RRVVBB"),
        ({"name": "", "theme_colour": "#1d4e89"}, "Ce champ est obligatoire"),
    ],
)
def test_settings_bad_input_changes_nothing(cast, client_for, data, message):
    response = client_for(cast.users[Role.ADMIN]).post("/organisations/ville-alpha/parametres/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.get(pk=cast.home.pk).theme_colour == "#8a1538"
    assert Organisation.objects.get(pk=cast.home.pk).name == "Ville d'Alpha"


def test_settings_rejects_a_file_that_is_not_an_image(cast, client_for):
    fake = SimpleUploadedFile("logo.png", b"ceci n'est pas une image", content_type="image/png")
    response = client_for(cast.users[Role.ADMIN]).post(
        "/organisations/ville-alpha/parametres/", {"name": "Alpha", "theme_colour": "#1d4e89", "logo": fake}
    )
    assert response.status_code == 200
    assert "pas une image lisible" in response.content.decode()
    assert not Organisation.objects.get(pk=cast.home.pk).logo


def test_unknown_page_is_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 302 or "Page introuvable" in response.content.decode()


def test_unknown_page_when_logged_in_is_a_french_404(cast, client_for):
    response = client_for(cast.users[Role.AGENT]).get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_profile_without_agent_record(db, client_for):
    from passerelles.accounts.models import User

    user = User.objects.create_user(email="externe@exemple.fr", password="x")
    content = client_for(user).get("/profil/").content.decode()
    assert "relié à aucun profil" in content
    assert not Agent.objects.exists()


def test_french_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in response.content.decode()


def test_the_language_switch_chooses_english_and_back(client, db):
    response = client.post("/i18n/langue/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content and "Sign in" in content
    client.post("/i18n/langue/", {"language": "fr", "next": "/"})
    assert '<html lang="fr">' in client.get("/").content.decode()
    # an unknown language falls back to French
    client.cookies["django_language"] = "de"
    assert '<html lang="fr">' in client.get("/").content.decode()


def test_a_server_error_shows_a_french_page_without_traceback(client, db, settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client.raise_request_exception = False
    response = client.get("/panne/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in content
    assert "Traceback" not in content and "panne simulée" not in content


def test_admin_sets_caps_per_purpose(cast, client_for):
    from passerelles.missions.models import PurposeCap, cap_for

    client = client_for(cast.users[Role.ADMIN])
    data = {
        **FRAMEWORKS,
        "name": "Ville d'Alpha",
        "theme_colour": "#8a1538",
        "caps-cap_crise": "100",
        "caps-cap_solidarite": "80",
    }
    assert client.post("/organisations/ville-alpha/parametres/", data).status_code == 302
    assert cap_for(cast.home, "crise") == 100 and cap_for(cast.home, "solidarite") == 80
    assert cap_for(cast.home, "appui_projet") == 40  # the default
    assert not Organisation.objects.get(pk=cast.home.pk).requires_signatory
    client.post("/organisations/ville-alpha/parametres/", {**data, "requires_signatory": "on"})
    assert Organisation.objects.get(pk=cast.home.pk).requires_signatory
    bad = client.post(
        "/organisations/ville-alpha/parametres/", {**data, "caps-cap_crise": "150", "name": "Autre"}
    )
    assert bad.status_code == 200 and "inférieure ou égale à 100" in bad.content.decode()
    assert (
        cap_for(cast.home, "crise") == 100
        and Organisation.objects.get(pk=cast.home.pk).name == "Ville d'Alpha"
    )
    client.post("/organisations/ville-alpha/parametres/", {**data, "caps-cap_crise": ""})
    assert not PurposeCap.objects.filter(organisation=cast.home, purpose="crise").exists()


def test_the_administrator_sets_the_local_schemes_and_each_change_is_kept(cast, client_for):
    from passerelles.frameworks.models import FrameworkSettings

    client = client_for(cast.users[Role.ADMIN])
    page = client.get("/organisations/ville-alpha/parametres/").content.decode()
    assert "data-framework-settings" in page and 'value="40"' in page  # the defaults, shown
    data = {"name": "Ville d'Alpha", "theme_colour": "#8a1538", **FRAMEWORKS}
    data.update({"dispositifs-population": "2800", "dispositifs-matp_max_percent": "30"})
    del data["dispositifs-asa_enabled"]  # unticked: no ASA bénévolat here
    assert client.post("/organisations/ville-alpha/parametres/", data).status_code == 302
    settings = FrameworkSettings.objects.get(organisation=cast.home)
    assert (settings.population, settings.matp_max_percent, settings.asa_enabled) == (2800, 30, False)
    data["dispositifs-asa_days_per_month"] = "1,5"  # French decimals
    client.post("/organisations/ville-alpha/parametres/", data)
    assert settings.history.count() == 2 and float(FrameworkSettings.objects.get().asa_days_per_month) == 1.5
    bad = client.post(
        "/organisations/ville-alpha/parametres/", {**data, "dispositifs-matp_max_percent": "140"}
    )
    assert bad.status_code == 200 and "inférieure ou égale à 100" in bad.content.decode()
    assert FrameworkSettings.objects.get().matp_max_percent == 30
