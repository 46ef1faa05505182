"""The dashboards' pages: who may open them, bad filters, exports read back, the network's sharing rule."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.missions.models import MissionStatus, Programme
from passerelles.organisations.models import NetworkMembership
from tests.cast import MARKER, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db


def url(cast, suffix=""):
    return f"/organisations/{cast.home.slug}/tableau-de-bord/{suffix}"


@pytest.mark.parametrize("role", [Role.HR, Role.SIGNATORY, Role.ADMIN])
def test_hr_signatory_and_admin_open_the_organisation_dashboard(cast, client_for, role):
    response = client_for(cast.users[role]).get(url(cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Flux entre directions" in page
    assert "dashboard-charts" in page


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.HOST, Role.NETWORK_COORDINATOR])
def test_other_roles_may_not(cast, client_for, role):
    assert client_for(cast.users[role]).get(url(cast)).status_code == 403
    assert client_for(cast.users[role]).get(url(cast, "flux.csv")).status_code == 403


def test_another_organisations_dashboard_is_not_found(cast, client_for):
    response = client_for(cast.users[Role.HR]).get(f"/organisations/{cast.outsider.slug}/tableau-de-bord/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("periode=hier", "Sélectionnez un choix valide"),
        ("periode=dates&du=2026-13-45", "Saisissez une date valide"),
        ("periode=dates&du=1999-12-31", "entre le 1er janvier 2000"),
        ("periode=dates&au=2999-01-01", "entre le 1er janvier 2000"),
        ("periode=dates&du=2025-06-01&au=2025-01-01", "La date de fin doit être après la date de début"),
        ("periode=dates", "indiquez au moins une date"),
        ("programme=abc", "pas dans ce tableau de bord"),
        ("programme=999999", "pas dans ce tableau de bord"),
        ("du[]=x&periode=12m&periode=tout", ""),
    ],
)
def test_bad_filters_give_a_french_message_and_the_defaults(cast, client_for, query, message):
    response = client_for(cast.users[Role.HR]).get(url(cast) + "?" + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if message:
        assert "Un filtre n'a pas pu être appliqué" in page
    export = client_for(cast.users[Role.HR]).get(url(cast, "flux.csv") + "?" + query)
    assert export.status_code == 200


def test_another_organisations_programme_is_refused(cast, client_for):
    theirs = Programme.objects.create(organisation=cast.outsider, name=f"Tableau {MARKER}")
    page = client_for(cast.users[Role.HR]).get(url(cast) + f"?programme={theirs.pk}").content.decode()
    assert "pas dans ce tableau de bord" in page and MARKER not in page


def test_unknown_indicator_or_format_is_not_found(cast, client_for):
    hr = client_for(cast.users[Role.HR])
    assert hr.get(url(cast, "inconnu.csv")).status_code == 404
    assert hr.get(url(cast, "flux.pdf")).status_code == 404


@pytest.fixture
def ville(db):
    from tests import insights_dataset
    from tests.cast import grant

    data = insights_dataset.build()
    signatory = make_agent(data.ville, "Diane", "Dgs", with_account=True)
    grant(signatory, data.ville, Role.SIGNATORY)
    data.signatory = signatory.user
    return data


def dates():
    return "periode=dates&du=2025-01-01&au=2025-12-31"


def test_csv_and_xlsx_carry_the_same_protected_figures(ville, client_for):
    client = client_for(ville.signatory)
    base = f"/organisations/{ville.ville.slug}/tableau-de-bord/"
    csv = client.get(f"{base}jours.csv?{dates()}")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Direction;Missions données;Jours donnés;Missions reçues;Jours reçus"
    assert "Cabinet du maire;< 5;—;0;0.0" in text
    assert "Total;13;45.0;11;37.0" in text
    xlsx = client.get(f"{base}portee-categorie.xlsx?{dates()}")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Catégorie"
    assert rows[1] == ["A+", "< 5", "—", "< 5", "—"]
    assert rows[3] == ["B", 5, 38.5, 8, 30.8]  # 8 of 26 agents (the fixture's signatory is one more)


def test_the_whole_dashboard_as_one_workbook(ville, client_for):
    from passerelles.insights.indicators import CATALOGUE

    client = client_for(ville.signatory)
    response = client.get(f"/organisations/{ville.ville.slug}/tableau-de-bord.xlsx?{dates()}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1 + len(CATALOGUE)
    about = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert about["Périmètre"] == "Ville de Testville"
    assert about["Période"] == "du 01/01/2025 au 31/12/2025"
    assert about["Programme"] == "tous les programmes"
    assert "< 5" in about["Règle de protection"]
    flows = book[[name for name in book.sheetnames if name.startswith("Flux")][0]]
    values = [cell.value for row in flows.iter_rows(min_row=2) for cell in row[1:]]
    assert 6 in values and not [v for v in values if isinstance(v, int) and 1 <= v <= 4]


def test_spreadsheet_formulas_are_neutralised(ville, client_for):
    from passerelles.organisations.models import OrgUnit

    OrgUnit.objects.filter(pk=ville.units["education"].pk).update(name='=HYPERLINK("http://x","y")')
    client = client_for(ville.signatory)
    text = client.get(
        f"/organisations/{ville.ville.slug}/tableau-de-bord/jours.csv?{dates()}"
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            client.get(f"/organisations/{ville.ville.slug}/tableau-de-bord/jours.xlsx?{dates()}").content
        )
    ).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://x","y")' in names


def test_the_page_shows_tables_with_captions_charts_data_and_the_legend(ville, client_for):
    page = (
        client_for(ville.signatory)
        .get(f"/organisations/{ville.ville.slug}/tableau-de-bord/?{dates()}")
        .content.decode()
    )
    assert page.count("<caption>") == 17
    assert "effectif trop petit pour être montré" in page
    assert 'id="dashboard-charts"' in page and "echarts.min.js" in page
    assert "Un texte libre très personnel" not in page
    assert "3 sur 5 ont laissé partir" in page


# --- the network: only members that share -----------------------------------------------------------------


@pytest.fixture
def network(ville):
    from passerelles.organisations.models import Network
    from tests.cast import grant, make_organisation

    network = Network.objects.create(name="Réseau Test", slug="reseau-test", lead_organisation=ville.ville)
    agglo = make_organisation("Agglo Secrète", "agglo-secrete")
    for organisation in (ville.ville, ville.ccas, agglo):
        NetworkMembership.objects.create(network=network, organisation=organisation)
    coordinator = make_agent(ville.ville, "Nina", "Coordination", with_account=True)
    grant(coordinator, ville.ville, Role.NETWORK_COORDINATOR)
    ville.network, ville.agglo, ville.coordinator = network, agglo, coordinator.user
    return ville


def share(network, organisation, value=True):
    NetworkMembership.objects.filter(network=network, organisation=organisation).update(
        shares_indicators=value, shares_indicators_since=timezone.now()
    )


def _agglo_activity(data):
    """Agglo Secrète's own missions and engagements: enough to show (6 participants) if it were counted."""
    from passerelles.organisations.models import OrgUnit

    unit = OrgUnit.objects.create(organisation=data.agglo, name="Direction Agglo", kind="direction")
    lead = make_agent(data.agglo, "Léo", "Agglo", unit=unit, with_account=True)
    mission = make_mission(data.agglo, unit, lead, status=MissionStatus.PUBLISHED)
    type(mission).objects.filter(pk=mission.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 3, 1))
    )
    people = [make_agent(data.agglo, f"A{i}", "Agglo", unit=unit, with_account=False) for i in range(6)]
    for person in people:
        make_engagement(person, mission, State.ENDED, end_reason="mission_accomplie")
    # and two of the Ville's agents on the Agglo's mission: a non-sharing member on one side
    for person in data.agents["edu"][9:11]:
        make_engagement(person, mission, State.ENDED, end_reason="mission_accomplie")
    from passerelles.engagements.models import Engagement

    Engagement.objects.filter(mission=mission).update(
        start_date=datetime.date(2025, 3, 3), end_date=datetime.date(2025, 3, 14), percent=20
    )


def _figures(client, network):
    from passerelles.insights.indicators import CATALOGUE

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/reseaux/{network.slug}/tableau-de-bord.xlsx?{dates()}").content)
    )
    return {
        name: [[cell.value for cell in row] for row in book[name].iter_rows()] for name in book.sheetnames[1:]
    }, len(CATALOGUE)


def test_a_non_sharing_members_figures_never_appear(network, client_for):
    share(network.network, network.ville)
    share(network.network, network.ccas)
    client = client_for(network.coordinator)
    before, count = _figures(client, network.network)
    _agglo_activity(network)
    after, _ = _figures(client, network.network)
    assert len(after) == count
    assert after == before  # the Agglo's activity changes nothing, even its missions with the Ville's agents
    page = client.get(f"/reseaux/{network.network.slug}/tableau-de-bord/?{dates()}").content.decode()
    # named once, in the list of members that do not share
    assert page.count("Agglo Secrète") == 1
    assert "Agglo Secrète — ne partage pas ses indicateurs" in page
    # when it shares, its figures come in
    share(network.network, network.agglo)
    shared, _ = _figures(client, network.network)
    assert shared != before
    assert any("Agglo Secrète" in str(row) for rows in shared.values() for row in rows)


def test_flows_between_sharing_organisations(network, client_for):
    share(network.network, network.ville)
    share(network.network, network.ccas)
    client = client_for(network.coordinator)
    sheets, _ = _figures(client, network.network)
    flows = sheets[[name for name in sheets if name.startswith("Flux")][0]]
    assert flows[0][1:] == ["CCAS de Testville", "Ville de Testville", "Total"]
    # the Ville lends 11 to itself (a 6 + b 5) and 2 to the CCAS (hidden), the CCAS nothing in 2025
    assert flows[1] == ["Ville de Testville", "< 5", "< 5", 13]
    # without the CCAS sharing, the Cabinet's missions at the CCAS are not counted at all
    share(network.network, network.ccas, False)
    sheets, _ = _figures(client, network.network)
    flows = sheets[[name for name in sheets if name.startswith("Flux")][0]]
    assert flows[0][1:] == ["Ville de Testville", "Total"] and flows[1][1:] == [11, 11]


def test_only_the_networks_coordinators_open_its_dashboard(network, client_for):
    url = f"/reseaux/{network.network.slug}/tableau-de-bord/"
    assert client_for(network.coordinator).get(url).status_code == 200
    assert client_for(network.signatory).get(url).status_code == 403


def test_a_members_hr_or_admin_switches_sharing_with_a_confirmation(network, client_for):
    from tests.cast import grant

    hr = make_agent(network.ccas, "Hélène", "Rh", with_account=True)
    grant(hr, network.ccas, Role.HR)
    client = client_for(hr.user)
    switch = f"/organisations/{network.ccas.slug}/reseaux/{network.network.slug}/partage/"
    page = client.get(switch).content.decode()
    assert "Confirmer : partager nos indicateurs" in page
    org_page = client.get(f"/organisations/{network.ccas.slug}/").content.decode()
    assert switch in org_page
    response = client.post(switch, {"partage": "oui"})
    assert response.status_code == 302
    membership = NetworkMembership.objects.get(network=network.network, organisation=network.ccas)
    assert membership.shares_indicators and membership.shares_indicators_since is not None
    assert "Rien n&#x27;a changé" in client.post(switch, {"partage": "oui"}, follow=True).content.decode()
    assert "Choisissez" in client.post(switch, {"partage": "peut-être"}, follow=True).content.decode()
    client.post(switch, {"partage": "non"})
    membership.refresh_from_db()
    assert not membership.shares_indicators
    # the signatory may not decide, nor another organisation's HR
    assert (
        client_for(network.signatory)
        .post(
            f"/organisations/{network.ville.slug}/reseaux/{network.network.slug}/partage/", {"partage": "oui"}
        )
        .status_code
        == 403
    )
    assert client.post(
        f"/organisations/{network.ville.slug}/reseaux/{network.network.slug}/partage/", {"partage": "oui"}
    ).status_code in (403, 404)
    assert not NetworkMembership.objects.get(
        network=network.network, organisation=network.ville
    ).shares_indicators


def test_headline_figures_of_fewer_than_five_are_not_given(cast, client_for):
    """One mission published, one agent gone and back: no count of 1, no share or median of one person."""
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED)
    make_engagement(cast.agents["agent"], mission, State.INTEREST)
    page = client_for(cast.users[Role.HR]).get(url(cast)).content.decode()
    found = re.findall(r'<div class="tile"><dt>(.*?)</dt><dd>(.*?)</dd>', page)
    tiles = {label.strip(): value.strip() for label, value in found}
    assert tiles["Missions publiées"] == "&lt; 5"
    assert tiles["Agents intéressés (engagements ouverts)"] == "&lt; 5"
    assert tiles["Satisfaction moyenne (1 à 5)"] == "—"
    assert tiles["Part de premières participations (%)"] == "—"


# --- figures kept a short while (insights/kept.py) ---------------------------------------------------------


def _workbook(client, base):
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}tableau-de-bord.xlsx?{dates()}").content))
    return {
        name: [[cell.value for cell in row] for row in book[name].iter_rows()] for name in book.sheetnames[1:]
    }


def test_figures_are_kept_for_the_same_question_and_counted_again_for_another(network, client_for, settings):
    """Kept: the same figures on the next view and in the exports, even after new engagements, until they are
    counted again; another question (a member starting to share) is counted afresh."""
    settings.INSIGHTS_CACHE_SECONDS = 300
    share(network.network, network.ville)
    coordinator = client_for(network.coordinator)
    page = coordinator.get(f"/reseaux/{network.network.slug}/tableau-de-bord/?{dates()}").content.decode()
    assert "ils sont recomptés au plus tard toutes les 5 minutes" in page
    signatory = client_for(network.signatory)
    ville = f"/organisations/{network.ville.slug}/"
    before = _workbook(signatory, ville)
    network_before = _workbook(coordinator, f"/reseaux/{network.network.slug}/")
    _agglo_activity(network)  # two of the Ville's agents on the Agglo's mission, in the period
    assert _workbook(signatory, ville) == before
    share(network.network, network.ccas)
    assert _workbook(coordinator, f"/reseaux/{network.network.slug}/") != network_before
    settings.INSIGHTS_CACHE_SECONDS = 0
    assert _workbook(signatory, ville) != before


def test_the_figures_are_drawn_once_per_counting_question_and_language(
    ville, client_for, settings, monkeypatch
):
    """Kept figures are also kept drawn (insights/kept.py, ``drawn``): the next view draws nothing and shows the
    same tables; another period, or another language, is drawn for itself."""
    from passerelles.insights import kept

    settings.INSIGHTS_CACHE_SECONDS = 300
    drawings = []
    draw = kept.render_to_string
    monkeypatch.setattr(
        kept, "render_to_string", lambda *args, **kw: drawings.append(args[0]) or draw(*args, **kw)
    )
    client = client_for(ville.signatory)
    base = f"/organisations/{ville.ville.slug}/tableau-de-bord/"

    def page(query) -> str:
        return re.sub(
            r'name="csrfmiddlewaretoken" value="\w+"', "", client.get(f"{base}?{query}").content.decode()
        )

    first = page(dates())
    assert "3 sur 5 ont laissé partir" in first and "Chiffres clés" in first
    assert f'href="{base}jours.csv?{dates()}"' in first.replace("&amp;", "&")  # the links keep the filters
    assert drawings == ["insights/_figures.html"]
    assert page(dates()) == first and len(drawings) == 1
    other = page("periode=dates&du=2024-01-01&au=2024-12-31")
    assert len(drawings) == 2 and "du=2024-01-01" in other and "du=2025-01-01" not in other
    client.cookies["django_language"] = "en"
    english = page(dates())
    assert len(drawings) == 3 and "Key figures" in english and "Chiffres clés" not in english


def test_kept_figures_survive_the_cache_and_a_broken_cache_counts_them(
    ville, client_for, settings, monkeypatch
):
    from django.core.cache import cache

    settings.INSIGHTS_CACHE_SECONDS = 300
    client = client_for(ville.signatory)
    page_url = f"/organisations/{ville.ville.slug}/tableau-de-bord/?{dates()}"

    def page() -> str:  # without the per-request CSRF token
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", client.get(page_url).content.decode())

    counted = page()
    assert "3 sur 5 ont laissé partir" in counted
    assert page() == counted  # read back from the cache (pickled): the same tables, charts and moment

    calls = []

    def broken(*args, **kwargs):
        calls.append(args[0])
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    again = page()
    assert "3 sur 5 ont laissé partir" in again  # counted again, the cache being down
    assert len(calls) == 2 and calls[0] == calls[1] and calls[0].startswith("insights:figures:")
