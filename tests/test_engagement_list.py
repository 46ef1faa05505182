"""HR's list of the organisation's engagements: every one of its agents' and of its missions', filters checked
at the boundary, pages, an empty state, the CSV export; and the manager who refused keeps reading."""

import csv
import datetime
import io

import pytest

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement
from passerelles.frameworks.models import EngagementFramework
from passerelles.missions.models import MissionStatus
from passerelles.organisations.models import OrgUnit
from tests.cast import MARKER, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    """Ville d'Alpha's engagements: its agent on its own mission (active, internal letter), a partner's agent
    on its mission (interest), its agent on the partner's mission (meeting); and the outsider's, never listed."""
    lead = cast.agents[Role.HOST]
    today = datetime.date.today()
    ours = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    partner_unit = OrgUnit.objects.create(organisation=cast.partner, name="Accueil social")
    partner_lead = make_agent(cast.partner, "Pia", "Partenaire", unit=partner_unit)
    theirs = make_mission(
        cast.partner,
        partner_unit,
        partner_lead,
        status=MissionStatus.PUBLISHED,
        title="Renfort canicule",
        start_date=today + datetime.timedelta(days=200),
        end_date=today + datetime.timedelta(days=230),
    )
    partner_agent = make_agent(cast.partner, "Léa", "Voisine", unit=partner_unit)
    active = make_engagement(cast.agents["agent"], ours, State.ACTIVE, agreement_round=1)
    EngagementFramework.objects.create(
        engagement=active, code="affectation_interne", situation={}, parameters={}, recommendation={}
    )
    return {
        "active": active,
        "visitor": make_engagement(partner_agent, ours, State.INTEREST),
        "abroad": make_engagement(cast.agents[Role.HR], theirs, State.MEETING),
        "ours": ours,
        "theirs": theirs,
        "partner_unit": partner_unit,
    }


def listed(client, query="", slug="ville-alpha"):
    response = client.get(f"/organisations/{slug}/engagements/{query}")
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    return {int(part.split('"')[0]) for part in page.split('data-engagement="')[1:]}, page


def test_hr_lists_its_agents_and_its_missions_engagements(cast, world, client_for):
    hr = client_for(cast.users[Role.HR])
    ids, page = listed(hr)
    assert ids == {world["active"].pk, world["visitor"].pk, world["abroad"].pk}
    assert cast.outsider_engagement.pk not in ids and MARKER not in page
    assert "3 engagements" in page
    assert "affectation interne / lettre de mission" in page  # the framework of the active one
    # the list is in HR's navigation and dashboard
    dashboard = hr.get("/tableau-de-bord/").content.decode()
    assert dashboard.count('href="/organisations/ville-alpha/engagements/"') == 2


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.HOST, Role.ADMIN])
def test_only_hr_and_the_signatory_list_the_engagements(cast, world, client_for, role):
    client = client_for(cast.users[role])
    assert client.get("/organisations/ville-alpha/engagements/").status_code == 403
    assert client.get("/organisations/ville-alpha/engagements.csv").status_code == 403
    assert (
        'href="/organisations/ville-alpha/engagements/"'
        not in client.get("/tableau-de-bord/").content.decode()
    )


def test_the_signatory_lists_only_what_reached_the_agreements(cast, world, client_for):
    """The DGS reads the list (issue 16), within its scope: the active engagement of its agent, never an
    interest or a meeting (exploring stays private, DESIGN §1.3); no payroll link (HR only)."""
    ids, page = listed(client_for(cast.users[Role.SIGNATORY]))
    assert ids == {world["active"].pk}
    assert "/temps/" not in page and MARKER not in page


def test_another_organisations_list_does_not_exist_for_hr(cast, world, client_for):
    hr = client_for(cast.users[Role.HR])
    assert hr.get(f"/organisations/{cast.outsider.slug}/engagements/").status_code == 404
    assert hr.get(f"/organisations/{cast.outsider.slug}/engagements.csv").status_code == 404
    # a partner's HR sees only what concerns the partner: its agent on our mission, our agent on its mission
    partner_hr = make_agent(cast.partner, "Pat", "Partenaire")
    from tests.cast import grant

    grant(partner_hr, cast.partner, Role.HR)
    ids, _page = listed(client_for(partner_hr.user), slug=cast.partner.slug)
    assert ids == {world["visitor"].pk, world["abroad"].pk}


def test_filters(cast, world, client_for):
    hr = client_for(cast.users[Role.HR])
    active, visitor, abroad = world["active"], world["visitor"], world["abroad"]
    assert listed(hr, "?etape=active")[0] == {active.pk}
    assert listed(hr, f"?mission={world['theirs'].pk}")[0] == {abroad.pk}
    assert listed(hr, f"?mission={world['ours'].pk}")[0] == {active.pk, visitor.pk}
    # a unit: the agent's (or a sub-unit's), or the mission's host unit
    service = cast.agents["agent"].unit
    assert listed(hr, f"?unite={service.pk}")[0] == {active.pk}
    direction = cast.agents[Role.HOST].unit  # the host unit of our mission, and HR's own unit
    assert listed(hr, f"?unite={direction.pk}")[0] == {active.pk, visitor.pk, abroad.pk}
    assert listed(hr, f"?unite={direction.parent_id}")[0] == {active.pk, visitor.pk, abroad.pk}
    assert listed(hr, "?dispositif=affectation_interne")[0] == {active.pk}
    assert listed(hr, "?dispositif=aucun")[0] == {visitor.pk, abroad.pk}
    assert listed(hr, "?cote=agents")[0] == {active.pk, abroad.pk}
    assert listed(hr, "?cote=missions")[0] == {active.pk, visitor.pk}
    # dates: the engagements under way at some point of the period
    later = (world["theirs"].start_date + datetime.timedelta(days=1)).isoformat()
    assert listed(hr, f"?du={later}")[0] == {abroad.pk}
    assert listed(hr, f"?au={active.start_date.isoformat()}")[0] == {active.pk, visitor.pk}
    assert listed(hr, "?etape=active&cote=missions&dispositif=affectation_interne")[0] == {active.pk}
    ids, page = listed(hr, "?etape=evaluated")
    assert ids == set() and "Aucun engagement ne correspond à ces filtres." in page


@pytest.mark.parametrize(
    "query, error",
    [
        ("?etape=perdu", "Étape inconnue"),
        ("?mission=abc", "Mission inconnue"),
        ("?mission=99999999999999999999999999", "Mission inconnue"),
        ("?unite=%C2%B2", "Unité inconnue"),
        ("?dispositif=<script>", "Dispositif inconnu"),
        ("?cote=tous", "Choix inconnu"),
        ("?du=2026-13-45", "Date illisible"),
        ("?au=0001-01-01", "Date illisible"),
        ("?du=2027-01-02&au=2027-01-01", "La période est à l&#x27;envers"),
        ("?page=zz", None),
        ("?page=99999", None),
    ],
)
def test_bad_query_strings_are_said_and_ignored(cast, world, client_for, query, error):
    hr = client_for(cast.users[Role.HR])
    ids, page = listed(hr, query)
    assert ids == {world["active"].pk, world["visitor"].pk, world["abroad"].pk}
    if error:
        assert error in page
    assert hr.get(f"/organisations/ville-alpha/engagements.csv{query}").status_code == 200


def test_another_organisations_mission_or_unit_is_no_filter(cast, world, client_for):
    """Ids from the query string are checked against what the list holds: the outsider's stay unknown."""
    hr = client_for(cast.users[Role.HR])
    ids, page = listed(hr, f"?mission={cast.outsider_mission.pk}&unite={cast.outsider_unit.pk}")
    assert len(ids) == 3 and "Mission inconnue" in page and "Unité inconnue" in page and MARKER not in page


def test_pages_and_empty_state(cast, world, client_for, settings):
    settings.PAGE_SIZE = 2
    hr = client_for(cast.users[Role.HR])
    first, page = listed(hr, "?cote=agents")
    assert len(first) == 2 and "Page 1 sur 1" not in page
    second, page = listed(hr, "?page=2")
    assert len(second) == 1 and "Page 2 sur 2" in page
    assert len(first | listed(hr, "?page=1")[0] | second) == 3
    Engagement.objects.all().delete()
    _ids, page = listed(hr)
    assert "Aucun engagement pour le moment" in page


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_of_the_filtered_list(cast, world, client_for):
    hr = client_for(cast.users[Role.HR])
    response = hr.get("/organisations/ville-alpha/engagements.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="engagements-ville-alpha-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Agent", "Organisation de l'agent", "Unité de l'agent"]
    assert len(rows) == 4 and MARKER not in response.content.decode("utf-8")
    active = next(row for row in rows if row[0] == "Paul Agent")
    assert active[3] == "Ateliers numériques" and active[6] == "En cours" and active[10] == "20"
    assert active[8] == world["active"].start_date.strftime("%d/%m/%Y")
    filtered = read_csv(hr.get("/organisations/ville-alpha/engagements.csv?cote=missions&etape=interest"))
    assert [row[0] for row in filtered[1:]] == ["Léa Voisine"]


def test_csv_cells_never_run_as_formulas(cast, world, client_for):
    from passerelles.core.engagement_list import safe_cell

    assert safe_cell("=1+1") == "'=1+1" and safe_cell("+33 6") == "'+33 6" and safe_cell("-2") == "'-2"
    assert (
        safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("Ateliers") == "Ateliers" and safe_cell(20) == "20"
    )
    world["ours"].title = '=HYPERLINK("http://evil.test";"clic")'
    world["ours"].save()
    agent = cast.agents["agent"]
    agent.first_name, agent.last_name = "@Paul", "-Agent"
    agent.save()
    rows = read_csv(client_for(cast.users[Role.HR]).get("/organisations/ville-alpha/engagements.csv"))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.test";"clic")' in cells
    assert "'@Paul -Agent" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)


def test_a_manager_never_sees_an_engagement_declined_before_the_agreements(cast, world, client_for):
    early = make_engagement(
        cast.agents["agent"],
        make_mission(
            cast.home, cast.agents[Role.HOST].unit, cast.agents[Role.HOST], status=MissionStatus.PUBLISHED
        ),
        State.DECLINED,
    )
    assert client_for(cast.users[Role.MANAGER]).get(f"/engagements/{early.pk}/").status_code == 404
    assert client_for(cast.users[Role.SIGNATORY]).get(f"/engagements/{early.pk}/").status_code == 404
    assert not Engagement.objects.for_actor(cast.users[Role.MANAGER]).filter(pk=early.pk).exists()
