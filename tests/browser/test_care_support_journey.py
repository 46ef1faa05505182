"""Support around an exceptional mission in a browser (issue 22, 2): the Département's HR names a marraine (found
by name, no list of staff) and the psychologue du travail; the pact states both; a difficulty the agent said at a
point d'étape is proposed by HR, reaches nobody before the agent's yes, then reaches the marraine (and the
psychologue's e-mail). The marraine, a party of the pact, accepts it on the support page. The host reads the support in the pact, never the support page. axe on each page, the
support page at 320 px."""

import datetime
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.between_employers import demo_engagement_between_employers, write_pact
from tests.browser.conftest import assert_accessible
from tests.browser.sessions import sign_in
from tests.browser.small_screens import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Les gardes de nuit me pèsent, je voudrais en parler"


@pytest.fixture
def world(demo_network):
    from passerelles.people.person_search import project_lead_candidates

    engagement = demo_engagement_between_employers(
        title="Renfort exceptionnel au centre d'hébergement", time_share_percent=20
    )
    agent = engagement.agent
    sponsor = (
        project_lead_candidates(None, agent.organisation)
        .exclude(pk__in=[agent.pk, agent.manager_id])
        .exclude(user__email__endswith="@demo.passerelles.test")
        .order_by("last_name", "pk")
        .first()
    )
    return {"engagement": engagement, "sponsor": sponsor}


def pact_text(page, engagement) -> str:
    pact = engagement.documents.get(kind="pacte", superseded_at__isnull=True)
    response = page.request.get(
        reverse("document_file", kwargs={"document_id": pact.pk, "file_format": "pdf"})
    )
    assert response.ok
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split())


def test_a_sponsor_and_a_psychologue_in_the_pact_and_a_difficulty_passed_on_with_the_agents_yes(
    page, world, live_server
):
    from passerelles.care.models import Escalation
    from passerelles.engagements.lifecycle import State
    from passerelles.engagements.models import Engagement
    from passerelles.followup.models import CheckIn, CheckInAnswer
    from passerelles.notifications.models import Notification
    from passerelles.outbox.models import OutboxMessage

    engagement, sponsor = world["engagement"], world["sponsor"]
    url = f"/engagements/{engagement.pk}/"

    # 1. The Département's HR organises the support from the engagement page.
    page.goto("/demo/login/rh/")
    page.goto(url)
    page.get_by_role("link", name="Soutien : parrain ou marraine, psychologue du travail").click()
    expect(page.get_by_role("heading", name="Organiser le soutien")).to_be_visible()
    assert page.locator("select[name=sponsor]").count() == 0  # found by name, never a list of staff
    page.get_by_label("Téléphone ou numéro vert").fill("pas un numéro")
    page.get_by_role("button", name="Enregistrer le soutien").click()
    expect(page.get_by_text("Un numéro de téléphone").first).to_be_visible()
    search = page.get_by_role("combobox", name="Parrain ou marraine")
    search.press_sequentially(f"{sponsor.first_name} {sponsor.last_name}", delay=20)
    option = page.get_by_role("listbox", name="Personnes trouvées").get_by_role(
        "option", name=sponsor.full_name
    )
    option.first.click()
    page.get_by_label("Psychologue du travail (nom)").fill("Dr Claire Écoute")
    page.get_by_label("Téléphone ou numéro vert").fill("0 800 12 34 56")
    page.get_by_label("E-mail de la ou du psychologue").fill("psy@example.org")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer le soutien").click()
    expect(page.get_by_text("Soutien enregistré")).to_be_visible()
    expect(page.locator("[data-sponsor]")).to_contain_text(sponsor.full_name)

    # 2. The pact states the marraine and the psychologue.
    page.goto(url)
    page.get_by_role("link", name="Choisir le dispositif avec la boussole").click()
    page.locator("[data-framework='mise_a_disposition']").get_by_role("button").click()
    expect(page.get_by_text("Dispositif confirmé")).to_be_visible()
    page.get_by_role("link", name="Établir les documents").click()
    write_pact(page)
    text = pact_text(page, engagement)
    assert sponsor.full_name in text and "Dr Claire Écoute" in text and "0 800 12 34 56" in text

    # 3. The mission is under way; at a point d'étape the agent said it was very hard.
    Engagement.objects.filter(pk=engagement.pk).update(state=State.ACTIVE)
    checkin = CheckIn.objects.create(engagement=engagement, due_on=datetime.date.today())
    answer = CheckInAnswer.objects.create(
        checkin=checkin,
        party="agent",
        mood="tres_difficile",
        workload="lourde",
        relationship="ok",
        help_needed=WORDS,
    )

    # 4. HR proposes to pass it on: nothing reaches the marraine yet.
    page.goto(f"{url}soutien/")
    page.get_by_role("button", name="Proposer à l'agent de la transmettre").click()
    expect(page.get_by_text("rien n'est transmis sans son accord")).to_be_visible()
    # The marraine, a party of the pact, finds it in « À faire », reads it and accepts it on the support page
    # (she never reads the engagement itself); nothing of the difficulty has reached her.
    sign_in(page, live_server, sponsor.user)
    page.goto("/a-faire/")
    page.locator("[data-todo='sponsor_pacts']").get_by_role("link", name=engagement.mission.title).click()
    expect(page.locator("[data-support-pact]")).to_have_attribute("data-support-pact", "waiting")
    response = page.request.get(f"{url}soutien/pacte.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    read = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split())
    assert f"Le parrain ou la marraine : {sponsor.full_name}" in read
    assert page.goto(url).status == 404  # the engagement page is not hers
    page.goto(f"{url}soutien/")
    page.get_by_role("button", name="J'ai lu le pacte et je l'accepte").click()
    expect(page.get_by_text("Votre acceptation du pacte est enregistrée")).to_be_visible()
    expect(page.locator("[data-support-pact]")).to_have_attribute("data-support-pact", "accepted")
    expect(page.locator("[data-sponsor]")).to_be_visible()
    assert WORDS not in page.content()
    assert not Notification.objects.filter(user=sponsor.user, subject__contains="difficulté").exists()

    # 5. The agent says yes.
    page.goto("/demo/login/agent/")
    page.goto(f"{url}soutien/")
    expect(page.locator(f"[data-difficulty='{answer.pk}']")).to_have_attribute("data-escalation", "proposed")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    measured = overflow(page)
    assert measured["scrollWidth"] <= 320, measured
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Oui, transmettre").click()
    expect(page.get_by_text("Votre difficulté est transmise.")).to_be_visible()
    assert Escalation.objects.get(answer=answer).state == "agreed"

    # 6. The marraine reads it; the psychologue's e-mail is in the outbox.
    sign_in(page, live_server, sponsor.user)
    page.goto(f"{url}soutien/")
    expect(page.locator("[data-passed-on]")).to_contain_text(WORDS)
    assert_accessible(page)
    assert OutboxMessage.objects.filter(to="psy@example.org", body__contains=WORDS).exists()

    # 7. The host reads the support in the pact, never the support page.
    page.goto("/demo/login/accueil/")
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator("[data-support-link]").count() == 0
    assert page.goto(f"{url}soutien/").status == 404

    # 8. The DGS reads the units relying on reinforcements (issue 22, 3), at 320 px too.
    page.goto("/demo/login/signataire/")
    page.goto(f"/organisations/{engagement.agent.organisation.slug}/renforts-recurrents/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Services qui s'appuient durablement sur des renforts"
    )
    expect(page.locator("[data-unit]").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    measured = overflow(page)
    assert measured["scrollWidth"] <= 320, measured
