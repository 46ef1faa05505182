"""Issue 16, lists people can work with: the organisation's missions (HR, signatory), the network's shared missions
(coordinator), the month's time entries and HR's payroll and arrêtés exports; sorting, paging, bad values,
exports read back (CSV and XLSX) with hostile cells neutralised, and who may open each page."""

import csv
import datetime
import io
import warnings

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from passerelles.access.models import Role
from passerelles.documents.models import DocumentAcceptance, EngagementDocument
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.followup.models import TimeEntry
from passerelles.foundation.tables import csv_bytes, safe_cell, xlsx_bytes
from passerelles.frameworks.models import EngagementFramework
from passerelles.missions.models import MissionStatus, Programme, Purpose, Visibility
from passerelles.organisations.models import OrgUnit
from tests.cast import MARKER, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db

MONTH = datetime.date(2026, 3, 1)
HOSTILE = '=HYPERLINK("http://evil.test";"clic")'


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def engage(agent, mission, state, start, end, percent=20, **extra):
    engagement = make_engagement(agent, mission, state, **extra)
    Engagement.objects.filter(pk=engagement.pk).update(start_date=start, end_date=end, percent=percent)
    engagement.refresh_from_db()
    return engagement


def framework(engagement, code):
    EngagementFramework.objects.create(
        engagement=engagement, code=code, situation={}, parameters={}, recommendation={}
    )


@pytest.fixture
def month_world(cast):
    """March 2026, by hand: Paul (home agent, matricule M-001) on our mission with a mise à disposition, 40 %,
    1 March → 30 June, 3 half-days in March (2 + 1) and 2 in February; Léa (the partner's agent, matricule
    P-9) on our mission, internal framework, 15 → 20 March, 1 half-day; a ready engagement starting in April
    (not in March's payroll); an interest (never paid)."""
    lead = cast.agents[Role.HOST]
    paul = cast.agents["agent"]
    paul.matricule = "M-001"
    paul.save()
    mission = make_mission(
        cast.home,
        lead.unit,
        lead,
        title="Ateliers numériques",
        status=MissionStatus.PUBLISHED,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 6, 30),
    )
    mad = engage(
        paul,
        mission,
        State.ACTIVE,
        datetime.date(2026, 3, 1),
        datetime.date(2026, 6, 30),
        40,
        agreement_round=1,
    )
    framework(mad, "mise_a_disposition")
    partner_unit = OrgUnit.objects.create(organisation=cast.partner, name="Accueil social")
    lea = make_agent(cast.partner, "Léa", "Voisine", unit=partner_unit, matricule="P-9")
    short = engage(
        lea,
        mission,
        State.ENDED,
        datetime.date(2026, 3, 15),
        datetime.date(2026, 3, 20),
        agreement_round=1,
        end_reason="mission_accomplie",
    )
    framework(short, "affectation_interne")
    later = engage(
        cast.agents[Role.SIGNATORY],
        mission,
        State.READY,
        datetime.date(2026, 4, 1),
        datetime.date(2026, 5, 1),
        agreement_round=1,
    )
    interest = make_engagement(cast.agents["manager"], mission, State.INTEREST)
    for engagement, day, half in [
        (mad, datetime.date(2026, 3, 2), 2),
        (mad, datetime.date(2026, 3, 31), 1),
        (mad, datetime.date(2026, 2, 27), 2),
        (short, datetime.date(2026, 3, 16), 1),
    ]:
        TimeEntry.objects.create(engagement=engagement, day=day, half_days=half)
    return {"mad": mad, "short": short, "later": later, "interest": interest, "mission": mission}


def test_cells_never_run_as_formulas():
    assert (
        safe_cell(HOSTILE) == "'" + HOSTILE and safe_cell("-1") == "'-1" and safe_cell("Atelier") == "Atelier"
    )
    rows = [[HOSTILE, 3, datetime.date(2026, 3, 2), "@SUM(A1)", "+33 6", True]]
    workbook = load_workbook(io.BytesIO(xlsx_bytes(["Titre", "N", "Jour", "A", "B", "C"], rows)))
    values = next(workbook.active.iter_rows(min_row=2, values_only=True))
    assert values[0] == "'" + HOSTILE and values[3] == "'@SUM(A1)" and values[4] == "'+33 6"
    assert values[1] == 3 and values[2] == datetime.datetime(2026, 3, 2) and values[5] == "oui"
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)
    text = csv_bytes(["Titre"], rows).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK(") and "02/03/2026" in text


# --- time entries and payroll ---------------------------------------------------------------------------


def test_time_entries_of_the_month(cast, month_world, client_for):
    hr = client_for(cast.users[Role.HR])
    response = hr.get("/organisations/ville-alpha/temps/?mois=2026-03")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 engagements" in page and "mars 2026" in page
    rows = read_csv(hr.get("/organisations/ville-alpha/temps/?mois=2026-03&export=csv"))
    assert rows[0] == ["Agent", "Mission", "Accueil", "Dispositif", "Demi-journées"]
    totals = {row[0]: row[4] for row in rows[1:]}
    assert totals == {"Paul Agent": "3", "Léa Voisine": "1"}
    february = read_xlsx(hr.get("/organisations/ville-alpha/temps/?mois=2026-02&export=xlsx"))
    assert february[1:] == [
        [
            "Paul Agent",
            "Ateliers numériques",
            "Ville d'Alpha, Direction de l'éducation",
            "Mise à disposition",
            2,
        ]
    ]


@pytest.mark.parametrize("month", ["2026-13", "abc", "0001-01", "2026-3"])
def test_a_bad_month_is_said(cast, month_world, client_for, month):
    hr = client_for(cast.users[Role.HR])
    response = hr.get(f"/organisations/ville-alpha/temps/?mois={month}")
    assert response.status_code == 200 and "Mois illisible" in response.content.decode()
    export = hr.get(f"/organisations/ville-alpha/exports/paie.xlsx?mois={month}", follow=True)
    assert export.status_code == 200 and "Mois illisible" in export.content.decode()


def test_payroll_of_a_hand_made_month(cast, month_world, client_for):
    hr = client_for(cast.users[Role.HR])
    rows = read_xlsx(hr.get("/organisations/ville-alpha/exports/paie.xlsx?mois=2026-03"))
    header = rows[0]
    assert header[:3] == ["Matricule", "Nom", "Prénom"]
    lines = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(lines) == {"Agent", "Voisine"}  # not the April one, not the interest
    paul = lines["Agent"]
    assert paul["Matricule"] == "M-001" and paul["Employeur"] == "Ville d'Alpha"
    assert paul["Unité d'origine"] == "Service des écoles"
    assert paul["Organisation d'accueil"] == "Ville d'Alpha"
    assert paul["Début"] == datetime.datetime(2026, 3, 1) and paul["Fin"] == datetime.datetime(2026, 6, 30)
    assert paul["Quotité (%)"] == 40 and paul["Demi-journées saisies dans le mois"] == 3
    assert paul["Dispositif"] == "Mise à disposition"
    assert paul["Rémunération et remboursement (règle du dispositif)"].startswith(
        "L'accueil rembourse la rémunération et les charges au prorata du temps"
    )
    lea = lines["Voisine"]
    # another employer's staff number is theirs
    assert lea["Matricule"] in ("", None) and lea["Employeur"] == "CCAS d'Alpha"
    assert lea["Demi-journées saisies dans le mois"] == 1 and lea["Quotité (%)"] == 20
    april = read_csv(hr.get("/organisations/ville-alpha/exports/paie.csv?mois=2026-04"))
    assert sorted(row[1] for row in april[1:]) == ["Agent", "Signe"]
    paul_april = next(row for row in april if row[1] == "Agent")
    assert paul_april[0] == "M-001" and paul_april[13] == "0" and paul_april[8] == "01/03/2026"


def test_arretes_and_conventions(cast, month_world, client_for):
    hr = client_for(cast.users[Role.HR])
    rows = read_csv(hr.get("/organisations/ville-alpha/exports/arretes.csv"))
    header = rows[0]
    assert header[:2] == ["Agent", "Employeur"] and "Acte" in header
    acts = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    # the mise à disposition needs its convention and its arrêté; the internal framework needs neither
    assert [(a["Agent"], a["Acte"], a["Établi"]) for a in acts] == [
        ("Paul Agent", "Convention de mise à disposition", "non"),
        ("Paul Agent", "Arrêté de mise à disposition", "non"),
    ]
    document = EngagementDocument.objects.create(
        engagement=month_world["mad"],
        kind="arrete_mad",
        version=2,
        context={},
        docx=ContentFile(b"docx", name="a.docx"),
        odt=ContentFile(b"odt", name="a.odt"),
        pdf=ContentFile(b"pdf", name="a.pdf"),
        sha256="0" * 64,
    )
    rows = read_xlsx(hr.get("/organisations/ville-alpha/exports/arretes.xlsx"))
    arrete = dict(zip(rows[0], rows[2], strict=True))
    assert (
        arrete["Établi"] == "oui"
        and arrete["Version"] == 2
        and arrete["Accepté par toutes les parties"] == "non"
    )
    DocumentAcceptance.objects.create(
        document=document, party="signatory", name="Sophie Signe", sha256="0" * 64
    )
    DocumentAcceptance.objects.create(document=document, party="hr", name="Rita", sha256="0" * 64)
    rows = read_xlsx(hr.get("/organisations/ville-alpha/exports/arretes.xlsx"))
    assert dict(zip(rows[0], rows[2], strict=True))["Accepté par toutes les parties"] == "oui"


# --- missions --------------------------------------------------------------------------------------------


@pytest.fixture
def missions(cast):
    lead = cast.agents[Role.HOST]
    programme = Programme.objects.create(organisation=cast.home, name="Test MATP")
    made = {
        "draft": make_mission(cast.home, lead.unit, lead, title="Brouillon B"),
        "submitted": make_mission(
            cast.home, lead.unit, lead, title="Relecture R", status=MissionStatus.SUBMITTED
        ),
        "published": make_mission(
            cast.home,
            lead.unit,
            lead,
            title=HOSTILE,
            status=MissionStatus.PUBLISHED,
            visibility=Visibility.NETWORK,
            purpose=Purpose.RENFORT,
            programme=programme,
        ),
        "unit_only": make_mission(
            cast.home,
            cast.agents["agent"].unit,
            lead,
            title="Pour l'unité U",
            status=MissionStatus.PUBLISHED,
            visibility=Visibility.UNIT,
        ),
    }
    partner_unit = OrgUnit.objects.create(organisation=cast.partner, name="Accueil social")
    partner_lead = make_agent(cast.partner, "Pia", "Partenaire", unit=partner_unit)
    made["partner_shared"] = make_mission(
        cast.partner,
        partner_unit,
        partner_lead,
        title="Partagée P",
        status=MissionStatus.PUBLISHED,
        visibility=Visibility.NETWORK,
    )
    made["partner_own"] = make_mission(
        cast.partner, partner_unit, partner_lead, title="Interne P", status=MissionStatus.PUBLISHED
    )
    make_engagement(cast.agents["agent"], made["published"], State.INTEREST)
    make_engagement(cast.agents["manager"], made["published"], State.ACTIVE, agreement_round=1)
    made["programme"] = programme
    return made


def ids(page: str, hook: str) -> list[int]:
    return [int(part.split('"')[0]) for part in page.split(f'{hook}="')[1:]]


def test_organisation_missions_for_hr_and_signatory(cast, missions, client_for):
    hr = client_for(cast.users[Role.HR])
    page = hr.get("/organisations/ville-alpha/missions/").content.decode()
    own = {m.pk for key, m in missions.items() if key in ("draft", "submitted", "published", "unit_only")}
    assert set(ids(page, "data-mission")) == own and MARKER not in page
    assert "Pia" not in page and "Interne P" not in page
    rows = read_csv(hr.get("/organisations/ville-alpha/missions/?export=csv"))
    assert rows[0] == [
        "Mission",
        "Code",
        "Unité d'accueil",
        "Objet",
        "Statut",
        "Début",
        "Fin",
        "Places",
        "Engagements",
        "Programme",
    ]
    published = next(row for row in rows if row[0].endswith('"clic")'))
    assert published[0] == "'" + HOSTILE and published[8] == "2" and published[9] == "Test MATP"
    sheet = read_xlsx(hr.get("/organisations/ville-alpha/missions/?export=xlsx&statut=published"))
    assert sorted(row[0] for row in sheet[1:]) == sorted(["'" + HOSTILE, "Pour l'unité U"])
    # the signatory: every status too, engagements counted from the agreements on (the interest is private)
    signatory = client_for(cast.users[Role.SIGNATORY])
    page = signatory.get("/organisations/ville-alpha/missions/").content.decode()
    assert set(ids(page, "data-mission")) == own
    rows = read_csv(signatory.get("/organisations/ville-alpha/missions/?export=csv"))
    assert next(row for row in rows if row[0].endswith('"clic")'))[8] == "1"
    # a mission for one unit only lists without a link the DGS could not open
    assert f'/missions/{missions["unit_only"].pk}/"' not in page
    assert f'/missions/{missions["published"].pk}/"' in page


def test_mission_filters_sorting_and_pages(cast, missions, client_for, settings):
    hr = client_for(cast.users[Role.HR])
    get = lambda query: hr.get(f"/organisations/ville-alpha/missions/{query}").content.decode()  # noqa: E731
    assert ids(get("?statut=draft"), "data-mission") == [missions["draft"].pk]
    assert ids(get(f"?programme={missions['programme'].pk}"), "data-mission") == [missions["published"].pk]
    assert ids(get("?objet=renfort_ponctuel"), "data-mission") == [missions["published"].pk]
    titles = ids(get("?tri=title"), "data-mission")
    assert titles[0] == missions["published"].pk  # « = » sorts first
    assert ids(get("?tri=-title"), "data-mission") == list(reversed(titles))
    page = get("?tri=title")
    assert 'aria-sort="ascending"' in page and "tri=-title" in page
    # the export follows the order asked
    exported = [
        row[0] for row in read_csv(hr.get("/organisations/ville-alpha/missions/?tri=-title&export=csv"))[1:]
    ]
    assert exported == sorted(exported, reverse=True) and len(exported) == 4
    # an export format we do not write shows the page (the engagements list too)
    engagements = hr.get("/organisations/ville-alpha/engagements/?export=pdf")
    assert engagements.status_code == 200 and "data-engagement-list" in engagements.content.decode()
    settings.PAGE_SIZE = 3
    first, last = ids(get("?tri=title"), "data-mission"), ids(get("?tri=title&page=2"), "data-mission")
    assert len(first) == 3 and len(last) == 1 and not set(first) & set(last)
    assert ids(get("?tri=title&page=999"), "data-mission") == last  # out of range: the last page
    assert ids(get("?tri=title&page=-4"), "data-mission") == first
    assert "Page 2 sur 2" in get("?page=2")
    # a sort that is not one of the columns' names is ignored, never read as a path (django-tables2 would warn)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for hostile in ("../../../etc/passwd", "organisation.name", "__class__", "-", ","):
            assert ids(get(f"?tri={hostile}"), "data-mission") == ids(get(""), "data-mission")
        assert ids(get("?tri=title,__class__"), "data-mission") == ids(get("?tri=title"), "data-mission")
    assert ids(get("?tri= -title , nothing"), "data-mission") == ids(get("?tri=-title"), "data-mission")


@pytest.mark.parametrize(
    "query, error",
    [
        ("?statut=perdu", "Statut inconnu"),
        ("?objet=<script>", "Objet inconnu"),
        ("?unite=99999999999999999999999999", "Unité inconnue"),
        ("?programme=abc", "Programme inconnu"),
        ("?du=2026-02-30", "Date illisible"),
        ("?du=2027-01-02&au=2027-01-01", "La période est à l&#x27;envers"),
        ("?tri=colonne_inconnue", None),
        ("?tri=--title,,", None),
        ("?page=zz", None),
        ("?page=99999999999999999999999", None),
        ("?export=pdf", None),
    ],
)
def test_bad_values_on_the_missions_list(cast, missions, client_for, query, error):
    hr = client_for(cast.users[Role.HR])
    response = hr.get(f"/organisations/ville-alpha/missions/{query}")
    assert response.status_code == 200
    page = response.content.decode()
    assert len(ids(page, "data-mission")) == 4
    if error:
        assert error in page
    assert hr.get(f"/organisations/ville-alpha/missions/{query}&export=xlsx").status_code == 200


def test_network_missions_for_the_coordinator(cast, missions, client_for):
    coordinator = client_for(cast.users[Role.NETWORK_COORDINATOR])
    response = coordinator.get("/reseaux/reseau-alpha/missions/")
    assert response.status_code == 200
    page = response.content.decode()
    assert set(ids(page, "data-mission")) == {missions["published"].pk, missions["partner_shared"].pk}
    # no personal data: neither the project lead nor any engagement
    table = page.split("<table")[1].split("</table>")[0]
    assert "Hugo" not in table and "Pia" not in table and "Paul" not in table and "Engagements" not in table
    rows = read_csv(coordinator.get("/reseaux/reseau-alpha/missions/?export=csv"))
    assert rows[0][:3] == ["Mission", "Code", "Organisation d'accueil"] and "Engagements" not in rows[0]
    partner = ids(
        coordinator.get(f"/reseaux/reseau-alpha/missions/?organisation={cast.partner.pk}").content.decode(),
        "data-mission",
    )
    assert partner == [missions["partner_shared"].pk]


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.HOST, Role.HR, Role.SIGNATORY, Role.ADMIN])
def test_only_the_coordinator_lists_the_network(cast, missions, client_for, role):
    assert client_for(cast.users[role]).get("/reseaux/reseau-alpha/missions/").status_code == 403


@pytest.mark.parametrize(
    "url, allowed",
    [
        ("/organisations/ville-alpha/missions/", {Role.HR, Role.SIGNATORY}),
        ("/organisations/ville-alpha/engagements/?export=xlsx", {Role.HR, Role.SIGNATORY}),
        ("/organisations/ville-alpha/temps/", {Role.HR}),
        ("/organisations/ville-alpha/exports/paie.xlsx?mois=2026-03", {Role.HR}),
        ("/organisations/ville-alpha/exports/paie.csv", {Role.HR}),
        ("/organisations/ville-alpha/exports/arretes.xlsx", {Role.HR}),
        ("/organisations/ville-alpha/exports/arretes.csv", {Role.HR}),
    ],
)
def test_who_opens_each_page(cast, client_for, url, allowed):
    for role in (
        Role.AGENT,
        Role.MANAGER,
        Role.HOST,
        Role.HR,
        Role.SIGNATORY,
        Role.NETWORK_COORDINATOR,
        Role.ADMIN,
    ):
        status = client_for(cast.users[role]).get(url).status_code
        assert status == (200 if role in allowed else 403), (role, status)
    # another organisation's pages do not exist for its neighbours' HR
    outsider = url.replace("ville-alpha", cast.outsider.slug)
    assert client_for(cast.users[Role.HR]).get(outsider).status_code == 404


# --- agent directory and dashboards ----------------------------------------------------------------------


def test_directory_filters_and_exports_the_same_columns(cast, client_for):
    from passerelles.people.models import EmploymentStatus, Gender

    gone = make_agent(cast.home, "Gaston", "Parti", is_active=False, gender=Gender.MAN, birth_year=1970)
    contract = make_agent(cast.home, "Cora", "Contrat")
    contract.status = EmploymentStatus.CONTRACTUEL_CDD
    contract.save()
    hr = client_for(cast.users[Role.HR])
    get = lambda query: hr.get(f"/organisations/ville-alpha/agents/{query}").content.decode()  # noqa: E731
    assert gone.pk not in ids(get(""), "data-agent")  # in post only, by default
    assert ids(get("?actif=inactifs"), "data-agent") == [gone.pk]
    assert gone.pk in ids(get("?actif=tous"), "data-agent")
    assert ids(get("?statut=contractuel_cdd"), "data-agent") == [contract.pk]
    assert "Statut inconnu" in get("?statut=fonctionnaire") and "Choix inconnu" in get("?actif=peut-etre")
    rows = read_csv(hr.get("/organisations/ville-alpha/agents/?actif=tous&export=csv"))
    assert rows[0] == ["Nom", "Poste", "Unité", "Catégorie", "Site"]  # what the page shows, nothing more
    assert ["Parti Gaston", "Gestionnaire", "", "C", ""] in rows
    sheet = read_xlsx(hr.get("/organisations/ville-alpha/agents/?q=Contrat&export=xlsx"))
    assert sheet == [
        ["Nom", "Poste", "Unité", "Catégorie", "Site"],
        ["Contrat Cora", "Gestionnaire", None, "C", None],
    ]
    names = ids(get("?tri=-name"), "data-agent")
    assert names == list(reversed(ids(get("?tri=name"), "data-agent")))


def test_dashboard_links(cast, client_for):
    hr = client_for(cast.users[Role.HR]).get("/tableau-de-bord/").content.decode()
    assert (
        'href="/organisations/ville-alpha/missions/"' in hr
        and 'href="/organisations/ville-alpha/temps/"' in hr
    )
    signatory = client_for(cast.users[Role.SIGNATORY]).get("/tableau-de-bord/").content.decode()
    assert 'href="/organisations/ville-alpha/engagements/"' in signatory
    assert 'href="/organisations/ville-alpha/missions/"' in signatory and "/temps/" not in signatory
    coordinator = client_for(cast.users[Role.NETWORK_COORDINATOR]).get("/tableau-de-bord/").content.decode()
    assert 'href="/reseaux/reseau-alpha/missions/"' in coordinator
    agent = client_for(cast.users[Role.AGENT]).get("/tableau-de-bord/").content.decode()
    assert "/organisations/ville-alpha/missions/" not in agent and "/temps/" not in agent


def test_every_column_sorts_on_every_list_and_export(cast, month_world, missions, client_for):
    """Each column name of each table, ascending and descending, on the page and in both exports: never a
    server error (a column whose value is not a database field sorts by the fields it names, or not at all)."""
    from passerelles.core import engagement_list, hr_exports, mission_lists
    from passerelles.people.directory import DirectoryTable

    lists = [
        (
            "/organisations/ville-alpha/engagements/",
            Role.HR,
            [engagement_list.EngagementTable, engagement_list.EngagementExportTable],
        ),
        ("/organisations/ville-alpha/missions/", Role.SIGNATORY, [mission_lists.MissionTable]),
        ("/organisations/ville-alpha/temps/?mois=2026-03", Role.HR, [hr_exports.TimeTable]),
        ("/organisations/ville-alpha/agents/", Role.ADMIN, [DirectoryTable]),
        ("/reseaux/reseau-alpha/missions/", Role.NETWORK_COORDINATOR, [mission_lists.NetworkMissionTable]),
    ]
    for url, role, tables in lists:
        client = client_for(cast.users[role])
        joiner = "&" if "?" in url else "?"
        for name in {name for table in tables for name in table.base_columns}:
            for order in (name, f"-{name}"):
                for extra in ("", "&export=csv", "&export=xlsx"):
                    response = client.get(f"{url}{joiner}tri={order}{extra}")
                    assert response.status_code == 200, (url, order, extra, response.status_code)


def test_exports_give_what_django_tables2_gives(cast, month_world, missions):
    """``Table.export_rows`` reads cells its own quick way: the same values as django-tables2's ``as_values``."""
    from django.utils.encoding import force_str

    from passerelles.core import engagement_list, hr_exports, mission_lists
    from passerelles.people.directory import DirectoryTable
    from passerelles.people.models import Agent

    hr, home = cast.users[Role.HR], cast.home
    engagements = engagement_list.listed(Engagement.objects.for_organisation(hr, home))
    made = [
        lambda: engagement_list.EngagementExportTable(engagements),
        lambda: mission_lists.MissionTable(mission_lists.organisation_missions(hr, home)),
        lambda: mission_lists.NetworkMissionTable(
            mission_lists.network_missions(cast.users[Role.NETWORK_COORDINATOR], cast.network)
        ),
        lambda: hr_exports.TimeTable(hr_exports.time_entries(hr, home, MONTH)),
        lambda: hr_exports.PayrollTable(hr_exports.payroll(hr, home, MONTH), organisation=home),
        lambda: hr_exports.ActsTable(hr_exports.acts(hr, home)),
        lambda: DirectoryTable(Agent.objects.filter(organisation=home).select_related("unit", "site")),
    ]
    for make in made:
        headers, rows = make().export_rows()
        assert rows, make
        quick = [headers, *[[force_str(value, strings_only=True) for value in row] for row in rows]]
        assert quick == [list(row) for row in make().as_values()]


def _as_django_tables2_draws(table) -> list[str]:
    """The rows as our template drew them before ``Table.body_rows``: django-tables2's own loop."""
    from django.template import Context, Template

    loop = Template(
        "{% for row in table.paginated_rows %}<tr {{ row.attrs.as_html }}>{% for column, cell in row.items %}"
        "<td {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endfor %}</tr>\n{% endfor %}"
    )
    return loop.render(Context({"table": table})).splitlines()


def test_rows_are_drawn_as_django_tables2_draws_them(cast, month_world, missions, django_assert_num_queries):
    """``Table.body_rows`` draws the cells its own quick way: the same HTML as django-tables2's loop, for every
    list drawn on a page (the payroll and acts tables are only exported) and for a table with what the lists do not use yet (attributes computed per row, links, dates,
    empty cells, a render method taking the record)."""
    import django_tables2 as tables

    from passerelles.core import engagement_list, hr_exports, mission_lists
    from passerelles.foundation.tables import Table
    from passerelles.people.directory import COLUMNS_READ, DirectoryTable
    from passerelles.people.models import Agent

    class Edge(Table):
        name = tables.Column(
            accessor="last_name", attrs={"td": {"data-len": lambda value: len(str(value)), "class": "n"}}
        )
        unit = tables.Column(accessor="unit__name", linkify=lambda record: f"/agents/{record.pk}/")
        site = tables.Column(accessor="site__name", default="—")
        category = tables.Column()
        created = tables.DateColumn(accessor="created_at")
        flag = tables.Column(accessor="pk", empty_values=())

        def render_flag(self, record, value):
            return f"<{record.first_name}> {value}"

        class Meta(Table.Meta):
            # a class of its own beside django-tables2's even/odd, a hostile value, one left out (None)
            row_attrs = {
                "data-name": lambda record: record.last_name,
                "class": "ligne",
                "data-none": lambda: None,
                "data-table": lambda table, record: type(table).__name__,
            }

    hr, home = cast.users[Role.HR], cast.home
    Agent.objects.filter(organisation=home).update(job_title="<b>chef</b> & co")
    # the directory's quick cells (DirectoryTable.quick_cells): a person without unit, site nor job title too
    bare = Agent.objects.filter(organisation=home).order_by("pk").first()
    Agent.objects.filter(pk=bare.pk).update(unit=None, site=None, job_title="", last_name="O'Brien <x>")
    agents = Agent.objects.filter(organisation=home).select_related("unit", "site").order_by("pk")
    made = [
        lambda: engagement_list.EngagementTable(
            engagement_list.listed(Engagement.objects.for_organisation(hr, home))
        ),
        lambda: mission_lists.MissionTable(mission_lists.organisation_missions(hr, home)),
        lambda: hr_exports.TimeTable(hr_exports.time_entries(hr, home, MONTH)),
        lambda: mission_lists.NetworkMissionTable(
            mission_lists.network_missions(cast.users[Role.NETWORK_COORDINATOR], cast.network)
        ),
        lambda: DirectoryTable(agents),
        lambda: Edge(agents),
    ]
    for make in made:
        expected = _as_django_tables2_draws(make())
        assert expected, make
        assert [str(row) for row in make().body_rows()] == expected
    drawn = "".join(make().body_rows())
    assert 'data-name="O&#x27;Brien &lt;x&gt;" class="ligne even" data-table="Edge"' in drawn
    assert "data-none" not in drawn and 'class="ligne odd"' in drawn
    # the page reads only the columns it shows (COLUMNS_READ): drawing its rows asks nothing more
    read = list(agents.only(*COLUMNS_READ))
    with django_assert_num_queries(0):
        directory = "".join(DirectoryTable(read).body_rows())
    assert "&lt;b&gt;chef&lt;/b&gt; &amp; co" in directory and "O&#x27;Brien &lt;x&gt;" in directory
    assert DirectoryTable(agents).quick_cells()  # the directory is drawn the quick way, compared above
    assert 'data-len="' in drawn and "&lt;" in drawn and '<a href="/agents/' in drawn
