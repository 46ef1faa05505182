"""What the journeys between two employers share: the engagement they start from, and a party's answers."""

from playwright.sync_api import expect


def demo_engagement_between_employers(*, title: str, time_share_percent: int):
    """The demo agent (Département) on a mission of the Ville, just past the rencontre: the agreements open."""
    from passerelles.accounts.models import User
    from passerelles.engagements.lifecycle import State
    from passerelles.engagements.models import Engagement
    from passerelles.engagements.services import engagement_transition
    from passerelles.missions.models import MissionStatus
    from tests.cast import make_mission

    agent = User.objects.get(email="agent@demo.passerelles.test").agent
    lead = User.objects.get(email="accueil@demo.passerelles.test").agent
    mission = make_mission(
        lead.organisation,
        lead.unit,
        lead,
        title=title,
        status=MissionStatus.PUBLISHED,
        visibility="network",
        time_share_percent=time_share_percent,
    )
    engagement = Engagement.objects.create(
        agent=agent,
        mission=mission,
        state=State.MEETING,
        start_date=mission.start_date,
        end_date=mission.end_date,
        percent=mission.effective_percent,
    )
    engagement_transition(
        engagement=engagement,
        action="start_agreements",
        by=User.objects.get(email="rh-ville@demo.passerelles.test"),
    )
    return Engagement.objects.get(pk=engagement.pk)


def answer_everything(page, url):
    """Accept every document and give every agreement this person is asked for on the page. A document that
    cannot be accepted yet (an arrêté waits for its convention) is left for a later pass."""
    page.goto(url)
    accept = page.get_by_role("button", name="J'ai lu et j'accepte")
    index = 0
    while index < accept.count():
        accept.nth(index).click()
        told = page.locator(".messages .message").first
        expect(told).to_be_visible()
        if "Votre acceptation est enregistrée" not in told.inner_text():
            index += 1
    agree = page.locator("[data-answer-for]").get_by_role("button", name="Je donne mon accord")
    while agree.count():
        agree.first.click()
        expect(page.get_by_text("Votre réponse est enregistrée")).to_be_visible()


PACT_LABELS = (
    "Intention de la mission",
    "Ce que l'agent attend et apporte",
    "Ce que l'accueil attend et offre",
    "Organisation de la charge de l'équipe d'origine",
    "Conditions du retour",
)


def write_pact(page) -> None:
    """On the documents page, HR writes the pact in the parties' words (version 1)."""
    pact = page.locator("[data-document-kind='pacte']")
    for label in PACT_LABELS:
        pact.get_by_label(label).fill("Ce que l'on a décidé ensemble.")
    pact.get_by_role("button", name="Établir le document").click()
    expect(page.get_by_text("Pacte de micro-mobilité établi (version 1)")).to_be_visible()
