"""The facilitators' pool (issue 19): consent and scope, calls and their answers, who hears what, the time
recognised (passport, dashboards, « À faire »)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.core.todo import todo_for
from passerelles.facilitation import services
from passerelles.facilitation.models import CallState, FacilitationCall, Facilitator
from passerelles.insights import measures
from passerelles.insights.catalogue import Metric
from passerelles.insights.scope import Scope
from passerelles.notifications.models import Notification
from tests.cast import make_agent
from tests.mail_parts import calendar_of, invitations


def _future(days=7, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _join(user, hours=4, network=False):
    return services.facilitator_join(
        by=user,
        topics=["Réunion d'équipe", "codéveloppement"],
        hours_per_month=hours,
        share_with_network=network,
    )


def _send(cast, facilitator, starts_at=None, minutes=90, by=None):
    return services.call_send(
        by=by or cast.users[Role.HR],
        facilitator=facilitator,
        subject="Séance de codéveloppement",
        starts_at=starts_at or _future(),
        minutes=minutes,
        place="Salle du conseil",
    )


def _past(call):
    FacilitationCall.objects.filter(pk=call.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3))


def test_an_agent_joins_from_their_page_and_hr_of_their_organisation_sees_them(cast, client_for):
    agent = cast.agents["agent"]
    page = client_for(agent.user).post(
        "/animateurs/moi/", {"topics": "réunion, café-missions", "hours_per_month": "6"}, follow=True
    )
    assert 'data-pool-status="in"' in page.content.decode()
    facilitator = Facilitator.objects.get(agent=agent)
    assert facilitator.topics == ["réunion", "café-missions"] and not facilitator.share_with_network
    pool = client_for(cast.users[Role.HR]).get("/animateurs/").content.decode()
    assert agent.full_name in pool and f"/animateurs/{facilitator.pk}/appel/" in pool
    # without the agent's choice, the network's coordinator does not see them; the manager reads no pool page
    assert (
        agent.full_name
        not in client_for(cast.users[Role.NETWORK_COORDINATOR]).get("/animateurs/").content.decode()
    )
    assert client_for(cast.users[Role.MANAGER]).get("/animateurs/").status_code == 403


@pytest.mark.parametrize("hours", ["0", "41", "deux", ""])
def test_bad_hours_write_nothing(cast, client_for, hours):
    page = client_for(cast.agents["agent"].user).post(
        "/animateurs/moi/", {"topics": "réunion", "hours_per_month": hours}
    )
    assert page.status_code == 200 and "Rien n'est enregistré" in page.content.decode()
    assert not Facilitator.objects.exists()


def test_the_network_coordinator_sees_only_those_who_chose_it(cast, client_for):
    partner_agent = make_agent(cast.partner, "Chloé", "Partenaire")
    shy = make_agent(cast.partner, "Denis", "Discret")
    _join(partner_agent.user, network=True)
    _join(shy.user, network=False)
    page = client_for(cast.users[Role.NETWORK_COORDINATOR]).get("/animateurs/").content.decode()
    assert partner_agent.full_name in page and shy.full_name not in page
    # the home HR sees neither (another organisation), the outsider's HR never sees ours
    home_hr = client_for(cast.users[Role.HR]).get("/animateurs/").content.decode()
    assert partner_agent.full_name not in home_hr and shy.full_name not in home_hr


def test_leaving_hides_the_volunteer_and_closes_waiting_calls(cast, client_for):
    agent = cast.agents["agent"]
    facilitator = _join(agent.user, network=True)
    call = _send(cast, facilitator)
    agent_client = client_for(agent.user)
    assert (
        "Quitter le vivier" in agent_client.get("/animateurs/moi/quitter/").content.decode()
    )  # confirm first
    agent_client.post("/animateurs/moi/quitter/")
    facilitator.refresh_from_db()
    assert facilitator.left_at is not None
    pool = client_for(cast.users[Role.HR]).get("/animateurs/").content.decode()
    assert "data-pool" not in pool  # the organiser keeps only the record of the call they sent
    assert client_for(cast.users[Role.HR]).get(f"/animateurs/{facilitator.pk}/appel/").status_code == 404
    call.refresh_from_db()
    assert call.state == CallState.DECLINED


def test_a_call_is_refused_beyond_the_hours_in_the_past_or_on_an_accepted_one(cast):
    agent = cast.agents["agent"]
    facilitator = _join(agent.user, hours=2)
    with pytest.raises(services.Refused, match="au-delà des 2 h"):
        _send(cast, facilitator, minutes=180)
    with pytest.raises(services.Refused, match="passée"):
        _send(cast, facilitator, starts_at=timezone.now() - datetime.timedelta(hours=1))
    first = _send(cast, facilitator, minutes=60)
    services.call_answer(by=agent.user, call=first, accept=True)
    with pytest.raises(services.Refused, match="déjà accepté"):
        _send(cast, facilitator, starts_at=first.starts_at + datetime.timedelta(minutes=30), minutes=30)
    assert FacilitationCall.objects.count() == 1


def test_two_calls_sent_meanwhile_cannot_both_be_accepted_beyond_the_hours(cast):
    agent = cast.agents["agent"]
    facilitator = _join(agent.user, hours=2)
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=10)
    start = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time(10)))
    one = _send(cast, facilitator, starts_at=start, minutes=90)
    two = _send(cast, facilitator, starts_at=start + datetime.timedelta(days=1), minutes=90)  # same month
    services.call_answer(by=agent.user, call=one, accept=True)
    with pytest.raises(services.Refused, match="au-delà"):
        services.call_answer(by=agent.user, call=two, accept=True)
    two.refresh_from_db()
    assert two.state == CallState.PROPOSED  # refused: nothing written, the volunteer may still decline


def test_a_decline_tells_the_organiser_only_unavailable_and_the_manager_nothing(cast, client_for):
    agent, manager = cast.agents["agent"], cast.agents["manager"]
    call = _send(cast, _join(agent.user))
    assert Notification.objects.filter(user=agent.user, action_needed=True).exists()
    client_for(agent.user).post(f"/animateurs/appels/{call.pk}/reponse/", {"decision": "decline"})
    call.refresh_from_db()
    assert call.state == CallState.DECLINED
    told = Notification.objects.get(user=cast.users[Role.HR])
    assert "indisponible" in told.subject + told.message
    assert not Notification.objects.filter(user=manager.user).exists()


def test_an_accepted_call_informs_the_manager_and_sends_an_invitation(
    cast, client_for, django_capture_on_commit_callbacks
):
    agent, manager = cast.agents["agent"], cast.agents["manager"]
    call = _send(cast, _join(agent.user), minutes=90)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent.user).post(f"/animateurs/appels/{call.pk}/reponse/", {"decision": "accept"})
    call.refresh_from_db()
    assert call.state == CallState.ACCEPTED
    to_manager = Notification.objects.get(user=manager.user)
    assert "1 h 30" in to_manager.message and "temps de travail" in to_manager.message
    assert timezone.localtime(call.starts_at).strftime("%d/%m/%Y") in to_manager.message
    assert "codéveloppement" not in to_manager.message  # the date and duration, not what it is about
    sent = invitations(mail.outbox)
    assert [m.to for m in sent] == [[agent.user.email]]  # the volunteer's calendar, nobody else's
    event = calendar_of(sent[0]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == call.starts_at and "Salle du conseil" in str(event.get("location"))
    # the manager reads no page of the call
    assert client_for(manager.user).get(f"/animateurs/appels/{call.pk}/").status_code == 404


def test_only_the_volunteer_answers_and_only_the_organiser_confirms_after_the_start(cast, client_for):
    agent = cast.agents["agent"]
    call = _send(cast, _join(agent.user))
    with pytest.raises(services.Refused):
        services.call_answer(by=cast.users[Role.HR], call=call, accept=True)
    services.call_answer(by=agent.user, call=call, accept=True)
    with pytest.raises(services.Refused, match="pas encore commencé"):
        services.call_confirm(by=cast.users[Role.HR], call=call, held=True)
    _past(call)
    with pytest.raises(services.Refused):
        services.call_confirm(by=agent.user, call=call, held=True)
    client_for(cast.users[Role.HR]).post(f"/animateurs/appels/{call.pk}/bilan/", {"decision": "held"})
    call.refresh_from_db()
    assert call.state == CallState.HELD and call.confirmed_at is not None


def test_held_hours_show_in_the_passport_its_pdf_and_the_dashboard(cast, client_for):
    agent = cast.agents["agent"]
    call = _send(cast, _join(agent.user), minutes=90)
    services.call_answer(by=agent.user, call=call, accept=True)
    _past(call)
    not_held = _send(cast, Facilitator.objects.get(agent=agent), starts_at=_future(days=9), minutes=30)
    services.call_answer(by=agent.user, call=not_held, accept=True)
    _past(not_held)
    services.call_confirm(by=cast.users[Role.HR], call=call, held=True)
    services.call_confirm(by=cast.users[Role.HR], call=not_held, held=False)
    passport = client_for(agent.user).get("/passeport/").content.decode()
    assert "data-animations" in passport and "1 h 30" in passport and "Séance de codéveloppement" in passport
    pdf = client_for(agent.user).get("/passeport/attestation.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    values = measures.values(Scope(organisation_ids=(cast.home.pk,)))
    assert values[Metric.FACILITATION_HOURS] == measures._round(1.5)
    assert measures.values(Scope(organisation_ids=(cast.partner.pk,)))[Metric.FACILITATION_HOURS] == 0


def test_todo_lists_the_call_to_answer_and_the_call_to_confirm(cast):
    agent = cast.agents["agent"]
    call = _send(cast, _join(agent.user))
    assert any(g.key == "facilitation_answers" and g.count == 1 for g in todo_for(agent.user))
    services.call_answer(by=agent.user, call=call, accept=True)
    assert not any(g.key == "facilitation_answers" for g in todo_for(agent.user))
    _past(call)
    assert any(g.key == "facilitation_confirm" and g.count == 1 for g in todo_for(cast.users[Role.HR]))


def test_the_call_form_validates_and_writes_nothing_on_bad_input(cast, client_for):
    facilitator = _join(cast.agents["agent"].user)
    hr = client_for(cast.users[Role.HR])
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    base = {"subject": "Réunion", "date": day, "start_time": "10:00", "minutes": "60", "place": "Salle 2"}
    for bad in [{"minutes": "10"}, {"minutes": "300"}, {"date": "2001-01-01"}, {"date": "9999-12-31"},
                {"place": ""}, {"start_time": "25:00"}, {"visio_url": "pas une adresse", "place": ""}]:  # fmt: skip
        page = hr.post(f"/animateurs/{facilitator.pk}/appel/", {**base, **bad})
        assert page.status_code == 200 and "Rien n'est envoyé" in page.content.decode(), bad
    assert not FacilitationCall.objects.exists()
    page = hr.post(f"/animateurs/{facilitator.pk}/appel/", base, follow=True)
    assert FacilitationCall.objects.count() == 1 and "Réunion" in page.content.decode()
