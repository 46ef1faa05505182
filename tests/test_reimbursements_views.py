"""The reimbursement pages by role, with bad input, and the finance export read back: both employers' HR and
signatories see the schedule, only the origin's see the yearly cost, nobody else sees anything; a refusal
writes nothing; the network sees totals by pair, without a name."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from passerelles.access.models import Role
from passerelles.organisations.models import NetworkMembership
from passerelles.reimbursements import queries, services
from passerelles.reimbursements.models import Decision, LineState, ReimbursementPlan, ScheduleLine
from tests.cast import MARKER, make_agent, make_engagement, make_mission, make_organisation
from tests.reimbursement_cast import lend

pytestmark = pytest.mark.django_db
COST = Decimal("40000.00")


@pytest.fixture
def lending(cast):
    return lend(cast)


@pytest.fixture
def decided(lending):
    services.plan_decide(
        engagement=lending.engagement, by=lending.origin_hr, decision=Decision.COST, yearly_cost=COST
    )
    return lending


def norm(text: str) -> str:
    """French thousands separators (no-break spaces) as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _url(lending, tail=""):
    return f"/engagements/{lending.engagement.pk}/remboursement/{tail}"


def _outsider_hr(cast):
    from passerelles.access.models import RoleMembership

    return RoleMembership.objects.filter(organisation=cast.outsider, role=Role.HR).first().user


def test_who_sees_the_schedule_and_who_sees_the_yearly_cost(cast, decided, client_for):
    seen = {
        "origin_hr": decided.origin_hr,
        "origin_signatory": decided.origin_signatory,
        "host_hr": decided.host_hr,
        "host_signatory": decided.host_signatory,
    }
    for who, user in seen.items():
        page = client_for(user).get(_url(decided))
        assert page.status_code == 200, who
        text = norm(page.content.decode())
        assert "Département Bêta" in text and "Ville d&#x27;Alpha" in text
        assert "2 000,00 €" in text, who
        assert ("data-yearly-cost" in text) is who.startswith("origin"), who
        assert ("data-decision-form" in text) is (who == "origin_hr"), who


@pytest.mark.parametrize("who", ["agent", "manager", "host_lead"])
def test_the_agent_and_colleagues_never_see_it(cast, decided, client_for, who):
    user = (
        decided.host_lead
        if who == "host_lead"
        else cast.users[Role.AGENT if who == "agent" else Role.MANAGER]
    )
    assert client_for(user).get(_url(decided)).status_code == 403
    page = client_for(user).get(f"/engagements/{decided.engagement.pk}/")
    assert page.status_code == 200 and "data-reimbursement-summary" not in page.content.decode()


def test_the_engagement_page_shows_it_to_both_employers_hr(decided, client_for):
    for user in (decided.origin_hr, decided.host_hr):
        text = client_for(user).get(f"/engagements/{decided.engagement.pk}/").content.decode()
        assert "data-reimbursement-summary" in text and "échéancier du remboursement" in text


def test_other_organisations_get_a_404(cast, decided, client_for):
    for user in (_outsider_hr(cast), cast.users[Role.NETWORK_COORDINATOR]):
        response = client_for(user).get(_url(decided))
        assert response.status_code in (403, 404)
    assert client_for(_outsider_hr(cast)).get(_url(decided)).status_code == 404


def test_a_host_signatory_not_asked_to_sign_sees_nothing(cast, decided, client_for):
    decided.engagement.agreements.all().delete()
    assert client_for(decided.host_signatory).get(_url(decided)).status_code == 404


def test_no_page_between_two_services_of_one_employer(cast, client_for):
    lead = cast.agents[Role.HOST]
    engagement = make_engagement(
        cast.agents["agent"], make_mission(cast.home, lead.unit, lead, status="published"), "active"
    )
    assert (
        client_for(cast.users[Role.HR]).get(f"/engagements/{engagement.pk}/remboursement/").status_code == 404
    )


def test_origin_hr_decides_through_the_page(lending, client_for):
    client = client_for(lending.origin_hr)
    response = client.post(
        _url(lending, "decision/"), {"decision": "cost", "yearly_cost": "40 000,00", "frequency": "month"}
    )
    assert response.status_code == 302
    plan = ReimbursementPlan.objects.get()
    assert plan.yearly_cost == COST and plan.lines.count() == 12
    assert "l&#x27;échéancier est calculé" in client.get(_url(lending)).content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"decision": "cost", "yearly_cost": "quarante mille", "frequency": "quarter"}, "montant en euros"),
        ({"decision": "cost", "yearly_cost": "-3", "frequency": "quarter"}, "positif"),
        ({"decision": "cost", "yearly_cost": "", "frequency": "quarter"}, "coût annuel"),
        ({"decision": "cost", "yearly_cost": "1000", "frequency": "weekly"}, "Sélectionnez un choix valide"),
        (
            {"decision": "waiver", "waiver_reason": "other", "waiver_detail": "", "frequency": "quarter"},
            "Précisez",
        ),
        ({"decision": "waiver", "waiver_reason": "attached", "frequency": "quarter"}, "rattachés"),
        ({"decision": "waiver", "frequency": "quarter"}, "motif légal"),
        ({"decision": "gratis", "frequency": "quarter"}, "Sélectionnez un choix valide"),
        ({}, "Ce champ est obligatoire"),
    ],
)
def test_bad_decisions_say_why_in_french_and_write_nothing(lending, client_for, data, error):
    response = client_for(lending.origin_hr).post(_url(lending, "decision/"), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ReimbursementPlan.objects.exists() and not ScheduleLine.objects.exists()


def test_the_host_hr_cannot_decide_or_record(decided, client_for):
    client = client_for(decided.host_hr)
    line = ScheduleLine.objects.first()
    assert (
        client.post(
            _url(decided, "decision/"), {"decision": "cost", "yearly_cost": "1", "frequency": "quarter"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            _url(decided, "echeance/"),
            {"action": "emettre", "ligne": line.pk, "titre_number": "T", "issued_on": "2026-04-01"},
        ).status_code
        == 403
    )
    assert client.post(_url(decided, "recalcul/")).status_code == 403
    assert (
        ReimbursementPlan.objects.get().yearly_cost == COST
        and not ScheduleLine.objects.exclude(state=LineState.TO_ISSUE).exists()
    )


def test_writes_are_post_only(decided, client_for):
    client = client_for(decided.origin_hr)
    for tail in ("decision/", "echeance/", "recalcul/"):
        assert client.get(_url(decided, tail)).status_code == 405


def test_recording_a_titre_and_money_received_through_the_page(decided, client_for):
    client = client_for(decided.origin_hr)
    line = ScheduleLine.objects.order_by("period_start").first()
    client.post(
        _url(decided, "echeance/"),
        {"action": "emettre", "ligne": line.pk, "titre_number": "T-2026-12", "issued_on": "2026-04-03"},
    )
    client.post(
        _url(decided, "echeance/"),
        {"action": "recevoir", "ligne": line.pk, "amount": "1 000,00", "received_on": "2026-04-20"},
    )
    line.refresh_from_db()
    assert (line.state, line.titre_number, line.received_amount) == (
        LineState.PARTIAL,
        "T-2026-12",
        Decimal("1000.00"),
    )
    text = client.get(_url(decided)).content.decode()
    assert 'data-state="partial"' in text and "T-2026-12" in text


@pytest.mark.parametrize(
    "data",
    [
        {"action": "emettre", "ligne": "999999", "titre_number": "T", "issued_on": "2026-04-01"},
        {"action": "emettre", "ligne": "abc", "titre_number": "T", "issued_on": "2026-04-01"},
        {"action": "emettre", "ligne": "FIRST", "titre_number": "", "issued_on": "2026-04-01"},
        {"action": "emettre", "ligne": "FIRST", "titre_number": "T", "issued_on": "hier"},
        {"action": "recevoir", "ligne": "FIRST", "amount": "10", "received_on": "2026-04-01"},
        {"action": "recevoir", "ligne": "FIRST", "amount": "dix", "received_on": "2026-04-01"},
        {"action": "effacer", "ligne": "FIRST"},
        {},
    ],
)
def test_bad_line_input_changes_nothing(decided, client_for, data):
    client = client_for(decided.origin_hr)
    first = ScheduleLine.objects.order_by("period_start").first()
    data = {k: (first.pk if v == "FIRST" else v) for k, v in data.items()}
    before = list(ScheduleLine.objects.order_by("pk").values())
    response = client.post(_url(decided, "echeance/"), data, follow=True)
    assert response.status_code == 200
    assert (
        'class="message message-error' in response.content.decode()
        or "message-error" in response.content.decode()
    )
    assert list(ScheduleLine.objects.order_by("pk").values()) == before


def _issue_and_receive_first(decided):
    line = ScheduleLine.objects.order_by("period_start").first()
    by = {"engagement": decided.engagement, "line_id": line.pk, "by": decided.origin_hr}
    services.line_issue(**by, titre_number="=CMD()", issued_on=datetime.date(2026, 4, 2))
    services.line_receive(**by, amount=Decimal("2000.00"), received_on=datetime.date(2026, 4, 15))


def test_the_finance_export_reads_back_as_csv_and_xlsx(cast, decided, client_for):
    _issue_and_receive_first(decided)
    for user, org in ((decided.origin_hr, cast.home), (decided.host_hr, decided.host)):
        client = client_for(user)
        response = client.get(f"/organisations/{org.slug}/remboursements/?export=csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        content = response.content
        assert content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][:3] == ["Débiteur (accueil)", "Créancier (employeur d'origine)", "Agent"]
        assert len(rows) == 5
        first = rows[1]
        assert first[0] == "Département Bêta" and first[1] == "Ville d'Alpha" and first[2] == "Paul Agent"
        assert first[5:8] == ["01/01/2026", "31/03/2026", "2000,00"]
        assert first[8] == "Reçu" and first[9] == "'=CMD()" and first[11] == "2000,00"
        response = client.get(
            f"/organisations/{org.slug}/remboursements/?du=2026-04-01&au=2026-06-30&export=xlsx"
        )
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.values)
        assert len(values) == 2 and values[1][7] == 2000 and values[1][8] == "À émettre"
        assert values[1][5] == datetime.datetime(2026, 4, 1)


def test_the_export_page_by_role_and_with_a_bad_period(cast, decided, client_for):
    assert (
        client_for(cast.users[Role.AGENT]).get(f"/organisations/{cast.home.slug}/remboursements/").status_code
        == 403
    )
    assert (
        client_for(_outsider_hr(cast)).get(f"/organisations/{cast.home.slug}/remboursements/").status_code
        == 404
    )
    page = client_for(decided.origin_hr).get(
        f"/organisations/{cast.home.slug}/remboursements/?du=2026-06-01&au=2026-01-01"
    )
    assert page.status_code == 200 and "La fin de la période précède son début" in page.content.decode()
    bad = client_for(decided.origin_hr).get(
        f"/organisations/{cast.home.slug}/remboursements/?du=nimporte&export=csv"
    )
    assert bad.status_code == 302
    empty = client_for(decided.origin_hr).get(
        f"/organisations/{cast.home.slug}/remboursements/?du=2030-01-01"
    )
    assert "Aucune échéance sur cette période" in empty.content.decode()


def test_the_export_never_holds_another_organisations_lines(cast, decided, client_for):
    """A lending between two other organisations (one of them the outsider) is in nobody's export here."""
    other = make_organisation(f"Commune {MARKER}", f"commune-{MARKER.lower()}")
    from passerelles.organisations.models import OrgUnit

    unit = OrgUnit.objects.create(organisation=other, name=f"Unité {MARKER}")
    lead = make_agent(other, "Olga", f"{MARKER}lead", unit=unit)
    mission = make_mission(other, unit, lead, status="published", title=f"Mission {MARKER}")
    engagement = make_engagement(cast.outsider_agent, mission, "active")
    services.plan_decide(
        engagement=engagement, by=_outsider_hr(cast), decision=Decision.COST, yearly_cost=COST
    )
    for user in (decided.origin_hr, decided.host_hr):
        for org in (cast.home, decided.host):
            response = client_for(user).get(f"/organisations/{org.slug}/remboursements/?export=csv")
            if response.status_code == 200:
                assert MARKER not in response.content.decode("utf-8-sig")


def test_the_network_sees_flows_between_sharing_members_only_and_no_names(
    cast, decided, client_for, monkeypatch
):
    _issue_and_receive_first(decided)
    coordinator = client_for(cast.users[Role.NETWORK_COORDINATOR])
    url = f"/reseaux/{cast.network.slug}/tableau-de-bord/"
    NetworkMembership.objects.filter(network=cast.network).update(shares_indicators=True)
    text = norm(coordinator.get(url).content.decode())
    section = text[text.index("data-money-flows") : text.index("</section>", text.index("data-money-flows"))]
    # one person lent: the pair shows, its amounts (that person's cost share) do not
    assert "Département Bêta" in section and "<td>&lt; 5</td><td>—</td>" in section
    assert "8 000,00" not in section and "2 000,00" not in section
    monkeypatch.setattr(queries, "SMALL_COUNT", 1)  # as when five people or more are lent between the two
    text = norm(coordinator.get(url).content.decode())
    section = text[text.index("data-money-flows") : text.index("</section>", text.index("data-money-flows"))]
    assert "Département Bêta" in section and "8 000,00" in section and "2 000,00" in section
    assert "Paul" not in section and "Agent" not in section.replace("Engagements", "")
    NetworkMembership.objects.filter(organisation=decided.host).update(shares_indicators=False)
    text = coordinator.get(url).content.decode()
    section = text[text.index("data-money-flows") :]
    assert "Aucun remboursement entre les membres" in section
