"""Support around an exceptional mission (issue 22, 2): a sponsor, the psychologue du travail and a protocol in
the pact; a check-in difficulty passed on to them only with the agent's yes; the page read by the agent, their
HR and the sponsor only."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.care import support
from passerelles.care.models import Escalation, MissionSupport
from passerelles.care.rules import EscalationState
from passerelles.care.services import Refused
from passerelles.documents.services import context_for
from passerelles.engagements.lifecycle import State
from passerelles.followup.models import CheckIn, CheckInAnswer
from passerelles.notifications.models import Notification
from tests.cast import make_agent, make_engagement, make_workshop_mission

pytestmark = pytest.mark.django_db

WORDS = "Je dors mal avant les permanences du soir"


@pytest.fixture
def engagement(cast):
    return make_engagement(cast.agents["agent"], make_workshop_mission(cast), State.ACTIVE)


@pytest.fixture
def sponsor(cast):
    return make_agent(cast.home, "Sophie", "Marraine", unit=cast.agents["agent"].unit)


@pytest.fixture
def supported(cast, engagement, sponsor):
    return support.set_support(
        by=cast.users[Role.HR],
        engagement=engagement,
        sponsor=sponsor,
        psychologist="Dr Claire Écoute",
        psychologist_phone="0 800 00 00 00",
        psychologist_email="psy@example.org",
        protocol="Un café la première semaine.",
    )


def difficulty(engagement, *, party="agent", help_needed=WORDS, mood="tres_difficile"):
    days_ago = CheckIn.objects.filter(engagement=engagement).count() + 1  # one check-in a day
    checkin = CheckIn.objects.create(
        engagement=engagement, due_on=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    return CheckInAnswer.objects.create(
        checkin=checkin,
        party=party,
        mood=mood,
        workload="normale",
        relationship="ok",
        help_needed=help_needed,
    )


def test_the_pact_names_the_sponsor_the_psychologue_and_the_protocol(engagement, supported):
    text = context_for(engagement)["soutien"]
    assert "Sophie Marraine" in text and "Dr Claire Écoute" in text and "0 800 00 00 00" in text
    assert "Un café la première semaine." in text


def test_without_support_the_pact_names_the_usual_contacts(engagement):
    assert "L'encadrant·e et la RH" in context_for(engagement)["soutien"]


def test_only_the_agents_hr_sets_it_and_never_the_agent_as_their_own_sponsor(cast, engagement, sponsor):
    fields = dict(psychologist="X", psychologist_phone="0102030405", protocol="P")
    for role in (Role.HOST, Role.MANAGER, Role.AGENT):
        with pytest.raises(Refused):
            support.set_support(by=cast.users[role], engagement=engagement, sponsor=sponsor, **fields)
    with pytest.raises(Refused):
        support.set_support(
            by=cast.users[Role.HR], engagement=engagement, sponsor=cast.agents["agent"], **fields
        )
    with pytest.raises(Refused):
        support.set_support(
            by=cast.users[Role.HR], engagement=engagement, sponsor=cast.outsider_agent, **fields
        )
    assert not MissionSupport.objects.exists()


def test_the_sponsor_and_the_agent_are_told(cast, supported, sponsor):
    assert Notification.objects.filter(user=sponsor.user, url__contains="/soutien/").exists()
    assert Notification.objects.filter(user=cast.users[Role.AGENT], url__contains="/soutien/").exists()


def test_hr_proposes_and_nothing_leaves_before_the_agents_yes(
    cast, engagement, supported, sponsor, django_capture_on_commit_callbacks
):
    answer = difficulty(engagement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposed = support.escalate(by=cast.users[Role.HR], answer=answer)
    assert proposed.state == EscalationState.PROPOSED
    assert not Notification.objects.filter(user=sponsor.user, subject__contains="difficulté").exists()
    assert not any("psy@example.org" in m.to for m in mail.outbox)
    with pytest.raises(Refused):  # HR cannot agree in the agent's place
        support.answer_escalation(by=cast.users[Role.HR], escalation=proposed, agree=True)
    with django_capture_on_commit_callbacks(execute=True):
        support.answer_escalation(by=cast.users[Role.AGENT], escalation=proposed, agree=True)
    told = Notification.objects.get(user=sponsor.user, subject__contains="difficulté")
    assert WORDS in told.message
    from passerelles.outbox.models import OutboxMessage

    assert OutboxMessage.objects.filter(to="psy@example.org", body__contains=WORDS).exists()


def test_a_declined_proposal_is_not_made_again_but_the_agent_may_still_pass_it_on(
    cast, engagement, supported, sponsor, django_capture_on_commit_callbacks
):
    answer = difficulty(engagement)
    proposed = support.escalate(by=cast.users[Role.HR], answer=answer)
    support.answer_escalation(by=cast.users[Role.AGENT], escalation=proposed, agree=False)
    with pytest.raises(Refused, match="refusé"):
        support.escalate(by=cast.users[Role.HR], answer=answer)
    assert not Notification.objects.filter(user=sponsor.user, subject__contains="difficulté").exists()
    with django_capture_on_commit_callbacks(execute=True):
        support.escalate(by=cast.users[Role.AGENT], answer=answer)
    assert Escalation.objects.get(answer=answer).state == EscalationState.AGREED
    assert Notification.objects.filter(user=sponsor.user, subject__contains="difficulté").exists()


def test_only_the_agents_own_difficulty_and_only_with_a_support(cast, engagement, sponsor):
    answer = difficulty(engagement)
    with pytest.raises(Refused, match="pas de soutien"):
        support.escalate(by=cast.users[Role.AGENT], answer=answer)
    support.set_support(
        by=cast.users[Role.HR],
        engagement=engagement,
        sponsor=sponsor,
        psychologist="X",
        psychologist_phone="0102030405",
        protocol="P",
    )
    host_answer = difficulty(engagement, party="host")
    with pytest.raises(Refused):
        support.escalate(by=cast.users[Role.HR], answer=host_answer)
    calm = difficulty(engagement, help_needed="", mood="bien")
    with pytest.raises(Refused):
        support.escalate(by=cast.users[Role.AGENT], answer=calm)
    with pytest.raises(Refused):
        support.escalate(by=cast.users[Role.HOST], answer=answer)
    assert not Escalation.objects.exists()


def test_the_page_is_read_by_the_agent_their_hr_and_the_sponsor_only(
    cast, client_for, engagement, supported, sponsor
):
    answer = difficulty(engagement)
    url = f"/engagements/{engagement.pk}/soutien/"
    for user in (cast.users[Role.AGENT], cast.users[Role.HR]):
        page = client_for(user).get(url).content.decode()
        assert "Dr Claire Écoute" in page and WORDS in page
    sponsor_page = client_for(sponsor.user).get(url).content.decode()
    assert "Dr Claire Écoute" in sponsor_page and WORDS not in sponsor_page  # not passed on yet
    support.escalate(by=cast.users[Role.AGENT], answer=answer)
    assert WORDS in client_for(sponsor.user).get(url).content.decode()
    for role in (Role.MANAGER, Role.HOST, Role.SIGNATORY, Role.ADMIN, Role.NETWORK_COORDINATOR):
        client = client_for(cast.users[role])
        assert client.get(url).status_code == 404
        assert client.post(f"{url}transmettre/", {"answer": answer.pk}).status_code == 404
    assert client_for(cast.outsider_agent.user).get(url).status_code == 404


def test_hr_sets_the_support_through_the_page_and_bad_input_changes_nothing(
    cast, client_for, engagement, sponsor
):
    hr = client_for(cast.users[Role.HR])
    url = f"/engagements/{engagement.pk}/soutien/"
    page = hr.get(url).content.decode()
    assert "Organiser le soutien" in page and "Sophie" not in page  # no list of staff in the form
    bad = hr.post(
        url, {"sponsor": "99999999", "psychologist": "", "psychologist_phone": "<script>", "protocol": ""}
    )
    assert bad.status_code == 200 and not MissionSupport.objects.exists()
    text = bad.content.decode()
    assert "Cette personne ne peut pas être choisie ici" in text and "Un numéro de téléphone" in text
    forged = hr.post(
        url,
        {
            "sponsor": str(cast.outsider_agent.pk),
            "psychologist": "X",
            "psychologist_phone": "0102",
            "protocol": "P",
        },
    )
    assert forged.status_code == 200 and not MissionSupport.objects.exists()
    done = hr.post(
        url,
        {
            "sponsor": str(sponsor.pk),
            "psychologist": "Dr Y",
            "psychologist_phone": "01 02 03 04 05",
            "protocol": "P",
        },
    )
    assert done.status_code == 302
    assert MissionSupport.objects.get(engagement=engagement).sponsor == sponsor
    detail = hr.get(f"/engagements/{engagement.pk}/").content.decode()
    assert f"/engagements/{engagement.pk}/soutien/" in detail


def test_the_agent_answers_through_the_page_and_a_hostile_choice_changes_nothing(
    cast, client_for, engagement, supported
):
    answer = difficulty(engagement)
    proposed = support.escalate(by=cast.users[Role.HR], answer=answer)
    url = f"/engagements/{engagement.pk}/soutien/transmissions/{proposed.pk}/"
    agent = client_for(cast.users[Role.AGENT])
    assert "D'accord ?" in agent.get(f"/engagements/{engagement.pk}/soutien/").content.decode()
    agent.post(url, {"choice": "peut-être\x00"})
    assert Escalation.objects.get(pk=proposed.pk).state == EscalationState.PROPOSED
    assert client_for(cast.users[Role.HR]).post(url, {"choice": "yes"}).status_code == 404
    agent.post(url, {"choice": "yes"})
    assert Escalation.objects.get(pk=proposed.pk).state == EscalationState.AGREED
