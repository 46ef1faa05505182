"""What a person's calendar feed holds, and the feed as one iCalendar file (RFC 5545).

The events are the person's own, as their pages show them, for the organisation they work in now:

- **rencontres** of their engagements — as the agent (their current agent record), or as a host of the mission
  (its author or project lead) — not cancelled, and never a rencontre merely offered with a proposal the agent
  has not accepted (it is not in anyone's calendar yet);
- **points d'étape** of those engagements once the mission is agreed (all-day events on their date);
- **mission periods** (all-day, from the first to the last day: DTEND is the day after, as RFC 5545 wants),
  marked « free » so that a 20 % mission does not block the whole agenda;
- **forum and café-mission conversations** once the organisers sent the schedule, as the agent or the host.

Every query starts from the actor's scopes (``Engagement.objects.for_actor``, ``Encounter.objects.for_actor``):
the feed never holds what the person's pages would not show. A host sees the name of the agent they meet — as on
the engagement's page — and nothing else of them; an agent sees the mission, never who else applied.

UIDs are stable: a rencontre keeps the UID of its e-mailed invitation (engagements/calendar.py) and its
SEQUENCE, a conversation the UID of the forum's .ics (encounters/agenda.py); points d'étape and periods get a
UID of the same shape. A calendar that re-reads the feed updates its events instead of duplicating them.

Four queries whatever the number of events (plus the actor's own): a calendar polls the feed every few minutes.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from passerelles.access.actor import get_actor
from passerelles.encounters import agenda
from passerelles.encounters.models import Conversation, Encounter
from passerelles.encounters.rules import Status as EncounterStatus
from passerelles.engagements import calendar
from passerelles.engagements.lifecycle import State
from passerelles.engagements.models import Engagement, Meeting
from passerelles.followup.models import CheckIn

# An agreed mission: its period and its points d'étape are in the calendar.
AGREED_STATES = (State.READY, State.ACTIVE, State.ENDED, State.EVALUATED)
# Before the agreements, a rencontre; a proposal not yet accepted, or a closed engagement, has none to attend.
NO_MEETING_STATES = (State.PROPOSAL, State.DECLINED, State.WITHDRAWN)
# The feed goes back this far: a calendar reads the whole file at each poll, old years stay in its own copy.
HORIZON_DAYS = 400
FILENAME = "passerelles.ics"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    description: str
    url: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date
    location: str = ""
    sequence: int = 0
    busy: bool = True


def _uid(kind: str, pk: int) -> str:
    """The shape of the rencontre's and the conversation's UIDs: number, keyed token, installation."""
    token = salted_hmac(f"passerelles.calendars.{kind}.uid", str(pk)).hexdigest()[:20]
    return f"{kind}-{pk}-{token}@{calendar.installation_host()}"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _engagement_url(engagement_id: int) -> str:
    return _absolute(reverse("engagement_detail", kwargs={"engagement_id": engagement_id}))


def my_engagements(user):
    """The engagements the person takes part in: as the agent, or as a host of the mission of an organisation
    where they hold a role — inside what their scope lets them see."""
    actor = get_actor(user)
    mine = Q(mission__created_by_id=user.pk) | (
        Q(mission__project_lead_id=actor.agent.pk) if actor.agent is not None else Q(pk__in=[])
    )
    mine &= Q(mission__organisation_id__in=actor.org_ids())
    if actor.agent is not None:
        mine |= Q(agent_id=actor.agent.pk)
    return Engagement.objects.for_actor(user).filter(mine), actor


def _as_agent(actor, engagement) -> bool:
    return actor.agent is not None and engagement.agent_id == actor.agent.pk


def _with(actor, engagement, text: str) -> str:
    """A host reads whom they meet (as on the engagement's page); the agent reads the mission alone."""
    if _as_agent(actor, engagement):
        return text
    return _("%(text)s — %(name)s") % {"text": text, "name": engagement.agent.full_name}


def events(user, *, now: datetime.datetime | None = None) -> list[FeedEvent]:
    now = now or timezone.now()
    since = now - datetime.timedelta(days=HORIZON_DAYS)
    engagements, actor = my_engagements(user)
    found: list[FeedEvent] = []

    meetings = (
        Meeting.objects.filter(engagement__in=engagements, cancelled_at__isnull=True, starts_at__gte=since)
        .exclude(engagement__state__in=NO_MEETING_STATES)
        .select_related("engagement__mission", "engagement__agent")
    )
    for meeting in meetings:
        engagement = meeting.engagement
        found.append(
            FeedEvent(
                uid=calendar.meeting_uid(meeting.pk),  # the e-mailed invitation's: one event, not two
                sequence=meeting.sequence,
                summary=_("Rencontre Passerelles : %(title)s") % {"title": engagement.mission.title},
                description=_with(
                    actor, engagement, _("Une rencontre pour faire connaissance avant tout engagement.")
                ),
                url=_engagement_url(engagement.pk),
                start=meeting.starts_at,
                end=meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes),
                location=meeting.place or meeting.visio_url,
            )
        )

    checkins = CheckIn.objects.filter(
        engagement__in=engagements, engagement__state__in=AGREED_STATES, due_on__gte=since.date()
    ).select_related("engagement__mission", "engagement__agent")
    for checkin in checkins:
        engagement = checkin.engagement
        found.append(
            FeedEvent(
                uid=_uid("checkin", checkin.pk),
                summary=_with(
                    actor, engagement, _("Point d'étape : %(title)s") % {"title": engagement.mission.title}
                ),
                description=_("Dites comment se passe la mission, sur sa page de suivi."),
                url=_absolute(reverse("engagement_followup", kwargs={"engagement_id": engagement.pk})),
                start=checkin.due_on,
                end=checkin.due_on + datetime.timedelta(days=1),
            )
        )

    periods = engagements.filter(state__in=AGREED_STATES, end_date__gte=since.date()).select_related(
        "mission__organisation", "mission__host_unit", "agent"
    )
    for engagement in periods:
        mission = engagement.mission
        found.append(
            FeedEvent(
                uid=_uid("mission-period", engagement.pk),
                summary=_with(actor, engagement, _("Mission : %(title)s") % {"title": mission.title}),
                description=_("%(unit)s, %(organisation)s — %(percent)s %% du temps de travail.")
                % {
                    "unit": mission.host_unit.name,
                    "organisation": mission.organisation.display_name,
                    "percent": engagement.percent,
                },
                url=_engagement_url(engagement.pk),
                start=engagement.start_date,
                end=engagement.end_date + datetime.timedelta(days=1),
                busy=False,
            )
        )

    seats = Q(pitch__presenter_id=user.pk) | Q(pitch__mission__created_by_id=user.pk)
    if actor.agent is not None:
        seats |= Q(agent_id=actor.agent.pk) | Q(pitch__mission__project_lead_id=actor.agent.pk)
    conversations = (
        Conversation.objects.filter(
            seats,
            encounter__in=Encounter.objects.for_actor(user),
            encounter__sent_at__isnull=False,
            starts_at__gte=since,
        )
        .exclude(encounter__status=EncounterStatus.CANCELLED)
        .select_related("encounter", "pitch__mission", "agent")
    )
    for c in conversations:
        encounter = c.encounter
        as_agent = actor.agent is not None and c.agent_id == actor.agent.pk
        who = c.pitch.mission.title if as_agent else c.agent.full_name
        found.append(
            FeedEvent(
                uid=agenda.conversation_uid(c.pk),  # the forum's own .ics: one event, not two
                summary=_("%(event)s — table %(table)s : %(who)s")
                % {"event": encounter.title, "table": c.table_label, "who": who},
                description=_("Mission « %(title)s ». Une conversation sans engagement.")
                % {"title": c.pitch.mission.title},
                url=_absolute(reverse("encounters:my_agenda", kwargs={"encounter_id": encounter.pk})),
                start=c.starts_at,
                end=c.starts_at + datetime.timedelta(minutes=encounter.conversation_minutes),
                location=encounter.where,
            )
        )
    return sorted(found, key=lambda e: (_sort_key(e.start), e.uid))


def _sort_key(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC)
    return datetime.datetime.combine(value, datetime.time(), tzinfo=datetime.UTC)


def feed_ics(found: list[FeedEvent], *, now: datetime.datetime | None = None) -> str:
    """A PUBLISH calendar: it informs, it asks nothing back. Times in UTC, days as dates."""
    utc = datetime.UTC
    cal = Calendar()
    cal.add("prodid", "-//Passerelles//Agenda personnel//FR")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Passerelles"))
    # how often a calendar should come back for changes (honoured by Outlook and Apple Calendar)
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = (now or timezone.now()).astimezone(utc)
    for item in found:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if isinstance(item.start, datetime.datetime):
            event.add("dtstart", item.start.astimezone(utc))
            event.add("dtend", item.end.astimezone(utc))
        else:
            event.add("dtstart", item.start)
            event.add("dtend", item.end)
        if item.sequence:
            event.add("sequence", item.sequence)
        event.add("summary", item.summary)
        event.add("description", f"{item.description}\n{item.url}")
        event.add("url", item.url)
        if item.location:
            event.add("location", item.location)
        event.add("transp", "OPAQUE" if item.busy else "TRANSPARENT")
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
