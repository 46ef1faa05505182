"""The sponsor, a party of the pact (issue 22, 2): named in the version HR writes, asked to accept it on the
support page (they never read the engagement), and the engagement ready only once they have; a sponsor set or
changed after the pact leaves it to be written again."""

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from passerelles.access.models import Role
from passerelles.care import support
from passerelles.care.models import MissionSupport
from passerelles.care.services import Refused
from passerelles.documents.acceptances import accept
from passerelles.documents.models import DocumentAcceptance
from passerelles.documents.services import accepting_parties, generate, missing_acceptances
from passerelles.documents.views import acceptance_rows
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from tests.cast import PASSWORD, choose_framework, make_agent, make_engagement, make_mission

pytestmark = pytest.mark.django_db
WAITING = "Pacte de micro-mobilité à accepter par le parrain ou la marraine"


@pytest.fixture
def engagement(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Renfort au centre d'accueil"
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.AGREEMENTS, agreement_round=1)
    choose_framework(engagement, cast.users[Role.HR])  # the internal assignment: the pact alone
    Agreement.objects.filter(engagement=engagement).update(decision=Decision.AGREED)
    return engagement


@pytest.fixture
def sponsor(cast):
    return make_agent(cast.home, "Sophie", "Marraine", unit=cast.agents["agent"].unit)


def set_sponsor(cast, engagement, sponsor):
    return support.set_support(
        by=cast.users[Role.HR],
        engagement=engagement,
        sponsor=sponsor,
        psychologist="Dr Claire Écoute",
        psychologist_phone="0 800 00 00 00",
        protocol="Un café la première semaine.",
    )


def write_pact(cast, engagement):
    return generate(
        engagement=engagement, kind="pacte", by=cast.users[Role.HR], details={"intention": "Essai"}
    )


def accept_as_the_three(cast, pact):
    for party, role in (("agent", Role.AGENT), ("manager", Role.MANAGER), ("host", Role.HOST)):
        accept(document=pact, party=party, by=cast.users[role])


def test_the_sponsor_accepts_the_pact_that_names_them_and_ready_waits_for_them(cast, engagement, sponsor):
    found = set_sponsor(cast, engagement, sponsor)
    pact = write_pact(cast, engagement)
    assert pact.named == {"sponsor": sponsor.pk}
    assert accepting_parties(pact) == ["agent", "manager", "host", "sponsor"]
    assert pact.context["parrain"] == "Sophie Marraine"
    with pact.pdf.open("rb") as file:
        pdf = pdfium.PdfDocument(file.read())
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Le parrain ou la marraine : Sophie Marraine" in " ".join(text.split())
    # asked to accept it where they may read it: the support page, not the engagement's
    asked = Notification.objects.get(user=sponsor.user, subject__startswith="À accepter")
    assert asked.url == support.support_url(engagement) and asked.action_needed
    accept_as_the_three(cast, pact)
    assert missing_acceptances(engagement) == [WAITING]
    engagement.refresh_from_db()
    assert engagement.state == State.AGREEMENTS
    for role in (Role.HR, Role.HOST, Role.MANAGER, Role.AGENT):  # nobody else speaks for the sponsor
        with pytest.raises(TransitionRefused, match="ne vous revient pas"):
            accept(document=pact, party="sponsor", by=cast.users[role])
    assert support.sponsor_todo_group(sponsor.user)[2] == [
        ("Renfort au centre d'accueil", support.support_url(engagement))
    ]
    support.accept_pact(by=sponsor.user, support=found)
    engagement.refresh_from_db()
    assert engagement.state == State.READY
    assert DocumentAcceptance.objects.get(document=pact, party="sponsor").sha256 == pact.sha256
    assert support.sponsor_todo_group(sponsor.user)[2] == []
    with pytest.raises(Refused, match="déjà accepté"):
        support.accept_pact(by=sponsor.user, support=found)
    # the parties read on the engagement page that the sponsor accepted, by name
    rows = acceptance_rows(cast.users[Role.HOST], engagement)
    parties = {party: done for party, _label, done in rows[0]["parties"]}
    assert parties["sponsor"].name == str(sponsor.user)


def test_hr_is_told_what_the_pact_needs_once_the_support_is_saved(cast, engagement, sponsor):
    found = set_sponsor(cast, engagement, sponsor)
    assert "une fois établi" in support.saved_message(found)  # no pact yet
    write_pact(cast, engagement)
    assert "sa prochaine version" in support.saved_message(found)  # the pact names this sponsor
    other = make_agent(cast.home, "Paul", "Parrain", unit=cast.agents["agent"].unit)
    found = set_sponsor(cast, engagement, other)
    assert "établissez-en une nouvelle version" in support.saved_message(found)


def test_a_sponsor_set_after_the_pact_leaves_it_to_be_written_again(cast, engagement, sponsor):
    first = write_pact(cast, engagement)
    assert first.named == {} and "sponsor" not in accepting_parties(first)
    assert first.context["parrain"] == "—"
    accept(document=first, party="agent", by=cast.users[Role.AGENT])
    found = set_sponsor(cast, engagement, sponsor)
    assert missing_acceptances(engagement) == [
        "Pacte de micro-mobilité à établir à nouveau : il ne nomme pas le parrain ou la marraine désigné·e"
    ]
    with pytest.raises(Refused, match="ne vous nomme pas encore"):
        support.accept_pact(by=sponsor.user, support=found)
    accept(document=first, party="manager", by=cast.users[Role.MANAGER])
    accept(document=first, party="host", by=cast.users[Role.HOST])
    engagement.refresh_from_db()
    assert engagement.state == State.AGREEMENTS  # the three accepted a pact that does not name the sponsor
    second = write_pact(cast, engagement)
    assert second.named == {"sponsor": sponsor.pk}
    # HR chooses another sponsor: the version naming the first one is to be written again, and the first
    # sponsor, no longer the mission's, cannot accept through the support page
    other = make_agent(cast.home, "Paul", "Parrain", unit=cast.agents["agent"].unit)
    found = set_sponsor(cast, engagement, other)
    assert "établir à nouveau" in missing_acceptances(engagement)[0]
    with pytest.raises(Refused, match="ne vous nomme pas encore"):
        support.accept_pact(by=other.user, support=found)
    third = write_pact(cast, engagement)
    with pytest.raises(TransitionRefused, match="ne vous revient pas"):
        accept(document=third, party="sponsor", by=sponsor.user)
    accept_as_the_three(cast, third)
    support.accept_pact(by=other.user, support=found)
    engagement.refresh_from_db()
    assert engagement.state == State.READY


def test_a_sponsor_without_an_account_is_refused(cast, engagement):
    offline = make_agent(cast.home, "Sans", "Compte", unit=cast.agents["agent"].unit, with_account=False)
    with pytest.raises(Refused, match="qui a un compte"):
        set_sponsor(cast, engagement, offline)
    assert not MissionSupport.objects.exists()


def test_the_sponsor_reads_and_accepts_on_the_support_page_and_nobody_else_does(
    cast, client, engagement, sponsor
):
    set_sponsor(cast, engagement, sponsor)
    pact = write_pact(cast, engagement)
    page = reverse("care:support", kwargs={"engagement_id": engagement.pk})
    pdf = reverse("care:support_pact", kwargs={"engagement_id": engagement.pk})
    post = reverse("care:support_pact_accept", kwargs={"engagement_id": engagement.pk})
    # the host and the manager read the pact on the engagement page; the support page and this copy are not
    # theirs; nor an agent of the organisation who is not the sponsor
    stranger = make_agent(cast.home, "Curieux", "Collègue", unit=cast.agents["agent"].unit)
    for user in (cast.users[Role.HOST], cast.users[Role.MANAGER], stranger.user):
        client.force_login(user)
        assert client.get(pdf).status_code == 404
        assert client.post(post).status_code == 404
    client.force_login(cast.users[Role.AGENT])  # the agent reads it, but does not accept as the sponsor
    agent_copy = client.get(pdf)  # read to its end: the test client then closes the file
    assert agent_copy.status_code == 200 and b"".join(agent_copy.streaming_content).startswith(b"%PDF")
    assert client.post(post).status_code == 404
    assert not DocumentAcceptance.objects.filter(party="sponsor").exists()
    assert client.login(email=sponsor.user.email, password=PASSWORD)
    response = client.get(page)
    assert b'data-support-pact="waiting"' in response.content and b"data-accept-pact" in response.content
    sponsor_copy = client.get(pdf)
    assert sponsor_copy.status_code == 200 and sponsor_copy["Content-Type"] == "application/pdf"
    assert b"".join(sponsor_copy.streaming_content).startswith(b"%PDF")
    response = client.post(post, follow=True)
    assert "Votre acceptation du pacte est enregistrée" in response.content.decode()
    assert b'data-support-pact="accepted"' in response.content
    assert DocumentAcceptance.objects.get(party="sponsor").document == pact
    response = client.post(post, follow=True)  # twice: refused in French, nothing written
    assert "déjà accepté" in response.content.decode()
    assert DocumentAcceptance.objects.filter(party="sponsor").count() == 1


def test_hr_reads_on_the_support_page_that_the_pact_must_be_written_again(cast, client, engagement, sponsor):
    write_pact(cast, engagement)
    set_sponsor(cast, engagement, sponsor)
    client.force_login(cast.users[Role.HR])
    response = client.get(reverse("care:support", kwargs={"engagement_id": engagement.pk}))
    assert b'data-support-pact="outdated"' in response.content
    assert (
        reverse("engagement_documents", kwargs={"engagement_id": engagement.pk}).encode() in response.content
    )
    client.force_login(sponsor.user)
    response = client.get(reverse("care:support", kwargs={"engagement_id": engagement.pk}))
    assert b'data-support-pact="outdated"' in response.content and b"data-accept-pact" not in response.content
