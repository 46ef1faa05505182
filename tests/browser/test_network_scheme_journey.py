"""Between two members of a network, in the browser — issue 18's acceptance, as one journey.

An agent of the Ville steps forward for a mission of the Département shared with the network. After the
rencontre, the Ville's HR (the origin's) confirms the network's shared scheme with the boussole, enters the
agent's yearly cost, and writes the documents: the convention cites the network's convention-cadre and states
the reimbursement. Both employers' HR and authorities sign it (the Département's HR and authority as the
host's). The reimbursement schedule shows both organisations and the amounts — to the Département, without the
agent's cost — and the Ville's finance export (CSV and XLSX) reads back the same amounts. On a 320 px phone,
the schedule page does not scroll sideways."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from tests.browser.between_employers import answer_everything, write_pact
from tests.browser.conftest import assert_accessible
from tests.browser.sessions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

TITLE = "Schéma départemental des solidarités"
COST = "42 000,00"  # the agent's yearly cost, as the Ville's HR types it


@pytest.fixture
def story(demo_network):
    """A Ville agent and her manager (the demo has none with an account), and a Département mission shared
    with the network, led by the Département's manager of the demo."""
    from passerelles.accounts.models import User
    from passerelles.missions.models import MissionStatus
    from passerelles.organisations.models import Organisation, OrgUnit
    from tests.cast import make_agent, make_mission

    ville = Organisation.objects.get(slug="ville-de-belvau")
    unit = OrgUnit.objects.filter(organisation=ville).order_by("pk").first()
    manager = make_agent(ville, "Karim", "Benali", unit=unit, job_title="Chef du service culturel")
    agent = make_agent(ville, "Nadia", "Roussel", unit=unit, manager=manager, job_title="Chargée de projets")
    lead = User.objects.get(email="encadrant@demo.passerelles.test").agent
    start = datetime.date.today() + datetime.timedelta(days=40)
    mission = make_mission(
        lead.organisation,
        lead.unit,
        lead,
        title=TITLE,
        status=MissionStatus.PUBLISHED,
        visibility="network",
        time_share_percent=20,
        start_date=start,
        end_date=start + relativedelta(months=6, days=-1),  # six whole months
    )
    return agent, manager, mission


def demo(page, who):
    page.goto(f"/demo/login/{who}/")


def test_a_ville_agent_on_a_departement_mission_under_the_networks_shared_scheme(page, live_server, story):
    from passerelles.accounts.models import User
    from passerelles.engagements.models import Engagement
    from passerelles.engagements.services import engagement_meeting_feedback, engagement_schedule_meeting
    from passerelles.reimbursements.models import ScheduleLine
    from tests.cast import meeting_held, working_slot

    agent, manager, mission = story

    # 1. The Ville agent finds the Département's mission (shared with the network) and steps forward.
    sign_in(page, live_server, agent.user)
    page.goto(f"/missions/{mission.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    page.get_by_role("button", name="Je suis intéressé·e").click()
    expect(page.get_by_text("C'est noté")).to_be_visible()
    engagement = Engagement.objects.get(mission=mission, agent=agent)
    url = f"/engagements/{engagement.pk}/"
    # (the rencontre has its own journey: here the host's HR sets it, it takes place, and both want to go on)
    engagement_schedule_meeting(
        engagement=engagement,
        by=User.objects.get(email="rh@demo.passerelles.test"),
        starts_at=working_slot(),
        place="Hôtel du Département",
    )
    meeting_held(engagement)
    engagement_meeting_feedback(engagement=engagement, by=agent.user, continues=True)
    engagement_meeting_feedback(engagement=engagement, by=mission.project_lead.user, continues=True)
    assert Engagement.objects.get(pk=engagement.pk).state == "agreements"

    # 2. The Ville's HR (the origin's) asks the boussole: the network's shared scheme comes first.
    demo(page, "rh-ville")
    page.goto(url)
    page.get_by_role("link", name="Choisir le dispositif avec la boussole").click()
    scheme = page.locator("[data-framework='dispositif_reseau']")
    expect(scheme).to_be_visible()
    expect(page.locator("[data-framework]").first).to_have_attribute("data-framework", "dispositif_reseau")
    assert_accessible(page)
    scheme.get_by_role("button").click()
    expect(page.get_by_text("Dispositif confirmé")).to_be_visible()
    for party, organisation in (
        ("hr", "Ville de Belvau"),
        ("signatory", "Ville de Belvau"),
        ("host_hr", "Haute-Lisière"),
        ("host_signatory", "Haute-Lisière"),
    ):
        expect(page.locator(f"tr[data-party='{party}']")).to_contain_text(organisation)

    # 3. … records when the Ville's assemblée délibérante was informed, and enters the agent's yearly cost.
    page.get_by_label("Assemblée délibérante informée le").fill(
        (datetime.date.today() - datetime.timedelta(days=3)).isoformat()
    )
    page.get_by_role("button", name="Enregistrer l'information de l'assemblée").click()
    expect(page.get_by_text("L'information de l'assemblée délibérante est enregistrée")).to_be_visible()
    page.get_by_role("link", name="Voir l'échéancier du remboursement").click()
    page.get_by_label("Coût annuel de l'agent (rémunération et charges, €)").fill(COST)
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Le coût annuel est enregistré")).to_be_visible()
    lines = list(ScheduleLine.objects.filter(plan__engagement=engagement).order_by("period_start"))
    total = sum(line.amount_due for line in lines)
    assert lines and total == Decimal("4200.00")  # 42,000 € × 20 % × 6/12

    # 4. The documents: the pact in their words, the convention under the convention-cadre, the arrêté.
    page.goto(f"{url}documents/")
    write_pact(page)
    for kind, label in (
        ("convention_mad", "Convention de mise à disposition"),
        ("arrete_mad", "Arrêté de mise à disposition"),
    ):
        page.locator(f"[data-document-kind='{kind}']").get_by_role(
            "button", name="Établir le document"
        ).click()
        expect(page.get_by_text(f"{label} établi (version 1)")).to_be_visible()
    assert_accessible(page)
    # the convention, as both employers read it: both organisations, the convention-cadre, the amounts
    link = page.locator("[data-document-kind='convention_mad']").get_by_role("link", name="DOCX")
    text = "\n".join(
        p.text
        for p in docx.Document(io.BytesIO(page.request.get(link.get_attribute("href")).body())).paragraphs
    )
    assert "Ville de Belvau" in text and "Haute-Lisière" in text
    assert "convention-cadre" in text and "Mission d'appui temporaire inter-collectivités" in text
    amount = f"{total:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert f"{amount} €" in text and "échéances trimestrielles" in text
    assert "42\u202f000" not in text  # the agent's cost stays the Ville's

    # 5. Everyone answers for their own parties — the agent and her manager (Ville), the project lead, both
    # employers' HR and authorities — twice round (the arrêté is accepted after the convention).
    people = [
        lambda: sign_in(page, live_server, agent.user),
        lambda: sign_in(page, live_server, manager.user),
        *[
            lambda who=who: demo(page, who)
            for who in ("encadrant", "rh-ville", "signataire-ville", "rh", "signataire")
        ],
    ]
    for log_in in people + people:
        log_in()
        answer_everything(page, url)
    page.goto(url)
    expect(page.locator("[data-state='ready']")).to_be_visible()
    current = {d.kind: d for d in engagement.documents.filter(superseded_at__isnull=True)}
    signed = set(current["convention_mad"].acceptances.values_list("party", flat=True))
    assert signed == {"hr", "signatory", "host_hr", "host_signatory"}

    # 6. The Département (the host) reads the schedule: both organisations, the amounts, not the cost.
    demo(page, "rh")
    page.goto(f"{url}remboursement/")
    expect(page.locator("[data-creditor]")).to_contain_text("Belvau")
    expect(page.locator("[data-debtor]")).to_contain_text("Haute-Lisière")
    expect(page.locator("[data-schedule] tbody tr")).to_have_count(len(lines))
    expect(page.locator("[data-total-due]")).to_contain_text(amount)
    expect(page.locator("[data-yearly-cost]")).to_have_count(0)
    expect(page.locator("[data-decision-form]")).to_have_count(0)
    assert_accessible(page)

    # 7. The Ville's finance export, downloaded and read back (CSV, then XLSX).
    demo(page, "rh-ville")
    page.goto("/organisations/ville-de-belvau/remboursements/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig")), delimiter=";"))
    mine = [row for row in rows[1:] if row[3] == str(engagement.pk)]
    assert len(mine) == len(lines)
    assert all("Haute-Lisière" in row[0] and "Belvau" in row[1] for row in mine)  # debtor, creditor
    assert [row[7] for row in mine] == [f"{line.amount_due:.2f}".replace(".", ",") for line in lines]
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en XLSX").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    read = [r for r in sheet.iter_rows(min_row=2, values_only=True) if str(r[3]) == str(engagement.pk)]
    assert [Decimal(str(r[7])) for r in read] == [line.amount_due for line in lines]

    # 8. A phone: the schedule's table scrolls in its own box, the page does not.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{url}remboursement/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
