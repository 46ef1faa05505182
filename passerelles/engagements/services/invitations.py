"""The rencontre in people's calendars: the invitation (a REQUEST, re-sent with the next SEQUENCE when the
rencontre moves) and its cancellation (a CANCEL) when the engagement is withdrawn or declined — by a person, or
by a mission's closing.

Below ``steps`` (which calls ``cancel_invitation`` from its single writer ``move``, so that no path to a
withdrawal or a decline can forget the calendars) and ``meetings``. A rencontre offered with a proposal is
never sent before the agent accepts: only an invitation that left (``invited_at``) is ever cancelled.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.engagements import calendar
from passerelles.engagements.models import Engagement, Meeting
from passerelles.engagements.services.parties import _hosts
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify

FILENAME = "rencontre.ics"


def _person(user) -> calendar.Person:
    return calendar.Person(name=user.get_full_name().strip(), email=user.email)


def attendees(engagement: Engagement) -> list:
    """The agent and the mission's hosts, in a stable order (the same people for a REQUEST and its CANCEL)."""
    users = {u for u in {engagement.agent.user, *_hosts(engagement.mission)} if u is not None}
    return sorted(users, key=lambda u: u.pk)


def _organiser(meeting: Meeting, by) -> calendar.Person:
    user = meeting.scheduled_by or by
    if user is not None:
        return _person(user)
    return calendar.Person(name="Passerelles", email=settings.DEFAULT_FROM_EMAIL)


def _message(meeting: Meeting, *, method: str, description: str, by) -> str:
    engagement = meeting.engagement
    people = attendees(engagement)
    return calendar.meeting_message(
        method=method,
        uid=calendar.meeting_uid(meeting.pk),
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        minutes=meeting.duration_minutes,
        summary=_("Rencontre Passerelles : %(title)s") % {"title": engagement.mission.title},
        description=description,
        location=meeting.place or meeting.visio_url,
        organiser=_organiser(meeting, by),
        attendees=[_person(u) for u in people],
    )


def _when(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y à %H:%M")


def send_invitation(meeting: Meeting, *, by, description: str, message: str, url: str) -> None:
    """Send the REQUEST with the meeting's current SEQUENCE to every attendee, and remember it left."""
    ics = _message(meeting, method=calendar.REQUEST, description=description, by=by)
    part = (FILENAME, ics, calendar.content_type(calendar.REQUEST))
    title = meeting.engagement.mission.title
    for user in attendees(meeting.engagement):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Rencontre le %(when)s : « %(title)s »") % {"when": _when(meeting), "title": title},
                message=message,
                url=url,
                attachments=[part],
                kind=NotificationKind.MEETING,
            )
    meeting.invited_at, meeting.cancelled_at = timezone.now(), None
    meeting.save(update_fields=["invited_at", "cancelled_at"])


def cancel_invitation(engagement: Engagement, *, by=None) -> bool:
    """Withdraw the rencontre from the calendars it reached: a CANCEL with the same UID and the next SEQUENCE.
    Nothing is sent for a rencontre never sent, already cancelled, or already begun. True when sent."""
    meeting = Meeting.objects.filter(engagement_id=engagement.pk).first()
    if meeting is None or meeting.invited_at is None or meeting.cancelled_at is not None:
        return False
    if meeting.starts_at <= timezone.now():
        return False
    meeting.engagement = engagement
    meeting.sequence += 1
    meeting.cancelled_at = timezone.now()
    meeting.save(update_fields=["sequence", "cancelled_at"])
    title = engagement.mission.title
    ics = _message(
        meeting,
        method=calendar.CANCEL,
        description=_("Cette rencontre n'aura pas lieu."),
        by=by,
    )
    part = (FILENAME, ics, calendar.content_type(calendar.CANCEL))
    for user in attendees(engagement):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("Rencontre annulée : « %(title)s »") % {"title": title},
                message=_(
                    "La rencontre prévue le %(when)s pour la mission « %(title)s » n'aura pas lieu. Le fichier "
                    "joint la retire de votre agenda."
                )
                % {"when": _when(meeting), "title": title},
                attachments=[part],
                kind=NotificationKind.MEETING,
            )
    return True
