"""What the daily task does: reminders of what waits for someone, and the date-driven moves (start,
end).
"""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from passerelles.engagements import stages
from passerelles.engagements.lifecycle import EndReason, EventKind, State
from passerelles.engagements.models import Agreement, Decision, Engagement, Meeting
from passerelles.engagements.services.parties import _brokers, party_users
from passerelles.engagements.services.steps import _summary, _url, lock, move, note
from passerelles.notifications.models import NotificationKind
from passerelles.notifications.services import in_language_of, notify


def _reminder_due(engagement, since) -> bool:
    return not engagement.events.filter(action="reminder", at__gte=since).exists()


def send_reminders(*, now) -> int:
    """Recall what waits for someone for more than REMINDER_DAYS days, at most once per period."""
    since = now - datetime.timedelta(days=settings.REMINDER_DAYS)
    sent = 0
    waiting_meeting = Engagement.objects.filter(state=State.INTEREST, updated_at__lt=since).select_related(
        "agent", "mission", "mission__project_lead", "mission__created_by"
    )
    for engagement in waiting_meeting:
        if not _reminder_due(engagement, since):
            continue
        for user in _brokers(engagement.mission):
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("Relance : %(name)s attend une rencontre pour « %(title)s »")
                    % {"name": engagement.agent.full_name, "title": engagement.mission.title},
                    message=_("Cette personne s'est manifestée il y a plus de %(days)s jours.")
                    % {"days": settings.REMINDER_DAYS},
                    url=_url(engagement),
                    action_needed=True,
                    kind=NotificationKind.MEETING,
                )
        note(engagement, "reminder", at=now)
        sent += 1
    pending = (
        Agreement.objects.filter(decision=Decision.PENDING)
        .filter(
            models.Q(engagement__state=State.AGREEMENTS)
            | models.Q(engagement__state=State.ACTIVE, engagement__extension_end_date__isnull=False)
        )
        .select_related(
            "engagement", "engagement__agent", "engagement__agent__manager", "engagement__mission"
        )
    )
    reminded = set()
    for agreement in pending:
        engagement = agreement.engagement
        if agreement.round != engagement.agreement_round or engagement.updated_at >= since:
            continue
        if engagement.pk not in reminded and not _reminder_due(engagement, since):
            continue
        for user in party_users(engagement, agreement.party):
            with in_language_of(user):
                notify(
                    user=user,
                    subject=_("Relance : votre accord est attendu pour « %(title)s »")
                    % {"title": engagement.mission.title},
                    message=_summary(engagement),
                    url=_url(engagement),
                    action_needed=True,
                    kind=NotificationKind.AGREEMENT,
                )
        if engagement.pk not in reminded:
            note(engagement, "reminder", at=now)
            reminded.add(engagement.pk)
            sent += 1
    return sent


def remind_meetings(*, today: datetime.date) -> int:
    """The day before a rencontre, the agent and the project lead are reminded of it — by SMS too for those
    who chose it (kind « meeting »): an agent without a desk does not look at a calendar. Once per date of
    the meeting: running the job twice reminds once; a meeting moved since its reminder is reminded again."""
    tomorrow = today + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    meetings = (
        Meeting.objects.filter(
            engagement__state=State.MEETING,
            cancelled_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        .select_related("engagement", "engagement__agent__user", "engagement__mission__project_lead__user")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for meeting in meetings:
        engagement = meeting.engagement
        scheduled = (
            engagement.events.filter(action__in=[EventKind.SCHEDULE_MEETING, EventKind.RESCHEDULE_MEETING])
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        reminded = engagement.events.filter(action=EventKind.MEETING_REMINDER)
        if (reminded.filter(at__gte=scheduled) if scheduled else reminded).exists():
            continue  # already reminded of this date (a meeting moved since is reminded again)
        when = timezone.localtime(meeting.starts_at)
        lead = engagement.mission.project_lead
        recipients = [engagement.agent.user, lead.user if lead is not None else None]
        for user in dict.fromkeys(u for u in recipients if u is not None):
            with in_language_of(user):
                where = meeting.place or (_("en visioconférence") if meeting.visio_url else "")
                notify(
                    user=user,
                    subject=_("Rencontre demain à %(time)s : « %(title)s »")
                    % {"time": formats.time_format(when, "H:i"), "title": engagement.mission.title},
                    message=_("Votre rencontre a lieu demain, %(day)s à %(time)s%(where)s.")
                    % {
                        "day": formats.date_format(when, "l j F"),
                        "time": formats.time_format(when, "H:i"),
                        "where": f" — {where}" if where else "",
                    },
                    url=_url(engagement),
                    kind=NotificationKind.MEETING,
                )
        note(engagement, EventKind.MEETING_REMINDER)
        sent += 1
    return sent


def run_daily(*, today: datetime.date) -> dict[str, int]:
    """Date-driven moves: start ready engagements on their start date, end active ones after their end date.
    Running it twice the same day changes nothing more."""
    counts = {"activated": 0, "ended": 0}
    for engagement in Engagement.objects.filter(state=State.READY, start_date__lte=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = lock(Engagement(pk=engagement))
            if locked.state == State.READY and locked.start_date <= today:
                move(locked, action="activate", by=None, kinds={"system"})
                locked.save()
                for step in stages.ON_ACTIVATE:  # the follow-up's check-ins (kept if already there)
                    step(locked)
                counts["activated"] += 1
    for engagement in Engagement.objects.filter(state=State.ACTIVE, end_date__lt=today).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            locked = lock(Engagement(pk=engagement))
            if locked.state == State.ACTIVE and locked.end_date < today:
                move(locked, action="end", by=None, kinds={"system"})
                locked.end_reason = locked.end_reason or EndReason.ACCOMPLISHED
                locked.save()
                counts["ended"] += 1
                with in_language_of(locked.agent.user):
                    notify(
                        user=locked.agent.user,
                        subject=_("« %(title)s » est terminée : bon retour !")
                        % {"title": locked.mission.title},
                        message=_(
                            "Merci pour votre coup de main. Le retour dans votre équipe se prépare avec votre encadrant·e."
                        ),
                        url=_url(locked),
                        kind=NotificationKind.ENGAGEMENT,
                    )
    return counts
