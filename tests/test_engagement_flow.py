"""From interest to the end of a mission: meeting, agreements, caps, places, the daily job, notifications."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Agreement, Decision, Engagement, Meeting, Party
from passerelles.engagements.services import (
    engagement_decide,
    engagement_meeting_feedback,
    engagement_schedule_meeting,
    missing_for_ready,
    run_daily,
)
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification
from tests.cast import (
    choose_framework,
    grant,
    make_engagement,
    make_mission,
    meeting_held,
    sign_pact,
    working_slot,
)
from tests.mail_parts import calendar_parts

pytestmark = pytest.mark.django_db
SOON = working_slot(days=3)


@pytest.fixture
def mission(cast):
    lead = cast.agents[Role.HOST]
    return make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )


@pytest.fixture
def engagement(cast, mission):
    return make_engagement(cast.agents["agent"], mission, State.INTEREST)


def at_agreements(cast, engagement, *, framework=True):
    """The rencontre went well; HR confirmed the internal lettre de mission unless ``framework`` is False."""
    engagement_schedule_meeting(
        engagement=engagement, by=cast.users[Role.HR], starts_at=SOON, place="Médiathèque"
    )
    meeting_held(engagement)
    engagement_meeting_feedback(engagement=engagement, by=cast.users[Role.AGENT], continues=True)
    engagement_meeting_feedback(
        engagement=engagement, by=cast.users[Role.HOST], continues=True, notes="Très bien"
    )
    engagement.refresh_from_db()
    if framework:
        choose_framework(engagement, cast.users[Role.HR])
        sign_pact(engagement, cast)
        engagement.refresh_from_db()
    return engagement


def agree_all(cast, engagement):
    engagement_decide(
        engagement=engagement, by=cast.users[Role.MANAGER], party=Party.MANAGER, decision="agreed"
    )
    engagement_decide(engagement=engagement, by=cast.users[Role.HOST], party=Party.HOST, decision="agreed")
    engagement_decide(engagement=engagement, by=cast.users[Role.HR], party=Party.HR, decision="agreed")
    engagement.refresh_from_db()
    return engagement


def test_meeting_sends_an_ics_invitation_to_agent_and_host(
    cast, engagement, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.users[Role.HR]).post(
            f"/engagements/{engagement.pk}/rencontre/",
            {"starts_at": SOON.strftime("%Y-%m-%dT%H:%M"), "minutes": "45", "place": "Médiathèque, salle 2"},
        )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING
    recipients = {message.to[0] for message in mail.outbox}
    assert {cast.users[Role.AGENT].email, cast.users[Role.HOST].email} <= recipients
    (part,) = calendar_parts(mail.outbox[0])
    ics = part.get_payload(decode=True).decode()
    assert part.get_filename() == "rencontre.ics" and part.get_param("method") == "REQUEST"
    assert "BEGIN:VEVENT" in ics and "DTSTART:" in ics and "LOCATION:Médiathèque\\, salle 2" in ics
    assert "Ateliers numériques" in mail.outbox[0].body  # human context: which mission


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minutes": "45"}, "Indiquez un lieu ou un lien de visioconférence"),
        ({"minutes": "45", "place": "Ici", "starts_at": "2020-01-01T10:00"}, "dans le futur"),
        ({"minutes": "45", "place": "Ici", "starts_at": "demain"}, "Saisissez"),
    ],
)
def test_bad_meeting_input_changes_nothing(
    cast, engagement, client_for, data, message, django_capture_on_commit_callbacks
):
    data.setdefault("starts_at", SOON.strftime("%Y-%m-%dT%H:%M"))
    notifications_before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.users[Role.HR]).post(
            f"/engagements/{engagement.pk}/rencontre/", data, follow=True
        )
    assert message in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.state == State.INTEREST and not mail.outbox
    assert Notification.objects.count() == notifications_before


def test_only_brokers_schedule_meetings(cast, engagement):
    with pytest.raises(TransitionRefused):
        engagement_schedule_meeting(
            engagement=engagement, by=cast.users[Role.AGENT], starts_at=SOON, place="x"
        )


def test_both_yes_opens_the_agreements_and_tells_the_manager_now(cast, engagement):
    assert not Notification.objects.filter(user=cast.users[Role.MANAGER]).exists()
    engagement = at_agreements(cast, engagement, framework=False)
    assert engagement.state == State.AGREEMENTS
    parties = set(Agreement.objects.filter(engagement=engagement).values_list("party", flat=True))
    assert parties == {Party.MANAGER, Party.HOST, Party.HR}
    notice = Notification.objects.get(user=cast.users[Role.MANAGER])
    assert "entraide" in notice.message and "Ateliers numériques" in notice.message and notice.action_needed


def test_the_agent_saying_no_after_the_meeting_withdraws_privately(cast, engagement):
    engagement_schedule_meeting(engagement=engagement, by=cast.users[Role.HR], starts_at=SOON, place="x")
    meeting_held(engagement)
    engagement_meeting_feedback(
        engagement=engagement, by=cast.users[Role.AGENT], continues=False, notes="Pas pour moi"
    )
    engagement.refresh_from_db()
    assert engagement.state == State.WITHDRAWN and engagement.withdraw_reason == "Pas pour moi"
    assert not Notification.objects.filter(user=cast.users[Role.MANAGER]).exists()


def test_all_agreements_and_the_framework_make_it_ready(cast, engagement):
    engagement = agree_all(cast, at_agreements(cast, engagement, framework=False))
    assert engagement.state == State.AGREEMENTS  # every party agreed, but no legal framework yet
    assert missing_for_ready(engagement) == ["le dispositif choisi par la RH"]
    choose_framework(engagement, cast.users[Role.HR])
    assert missing_for_ready(engagement) == ["Pacte de micro-mobilité à établir"]
    sign_pact(engagement, cast)
    engagement.refresh_from_db()
    assert engagement.state == State.READY
    assert Notification.objects.filter(user=cast.users[Role.AGENT], subject__startswith="C'est prêt").exists()


def test_a_signatory_is_asked_when_the_organisation_requires_it(cast, engagement):
    cast.home.requires_signatory = True
    cast.home.save()
    engagement = agree_all(cast, at_agreements(cast, engagement))
    assert engagement.state == State.AGREEMENTS  # still waiting for the signature
    engagement_decide(
        engagement=engagement, by=cast.users[Role.SIGNATORY], party=Party.SIGNATORY, decision="agreed"
    )
    engagement.refresh_from_db()
    assert engagement.state == State.READY


def test_double_click_on_agree_and_the_wrong_person(cast, engagement, client_for):
    engagement = at_agreements(cast, engagement)
    manager = client_for(cast.users[Role.MANAGER])
    manager.post(f"/engagements/{engagement.pk}/accord/", {"party": "manager", "decision": "agreed"})
    second = manager.post(
        f"/engagements/{engagement.pk}/accord/", {"party": "manager", "decision": "agreed"}, follow=True
    )
    assert "Vous avez déjà répondu" in second.content.decode()
    assert engagement.events.filter(action="agree_manager").count() == 1
    agent = client_for(cast.users[Role.AGENT])
    refused = agent.post(
        f"/engagements/{engagement.pk}/accord/", {"party": "hr", "decision": "agreed"}, follow=True
    )
    assert "Cet accord ne vous revient pas" in refused.content.decode()
    assert Agreement.objects.get(engagement=engagement, party=Party.HR).decision == Decision.PENDING


def test_manager_declines_with_a_reason_only(cast, engagement):
    engagement = at_agreements(cast, engagement)
    with pytest.raises(TransitionRefused, match="raison"):
        engagement_decide(
            engagement=engagement, by=cast.users[Role.MANAGER], party=Party.MANAGER, decision="declined"
        )
    engagement_decide(
        engagement=engagement,
        by=cast.users[Role.MANAGER],
        party=Party.MANAGER,
        decision="declined",
        reason="Période de clôture budgétaire",
    )
    engagement.refresh_from_db()
    assert engagement.state == State.DECLINED


def test_manager_proposes_other_dates_and_the_others_are_asked_again(cast, engagement):
    engagement = at_agreements(cast, engagement)
    engagement_decide(engagement=engagement, by=cast.users[Role.HOST], party=Party.HOST, decision="agreed")
    new_start = engagement.start_date + datetime.timedelta(days=14)
    engagement_decide(
        engagement=engagement,
        by=cast.users[Role.MANAGER],
        party=Party.MANAGER,
        decision="agreed",
        start_date=new_start,
        end_date=engagement.end_date,
    )
    engagement.refresh_from_db()
    assert engagement.start_date == new_start
    assert Agreement.objects.get(engagement=engagement, party=Party.HOST).decision == Decision.PENDING
    with pytest.raises(TransitionRefused, match="dans celles de la mission"):
        other = make_engagement(cast.agents[Role.HR], engagement.mission, State.AGREEMENTS, agreement_round=1)
        Agreement.objects.create(engagement=other, round=1, party=Party.MANAGER)
        other.agent.manager = cast.agents["manager"]
        other.agent.save()
        engagement_decide(
            engagement=other,
            by=cast.users[Role.MANAGER],
            party=Party.MANAGER,
            decision="agreed",
            start_date=engagement.mission.start_date - datetime.timedelta(days=1),
        )


def test_the_cap_is_never_exceeded(cast, engagement):
    lead = cast.agents[Role.HOST]
    other_mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, time_share_percent=30
    )
    make_engagement(cast.agents["agent"], other_mission, State.ACTIVE)  # 30 % already, same dates
    engagement = at_agreements(cast, engagement)  # 20 % more: 50 % > 40 %
    engagement_decide(
        engagement=engagement, by=cast.users[Role.MANAGER], party=Party.MANAGER, decision="agreed"
    )
    engagement_decide(engagement=engagement, by=cast.users[Role.HOST], party=Party.HOST, decision="agreed")
    with pytest.raises(TransitionRefused, match="Plafond dépassé.*30 %.*20 %.*40 %"):
        engagement_decide(engagement=engagement, by=cast.users[Role.HR], party=Party.HR, decision="agreed")
    engagement.refresh_from_db()
    assert engagement.state == State.AGREEMENTS
    assert Agreement.objects.get(engagement=engagement, party=Party.HR).decision == Decision.PENDING


def test_places_are_never_over_filled(cast, engagement, mission):
    make_engagement(cast.agents[Role.SIGNATORY], mission, State.READY)  # the only place is taken
    engagement = at_agreements(cast, engagement)
    with pytest.raises(TransitionRefused, match="Toutes les places"):
        agree_all(cast, engagement)


def test_the_daily_job_starts_and_ends_and_is_idempotent(cast, mission):
    today = datetime.date.today()
    ready = make_engagement(cast.agents["agent"], mission, State.READY)
    ready.start_date, ready.end_date = today, today + datetime.timedelta(days=30)
    ready.save()
    over = make_engagement(cast.agents[Role.HR], mission, State.ACTIVE)
    over.start_date, over.end_date = today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)
    over.save()
    assert run_daily(today=today) == {"activated": 1, "ended": 1}
    assert run_daily(today=today) == {"activated": 0, "ended": 0}
    ready.refresh_from_db()
    over.refresh_from_db()
    assert (
        ready.state == State.ACTIVE and over.state == State.ENDED and over.end_reason == "mission_accomplie"
    )
    call_command("daily", "--date", (today + datetime.timedelta(days=31)).isoformat())
    ready.refresh_from_db()
    assert ready.state == State.ENDED


def test_hr_proposes_and_the_agent_accepts_privately(cast, mission, client_for):
    hr = client_for(cast.users[Role.HR])
    type(mission).objects.filter(pk=mission.pk).update(title="Ateliers <b>& co</b>")
    page = hr.get(f"/agents/{cast.agents['agent'].pk}/").content.decode()
    # the missions HR may propose, one option each (foundation/quick_select.py), titles escaped
    assert f'<option value="{mission.pk}">Ateliers &lt;b&gt;&amp; co&lt;/b&gt; (' in page
    hr.post(
        f"/agents/{cast.agents['agent'].pk}/proposer/", {"mission": mission.pk, "message": "Pensé pour vous"}
    )
    engagement = Engagement.objects.get(mission=mission, agent=cast.agents["agent"])
    assert engagement.state == State.PROPOSAL
    notice = Notification.objects.get(user=cast.users[Role.AGENT])
    assert "libre d'accepter" in notice.message
    again = hr.post(f"/agents/{cast.agents['agent'].pk}/proposer/", {"mission": mission.pk}, follow=True)
    assert "déjà en lien" in again.content.decode()
    client_for(cast.users[Role.AGENT]).post(
        f"/engagements/{engagement.pk}/action/", {"action": "accept_proposal"}
    )
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING
    # a manager cannot propose, and nobody can propose an outsider's mission
    manager = client_for(cast.users[Role.MANAGER])
    assert (
        manager.post(f"/agents/{cast.agents['agent'].pk}/proposer/", {"mission": mission.pk}).status_code
        == 302
    )
    assert Engagement.objects.filter(mission=mission).count() == 1


def test_notification_centre(cast, engagement, client_for):
    at_agreements(cast, engagement)
    manager = client_for(cast.users[Role.MANAGER])
    page = manager.get("/tableau-de-bord/").content.decode()
    assert "non lues" in page
    content = manager.get("/notifications/").content.decode()
    assert "Votre accord est demandé" in content
    manager.post("/notifications/")
    assert not Notification.objects.filter(user=cast.users[Role.MANAGER], read_at__isnull=True).exists()


def test_hr_of_a_partner_cannot_take_the_hr_agreement(cast, engagement):
    partner_hr = __import__("tests.cast", fromlist=["make_agent"]).make_agent(
        cast.partner, "Pat", "Partenaire"
    )
    grant(partner_hr, cast.partner, Role.HR)
    engagement = at_agreements(cast, engagement)
    with pytest.raises(TransitionRefused):
        engagement_decide(engagement=engagement, by=partner_hr.user, party=Party.HR, decision="agreed")


def test_todo_lists_what_waits_for_each_role(cast, engagement, client_for):
    from passerelles.core.todo import todo_for

    make_mission(
        cast.home, cast.agents[Role.HOST].unit, cast.agents[Role.HOST], status=MissionStatus.SUBMITTED
    )
    assert {g.key: g.count for g in todo_for(cast.users[Role.HR])} == {"review": 1, "meet": 1}
    assert {g.key for g in todo_for(cast.users[Role.HOST])} == {"meet"}
    assert todo_for(cast.users[Role.MANAGER]) == []  # nothing of the agent's interest before the agreements
    at_agreements(cast, engagement)
    assert {g.key: g.count for g in todo_for(cast.users[Role.MANAGER])} == {"agreements": 1}
    engagement_decide(
        engagement=engagement, by=cast.users[Role.MANAGER], party=Party.MANAGER, decision="agreed"
    )
    assert todo_for(cast.users[Role.MANAGER]) == []
    content = client_for(cast.users[Role.HOST]).get("/tableau-de-bord/").content.decode()
    assert 'data-todo="agreements"' in content


def test_the_manager_answers_only_through_the_agreement_form(cast, engagement, client_for):
    at_agreements(cast, engagement)
    content = client_for(cast.users[Role.MANAGER]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Je donne mon accord" in content
    assert 'value="decline"' not in content and "Historique" not in content


def active_engagement(cast, mission):
    engagement = make_engagement(cast.agents["agent"], mission, State.ACTIVE, agreement_round=1)
    return engagement


def test_extension_is_a_new_round_of_agreements(cast, mission, client_for):
    from passerelles.engagements.services import engagement_request_extension

    engagement = active_engagement(cast, mission)
    new_end = engagement.end_date + datetime.timedelta(days=30)
    with pytest.raises(TransitionRefused, match="doit suivre"):
        engagement_request_extension(
            engagement=engagement, by=cast.users[Role.HR], end_date=engagement.end_date
        )
    with pytest.raises(TransitionRefused):
        engagement_request_extension(engagement=engagement, by=cast.users[Role.AGENT], end_date=new_end)
    client_for(cast.users[Role.HR]).post(f"/engagements/{engagement.pk}/prolongation/", {"end_date": new_end})
    engagement.refresh_from_db()
    assert engagement.state == State.ACTIVE and engagement.extension_end_date == new_end
    assert engagement.agreement_round == 2
    assert Notification.objects.filter(
        user=cast.users[Role.MANAGER], subject__startswith="Votre accord"
    ).exists()
    agree_all(cast, engagement)
    engagement.refresh_from_db()
    # the agent agrees to each renewal: until they do, the end date stays
    assert engagement.end_date != new_end and engagement.extension_end_date == new_end
    engagement_decide(engagement=engagement, by=cast.users[Role.AGENT], party=Party.AGENT, decision="agreed")
    engagement.refresh_from_db()
    assert (
        engagement.state == State.ACTIVE
        and engagement.end_date == new_end
        and engagement.extension_end_date is None
    )


def test_a_declined_extension_leaves_the_mission_as_it_was(cast, mission):
    from passerelles.engagements.services import engagement_request_extension

    engagement = active_engagement(cast, mission)
    end = engagement.end_date
    engagement_request_extension(
        engagement=engagement, by=cast.users[Role.HOST], end_date=end + datetime.timedelta(days=10)
    )
    engagement_decide(
        engagement=engagement,
        by=cast.users[Role.MANAGER],
        party=Party.MANAGER,
        decision="declined",
        reason="L'équipe a besoin de Paul en janvier",
    )
    engagement.refresh_from_db()
    assert (
        engagement.state == State.ACTIVE
        and engagement.end_date == end
        and engagement.extension_end_date is None
    )


def test_reminders_are_sent_once_per_period(cast, engagement):
    from passerelles.engagements.services import send_reminders

    later = timezone.now() + datetime.timedelta(days=6)
    assert send_reminders(now=later) == 2  # ours and the outsider organisation's waiting interest
    assert send_reminders(now=later) == 0  # idempotent
    assert Notification.objects.filter(user=cast.users[Role.HR], subject__startswith="Relance").count() == 1
    assert engagement.events.filter(action="reminder").count() == 1
    send_reminders(now=later + datetime.timedelta(days=6))  # a new period, a new reminder
    assert engagement.events.filter(action="reminder").count() == 2


def test_pending_agreements_are_recalled_to_whoever_owes_them(cast, engagement):
    from passerelles.engagements.models import EngagementEvent
    from passerelles.engagements.services import send_reminders

    engagement = at_agreements(cast, engagement)
    engagement_decide(engagement=engagement, by=cast.users[Role.HOST], party=Party.HOST, decision="agreed")
    EngagementEvent.objects.filter(engagement=engagement).update(
        at=timezone.now() - datetime.timedelta(days=10)
    )
    Engagement.objects.filter(pk=engagement.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    assert send_reminders(now=timezone.now()) == 1
    recalled = set(Notification.objects.filter(subject__startswith="Relance").values_list("user", flat=True))
    assert recalled == {cast.users[Role.MANAGER].pk, cast.users[Role.HR].pk}


def test_daily_summary_instead_of_immediate_emails(
    cast, engagement, mailoutbox, django_capture_on_commit_callbacks
):
    from passerelles.accounts.models import EmailFrequency
    from passerelles.notifications.services import notify, send_daily_digests

    manager = cast.users[Role.MANAGER]
    manager.email_frequency = EmailFrequency.DAILY
    manager.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=manager, subject="Premier", message="…", url="/tableau-de-bord/")
        notify(user=manager, subject="Second", message="…")
        notify(user=cast.users[Role.HR], subject="Tout de suite", message="…")
    assert [m.to[0] for m in mailoutbox] == [cast.users[Role.HR].email]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 1
        assert send_daily_digests() == 0
    digest = mailoutbox[-1]
    assert digest.to == [manager.email] and "Premier" in digest.body and "Second" in digest.body
    assert "récapitulatif du jour (2)" in digest.subject


def test_preferences_page(cast, client_for):
    from passerelles.notifications.models import NotificationKind
    from passerelles.notifications.preferences import choice_for

    client = client_for(cast.users[Role.AGENT])
    every = {f"email_{kind}": "daily" for kind in NotificationKind.values} | {"language": "fr"}
    assert client.post("/mon-compte/notifications/", {**every, "email_story": "weekly"}).status_code == 200
    assert choice_for(cast.users[Role.AGENT], "story").email == "immediate"
    client.post("/mon-compte/notifications/", every)
    assert choice_for(cast.users[Role.AGENT], "story").email == "daily"


def test_daily_command_runs_or_enqueues_the_task(cast, mission, settings):
    from io import StringIO

    from django.core.management.base import CommandError

    out = StringIO()
    call_command("daily", "--date", datetime.date.today().isoformat(), stdout=out)
    assert "démarré(s)" in out.getvalue() and "relance(s)" in out.getvalue()
    out = StringIO()
    call_command("daily", "--enqueue", stdout=out)
    assert "confié au worker" in out.getvalue()
    with pytest.raises(CommandError, match="Date invalide"):
        call_command("daily", "--date", "hier")


@pytest.mark.parametrize(("share", "visible"), [("1", True), ("0", False)])
def test_hr_chooses_whether_the_reason_is_told(cast, engagement, client_for, share, visible):
    client_for(cast.users[Role.HR]).post(
        f"/engagements/{engagement.pk}/action/",
        {"action": "decline", "comment": "Profil trop éloigné", "share_reason": share},
    )
    notice = Notification.objects.get(user=cast.users[Role.AGENT])
    assert ("Profil trop éloigné" in notice.message) is visible
    assert "Merci d'avoir répondu présent·e" in notice.message
    engagement.refresh_from_db()
    assert engagement.decline_reason == "Profil trop éloigné"


def _propose_with_meeting(client, agent, mission, **fields):
    data = {
        "mission": mission.pk,
        "with_meeting": "1",
        "starts_at": SOON.strftime("%Y-%m-%dT%H:%M"),
        "minutes": "45",
        "place": "Médiathèque, salle 2",
        **fields,
    }
    return client.post(f"/agents/{agent.pk}/proposer/", data)


def test_a_proposal_can_come_with_a_rencontre_sent_only_once_the_agent_accepts(
    cast, client_for, mission, django_capture_on_commit_callbacks
):
    agent = cast.agents[Role.AGENT]
    with django_capture_on_commit_callbacks(execute=True):
        _propose_with_meeting(client_for(cast.users[Role.HR]), agent, mission)
    engagement = Engagement.objects.get(agent=agent, mission=mission)
    assert engagement.state == State.PROPOSAL and engagement.meeting.place == "Médiathèque, salle 2"
    assert not any(m.attachments for m in mail.outbox)  # nothing in anyone's calendar before consent
    assert "Si vous acceptez, la rencontre aura lieu le" in mail.outbox[0].body
    page = client_for(agent.user).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Rencontre proposée" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent.user).post(f"/engagements/{engagement.pk}/action/", {"action": "accept_proposal"})
    engagement.refresh_from_db()
    assert engagement.state == State.MEETING
    invited = {m.to[0] for m in mail.outbox if m.attachments}
    assert {agent.user.email, cast.users[Role.HOST].email} <= invited


def test_a_declined_proposal_never_sends_the_offered_rencontre(
    cast, client_for, mission, django_capture_on_commit_callbacks
):
    agent = cast.agents[Role.AGENT]
    _propose_with_meeting(client_for(cast.users[Role.HR]), agent, mission)
    engagement = Engagement.objects.get(agent=agent, mission=mission)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(agent.user).post(
            f"/engagements/{engagement.pk}/action/", {"action": "withdraw", "comment": "Pas maintenant"}
        )
    assert not any(m.attachments for m in mail.outbox)


def test_an_offered_slot_that_passed_asks_the_brokers_for_another(cast, mission):
    from passerelles.engagements.services import MeetingSlot, engagement_propose, engagement_transition
    from passerelles.notifications.models import Notification

    agent = cast.agents[Role.AGENT]
    engagement = engagement_propose(
        mission=mission, agent=agent, by=cast.users[Role.HR], meeting=MeetingSlot(SOON, place="Salle")
    )
    Meeting.objects.filter(engagement=engagement).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    engagement_transition(engagement=engagement, action="accept_proposal", by=agent.user)
    assert Notification.objects.filter(
        user=cast.users[Role.HR], subject__contains="proposez un autre créneau", action_needed=True
    ).exists()


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"place": ""}, "Indiquez un lieu ou un lien de visioconférence."),
        ({"starts_at": "2020-01-01T10:00"}, "La rencontre doit avoir lieu dans le futur."),
        ({"starts_at": "demain"}, "Saisissez une date et une heure valides."),
        ({"minutes": "5"}, "supérieure ou égale à 15"),
    ],
)
def test_a_bad_rencontre_slot_creates_no_proposal(cast, client_for, mission, fields, error):
    hr = client_for(cast.users[Role.HR])
    response = _propose_with_meeting(hr, cast.agents[Role.AGENT], mission, **fields)
    page = response.content.decode().replace("&#x27;", "'")
    # the slot's page again, with the error and what was typed
    assert response.status_code == 200 and error in page
    assert 'name="place"' in page and f'name="mission" value="{mission.pk}"' in page
    assert not Engagement.objects.filter(mission=mission).exists()
    assert not Meeting.objects.exists()


def test_the_page_of_a_proposal_with_a_rencontre(cast, client_for, mission):
    """One form on its own page (not one per suggested person); only for who may propose this mission to this
    person; the way back stays on this site."""
    agent = cast.agents[Role.AGENT]
    hr = client_for(cast.users[Role.HR])
    url = f"/agents/{agent.pk}/proposer/"
    page = hr.get(url, {"mission": mission.pk, "retour": f"/missions/{mission.pk}/suggestions/"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Proposer la mission avec une rencontre à {agent.full_name}" in html
    assert 'name="starts_at"' in html and 'name="confirm_non_working"' not in html
    assert f'href="/missions/{mission.pk}/suggestions/"' in html  # « Annuler » goes back where HR was
    elsewhere = hr.get(url, {"mission": mission.pk, "retour": "https://ailleurs.example/"}).content.decode()
    assert 'href="https://ailleurs.example/"' not in elsewhere and 'value="https://ailleurs' not in elsewhere
    assert f'href="/agents/{agent.pk}/"' in elsewhere
    # nothing to propose: no mission, a word, a draft mission; nobody else than HR
    for query in ({}, {"mission": "abc"}, {"mission": "99999999"}):
        assert hr.get(url, query).status_code == 404, query
    mission.status = MissionStatus.DRAFT
    mission.save(update_fields=["status"])
    assert hr.get(url, {"mission": mission.pk}).status_code == 404
    mission.status = MissionStatus.PUBLISHED
    mission.save(update_fields=["status"])
    for role in (Role.AGENT, Role.MANAGER, Role.HOST):
        assert client_for(cast.users[role]).get(url, {"mission": mission.pk}).status_code == 404, role
    assert not Engagement.objects.filter(mission=mission).exists()


def test_every_party_sees_the_cap_room_from_the_agreements_step(cast, engagement, client_for):
    lead = cast.agents[Role.HOST]
    other_mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, time_share_percent=30
    )
    make_engagement(cast.agents["agent"], other_mission, State.ACTIVE)  # 30 % already, same dates
    page = client_for(cast.users[Role.HR]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert "data-cap-room" not in page  # at interest the dates and share may still change
    engagement = at_agreements(cast, engagement)  # 20 % more: 50 % > 40 %
    for role in (Role.AGENT, Role.MANAGER, Role.HOST, Role.HR):
        page = client_for(cast.users[role]).get(f"/engagements/{engagement.pk}/").content.decode()
        assert 'data-cap-room="over"' in page, role
        assert "<dd>30 %</dd>" in page and "<dd>20 %</dd>" in page and "<dd>40 %</dd>" in page, role
        assert "dépasserait le plafond de 40 %" in page, role
        assert other_mission.title not in page, role  # a figure, never the agent's other missions


def test_the_cap_room_is_shown_with_the_margin_when_it_fits(cast, engagement, client_for):
    engagement = at_agreements(cast, engagement)
    page = client_for(cast.users[Role.MANAGER]).get(f"/engagements/{engagement.pk}/").content.decode()
    assert 'data-cap-room="ok"' in page and "<dd>0 %</dd>" in page and "<dd>20 %</dd>" in page
    assert "dépasserait" not in page


def test_a_host_submitting_a_mission_over_the_cap_is_told_at_once(cast, client_for):
    lead = cast.agents[Role.HOST]
    mission = make_mission(cast.home, lead.unit, lead, time_share_percent=80)
    response = client_for(cast.users[Role.HOST]).post(f"/missions/{mission.pk}/soumettre/", follow=True)
    page = response.content.decode()
    assert "Mission envoyée en relecture RH" in page
    assert "80 % du temps de travail" in page and "aucun agent ne pourra démarrer" in page
    fitting = make_mission(cast.home, lead.unit, lead, time_share_percent=20, title="Autre")
    page = client_for(cast.users[Role.HOST]).post(f"/missions/{fitting.pk}/soumettre/", follow=True)
    assert "aucun agent ne pourra démarrer" not in page.content.decode()
