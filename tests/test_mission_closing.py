"""Missions close (issue 13): when their places are taken, when their end date has passed, or by their host or
HR with a reason; closed missions leave the lists and take nobody more; whoever still waits is told at once
and declined kindly; only a person reopens them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused, transition_for
from passerelles.engagements.models import Engagement, EngagementEvent, Meeting
from passerelles.engagements.services import engagement_express_interest, engagement_propose
from passerelles.matching.models import MissionTerm
from passerelles.missions.models import ClosedReason, Mission, MissionEvent, MissionStatus
from passerelles.missions.queries import discoverable
from passerelles.missions.services import (
    MissionStepRefused,
    close_ended_missions,
    mission_close,
    mission_reopen,
)
from passerelles.notifications.models import Notification
from tests.cast import make_agent, make_engagement, make_mission
from tests.test_engagement_flow import agree_all, at_agreements

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home,
        lead.unit,
        lead,
        status=MissionStatus.PUBLISHED,
        title="Ateliers numériques",
        skills="animation d'ateliers",
    )


def candidate(cast, first_name, last_name="Candidate"):
    unit = cast.agents["agent"].unit
    return make_agent(cast.home, first_name, last_name, unit=unit, manager=cast.agents["manager"])


@pytest.fixture
def waiting(cast, mission):
    """Three people the mission keeps waiting (interest, an HR proposal, a rencontre) and one at the
    agreements step."""
    return {
        State.INTEREST: make_engagement(candidate(cast, "Inès"), mission, State.INTEREST),
        State.PROPOSAL: make_engagement(candidate(cast, "Pablo"), mission, State.PROPOSAL),
        State.MEETING: make_engagement(candidate(cast, "Mona"), mission, State.MEETING),
        State.AGREEMENTS: make_engagement(candidate(cast, "Ada"), mission, State.AGREEMENTS),
    }


def snapshot(mission):
    mission.refresh_from_db()
    return (
        mission.status,
        mission.closed_at,
        mission.closed_reason,
        mission.closed_by_id,
        MissionEvent.objects.filter(mission=mission).count(),
        sorted(Engagement.objects.filter(mission=mission).values_list("pk", "state")),
        Notification.objects.count(),
    )


# ---- (a) places taken ----


def test_the_last_place_taken_closes_the_mission_and_tells_whoever_waits(cast, mission, waiting):
    engagement = agree_all(
        cast, at_agreements(cast, make_engagement(cast.agents["agent"], mission, "interest"))
    )
    assert engagement.state == State.READY
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED and mission.closed_reason == ClosedReason.FILLED
    assert mission.closed_at is not None and mission.closed_by is None and mission.closed_comment == ""
    for state in (State.INTEREST, State.PROPOSAL, State.MEETING):
        declined = Engagement.objects.get(pk=waiting[state].pk)
        assert declined.state == State.DECLINED and declined.decline_reason == "la mission est pourvue"
        event = declined.events.get(action="decline")
        assert event.by is None and event.from_state == state and event.comment == "la mission est pourvue"
        told = Notification.objects.get(user=declined.agent.user)
        assert (
            "« Ateliers numériques » est pourvue : votre candidature n'a pas pu être retenue" in told.message
        )
        assert told.url == "/missions/" and not told.action_needed
    # the agreements go on
    assert Engagement.objects.get(pk=waiting[State.AGREEMENTS].pk).state == State.AGREEMENTS
    assert not Notification.objects.filter(user=waiting[State.AGREEMENTS].agent.user).exists()
    # the brokers are told in one notification each; the host never learns of HR's proposal
    host_note = Notification.objects.get(
        user=cast.users[Role.HOST], subject="« Ateliers numériques » est clôturée"
    )
    hr_note = Notification.objects.get(
        user=cast.users[Role.HR], subject="« Ateliers numériques » est clôturée"
    )
    assert "toutes les places sont pourvues" in host_note.message
    assert "Inès Candidate" in host_note.message and "Mona Candidate" in host_note.message
    assert "Pablo" not in host_note.message and "Pablo Candidate" in hr_note.message
    host_sees = Engagement.objects.for_actor(cast.users[Role.HOST]).filter(mission=mission)
    assert waiting[State.PROPOSAL].pk not in set(host_sees.values_list("pk", flat=True))
    # the timeline of the mission says what happened
    last = mission.events.last()
    assert (last.from_status, last.to_status, last.by) == ("published", "closed", None)


def test_a_mission_with_places_left_stays_open(cast, mission, waiting):
    mission.places = 2
    mission.save()
    agree_all(cast, at_agreements(cast, make_engagement(cast.agents["agent"], mission, State.INTEREST)))
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PUBLISHED and mission.closed_at is None
    assert Engagement.objects.get(pk=waiting[State.INTEREST].pk).state == State.INTEREST
    assert mission in discoverable(cast.users[Role.AGENT])


# ---- (b) end date passed ----


def test_the_daily_job_closes_missions_past_their_end_and_is_idempotent(cast, mission, waiting):
    lead = cast.agents[Role.HOST]
    ends_today = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, start_date=TODAY, end_date=TODAY
    )
    draft = make_mission(
        cast.home, lead.unit, lead, start_date=TODAY - datetime.timedelta(days=9), end_date=TODAY
    )
    Mission.objects.filter(pk=mission.pk).update(
        start_date=TODAY - datetime.timedelta(days=60), end_date=TODAY - datetime.timedelta(days=3)
    )
    assert close_ended_missions(today=TODAY) == 1
    assert close_ended_missions(today=TODAY) == 0  # the same day again: nothing more
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED and mission.closed_reason == ClosedReason.END_DATE
    assert MissionEvent.objects.filter(mission=mission, to_status=MissionStatus.CLOSED).count() == 1
    declined = Engagement.objects.get(pk=waiting[State.MEETING].pk)
    assert declined.state == State.DECLINED and declined.decline_reason == "la mission est close"
    assert "est close" in Notification.objects.get(user=declined.agent.user).message
    ends_today.refresh_from_db()
    assert ends_today.status == MissionStatus.PUBLISHED  # its last day is today
    # a missed week is caught up by the daily command: whatever ended meanwhile closes, drafts stay drafts
    call_command("daily", "--date", (TODAY + datetime.timedelta(days=7)).isoformat())
    ends_today.refresh_from_db()
    draft.refresh_from_db()
    assert ends_today.status == MissionStatus.CLOSED and ends_today.closed_reason == ClosedReason.END_DATE
    assert draft.status == MissionStatus.DRAFT


# ---- (c) closed by a person ----


def test_the_host_closes_with_a_reason_and_whoever_waits_is_told(cast, mission, waiting, client_for):
    host = client_for(cast.users[Role.HOST])
    page = host.get(f"/missions/{mission.pk}/").content.decode()
    assert f'href="/missions/{mission.pk}/cloturer/"' in page
    form = host.get(f"/missions/{mission.pk}/cloturer/").content.decode()
    assert (
        "Raison de la clôture" in form and 'data-waiting="2"' in form
    )  # the proposal is HR's, not the host's
    response = host.post(
        f"/missions/{mission.pk}/cloturer/",
        {"reason": "Le projet est reporté à l'automne.", "confirm": "on"},
        follow=True,
    )
    assert "Mission clôturée" in response.content.decode()
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED and mission.closed_reason == ClosedReason.BY_PERSON
    assert mission.closed_by == cast.users[Role.HOST]
    assert mission.closed_comment == "Le projet est reporté à l'automne."
    for state in (State.INTEREST, State.PROPOSAL, State.MEETING):
        assert Engagement.objects.get(pk=waiting[state].pk).decline_reason == "la mission est close"
    assert Engagement.objects.get(pk=waiting[State.AGREEMENTS].pk).state == State.AGREEMENTS
    # HR is told (with the reason); the host, who did it, is not notified of their own act
    hr_note = Notification.objects.get(user=cast.users[Role.HR], subject__endswith="est clôturée")
    assert "Le projet est reporté" in hr_note.message
    assert not Notification.objects.filter(user=cast.users[Role.HOST], subject__endswith="est clôturée")
    # the mission's page says so, with the date and the cause; its history too
    page = host.get(f"/missions/{mission.pk}/").content.decode()
    assert "Mission clôturée" in page and "à la demande de l&#x27;accueil ou de la RH" in page
    assert "Le projet est reporté" in page
    assert "cloturer/" not in page


def test_hr_of_the_organisation_closes_too(cast, mission):
    mission_close(mission=mission, by=cast.users[Role.HR], reason="Besoin couvert en interne")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED and mission.closed_by == cast.users[Role.HR]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "", "confirm": "on"}, "Indiquez la raison de la clôture."),
        ({"reason": "   ", "confirm": "on"}, "Indiquez la raison de la clôture."),
        ({"reason": "Projet reporté"}, "Cochez la case pour confirmer la clôture."),
        ({"reason": "x" * 2001, "confirm": "on"}, "2000 caractères"),
    ],
)
def test_bad_closing_input_changes_nothing(cast, mission, waiting, client_for, data, message):
    before = snapshot(mission)
    response = client_for(cast.users[Role.HOST]).post(f"/missions/{mission.pk}/cloturer/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot(mission) == before


def test_closing_needs_a_reason_in_the_service_too(cast, mission, waiting):
    before = snapshot(mission)
    with pytest.raises(MissionStepRefused, match="raison"):
        mission_close(mission=mission, by=cast.users[Role.HOST], reason="  ")
    assert snapshot(mission) == before


@pytest.mark.parametrize(
    "role", [Role.AGENT, Role.MANAGER, Role.SIGNATORY, Role.NETWORK_COORDINATOR, Role.ADMIN]
)
def test_only_the_host_and_hr_close(cast, mission, waiting, client_for, role):
    before = snapshot(mission)
    with pytest.raises(PermissionDenied):
        mission_close(mission=mission, by=cast.users[role], reason="Je ferme")
    client = client_for(cast.users[role])
    assert client.get(f"/missions/{mission.pk}/cloturer/").status_code == 403
    assert (
        client.post(f"/missions/{mission.pk}/cloturer/", {"reason": "x", "confirm": "on"}).status_code == 403
    )
    assert "cloturer/" not in client.get(f"/missions/{mission.pk}/").content.decode()
    assert snapshot(mission) == before


def test_hr_of_another_organisation_cannot_close(cast, mission):
    outsider_hr = cast.outsider_mission.project_lead.user
    with pytest.raises(PermissionDenied):
        mission_close(mission=mission, by=outsider_hr, reason="Curieux")
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PUBLISHED


def test_a_closed_mission_cannot_be_closed_twice(cast, mission, client_for):
    mission_close(mission=mission, by=cast.users[Role.HOST], reason="Reporté")
    before = snapshot(mission)
    with pytest.raises(MissionStepRefused):
        mission_close(mission=mission, by=cast.users[Role.HR], reason="Encore")
    response = client_for(cast.users[Role.HR]).post(
        f"/missions/{mission.pk}/cloturer/", {"reason": "Encore", "confirm": "on"}, follow=True
    )
    assert "Seule une mission publiée peut être clôturée" in response.content.decode()
    assert snapshot(mission) == before


# ---- a closed mission takes nobody more ----


def test_a_closed_mission_leaves_the_lists_and_refuses_interest_and_proposals(cast, mission, client_for):
    agent = cast.users[Role.AGENT]
    assert MissionTerm.objects.filter(mission=mission, published=True).exists()
    mission_close(mission=mission, by=cast.users[Role.HOST], reason="Reporté")
    assert mission not in discoverable(agent)
    listing = client_for(agent).get("/missions/").content.decode()
    assert "Ateliers numériques" not in listing
    assert not MissionTerm.objects.filter(mission=mission, published=True).exists()  # out of the suggestions
    hr_page = client_for(cast.users[Role.HR]).get(f"/agents/{cast.agents['agent'].pk}/").content.decode()
    assert "Ateliers numériques" not in hr_page  # HR no longer finds it to propose
    with pytest.raises(TransitionRefused, match="clôturée : elle n'accepte plus de candidatures"):
        engagement_express_interest(mission=mission, by=agent)
    with pytest.raises(TransitionRefused, match="clôturée"):
        engagement_propose(mission=mission, agent=cast.agents["agent"], by=cast.users[Role.HR])
    response = client_for(agent).post(f"/missions/{mission.pk}/interet/", follow=True)
    assert "Cette mission est clôturée" in response.content.decode()
    proposal = client_for(cast.users[Role.HR]).post(
        f"/agents/{cast.agents['agent'].pk}/proposer/", {"mission": mission.pk}, follow=True
    )
    assert proposal.status_code == 200
    assert not Engagement.objects.filter(mission=mission).exists()
    # the agent still reads the page (a link, a favourite), which says it is closed, without the button
    page = client_for(agent).get(f"/missions/{mission.pk}/").content.decode()
    assert "Mission clôturée" in page and "Je suis intéressé·e" not in page
    assert "Reporté" not in page  # the host's reason stays with the brokers


def test_the_declined_candidate_reads_the_reason_on_the_engagement_page(cast, mission, client_for):
    engagement = make_engagement(cast.agents["agent"], mission, State.MEETING)
    Meeting.objects.create(
        engagement=engagement, starts_at=timezone.now() + datetime.timedelta(days=2), place="Médiathèque"
    )
    mission_close(mission=mission, by=cast.users[Role.HR], reason="Le service est réorganisé")
    told = Notification.objects.get(user=cast.users[Role.AGENT])
    assert "La rencontre prévue le" in told.message and "n'aura pas lieu" in told.message
    page = client_for(cast.users[Role.AGENT]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Non retenue" in page and "la mission est close" in page
    assert "réorganisé" not in page


# ---- reopening ----


def test_the_host_reopens_a_closed_mission_and_hr_is_told(cast, mission, client_for):
    mission_close(mission=mission, by=cast.users[Role.HOST], reason="Pause estivale")
    host = client_for(cast.users[Role.HOST])
    assert f'href="/missions/{mission.pk}/rouvrir/"' in host.get(f"/missions/{mission.pk}/").content.decode()
    refused = host.post(f"/missions/{mission.pk}/rouvrir/", {"reason": "On repart"})
    assert "Cochez la case pour confirmer la réouverture." in refused.content.decode()
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED
    host.post(f"/missions/{mission.pk}/rouvrir/", {"reason": "On repart", "confirm": "on"})
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PUBLISHED
    assert (mission.closed_at, mission.closed_reason, mission.closed_comment, mission.closed_by) == (
        None,
        "",
        "",
        None,
    )
    assert mission in discoverable(cast.users[Role.AGENT])
    assert MissionTerm.objects.filter(mission=mission, published=True).exists()
    note = Notification.objects.get(user=cast.users[Role.HR], subject="« Ateliers numériques » est rouverte")
    assert "Hugo Accueil a rouvert la mission" in note.message
    # the history shows both steps, in words
    events = list(mission.events.order_by("pk"))[-2:]
    assert [(e.from_status, e.to_status) for e in events] == [
        ("published", "closed"),
        ("closed", "published"),
    ]
    assert events[-1].action == "reopen" and events[-1].label == "a rouvert la mission"
    assert "a rouvert la mission" in host.get(f"/missions/{mission.pk}/").content.decode()
    # the agent may express interest again
    engagement_express_interest(mission=mission, by=cast.users[Role.AGENT])


def test_a_mission_with_no_place_left_or_past_its_end_is_not_reopened(cast, mission, client_for):
    make_engagement(cast.agents["agent"], mission, State.READY)  # the only place
    mission_close(mission=mission, by=cast.users[Role.HR], reason="Complet")
    before = snapshot(mission)
    with pytest.raises(MissionStepRefused, match="Toutes les places sont prises"):
        mission_reopen(mission=mission, by=cast.users[Role.HOST])
    page = client_for(cast.users[Role.HOST]).get(f"/missions/{mission.pk}/rouvrir/").content.decode()
    assert "Toutes les places sont prises" in page and "Rouvrir la mission</button>" not in page
    client_for(cast.users[Role.HOST]).post(f"/missions/{mission.pk}/rouvrir/", {"confirm": "on"})
    assert snapshot(mission) == before
    Mission.objects.filter(pk=mission.pk).update(
        places=2, start_date=TODAY - datetime.timedelta(days=30), end_date=TODAY - datetime.timedelta(days=1)
    )
    with pytest.raises(MissionStepRefused, match="date de fin de la mission est passée"):
        mission_reopen(mission=mission, by=cast.users[Role.HOST])


def test_reopening_is_a_persons_act_only(cast, mission, client_for):
    """A place freed after the mission filled up does not reopen it; the host may."""
    engagement = agree_all(
        cast, at_agreements(cast, make_engagement(cast.agents["agent"], mission, "interest"))
    )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED
    client_for(cast.users[Role.AGENT]).post(
        f"/engagements/{engagement.pk}/action/", {"action": "withdraw", "comment": "Empêchement"}
    )
    engagement.refresh_from_db()
    assert engagement.state == State.WITHDRAWN
    call_command("daily", "--date", TODAY.isoformat())
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED
    for role in (Role.AGENT, Role.MANAGER, Role.SIGNATORY):
        with pytest.raises(PermissionDenied):
            mission_reopen(mission=mission, by=cast.users[role])
        assert client_for(cast.users[role]).get(f"/missions/{mission.pk}/rouvrir/").status_code == 403
    mission_reopen(mission=mission, by=cast.users[Role.HOST])
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PUBLISHED


def test_a_published_mission_is_not_reopened(cast, mission):
    with pytest.raises(MissionStepRefused, match="n'est pas clôturée"):
        mission_reopen(mission=mission, by=cast.users[Role.HR])


# ---- the rules in the database and in the lifecycle table ----


@pytest.mark.parametrize(
    "changes",
    [
        {"status": MissionStatus.CLOSED},  # no date, no cause
        {"status": MissionStatus.CLOSED, "closed_at": timezone.now()},  # no cause
        {"status": MissionStatus.CLOSED, "closed_reason": ClosedReason.FILLED},  # no date
        {"status": MissionStatus.CLOSED, "closed_at": timezone.now(), "closed_reason": "vacances"},
        {"closed_at": timezone.now(), "closed_reason": ClosedReason.END_DATE},  # published with a closing
        {"closed_comment": "Reste d'une clôture"},
        {
            "status": MissionStatus.CLOSED,
            "closed_at": timezone.now(),
            "closed_reason": ClosedReason.BY_PERSON,
        },
        {
            "status": MissionStatus.CLOSED,
            "closed_at": timezone.now(),
            "closed_reason": ClosedReason.FILLED,
            "closed_by_id": "HOST",
        },
    ],
)
def test_the_database_refuses_a_closing_out_of_step_with_the_status(cast, mission, changes):
    if changes.get("closed_by_id") == "HOST":
        changes["closed_by_id"] = cast.users[Role.HOST].pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(**changes)
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PUBLISHED and mission.closed_at is None


def test_the_database_accepts_consistent_closings(cast, mission):
    now = timezone.now()
    Mission.objects.filter(pk=mission.pk).update(
        status=MissionStatus.CLOSED,
        closed_at=now,
        closed_reason=ClosedReason.BY_PERSON,
        closed_comment="Reporté",
        closed_by=cast.users[Role.HOST],
    )
    Mission.objects.filter(pk=mission.pk).update(
        closed_reason=ClosedReason.END_DATE, closed_comment="", closed_by=None
    )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CLOSED


def test_only_passerelles_declines_a_waiting_proposal():
    assert transition_for(State.PROPOSAL, "decline", {"system"}).target == State.DECLINED
    for kinds in ({"broker"}, {"manager"}, {"agent"}):
        with pytest.raises(TransitionRefused):
            transition_for(State.PROPOSAL, "decline", kinds)
    for state in (State.INTEREST, State.MEETING):
        assert "system" in transition_for(state, "decline", {"system"}).by
    for state in (State.AGREEMENTS, State.READY, State.ACTIVE):  # what is agreed goes on
        with pytest.raises(TransitionRefused):
            transition_for(state, "decline", {"system"})


def test_the_declined_events_are_written_by_passerelles(cast, mission, waiting):
    mission_close(mission=mission, by=cast.users[Role.HOST], reason="Reporté")
    events = EngagementEvent.objects.filter(engagement__mission=mission, action="decline")
    assert events.count() == 3 and not events.exclude(by=None).exists()
