"""The day before a rencontre, the agent and the project lead are reminded (issue 15: « meeting reminders »
by each person's channel, SMS included); once per meeting and day, never for a cancelled or past meeting."""

import datetime

import pytest
from django.utils import timezone

from passerelles.access.models import Role
from passerelles.engagements.lifecycle import EventKind, State
from passerelles.engagements.services import engagement_schedule_meeting, remind_meetings
from passerelles.missions.models import MissionStatus
from passerelles.notifications.models import Notification, NotificationKind
from passerelles.outbox import sms
from tests.cast import make_engagement, make_mission, working_slot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting(cast):
    lead = cast.agents[Role.HOST]
    mission = make_mission(
        cast.home, lead.unit, lead, status=MissionStatus.PUBLISHED, title="Ateliers numériques"
    )
    engagement = make_engagement(cast.agents["agent"], mission, State.INTEREST)
    return engagement_schedule_meeting(
        engagement=engagement,
        by=cast.users[Role.HR],
        starts_at=working_slot(days=3),
        place="Médiathèque, salle 2",
    )


def the_day_before(meeting) -> datetime.date:
    return timezone.localdate(meeting.starts_at) - datetime.timedelta(days=1)


def reminders():
    return Notification.objects.filter(kind=NotificationKind.MEETING, subject__startswith="Rencontre demain")


def test_the_agent_and_the_project_lead_are_reminded_the_day_before_once(cast, meeting):
    day = the_day_before(meeting)
    assert remind_meetings(today=day - datetime.timedelta(days=1)) == 0  # two days before: not yet
    assert remind_meetings(today=day) == 1
    assert set(reminders().values_list("user", flat=True)) == {
        cast.users["agent"].pk,
        meeting.engagement.mission.project_lead.user_id,
    }
    reminder = reminders().get(user=cast.users["agent"])
    assert "Médiathèque, salle 2" in reminder.message
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") in reminder.subject
    assert meeting.engagement.events.filter(action=EventKind.MEETING_REMINDER).count() == 1
    assert remind_meetings(today=day) == 0  # the daily job run twice the same day reminds once
    assert reminders().count() == 2


def test_no_reminder_for_a_cancelled_meeting_or_an_engagement_gone_further(cast, meeting):
    day = the_day_before(meeting)
    meeting.cancelled_at = timezone.now()
    meeting.save(update_fields=["cancelled_at"])
    assert remind_meetings(today=day) == 0
    meeting.cancelled_at = None
    meeting.save(update_fields=["cancelled_at"])
    type(meeting.engagement).objects.filter(pk=meeting.engagement_id).update(state=State.AGREEMENTS)
    assert remind_meetings(today=day) == 0
    assert not reminders().exists()


def test_an_agent_who_chose_sms_gets_the_reminder_by_text(cast, meeting):
    now = timezone.now()
    agent = cast.users["agent"]
    agent.phone, agent.phone_verified_at, agent.sms_opted_in_at = "+33612345678", now, now
    agent.save()
    cast.home.sms_monthly_budget = 10
    cast.home.save()
    remind_meetings(today=the_day_before(meeting))
    (text,) = [m for m in sms.sent if m["to"] == "+33612345678"]
    assert "Rencontre demain" in text["body"] and "/engagements/" in text["body"]
