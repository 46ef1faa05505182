"""The rencontre: offered, scheduled (ICS invitation), confirmed, and each side's « Je souhaite continuer »
afterwards — the only way into the agreements.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelles.access import policies
from passerelles.engagements.lifecycle import State, TransitionRefused
from passerelles.engagements.models import Engagement, Meeting
from passerelles.engagements.services.invitations import cancel_invitation, send_invitation
from passerelles.engagements.services.parties import _brokers
from passerelles.engagements.services.steps import _summary, _url, lock, move, note
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


@dataclass(frozen=True)
class MeetingSlot:
    """A rencontre offered together with a proposal: it becomes an invitation only once the agent accepts."""

    starts_at: datetime.datetime
    minutes: int = 45
    place: str = ""
    visio_url: str = ""


def _check_slot(slot: MeetingSlot, *, allow_past: bool = False) -> None:
    """A place or a link, and a time to come — unless HR records the rencontre of a regularised engagement,
    which happened before anyone wrote it down (``allow_past``). A weekend or a public holiday is only
    warned about, by the form (calendar_fr.non_working_reason): it is never refused here."""
    if not slot.place.strip() and not slot.visio_url.strip():
        raise TransitionRefused(_("Indiquez un lieu ou un lien de visioconférence."))
    if slot.starts_at < timezone.now() and not allow_past:
        raise TransitionRefused(_("La rencontre doit avoir lieu dans le futur."))


@transaction.atomic
def engagement_schedule_meeting(
    *,
    engagement: Engagement,
    by,
    starts_at: datetime.datetime,
    minutes: int = 45,
    place: str = "",
    visio_url: str = "",
) -> Meeting:
    """Schedule (or reschedule) the rencontre and send the ICS invitation to the agent and the host.

    A rencontre in the past is refused, except when HR records the one of a regularised engagement (the
    mission began before the agreements): it is then written down, and no invitation leaves."""
    engagement = lock(engagement)
    kinds = policies.engagement_actor_kinds(by, engagement)
    if "broker" not in kinds:
        raise TransitionRefused(_("Seuls la RH et l'accueil organisent la rencontre."))
    recording = engagement.regularisation and policies.can_regularise_engagement(by, engagement)
    _check_slot(
        MeetingSlot(starts_at=starts_at, minutes=minutes, place=place, visio_url=visio_url),
        allow_past=recording,
    )
    if engagement.state == State.INTEREST:
        move(engagement, action="schedule_meeting", by=by, kinds=kinds)
        engagement.save()
    elif engagement.state != State.MEETING:
        raise TransitionRefused(_("Une rencontre ne s'organise plus à cette étape."))
    recorded = starts_at < timezone.now()  # a regularisation: the rencontre happened, nothing to invite to
    if recorded:
        cancel_invitation(engagement, by=by)  # an invitation sent for another date leaves the calendars
    meeting = Meeting.objects.filter(engagement=engagement).first()
    if meeting:
        # Moved: the same UID with the next SEQUENCE, so that calendars replace the event they hold.
        meeting.sequence += 1
        note(engagement, "reschedule_meeting", by=by)
    else:
        meeting = Meeting(engagement=engagement)
    meeting.starts_at, meeting.duration_minutes = starts_at, minutes
    meeting.place, meeting.visio_url, meeting.scheduled_by = place.strip(), visio_url.strip(), by
    meeting.save()
    if recorded:
        note(engagement, "record_meeting", by=by, comment=f"{timezone.localtime(starts_at):%d/%m/%Y %H:%M}")
        return meeting
    _send_invitation(engagement, meeting, by=by)
    return meeting


def _send_invitation(engagement: Engagement, meeting: Meeting, *, by) -> None:
    """The rencontre reaches the agent's and the hosts' calendars (ICS attached to the notification)."""
    when = timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y à %H:%M")
    where = meeting.place or meeting.visio_url
    meeting.engagement = engagement
    send_invitation(
        meeting,
        by=by,
        description=_("Une rencontre pour faire connaissance avant tout engagement. %(summary)s")
        % {"summary": _summary(engagement)},
        message=_(
            "Une rencontre est prévue le %(when)s (%(where)s), pour faire connaissance avant tout "
            "engagement. L'invitation est jointe pour votre agenda.\n\n%(summary)s"
        )
        % {"when": when, "where": where, "summary": _summary(engagement)},
        url=_url(engagement),
    )


def _confirm_offered_meeting(engagement: Engagement, *, by) -> None:
    """The agent accepted a proposal that came with a rencontre slot: the invitation leaves now, or, if the
    slot has passed meanwhile, the brokers are asked for another one."""
    meeting = Meeting.objects.filter(engagement=engagement).first()
    if meeting is None:
        return
    if meeting.starts_at >= timezone.now():
        _send_invitation(engagement, meeting, by=meeting.scheduled_by or by)
        return
    for user in _brokers(engagement.mission):
        with in_language_of(user):
            notify(
                user=user,
                subject=_("« %(title)s » : proposez un autre créneau de rencontre")
                % {"title": engagement.mission.title},
                message=_(
                    "%(name)s accepte de vous rencontrer, mais le créneau proposé est passé. Choisissez-en un autre "
                    "sur la page de l'engagement."
                )
                % {"name": engagement.agent.full_name},
                url=_url(engagement),
                action_needed=True,
                kind=NotificationKind.MEETING,
            )


@transaction.atomic
def engagement_meeting_feedback(
    *, engagement: Engagement, by, continues: bool, notes: str = ""
) -> Engagement:
    """After the rencontre, the agent and the host each say whether they want to go on; both yes → agreements.

    Only after: before the rencontre's start nobody can know (the page shows no buttons). Stopping before it
    stays possible through « Me retirer » or « Ne pas retenir »."""
    engagement = lock(engagement)
    if engagement.state != State.MEETING or not hasattr(engagement, "meeting"):
        raise TransitionRefused(_("Il n'y a pas de rencontre en attente de réponse."))
    kinds = policies.engagement_actor_kinds(by, engagement)
    meeting = engagement.meeting
    if not meeting_has_started(meeting):
        raise TransitionRefused(
            _(
                "La rencontre n'a pas encore eu lieu (prévue le %(when)s) : chacun dit après la rencontre s'il "
                "souhaite continuer."
            )
            % {"when": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y à %H:%M")}
        )
    notes = notes.strip()[:4000]
    if "agent" in kinds:
        if not continues:
            move(engagement, action="withdraw", by=by, kinds=kinds, comment=notes)
            engagement.withdraw_reason = notes
            engagement.save()
            return engagement
        meeting.agent_continues = True
    elif "broker" in kinds:
        if not continues:
            move(engagement, action="decline", by=by, kinds=kinds, comment=notes)
            engagement.save()
            with in_language_of(engagement.agent.user):
                notify(
                    user=engagement.agent.user,
                    subject=_("« %(title)s » : la mission ne se fera pas")
                    % {"title": engagement.mission.title},
                    message=_("Merci pour cette rencontre. %(reason)s") % {"reason": notes},
                    url=reverse("mission_list"),
                    kind=NotificationKind.ENGAGEMENT,
                )
            return engagement
        meeting.host_continues = True
        if notes:
            meeting.notes = notes
    else:
        raise TransitionRefused(_("Cette étape ne vous revient pas."))
    meeting.save()
    if meeting.agent_continues and meeting.host_continues:
        move(engagement, action="start_agreements", by=by, kinds={"broker"})
        engagement.save()
    return engagement


def meeting_has_started(meeting: Meeting, *, now=None) -> bool:
    """« Je souhaite continuer » opens at the rencontre's start time."""
    return meeting.starts_at <= (now or timezone.now())
